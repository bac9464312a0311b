"""The outbox: messages to members are prepared, reviewed and released by a person, then sent.

Any app prepares messages with `prepare_messages` (reminders to study a document, later
commitment reminders); a manager of the sending organization releases them with `release`;
`send_released` (run by the task `common.tasks.send_outbox`) sends the released ones with
Django's e-mail backend and records the outcome of each.

`common` imports no app, yet who may review an organization's messages is an organization rule.
So orgs hands its rule to the outbox once, in `OrgsConfig.ready()` (`configure`), like the
explicit `MEMBER_MOVED_HANDLERS` list: one predicate serves the domain, the outbox page and the API.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .errors import DomainError, NotAllowed
from .models import OutboxMessage

logger = logging.getLogger(__name__)
BATCH_SIZE = 2_000
PENDING = (OutboxMessage.Status.PREPARED, OutboxMessage.Status.RELEASED)


@dataclass(frozen=True)
class MessageDraft:
    member: Any
    to_email: str
    subject: str
    body: str


@dataclass(frozen=True)
class OutboxPolicy:
    """What the outbox needs to know about organizations (given by orgs, see the module docstring)."""

    may_manage: Callable[[Any, Any], bool]  # (user, organization) → may prepare and review its messages
    managed_organizations: Callable[[Any], QuerySet]  # user → the organizations whose outbox they review
    partition: Callable[[Any], str]  # organization → its audit partition


_policy: OutboxPolicy | None = None


def configure(policy: OutboxPolicy) -> None:
    global _policy
    _policy = policy


def _current_policy() -> OutboxPolicy:
    if _policy is None:
        raise ImproperlyConfigured("The outbox has no policy: chuyende.orgs must be installed.")
    return _policy


def _partition(organization) -> str:
    return _current_policy().partition(organization)


def _can_manage(actor, organization) -> bool:
    return _current_policy().may_manage(actor, organization)


def waiting_messages_for(user) -> QuerySet[OutboxMessage]:
    """Messages not yet sent in every organization whose outbox `user` reviews (the outbox page)."""
    organizations = _current_policy().managed_organizations(user)
    return OutboxMessage.objects.filter(organization__in=organizations).exclude(
        status=OutboxMessage.Status.SENT
    )


def check_can_review(actor, organization) -> None:
    """Refuses (NotAllowed) whoever does not review `organization`'s outbox (release, discard, list);
    the outbox page asks before reading its form."""
    if not _can_manage(actor, organization):
        raise NotAllowed(_("Bạn không có quyền duyệt thư của tổ chức này."))


def messages_for(user, organization, *, status: str) -> QuerySet[OutboxMessage]:
    """The messages of `organization` in `status`; refused unless `user` reviews its outbox."""
    check_can_review(user, organization)
    return OutboxMessage.objects.filter(organization=organization, status=status)


def prepare_messages(*, actor, organization, topic: str, drafts: Iterable[MessageDraft]) -> int:
    """Stores `drafts` as prepared messages of `organization` under `topic`, skipping members who
    already have a message of this topic waiting (prepared or released). Returns how many."""
    if not _can_manage(actor, organization):
        raise NotAllowed(_("Bạn không có quyền soạn thư của tổ chức này."))
    waiting = set(
        OutboxMessage.objects.filter(topic=topic, status__in=PENDING).values_list("member_id", flat=True)
    )
    prepared_by = actor if getattr(actor, "is_authenticated", False) else None
    count = 0
    with transaction.atomic():
        batch: list[OutboxMessage] = []
        for draft in drafts:
            if draft.member.pk in waiting:
                continue
            waiting.add(draft.member.pk)
            batch.append(
                OutboxMessage(
                    organization=organization,
                    member=draft.member,
                    to_email=draft.to_email,
                    subject=draft.subject,
                    body=draft.body,
                    topic=topic,
                    prepared_by=prepared_by,
                )
            )
            if len(batch) >= BATCH_SIZE:
                OutboxMessage.objects.bulk_create(batch)
                count, batch = count + len(batch), []
        if batch:
            OutboxMessage.objects.bulk_create(batch)
            count += len(batch)
        if count:
            audit.record(
                "outbox.prepare",
                organization,
                actor=actor,
                partition=_partition(organization),
                changes={"topic": topic, "messages": count},
            )
    return count


def release(*, actor, organization, messages: QuerySet[OutboxMessage]) -> int:
    """Releases the prepared messages among `messages` that belong to `organization`; the others
    are left alone. Returns how many were released."""
    check_can_review(actor, organization)
    with transaction.atomic():
        count = messages.filter(organization=organization, status=OutboxMessage.Status.PREPARED).update(
            status=OutboxMessage.Status.RELEASED,
            released_by=actor if getattr(actor, "is_authenticated", False) else None,
            released_at=timezone.now(),
        )
        if count:
            audit.record(
                "outbox.release",
                organization,
                actor=actor,
                partition=_partition(organization),
                changes={"messages": count},
            )
    return count


def discard(*, actor, organization, messages: QuerySet[OutboxMessage]) -> int:
    """Deletes prepared (not yet released) messages the reviewer decided not to send."""
    check_can_review(actor, organization)
    with transaction.atomic():
        count, _by_model = messages.filter(
            organization=organization, status=OutboxMessage.Status.PREPARED
        ).delete()
        if count:
            audit.record(
                "outbox.discard",
                organization,
                actor=actor,
                partition=_partition(organization),
                changes={"messages": count},
            )
    return count


def send_released(*, limit: int | None = None) -> dict[str, int]:
    """Sends released messages, oldest first, and marks each sent or failed (with the error).

    Each message is claimed with a conditional update before it is sent, so two workers never
    send the same message twice.
    """
    if limit is not None and limit < 1:
        raise DomainError(_("limit must be positive"))
    ids = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.RELEASED)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = failed = 0
    for message in OutboxMessage.objects.filter(pk__in=ids).order_by("pk").iterator(chunk_size=500):
        claimed = OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.RELEASED).update(
            status=OutboxMessage.Status.SENT, sent_at=timezone.now()
        )
        if not claimed:
            continue
        try:
            send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to_email])
        except Exception as error:  # any backend failure is recorded on the message, not raised
            logger.warning("outbox message %s failed: %s", message.pk, error)
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxMessage.Status.FAILED,
                sent_at=None,
                error=str(error)[:1000],  # operator-facing
            )
            failed += 1
        else:
            sent += 1
    return {"sent": sent, "failed": failed}
