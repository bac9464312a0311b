"""Use cases of position papers: every write goes through one of these functions."""

from .comments import (
    add_comment,
    anchor_statuses,
    answer_comment,
    check_can_answer_comment,
    check_can_record_session_comment,
)
from .papers import check_can_edit_paper, check_can_write_paper, create_paper, import_file, update_paper
from .session import check_can_mark_presented, mark_agenda_presented, set_session_agenda
from .states import check_can_move_paper, set_paper_state, submit_revision
from .statistics import manifestation_counts
from .tags import manifestations_by_code

__all__ = [
    "add_comment",
    "anchor_statuses",
    "answer_comment",
    "check_can_answer_comment",
    "check_can_edit_paper",
    "check_can_mark_presented",
    "check_can_move_paper",
    "check_can_record_session_comment",
    "check_can_write_paper",
    "create_paper",
    "import_file",
    "manifestation_counts",
    "manifestations_by_code",
    "mark_agenda_presented",
    "set_paper_state",
    "set_session_agenda",
    "submit_revision",
    "update_paper",
]
