"""Paper text as blocks, and the stable paragraph ids that let comments survive revisions.

A block is a dict {"id", "kind", "level", "label", "text"}. When a new text replaces an old one,
each new block takes the id of the old block it carries over from: first an identical text, then
the same text under `search_key` (NFC/NFD, tone placement, case, spacing), then the most similar
remaining old block when difflib says they share most of their words. A block with no counterpart
gets a fresh id.
"""

import re
import secrets
import unicodedata
from difflib import SequenceMatcher

from chuyende.common.text import search_key

from .enums import BlockKind

SIMILARITY_THRESHOLD = 0.6
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


def _words(text: str) -> list[str]:
    return search_key(text).split()


def assign_ids(previous: list[dict], blocks: list[dict]) -> list[dict]:
    """Returns `blocks` (NFC-normalized) with ids carried over from `previous` where the text
    carries over, and fresh ids elsewhere. Each old id is used at most once."""
    result = [dict(b, text=unicodedata.normalize("NFC", b["text"]).strip(), id="") for b in blocks]
    unused = {i: old for i, old in enumerate(previous)}

    def take(new_index: int, old_index: int) -> None:
        result[new_index]["id"] = unused.pop(old_index)["id"]

    for new_index, block in enumerate(result):
        for old_index, old in unused.items():
            if old["text"] == block["text"]:
                take(new_index, old_index)
                break
    for new_index, block in enumerate(result):
        if block["id"]:
            continue
        key = search_key(block["text"])
        for old_index, old in unused.items():
            if search_key(old["text"]) == key:
                take(new_index, old_index)
                break
    candidates = []
    for new_index, block in enumerate(result):
        if block["id"]:
            continue
        words = _words(block["text"])
        for old_index, old in unused.items():
            ratio = SequenceMatcher(None, _words(old["text"]), words, autojunk=False).ratio()
            if ratio >= SIMILARITY_THRESHOLD:
                candidates.append((-ratio, abs(new_index - old_index), new_index, old_index))
    for _ratio, _distance, new_index, old_index in sorted(candidates):
        if not result[new_index]["id"] and old_index in unused:
            take(new_index, old_index)
    for block in result:
        block["id"] = block["id"] or new_id()
    return result
