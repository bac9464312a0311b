"""Reminder preferences and the daily digest: at most one message per member per day, prepared
in the outbox (a person of the cell releases it). Lines: items due within the member's chosen
days, overdue items, reports due in the last week of a period, and — for cell secretaries —
items of their cell overdue beyond the grace period."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.models import OutboxMessage
from chuyende.common.outbox import MessageDraft, prepare_messages
from chuyende.orgs.domain.organizations import audit_partition
from chuyende.orgs.enums import OrganizationKind, Role
from chuyende.orgs.models import Member, RoleAssignment
from chuyende.orgs.rules import in_force_q, member_of

from ..enums import SECRETARY_GRACE_DAYS, CommitmentState
from ..models import CommitmentItem, ProgressReport, ReminderDigest, ReminderPreference
from ..status import period_end, period_of

REPORT_WINDOW_DAYS = 7
MAX_DAYS_BEFORE = 30
PREFERENCE_FIELDS = ("before_deadline", "days_before", "when_overdue", "report_due", "as_secretary")


def preference_for(member: Member) -> ReminderPreference:
    """The member's preferences (unsaved defaults when they never changed them)."""
    return ReminderPreference.objects.filter(member=member).first() or ReminderPreference(member=member)


def update_preferences(*, actor, member: Member, **values) -> ReminderPreference:
    """Saves what reminders `member` wants. Only the member themself may change them."""
    own = member_of(actor)
    if not (own is not None and own.pk == member.pk) and not getattr(actor, "is_superuser", False):
        raise NotAllowed(_("Chỉ đảng viên mới thay đổi được tuỳ chọn nhắc việc của mình."))
    unknown = set(values) - set(PREFERENCE_FIELDS)
    if unknown:
        raise DomainError(_("Tuỳ chọn không hợp lệ."))
    days = values.get("days_before")
    if days is not None and not 1 <= int(days) <= MAX_DAYS_BEFORE:
        raise DomainError(_("Số ngày nhắc trước phải từ 1 đến %(n)d.") % {"n": MAX_DAYS_BEFORE})
    with transaction.atomic():
        preference = preference_for(member)
        for name, value in values.items():
            setattr(preference, name, value)
        preference.save()
        audit.record("commitment.preferences", preference, actor=actor, partition=audit_partition(member.cell),
                     changes=values)  # fmt: skip
    return preference


@dataclass(frozen=True)
class Line:
    kind: str  # "due", "overdue", "report", "cell_overdue"
    text: str


def _open_items():
    return (
        CommitmentItem.objects.filter(
            commitment__state=CommitmentState.APPROVED, withdrawn=False, verified_at__isnull=True,
            accepted_percent__lt=100,
        )
        .annotate(person_id=Coalesce("responsible_id", "commitment__owner_member_id"))
        .filter(person_id__isnull=False)
    )  # fmt: skip


def member_lines(today: date, members: list[int] | None = None) -> dict[int, list[Line]]:
    """Digest lines per member id for `today` (all members, or only those in `members`)."""
    items = _open_items().select_related("commitment")
    if members is not None:
        items = items.filter(person_id__in=members)
    in_window = Q(deadline__lte=today + timedelta(days=MAX_DAYS_BEFORE))
    reporting = []
    for frequency in ("monthly", "quarterly"):
        if (period_end(today, frequency) - today).days < REPORT_WINDOW_DAYS:
            reporting.append(frequency)
    if reporting:
        items = items.filter(in_window | Q(commitment__frequency__in=reporting))
    else:
        items = items.filter(in_window)
    items = list(items.order_by("deadline", "pk"))
    reported = set(
        ProgressReport.objects.filter(item__in=[i.pk for i in items if i.commitment.frequency in reporting])
        .filter(period__in={period_of(today, f) for f in reporting})
        .values_list("item_id", flat=True)
    )
    people = {i.person_id for i in items}
    preferences = {p.member_id: p for p in ReminderPreference.objects.filter(member_id__in=people)}
    lines: dict[int, list[Line]] = defaultdict(list)
    for item in items:
        pref = preferences.get(item.person_id) or ReminderPreference()
        what = item.shortcoming[:120]
        deadline = item.deadline.strftime("%d/%m/%Y")
        if item.deadline < today:
            if pref.when_overdue:
                lines[item.person_id].append(
                    Line("overdue", _("Quá hạn từ %(d)s: %(w)s") % {"d": deadline, "w": what})
                )
        elif pref.before_deadline and item.deadline <= today + timedelta(days=pref.days_before):
            lines[item.person_id].append(
                Line("due", _("Đến hạn ngày %(d)s: %(w)s") % {"d": deadline, "w": what})
            )
        if item.commitment.frequency in reporting and item.pk not in reported and pref.report_due:
            end = period_end(today, item.commitment.frequency).strftime("%d/%m/%Y")
            lines[item.person_id].append(
                Line("report", _("Báo cáo tiến độ trước ngày %(d)s: %(w)s") % {"d": end, "w": what})
            )
    _add_secretary_lines(lines, today, members)
    return dict(lines)


def _add_secretary_lines(lines: dict[int, list[Line]], today: date, members: list[int] | None) -> None:
    roles = RoleAssignment.objects.filter(
        in_force_q(today), role__in=(Role.SECRETARY, Role.DEPUTY_SECRETARY), organization__kind=OrganizationKind.CELL,
        user__member__isnull=False,
    ).values_list("organization__path", "organization__name", "user__member__id")  # fmt: skip
    if members is not None:
        roles = roles.filter(user__member__id__in=members)
    secretaries: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for path, name, member_id in roles:
        secretaries[path].append((name, member_id))
    if not secretaries:
        return
    late = (
        _open_items().filter(cell_path__in=list(secretaries), deadline__lt=today - timedelta(days=SECRETARY_GRACE_DAYS))
        .values("cell_path").annotate(n=Count("id")).order_by()
    )  # fmt: skip
    opted_out = set(ReminderPreference.objects.filter(as_secretary=False).values_list("member_id", flat=True))
    for row in late:
        for name, member_id in secretaries[row["cell_path"]]:
            if member_id not in opted_out:
                text = _("%(cell)s có %(n)d nội dung cam kết quá hạn trên %(g)d ngày.") % {
                    "cell": name, "n": row["n"], "g": SECRETARY_GRACE_DAYS}  # fmt: skip
                lines[member_id].append(Line("cell_overdue", text))


def prepare_digests(*, actor, today: date) -> int:
    """Prepares today's digest in the outbox for every member with something to be told and an
    e-mail address, and records a (member, day) digest row so nobody gets a second one that day.
    Returns how many digests were prepared."""
    if not getattr(actor, "is_superuser", False):
        raise NotAllowed(_("Chỉ hệ thống mới gửi thư nhắc việc hằng ngày."))
    lines = member_lines(today)
    already = set(
        ReminderDigest.objects.filter(day=today, member_id__in=list(lines)).values_list(
            "member_id", flat=True
        )
    )
    members = Member.objects.filter(pk__in=[m for m in lines if m not in already], is_active=True).exclude(
        email=""
    )
    by_cell: dict[int, list[Member]] = defaultdict(list)
    for member in members.select_related("cell"):
        by_cell[member.cell_id].append(member)
    topic = f"commitments.digest:{today.isoformat()}"
    subject = _("Nhắc việc thực hiện cam kết ngày %(d)s") % {"d": today.strftime("%d/%m/%Y")}
    prepared = 0
    for cell_members in by_cell.values():
        fresh = []
        for member in cell_members:
            try:
                with transaction.atomic():
                    ReminderDigest.objects.create(member=member, day=today, lines=len(lines[member.pk]))
            except IntegrityError:  # another run already took this member's digest for today
                continue
            fresh.append(member)
        drafts = [
            MessageDraft(member=m, to_email=m.email, subject=subject, body=_body(m, lines[m.pk]))
            for m in fresh
        ]
        prepared += prepare_messages(
            actor=actor, organization=cell_members[0].cell, topic=topic, drafts=drafts
        )
    for message in OutboxMessage.objects.filter(topic=topic).values("pk", "member_id"):
        ReminderDigest.objects.filter(day=today, member_id=message["member_id"], message__isnull=True).update(
            message_id=message["pk"]
        )
    return prepared


def _body(member: Member, lines: list[Line]) -> str:
    listed = "\n".join(f"- {line.text}" for line in lines)
    return _("Kính gửi đồng chí %(name)s,\n\nViệc cần làm theo cam kết khắc phục:\n%(lines)s\n\n"
             "Đồng chí có thể thay đổi loại thư nhắc nhận được tại “Trang của tôi”.") % {
        "name": member.full_name, "lines": listed}  # fmt: skip


__all__ = ["Line", "member_lines", "preference_for", "prepare_digests", "update_preferences"]
