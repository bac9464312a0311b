from .audit import AuditChainHead, AuditEntry
from .token import ApiToken

__all__ = ["ApiToken", "AuditChainHead", "AuditEntry"]
