from .dissemination import acknowledge, acknowledgement_rollup, audience_size, disseminate, pending_recipients
from .documents import check_can_edit_document, check_can_write_document, create_document, update_draft
from .lifecycle import issue_document, replace_document, transition, withdraw_document
from .numbering import allocate_number, next_number_symbol, peek_number_symbol
from .reminders import prepare_reminders

__all__ = [
    "acknowledge",
    "acknowledgement_rollup",
    "allocate_number",
    "audience_size",
    "check_can_edit_document",
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
