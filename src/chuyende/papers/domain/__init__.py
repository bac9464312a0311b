"""Use cases of position papers: every write goes through one of these functions."""

from .comments import add_comment, anchor_statuses, answer_comment
from .papers import create_paper, import_file, update_paper
from .session import mark_agenda_presented, set_session_agenda
from .states import set_paper_state, submit_revision
from .statistics import manifestation_counts
from .tags import manifestations_by_code

__all__ = [
    "add_comment",
    "anchor_statuses",
    "answer_comment",
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
