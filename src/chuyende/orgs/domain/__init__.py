from .accounts import (
    create_login,
    deactivate_account,
    issue_activation_codes,
    reactivate_account,
    reset_account,
)
from .imports import apply_member_import, check_can_import_members, preview_member_import, start_member_import
from .members import check_can_edit_member, create_member, update_member
from .organizations import (
    check_can_close_organization,
    check_can_create_organization,
    check_can_edit_organization,
    check_can_manage_terms,
    check_can_move_organization,
    check_can_reopen_organization,
    create_organization,
    create_term,
    update_organization,
)
from .roles import assign_role, check_can_appoint, check_can_end_roles, end_role, grant_role, revoke_role

__all__ = [
    "apply_member_import",
    "create_login",
    "deactivate_account",
    "issue_activation_codes",
    "reactivate_account",
    "reset_account",
    "start_member_import",
    "assign_role",
    "check_can_appoint",
    "check_can_close_organization",
    "check_can_create_organization",
    "check_can_edit_member",
    "check_can_end_roles",
    "check_can_edit_organization",
    "check_can_import_members",
    "check_can_manage_terms",
    "check_can_move_organization",
    "check_can_reopen_organization",
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
