from .account import AccountCode
from .member import Member
from .member_import import MemberImport
from .organization import Organization, Term
from .role import RoleAssignment

__all__ = ["AccountCode", "Member", "MemberImport", "Organization", "RoleAssignment", "Term"]
