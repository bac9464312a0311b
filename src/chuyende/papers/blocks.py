"""Paper text as blocks, and the stable paragraph ids that let comments survive revisions.

A block is a dict {"id", "kind", "level", "label", "text"}. When a new text replaces an old one,
each new block takes the id of the old block it carries over from, found by the paragraph-identity
rule shared with draft resolutions (`chuyende.common.paragraphs`). A block with no counterpart
gets a fresh id.
"""

import re
import secrets
import unicodedata

from chuyende.common import paragraphs

from .enums import BlockKind

_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_BLANK_LINES = re.compile(r"\n\s*\n")


def new_id() -> str:
    return "p" + secrets.token_hex(5)


def make_block(text: str, kind: str = BlockKind.PARAGRAPH, level: int = 0, label: str = "") -> dict:
    return {"id": "", "kind": kind, "level": level, "label": label, "text": text}


def blocks_from_text(text: str) -> list[dict]:
    """Blocks from the browser editor: paragraphs separated by a blank line; a paragraph starting
    with "#", "##" or "###" is a heading of that level."""
    blocks = []
    for chunk in _BLANK_LINES.split(text.replace("\r\n", "\n")):
        chunk = " ".join(line.strip() for line in chunk.strip().splitlines())
        if not chunk:
            continue
        heading = _HEADING.match(chunk)
        if heading:
            blocks.append(make_block(heading.group(2).strip(), BlockKind.HEADING, len(heading.group(1))))
        else:
            blocks.append(make_block(chunk))
    return blocks


def text_from_blocks(blocks: list[dict]) -> str:
    """The editor form of `blocks` (inverse of `blocks_from_text` up to white space)."""
    parts = []
    for block in blocks:
        if block["kind"] == BlockKind.HEADING:
            parts.append("#" * max(1, block.get("level") or 1) + " " + block["text"])
        else:
            parts.append(((block.get("label") or "") + " " + block["text"]).strip())
    return "\n\n".join(parts)


def assign_ids(previous: list[dict], blocks: list[dict]) -> list[dict]:
    """Returns `blocks` (NFC-normalized) with ids carried over from `previous` where the text
    carries over, and fresh ids elsewhere. Each old id is used at most once."""
    result = [dict(b, text=unicodedata.normalize("NFC", b["text"]).strip(), id="") for b in blocks]
    pairs = paragraphs.match([old["text"] for old in previous], [block["text"] for block in result])
    for new_index, block in enumerate(result):
        block["id"] = previous[pairs[new_index]]["id"] if new_index in pairs else new_id()
    return result
