from django.db import transaction

from chuyende.common import audit
from chuyende.orgs.domain.organizations import audit_partition


def record(action: str, obj, *, actor, organization, changes=None):
    """Audit entry in the chain of the organization's grassroots committee."""
    return audit.record(action, obj, actor=actor, partition=audit_partition(organization), changes=changes)


def set_fields(instance, changes: dict, fields) -> dict:
    """Sets `changes` on `instance` and returns the values of `fields` before; a name outside
    `fields` is a programming error, not a user's."""
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"unknown {instance._meta.model_name} fields: {sorted(unknown)}")
    before = {field: getattr(instance, field) for field in fields}
    for field, value in changes.items():
        setattr(instance, field, value)
    return before


def save_changes(instance, before: dict, fields, *, action: str, actor) -> None:
    """Saves the fields that differ from `before` and audits them; nothing changed, nothing saved."""
    changed = audit.diff(instance, before, fields)
    if changed:
        with transaction.atomic():
            instance.save(update_fields=list(changed))
            record(action, instance, actor=actor, organization=instance.organization, changes=changed)
