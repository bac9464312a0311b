from .account import AccountCode
from .member import Member
from .member_import import MemberImport
from .organization import Organization, Term
from .organization_import import OrganizationImport
from .role import RoleAssignment

__all__ = [
    "AccountCode",
    "Member",
    "MemberImport",
    "Organization",
    "OrganizationImport",
    "RoleAssignment",
    "Term",
]
