"""Opening a consultation on a published version, and closing it for good once handled."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.orgs.models import Member, Organization

from ..anchoring import SETTLE, anchor_comments
from ..enums import CONSULTATION_TRANSITIONS, CommentStatus, ConsultationStatus
from ..models import Comment, Consultation, DraftVersion
from ..rules import can_handle_comments, can_manage_drafts
from .drafts import audit_partition


def open_consultation(
    *,
    actor,
    version: DraftVersion,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    organizations: Sequence[Organization] = (),
    members: Sequence[Member] = (),
) -> Consultation:
    """Puts a published version to comments for the audience (organization subtrees and named
    members) between `opens_at` and `closes_at`."""
    organization = version.draft.organization
    if not can_manage_drafts(actor, organization):
        raise NotAllowed(_("Bạn không có quyền tổ chức lấy ý kiến dự thảo này."))
    if not version.is_published:
        raise DomainError(_("Chỉ lấy ý kiến trên phiên bản đã công bố."))
    if closes_at <= opens_at:
        raise DomainError(_("Thời điểm kết thúc phải sau thời điểm bắt đầu."))
    if closes_at <= timezone.now():
        raise DomainError(
            _("Thời điểm kết thúc lấy ý kiến (%(closes)s) đã qua; hãy chọn thời điểm sau hiện tại.")
            % {"closes": date_format(timezone.localtime(closes_at), "H:i d/m/Y")}
        )
    if not organizations and not members:
        raise DomainError(_("Hãy chọn đối tượng lấy ý kiến (tổ chức, chi bộ hoặc đảng viên)."))
    outside = [o for o in organizations if not o.path.startswith(organization.path)]
    if outside:
        raise DomainError(_("Chỉ lấy ý kiến trong phạm vi tổ chức của mình."))
    with transaction.atomic():
        consultation = Consultation.objects.create(
            organization=organization, version=version, title=title.strip() or version.draft.title,
            opens_at=opens_at, closes_at=closes_at, audience_paths=sorted({o.path for o in organizations}),
            created_by=actor if actor.pk else None,
        )  # fmt: skip
        consultation.audience_organizations.set(organizations)
        consultation.audience_members.set(members)
        audit.record(
            "consultation.open", consultation, actor=actor, partition=audit_partition(organization),
            changes={"opens_at": opens_at, "closes_at": closes_at, "audience": consultation.audience_paths,
                     "members": [m.pk for m in members]},
        )  # fmt: skip
    return consultation


def close_early(*, actor, consultation: Consultation) -> Consultation:
    """Ends the comment window now (the office stops taking comments before the planned end).
    API processes may accept comments for a few more seconds (see the comment endpoint's cache)."""
    if not can_handle_comments(actor, consultation):
        raise NotAllowed(_("Chỉ văn phòng của tổ chức mới được kết thúc sớm việc nhận góp ý."))
    now = timezone.now()
    if consultation.status != ConsultationStatus.OPEN or now >= consultation.closes_at:
        raise DomainError(_("Đợt lấy ý kiến đã kết thúc."))
    if now <= consultation.opens_at:
        raise DomainError(_("Đợt lấy ý kiến chưa bắt đầu."))
    with transaction.atomic():
        before = {"closes_at": consultation.closes_at}
        consultation.closes_at = now
        consultation.save(update_fields=["closes_at"])
        audit.record(
            "consultation.close_early", consultation, actor=actor, partition=audit_partition(consultation.organization),
            changes=audit.diff(consultation, before, ["closes_at"]),
        )  # fmt: skip
    return consultation


def move_consultation(consultation: Consultation, status: str) -> Consultation:
    """The one transition function of `Consultation.status` (allowed moves in enums.py). Called
    inside the caller's transaction after its checks; moving to handled stamps `handled_at`. An
    illegal move raises DomainError and changes nothing."""
    if status not in CONSULTATION_TRANSITIONS.get(consultation.status, set()):
        raise DomainError(
            _("Không thể chuyển đợt lấy ý kiến từ “%(old)s” sang “%(new)s”.")
            % {"old": ConsultationStatus(consultation.status).label, "new": ConsultationStatus(status).label}
        )
    consultation.status = status
    fields = ["status"]
    if status == ConsultationStatus.HANDLED:
        consultation.handled_at = timezone.now()
        fields.append("handled_at")
    consultation.save(update_fields=fields)
    return consultation


def unhandled_count(consultation: Consultation) -> int:
    return Comment.objects.filter(
        consultation=consultation, status=CommentStatus.ACTIVE, disposition__isnull=True
    ).count()


def finish_consultation(*, actor, consultation: Consultation) -> Consultation:
    """Closes the consultation for good after its window; refused while any comment is unhandled."""
    if not can_handle_comments(actor, consultation):
        raise NotAllowed(_("Chỉ văn phòng của tổ chức mới được kết thúc đợt lấy ý kiến."))
    if consultation.status == ConsultationStatus.HANDLED:
        raise DomainError(_("Đợt lấy ý kiến đã kết thúc."))
    if timezone.now() < consultation.closes_at:
        raise DomainError(_("Chưa hết thời gian lấy ý kiến."))
    left = unhandled_count(consultation)
    if left:
        raise DomainError(_("Còn %(left)s ý kiến chưa được tiếp thu, giải trình.") % {"left": left})
    # The window is closed, so no comment can still be in flight: seal every one of them.
    anchor_comments(consultation, now=timezone.now() + SETTLE)
    with transaction.atomic():
        move_consultation(consultation, ConsultationStatus.HANDLED)
        audit.record(
            "consultation.finish", consultation, actor=actor,
            partition=audit_partition(consultation.organization),
        )  # fmt: skip
    return consultation
