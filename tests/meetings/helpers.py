"""Builders for meeting tests: every object goes through the domain functions."""

from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chuyende.common.actors import SYSTEM
from chuyende.meetings import domain
from chuyende.meetings.enums import MeetingKind

SCORES_PASS = {"chuan_bi": 14, "du_hop": 18, "tien_hanh": 40, "ket_thuc": 18}  # 90
SCORES_FAIL = {"chuan_bi": 8, "du_hop": 10, "tien_hanh": 20, "ket_thuc": 7}  # 45


def at(year, month, day, hour=14, minute=0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def plan(world, **fields):
    fields.setdefault("theme", "Xây dựng và chỉnh đốn Đảng")
    fields.setdefault("cell_sessions_before", date(2016, 12, 20))
    fields.setdefault("confirm_dates", True)  # plans of the tests are in 2016
    return domain.create_plan(actor=SYSTEM, organization=world.committee, **fields)


def meeting(world, cell=None, *, kind=MeetingKind.THEMATIC, starts_at=None, minutes=120, **fields):
    starts_at = starts_at or at(2016, 12, 10)
    return domain.schedule_meeting(
        actor=SYSTEM,
        organization=cell or world.cell_a,
        kind=kind,
        title=fields.pop("title", "Sinh hoạt chuyên đề"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        confirm_short_notice=True,  # meetings of the tests are in 2016
        confirm_outside_plan=True,
        **fields,
    )


def pdf(name="tai-lieu.pdf", size=100):
    return SimpleUploadedFile(name, b"%PDF" + b"x" * (size - 4), content_type="application/pdf")


def hold(meeting, members, status="present"):
    for member in members:
        domain.record_attendance(meeting, member, status, actor=SYSTEM)


def approved_minutes(meeting, conclusion="Chi bộ thống nhất kết luận."):
    minutes = domain.draft_minutes(actor=SYSTEM, meeting=meeting)
    minutes = domain.update_minutes(
        actor=SYSTEM,
        minutes=minutes,
        version=minutes.version,
        conclusion=conclusion,
        proceedings=[{"speaker": "Võ Minh Tuấn", "text": "Trình bày báo cáo."}],
        votes_agree=2,
    )
    return domain.approve_minutes(actor=SYSTEM, minutes=minutes, version=minutes.version)
