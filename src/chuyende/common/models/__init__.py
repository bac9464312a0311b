from .audit import AuditChainHead, AuditEntry
from .outbox import OutboxMessage
from .token import ApiToken

__all__ = ["ApiToken", "AuditChainHead", "AuditEntry", "OutboxMessage"]
