from .audit import AuditChainHead, AuditEntry
from .lockout import LoginLockout
from .outbox import OutboxMessage
from .token import ApiToken

__all__ = ["ApiToken", "AuditChainHead", "AuditEntry", "LoginLockout", "OutboxMessage"]
