from .dissemination import (
    acknowledge,
    acknowledgement_rollup,
    audience_size,
    check_can_disseminate,
    disseminate,
    pending_recipients,
)
from .documents import check_can_edit_document, check_can_write_document, create_document, update_draft
from .lifecycle import (
    check_can_issue_document,
    check_can_withdraw_document,
    issue_document,
    replace_document,
    transition,
    withdraw_document,
)
from .numbering import allocate_number, next_number_symbol, peek_number_symbol
from .reminders import prepare_reminders

__all__ = [
    "acknowledge",
    "acknowledgement_rollup",
    "allocate_number",
    "audience_size",
    "check_can_disseminate",
    "check_can_edit_document",
    "check_can_issue_document",
    "check_can_withdraw_document",
    "check_can_write_document",
    "create_document",
    "disseminate",
    "issue_document",
    "next_number_symbol",
    "peek_number_symbol",
    "pending_recipients",
    "prepare_reminders",
    "replace_document",
    "transition",
    "update_draft",
    "withdraw_document",
]
