"""Use cases of consultations, one function each; pages, API, tasks and the demo call these."""

from .comments import audience_member, edit_comment, submit_comment, withdraw_comment
from .consultations import close_early, finish_consultation, open_consultation, unhandled_count
from .drafts import (
    create_draft,
    edit_block,
    import_docx,
    latest_published,
    publish_version,
    replace_blocks,
    start_next_version,
    working_version,
)
from .groups import choose_representative, mark_seen, merge_groups, move_comment, place_comment, split_group
from .handling import dispose, link_changed_block
from .issuing import issue_resolution
from .steps import next_steps
from .synthesis import cancel_synthesis, start_synthesis

__all__ = [
    "audience_member", "cancel_synthesis", "close_early", "create_draft", "dispose", "edit_block", "edit_comment", "finish_consultation", "import_docx", "issue_resolution",
    "latest_published", "link_changed_block", "next_steps", "open_consultation", "publish_version", "replace_blocks", "start_next_version", "start_synthesis",
    "submit_comment", "unhandled_count", "withdraw_comment", "working_version",
    "choose_representative", "mark_seen", "merge_groups", "move_comment", "place_comment", "split_group",
]  # fmt: skip
