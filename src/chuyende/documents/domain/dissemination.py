"""Dissemination of issued documents, acknowledgement by members, and the roll-up of both."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed, NotFound
from chuyende.common.replica import on_replica
from chuyende.orgs.domain.organizations import audit_partition
from chuyende.orgs.models import Member, Organization
from chuyende.orgs.models.organization import PATH_SEGMENT_WIDTH
from chuyende.orgs.rules import member_of, subtree_q

from ..enums import Audience, DocumentState
from ..models import AcknowledgementCounter, Dissemination, OfficialDocument, Recipient
from ..rules import can_acknowledge, can_manage_documents

BATCH_SIZE = 5_000


def _audience_members(
    document: OfficialDocument, audience: str, cells: Sequence[Organization], members: Sequence[Member]
) -> QuerySet[Member]:
    root = document.organization
    in_root = subtree_q([root.path], field="cell__path")
    if audience == Audience.SUBTREE:
        chosen = Member.objects.filter(in_root)
    elif audience == Audience.CELLS:
        if not cells:
            raise DomainError(_("Hãy chọn ít nhất một chi bộ."))
        if any(not cell.is_cell or not cell.path.startswith(root.path) for cell in cells):
            raise DomainError(_("Chỉ phổ biến được cho các chi bộ thuộc cơ quan ban hành."))
        chosen = Member.objects.filter(subtree_q([cell.path for cell in cells], field="cell__path"))
    elif audience == Audience.MEMBERS:
        if not members:
            raise DomainError(_("Hãy chọn ít nhất một đảng viên."))
        chosen = Member.objects.filter(in_root, pk__in=[member.pk for member in members])
        if chosen.count() != len({member.pk for member in members}):
            raise DomainError(_("Chỉ phổ biến được cho đảng viên thuộc cơ quan ban hành."))
    else:
        raise DomainError(_("Đối tượng phổ biến không hợp lệ."))
    return chosen.filter(is_active=True)


def check_can_disseminate(actor, document: OfficialDocument) -> None:
    """Refuses (NotAllowed) whoever may not disseminate `document`; its page asks before the form."""
    if not can_manage_documents(actor, document.organization):
        raise NotAllowed(_("Bạn không có quyền phổ biến văn bản của tổ chức này."))


def disseminate(
    *,
    actor,
    document: OfficialDocument,
    audience: str,
    cells: Sequence[Organization] = (),
    members: Sequence[Member] = (),
) -> Dissemination:
    """Sends an issued document to an audience inside its issuing organization: the whole
    subtree, some cells, or named members. Creates one `Recipient` per active member not already
    reached by an earlier dissemination (bulk inserts of 5,000), and one audit entry."""
    check_can_disseminate(actor, document)
    if document.state != DocumentState.ISSUED:
        raise DomainError(_("Chỉ phổ biến được văn bản đang có hiệu lực (đã ban hành)."))
    chosen = _audience_members(document, audience, cells, members)
    with transaction.atomic():
        dissemination = Dissemination.objects.create(
            document=document,
            audience=audience,
            organization=document.organization,
            cell_ids=[cell.pk for cell in cells],
            member_ids=[member.pk for member in members],
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        already = Recipient.objects.filter(document=document).values("member_id")
        rows = chosen.exclude(pk__in=already).values_list("pk", "cell__path").order_by()
        batch: list[Recipient] = []
        count = 0
        for member_id, cell_path in rows.iterator(chunk_size=BATCH_SIZE):
            batch.append(
                Recipient(
                    document=document, dissemination=dissemination, member_id=member_id, cell_path=cell_path
                )
            )
            if len(batch) >= BATCH_SIZE:
                Recipient.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        if batch:
            Recipient.objects.bulk_create(batch)
            count += len(batch)
        dissemination.recipient_count = count
        dissemination.save(update_fields=["recipient_count"])
        if count:
            _add_to_counters(dissemination)
        audit.record(
            "document.disseminate",
            dissemination,
            actor=actor,
            partition=audit_partition(document.organization),
            changes={"document": document.pk, "audience": audience, "recipients": count},
        )
    return dissemination


def acknowledge(*, actor, document: OfficialDocument, member: Member | None = None) -> Recipient:
    """Records that `member` (the actor's own member record by default) has studied the document
    ("Đã nghiên cứu, quán triệt"). Once: a repeated call changes nothing and writes no audit entry.
    Nobody acknowledges for someone else."""
    member = member or member_of(actor)
    if member is None or not can_acknowledge(actor, member):
        raise NotAllowed(_("Mỗi đảng viên chỉ tự xác nhận đã nghiên cứu văn bản của mình."))
    try:
        recipient = Recipient.objects.select_related("member__cell").get(document=document, member=member)
    except Recipient.DoesNotExist:
        raise NotFound(_("Văn bản này không được phổ biến đến đồng chí.")) from None
    if recipient.acknowledged_at is not None:
        return recipient
    with transaction.atomic():
        now = timezone.now()
        # Conditional update: of two simultaneous clicks exactly one records the acknowledgement.
        if Recipient.objects.filter(pk=recipient.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now
        ):
            recipient.acknowledged_at = now
            AcknowledgementCounter.objects.filter(document=document, cell_path=recipient.cell_path).update(
                done=F("done") + 1
            )
            # Partitioned by the member's grassroots organization, so a province acknowledging
            # one resolution does not queue behind a single audit chain.
            audit.record(
                "document.acknowledge",
                recipient,
                actor=actor,
                partition=audit_partition(recipient.member.cell),
                changes={"document": document.pk, "member": member.pk},
            )
        else:
            recipient.refresh_from_db(fields=["acknowledged_at"])
    return recipient


_COUNTER = AcknowledgementCounter._meta.db_table
_RECIPIENT = Recipient._meta.db_table


def _add_to_counters(dissemination: Dissemination) -> None:
    """Adds the recipients of one dissemination to their cells' counters: one grouped upsert
    (INSERT … SELECT … ON CONFLICT DO UPDATE, the same SQL on SQLite and PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_COUNTER} (document_id, cell_path, total, done) "
            f"SELECT document_id, cell_path, COUNT(*), COUNT(acknowledged_at) FROM {_RECIPIENT} "
            "WHERE dissemination_id = %s GROUP BY document_id, cell_path "
            "ON CONFLICT (document_id, cell_path) DO UPDATE "
            f"SET total = {_COUNTER}.total + excluded.total, done = {_COUNTER}.done + excluded.done",
            [dissemination.pk],
        )


def rebuild_counters(document_id: int | None = None) -> None:
    """Recomputes the acknowledgement counters from the recipients (all documents, or one), set-based:
    one DELETE and one grouped INSERT … SELECT in a transaction."""
    where = "WHERE document_id = %s " if document_id is not None else ""
    params = [document_id] if document_id is not None else []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_COUNTER} {where}", params)
        cursor.execute(
            f"INSERT INTO {_COUNTER} (document_id, cell_path, total, done) "
            f"SELECT document_id, cell_path, COUNT(*), COUNT(acknowledged_at) FROM {_RECIPIENT} "
            f"{where}GROUP BY document_id, cell_path",
            params,
        )


@dataclass(frozen=True)
class OrgRate:
    """Recipients and acknowledgements of one organization's whole subtree (`path`)."""

    path: str
    total: int
    done: int

    @property
    def pending(self) -> int:
        return self.total - self.done

    @property
    def percent(self) -> float:
        return round(100 * self.done / self.total, 1) if self.total else 0.0


@dataclass(frozen=True)
class Rollup:
    rows: list[OrgRate]
    total: int
    done: int

    @property
    def percent(self) -> float:
        return round(100 * self.done / self.total, 1) if self.total else 0.0


def rollup_queryset(document_id: int, root: str):
    """The roll-up of the subtree `root` as one grouped query over the covering counter index
    (document, cell_path, total, done): one row per direct child of `root` (its whole subtree's
    totals, grouped by the child's path prefix), or the root itself when it is a cell. It reads one
    counter row per cell, never one row per member (bench/bench_pg_scale.py)."""
    return (
        AcknowledgementCounter.objects.filter(document_id=document_id)
        .filter(subtree_q([root], field="cell_path"))
        .annotate(prefix=Substr("cell_path", 1, len(root) + PATH_SEGMENT_WIDTH))
        .values("prefix")
        .annotate(sum_total=Sum("total"), sum_done=Sum("done"))
        .order_by("prefix")
    )


@on_replica()
def acknowledgement_rollup(document: OfficialDocument, roots: Iterable[str]) -> Rollup:
    """Acknowledgement rate of each direct child of each root (or of the root itself when it is a
    cell) and for all of them together — one query per root, from the per-cell counters."""
    rows = [
        OrgRate(row["prefix"], row["sum_total"], row["sum_done"])
        for root in roots
        for row in rollup_queryset(document.pk, root)
    ]
    return Rollup(rows, sum(r.total for r in rows), sum(r.done for r in rows))


def pending_recipients(document: OfficialDocument, cell: Organization) -> QuerySet[Recipient]:
    """Members of `cell` (and below) who have not acknowledged yet, in Vietnamese name order."""
    return (
        Recipient.objects.filter(document=document, acknowledged_at__isnull=True)
        .filter(subtree_q([cell.path], field="cell_path"))
        .select_related("member")
        .order_by("member__sort_key", "member_id")
    )


def audience_size(document: OfficialDocument, audience: str = Audience.SUBTREE) -> int:
    """How many active members a dissemination to the whole subtree would reach now (for the
    confirmation sentence; the same query as `disseminate`)."""
    return _audience_members(document, audience, (), ()).count()


def refuse_subtree_move(organization: Organization) -> str | None:
    """Registered into `orgs.domain.organizations.ORGANIZATION_MOVE_GUARDS`: recipients carry the
    path of their cell, so a subtree whose members already received documents stays in place."""
    if Recipient.objects.filter(cell_path__startswith=organization.path).exists():
        return _(
            "Đảng viên của %(organization)s đã nhận văn bản phổ biến theo cây tổ chức; không chuyển được."
        ) % {"organization": organization.name}
    return None
