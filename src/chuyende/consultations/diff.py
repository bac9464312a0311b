"""Difference between two versions, paragraph by paragraph (aligned on stable ids) and word by word."""

from dataclasses import dataclass, field

from chuyende.common.worddiff import word_diff

from .models import Block, DraftVersion


@dataclass
class BlockDiff:
    status: str  # "equal", "changed", "added", "removed"
    uid: str
    label: str
    old_text: str = ""
    new_text: str = ""
    words: list[tuple[str, str]] = field(default_factory=list)  # (op, text): op in equal/insert/delete


def diff_versions(old: DraftVersion, new: DraftVersion) -> list[BlockDiff]:
    """Blocks of `new` in order, each marked equal/changed/added; blocks gone from `old` follow
    the block that preceded them."""
    old_blocks = list(Block.objects.filter(version=old).order_by("position"))
    new_blocks = list(Block.objects.filter(version=new).order_by("position"))
    old_by_uid = {b.uid: b for b in old_blocks}
    new_uids = {b.uid for b in new_blocks}
    removed_after: dict[str, list[Block]] = {}
    previous = ""
    for block in old_blocks:
        if block.uid not in new_uids:
            removed_after.setdefault(previous, []).append(block)
        else:
            previous = block.uid
    result = [BlockDiff("removed", b.uid, b.label, old_text=b.text) for b in removed_after.get("", [])]
    for block in new_blocks:
        before = old_by_uid.get(block.uid)
        if before is None:
            result.append(BlockDiff("added", block.uid, block.label, new_text=block.text))
        elif before.text == block.text and before.label == block.label:
            result.append(BlockDiff("equal", block.uid, block.label, before.text, block.text))
        else:
            words = word_diff(before.text, block.text, keep_spaces=False)
            result.append(BlockDiff("changed", block.uid, block.label, before.text, block.text, words))
        result.extend(
            BlockDiff("removed", b.uid, b.label, old_text=b.text) for b in removed_after.get(block.uid, [])
        )
    return result
