import pytest

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import ConflictError, DomainError, NotAllowed
from chuyende.common.models import AuditEntry
from chuyende.meetings import domain
from chuyende.meetings.enums import MeetingStatus, MinutesState
from chuyende.meetings.models import Attendance, Minutes
from tests import factories as f

from . import helpers as h


def test_record_attendance_is_idempotent_and_marks_held(world):
    meeting = h.meeting(world)
    actor = world.users["cell_secretary"]
    first = domain.record_attendance(meeting, world.member_a, "present", actor=actor)
    again = domain.record_attendance(meeting, world.member_a, "present", actor=actor)
    assert first.pk == again.pk
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    assert AuditEntry.objects.filter(action="meeting.attendance").count() == 1
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    domain.record_attendance(meeting, world.member_a, "late", actor=actor)
    assert Attendance.objects.get(meeting=meeting, member=world.member_a).status == "late"
    assert AuditEntry.objects.filter(action="meeting.attendance").count() == 2


def test_excused_absence_needs_a_reason(world):
    meeting = h.meeting(world)
    with pytest.raises(DomainError, match="lý do vắng của Huỳnh Thị Ngọc Ánh"):
        domain.record_attendance(meeting, world.member_a, "excused", actor=SYSTEM)
    attendance = domain.record_attendance(
        meeting, world.member_a, "excused", actor=SYSTEM, reason="Đi công tác"
    )
    assert attendance.reason == "Đi công tác"


def test_attendance_refuses_member_of_another_cell_and_plain_members(world):
    meeting = h.meeting(world)
    with pytest.raises(DomainError, match="không sinh hoạt"):
        domain.record_attendance(meeting, world.member_b, "present", actor=SYSTEM)
    with pytest.raises(NotAllowed):
        domain.record_attendance(meeting, world.member_a2, "present", actor=world.users["member"])


def test_meeting_secretary_member_may_take_attendance(world):
    meeting = h.meeting(world, secretary=world.member_a)
    domain.record_attendance(meeting, world.member_a2, "present", actor=world.users["member"])
    assert meeting.attendances.count() == 1


def test_attendance_summary_rate_excludes_exempt(world):
    meeting = h.meeting(world)
    extra = [f.member(world.cell_a, name) for name in ("Lê Quang Vinh", "Ngô Đình Khoa", "Châu Văn Nghĩa")]
    domain.record_attendance(meeting, world.member_a, "present", actor=SYSTEM)
    domain.record_attendance(meeting, world.member_a2, "late", actor=SYSTEM)
    domain.record_attendance(meeting, extra[0], "excused", actor=SYSTEM, reason="Ốm")
    domain.record_attendance(meeting, extra[1], "exempt", actor=SYSTEM, reason="Tuổi cao")
    summary = domain.attendance_summary(meeting)
    assert (summary.total, summary.required, summary.attended, summary.absent, summary.exempt) == (
        5,
        4,
        2,
        1,
        1,
    )
    assert summary.rate == 50.0
    assert [m.full_name for m in summary.unrecorded] == ["Châu Văn Nghĩa"]


def test_draft_minutes_start_empty_and_are_reused(world):
    meeting = h.meeting(world, agenda=["Quán triệt chuyên đề", "Thảo luận"])
    domain.record_attendance(meeting, world.member_a, "present", actor=SYSTEM)
    domain.record_attendance(meeting, world.member_a2, "unexcused", actor=SYSTEM)
    minutes = domain.draft_minutes(actor=SYSTEM, meeting=meeting)
    assert minutes.content == ""  # agenda and totals are printed from the data, not copied
    assert domain.draft_minutes(actor=SYSTEM, meeting=meeting).pk == minutes.pk


def test_update_minutes_with_stale_version_conflicts(world):
    minutes = domain.draft_minutes(actor=SYSTEM, meeting=h.meeting(world))
    read_version = minutes.version
    domain.update_minutes(actor=SYSTEM, minutes=minutes, version=read_version, conclusion="A")
    stale = Minutes.objects.get(pk=minutes.pk)
    with pytest.raises(ConflictError, match="người khác sửa"):
        domain.update_minutes(actor=SYSTEM, minutes=stale, version=read_version, conclusion="B")
    assert Minutes.objects.get(pk=minutes.pk).conclusion == "A"


def test_proceedings_need_a_named_speaker(world):
    minutes = domain.draft_minutes(actor=SYSTEM, meeting=h.meeting(world))
    with pytest.raises(DomainError, match="người phát biểu"):
        domain.update_minutes(
            actor=SYSTEM,
            minutes=minutes,
            version=minutes.version,
            proceedings=[{"speaker": " ", "text": "Ý kiến"}],
        )


def test_approved_minutes_cannot_be_edited(world):
    meeting = h.meeting(world)
    minutes = h.approved_minutes(meeting)
    meeting.refresh_from_db()
    assert (minutes.state, meeting.minutes_approved_at) == (MinutesState.APPROVED, minutes.approved_at)
    with pytest.raises(DomainError, match="đã được thông qua"):
        domain.update_minutes(actor=SYSTEM, minutes=minutes, version=minutes.version, conclusion="Sửa")
    with pytest.raises(DomainError, match="đã được thông qua"):
        domain.record_attendance(meeting, world.member_a, "present", actor=SYSTEM)


def test_approve_needs_conclusion(world):
    minutes = domain.draft_minutes(actor=SYSTEM, meeting=h.meeting(world))
    with pytest.raises(DomainError, match="chưa có kết luận"):
        domain.approve_minutes(actor=SYSTEM, minutes=minutes, version=minutes.version)


def test_correction_creates_new_version_and_keeps_old(world):
    meeting = h.meeting(world)
    approved = h.approved_minutes(meeting)
    with pytest.raises(DomainError, match="lý do"):
        domain.correct_minutes(actor=SYSTEM, minutes=approved, reason=" ")
    correction = domain.correct_minutes(
        actor=SYSTEM, minutes=approved, reason="Ghi sai số phiếu", votes_agree=3
    )
    assert (correction.number, correction.corrects, correction.votes_agree) == (2, approved, 3)
    assert correction.conclusion == "Chi bộ thống nhất kết luận."
    assert domain.current_minutes(meeting) == correction
    with pytest.raises(DomainError, match="đã có bản đính chính"):
        domain.correct_minutes(actor=SYSTEM, minutes=approved, reason="Lần nữa")
    domain.approve_minutes(actor=SYSTEM, minutes=correction, version=correction.version)
    approved.refresh_from_db()
    assert (approved.state, approved.votes_agree) == (MinutesState.SUPERSEDED, 2)


def test_member_cannot_write_minutes(world):
    with pytest.raises(NotAllowed):
        domain.draft_minutes(actor=world.users["member"], meeting=h.meeting(world))
