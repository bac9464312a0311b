from .accounts import (
    create_login,
    deactivate_account,
    issue_activation_codes,
    reactivate_account,
    reset_account,
)
from .imports import apply_member_import, preview_member_import, start_member_import
from .members import create_member, update_member
from .organizations import create_organization, create_term, update_organization
from .roles import assign_role, end_role, grant_role, revoke_role

__all__ = [
    "apply_member_import",
    "create_login",
    "deactivate_account",
    "issue_activation_codes",
    "reactivate_account",
    "reset_account",
    "start_member_import",
    "assign_role",
    "create_member",
    "create_organization",
    "create_term",
    "preview_member_import",
    "revoke_role",
    "end_role",
    "grant_role",
    "update_member",
    "update_organization",
]
