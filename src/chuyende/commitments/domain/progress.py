"""Progress reports on items, their evidence files, and the supervisor's review."""

from collections.abc import Sequence
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.orgs.domain.organizations import audit_partition

from .. import rules
from ..enums import Verdict
from ..models import CommitmentItem, Evidence, ProgressReport
from ..status import period_of
from .counters import counted, shift

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 5
ALLOWED_EXTENSIONS = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
# Leading bytes of each kind: a renamed executable is refused even with a harmless extension.
MAGIC = {".pdf": (b"%PDF",), ".docx": (b"PK",), ".xlsx": (b"PK",), ".doc": (b"\xd0\xcf\x11\xe0",),
         ".jpg": (b"\xff\xd8",), ".jpeg": (b"\xff\xd8",), ".png": (b"\x89PNG",)}  # fmt: skip


def check_evidence(files: Sequence) -> None:
    """Raises a Vietnamese DomainError for too many, too large, empty or disallowed files."""
    if len(files) > MAX_EVIDENCE_FILES:
        raise DomainError(_("Chỉ được đính kèm tối đa %(n)d tệp minh chứng.") % {"n": MAX_EVIDENCE_FILES})
    for upload in files:
        name = PurePath(upload.name).name
        extension = PurePath(name).suffix.lower()
        if extension not in ALLOWED_EXTENSIONS:
            raise DomainError(
                _("Tệp “%(name)s” không đúng loại; chỉ nhận PDF, Word, Excel, JPG, PNG.") % {"name": name}
            )
        if upload.size == 0:
            raise DomainError(_("Tệp “%(name)s” rỗng.") % {"name": name})
        if upload.size > MAX_EVIDENCE_BYTES:
            raise DomainError(_("Tệp “%(name)s” vượt quá 10 MB.") % {"name": name})
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if not head.startswith(MAGIC[extension]):
            raise DomainError(_("Nội dung tệp “%(name)s” không khớp với phần mở rộng.") % {"name": name})


def check_can_report(actor, item: CommitmentItem) -> None:
    if not rules.can_report(actor, item):
        raise NotAllowed(_("Bạn không có quyền báo cáo tiến độ nội dung này."))


def submit_report(
    *, actor, item: CommitmentItem, percent: int, narrative: str, files: Sequence = (), today=None
) -> ProgressReport:
    """Records a progress report for the current period on an item of an approved commitment,
    with its evidence files. Changes no status until a supervisor accepts it."""
    check_can_report(actor, item)
    if not item.commitment.is_approved or item.withdrawn:
        raise DomainError(_("Chỉ báo cáo tiến độ cho cam kết đã được phê duyệt."))
    if item.verified_at is not None:
        raise DomainError(_("Nội dung này đã được xác minh hoàn thành."))
    if not 0 <= percent <= 100:
        raise DomainError(_("Tiến độ phải từ 0 đến 100%."))
    if not narrative.strip():
        raise DomainError(_("Cần ghi kết quả thực hiện."))
    check_evidence(files)
    today = today or timezone.localdate()
    with transaction.atomic():
        report = ProgressReport.objects.create(
            item=item,
            period=period_of(today, item.commitment.frequency),
            percent=percent,
            narrative=narrative.strip(),
            submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for upload in files:
            Evidence.objects.create(
                report=report,
                file=upload,
                original_name=PurePath(upload.name).name[:255],
                size=upload.size,
                content_type=ALLOWED_EXTENSIONS[PurePath(upload.name).suffix.lower()],
            )
        audit.record("commitment.report", report, actor=actor, partition=audit_partition(item.commitment.cell),
                     changes={"percent": percent, "files": len(files)})  # fmt: skip
    return report


def review_report(*, actor, report: ProgressReport, verdict: str, note: str = "") -> ProgressReport:
    """The supervisor's review. Accepted: the item's accepted progress becomes the report's.
    Needs more: nothing changes but the note. Verified: the item is done and verified (100 %).
    Moves the roll-up counters accordingly."""
    item = report.item
    if not rules.can_review(actor, item):
        raise NotAllowed(_("Chỉ cấp uỷ viên phụ trách chi bộ mới xem xét báo cáo tiến độ."))
    if verdict not in (Verdict.ACCEPTED, Verdict.NEEDS_MORE, Verdict.VERIFIED):
        raise DomainError(_("Kết quả xem xét không hợp lệ."))
    if report.verdict != Verdict.PENDING:
        raise DomainError(_("Báo cáo này đã được xem xét."))
    if verdict == Verdict.NEEDS_MORE and not note.strip():
        raise DomainError(_("Cần ghi rõ nội dung phải bổ sung."))
    with transaction.atomic():
        item = CommitmentItem.objects.select_for_update().select_related("commitment").get(pk=item.pk)
        before = counted(item)
        if verdict == Verdict.ACCEPTED:
            item.accepted_percent = report.percent
        elif verdict == Verdict.VERIFIED:
            item.accepted_percent, item.verified_at = 100, timezone.now()
        item.save(update_fields=["accepted_percent", "verified_at"])
        shift([(before, counted(item))])
        report.verdict, report.review_note = verdict, note.strip()
        report.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
        report.reviewed_at = timezone.now()
        report.save(update_fields=["verdict", "review_note", "reviewed_by", "reviewed_at"])
        audit.record("commitment.review", report, actor=actor, partition=audit_partition(item.commitment.cell),
                     changes={"verdict": verdict})  # fmt: skip
    report.item = item
    return report
