from chuyende.common import audit
from chuyende.orgs.domain.organizations import audit_partition


def record(action: str, obj, *, actor, organization, changes=None):
    """Audit entry in the chain of the organization's grassroots committee."""
    return audit.record(action, obj, actor=actor, partition=audit_partition(organization), changes=changes)
