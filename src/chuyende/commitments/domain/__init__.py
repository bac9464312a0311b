from .commitments import (
    ItemInput,
    check_can_draft_commitment,
    check_can_set_state,
    create_commitment,
    revise_commitment,
    set_state,
    update_draft,
)
from .progress import check_can_report, check_evidence, review_report, submit_report
from .reminders import member_lines, preference_for, prepare_digests, update_preferences
from .rollup import Rollup, RollupRow, cell_rollup, children_rollup, rollup_for
from .statistics import manifestation_counts

__all__ = [
    "ItemInput",
    "Rollup",
    "RollupRow",
    "cell_rollup",
    "check_can_draft_commitment",
    "check_can_report",
    "check_can_set_state",
    "check_evidence",
    "children_rollup",
    "create_commitment",
    "manifestation_counts",
    "member_lines",
    "preference_for",
    "prepare_digests",
    "review_report",
    "revise_commitment",
    "rollup_for",
    "set_state",
    "submit_report",
    "update_draft",
    "update_preferences",
]
