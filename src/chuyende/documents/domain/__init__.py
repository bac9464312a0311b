from .dissemination import acknowledge, acknowledgement_rollup, disseminate, pending_recipients
from .documents import create_document, update_draft
from .lifecycle import issue_document, replace_document, transition, withdraw_document
from .numbering import allocate_number
from .reminders import prepare_reminders

__all__ = [
    "acknowledge",
    "acknowledgement_rollup",
    "allocate_number",
    "create_document",
    "disseminate",
    "issue_document",
    "pending_recipients",
    "prepare_reminders",
    "replace_document",
    "transition",
    "update_draft",
    "withdraw_document",
]
