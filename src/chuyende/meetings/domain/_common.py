from django.db import transaction

from chuyende.common import audit
from chuyende.orgs.domain.organizations import audit_partition


def record(action: str, obj, *, actor, organization, changes=None):
    """Audit entry in the chain of the organization's grassroots committee."""
    return audit.record(action, obj, actor=actor, partition=audit_partition(organization), changes=changes)


def save_changes(instance, before: dict, fields, *, action: str, actor) -> None:
    """Saves the fields that differ from `before` (taken by `audit.set_fields`) and audits them in
    the organization's chain; nothing changed, nothing saved."""
    changed = audit.diff(instance, before, fields)
    if changed:
        with transaction.atomic():
            instance.save(update_fields=list(changed))
            record(action, instance, actor=actor, organization=instance.organization, changes=changed)
