from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError, NotAllowed, NotFound
from chuyende.meetings import domain
from chuyende.meetings.access import get_meeting_for, meetings_for
from chuyende.meetings.enums import MeetingKind, MeetingStatus
from tests import factories as f

from . import helpers as h


def test_regular_meeting_defaults_to_the_3rd_of_the_month(world):
    meeting = domain.schedule_meeting(
        actor=world.users["cell_secretary"],
        organization=world.cell_a,
        kind=MeetingKind.REGULAR,
        title="Sinh hoạt chi bộ tháng 3",
        month=date(2026, 3, 17),
        confirm_short_notice=True,
    )
    assert (meeting.starts_at, meeting.ends_at) == (h.at(2026, 3, 3), h.at(2026, 3, 3, 15, 30))
    assert meeting.status == MeetingStatus.SCHEDULED


def test_thematic_meeting_needs_a_start(world):
    with pytest.raises(DomainError, match="thời gian bắt đầu"):
        domain.schedule_meeting(actor=SYSTEM, organization=world.cell_a, kind=MeetingKind.THEMATIC, title="X")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("cell_secretary", True), ("secretary", True), ("clerk", True), ("superior_secretary", True),
     ("supervisor", False), ("member", False), ("committee_member", False), ("outsider", False)],
)  # fmt: skip
def test_schedule_meeting_permissions(world, role, allowed):
    def call():
        return domain.schedule_meeting(
            actor=world.users[role],
            organization=world.cell_a,
            kind=MeetingKind.REGULAR,
            title="Sinh hoạt",
            month=date(2026, 4, 1),
            confirm_short_notice=True,
        )

    if allowed:
        assert call().organization == world.cell_a
    else:
        with pytest.raises(NotAllowed):
            call()


def test_supervisor_and_people_must_belong(world):
    with pytest.raises(DomainError, match="không sinh hoạt"):
        h.meeting(world, chair=world.member_b)
    with pytest.raises(DomainError, match="theo dõi chi bộ"):
        h.meeting(world, supervisor=world.users["committee_member"])
    meeting = h.meeting(
        world, chair=world.member_a2, secretary=world.member_a, supervisor=world.users["supervisor"]
    )
    assert meeting.supervisor == world.users["supervisor"]


def test_member_of_one_cell_cannot_see_another_cells_meeting(world):
    mine = h.meeting(world)
    other = h.meeting(world, world.cell_b)
    member = world.users["member"]
    assert list(meetings_for(member)) == [mine]
    with pytest.raises(NotFound):
        get_meeting_for(member, other.pk)
    with pytest.raises(NotFound):
        get_meeting_for(world.users["outsider"], mine.pk)
    assert set(meetings_for(world.users["committee_member"])) == {mine, other}
    assert list(meetings_for(world.users["supervisor"])) == [mine]


def test_committee_level_meeting_visible_to_members_below(world):
    meeting = h.meeting(world, world.committee, kind=MeetingKind.COMMITTEE)
    assert get_meeting_for(world.users["member"], meeting.pk) == meeting
    with pytest.raises(NotFound):
        get_meeting_for(world.users["outsider"], meeting.pk)


def test_add_material_and_publish(world):
    meeting = h.meeting(world)
    with pytest.raises(DomainError, match="Chưa có tài liệu"):
        domain.publish_materials(actor=SYSTEM, meeting=meeting)
    material = domain.add_material(actor=SYSTEM, meeting=meeting, upload=h.pdf(), is_lead_paper=True)
    assert (material.title, material.content_type, material.size) == ("tai-lieu.pdf", "application/pdf", 100)
    published = h.at(2016, 12, 8)
    domain.publish_materials(actor=SYSTEM, meeting=meeting, at=published)
    domain.publish_materials(actor=SYSTEM, meeting=meeting, at=published + timedelta(days=1))
    meeting.refresh_from_db()
    assert meeting.materials_published_at == published


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        (
            "bai.exe",
            10,
            "Không nhận loại tệp “.exe”. Chỉ nhận: .doc, .docx, .jpeg, .jpg, .odt, .pdf, .png, .pptx, .txt, .xlsx.",
        ),
        ("bai.pdf", 0, "Tệp “bai.pdf” rỗng."),
        ("bai.pdf", 2 * 1024 * 1024 + 1, "Tệp “bai.pdf” quá lớn: tối đa 2 MB."),
    ],
)
@override_settings(CHUYENDE_MAX_UPLOAD_BYTES=2 * 1024 * 1024)
def test_upload_errors_are_clear(world, name, size, message):
    meeting = h.meeting(world)
    upload = SimpleUploadedFile(name, b"x" * size)
    with pytest.raises(DomainError) as error:
        domain.add_material(actor=SYSTEM, meeting=meeting, upload=upload)
    assert error.value.message == message


def test_member_cannot_upload(world):
    with pytest.raises(NotAllowed):
        domain.add_material(actor=world.users["member"], meeting=h.meeting(world), upload=h.pdf())


def test_update_meeting_only_before_held(world):
    meeting = h.meeting(world)
    domain.update_meeting(actor=SYSTEM, meeting=meeting, place="Phòng họp số 2")
    assert meeting.place == "Phòng họp số 2"
    h.hold(meeting, [world.member_a])
    with pytest.raises(DomainError, match="đã tổ chức"):
        domain.update_meeting(actor=SYSTEM, meeting=meeting, place="Khác")


def test_cancel_frees_the_assignment(world):
    plan = h.plan(world)
    assignment = domain.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="A")
    meeting = h.meeting(world, assignment=assignment)
    with pytest.raises(DomainError, match="lý do huỷ"):
        domain.cancel_meeting(actor=SYSTEM, meeting=meeting, reason="")
    with pytest.raises(NotAllowed):
        domain.cancel_meeting(actor=world.users["member"], meeting=meeting, reason="Trùng lịch")
    domain.cancel_meeting(actor=world.users["cell_secretary"], meeting=meeting, reason="Trùng lịch")
    assignment.refresh_from_db()
    assert (meeting.status, assignment.current_meeting) == (MeetingStatus.CANCELLED, None)
    assert h.meeting(world, assignment=assignment).assignment == assignment


def test_publishing_materials_queues_messages_for_members_and_supervisor(world):
    from chuyende.common.models import OutboxMessage
    from chuyende.orgs.domain.members import link_user

    supervisor_member = f.member(world.cell_b, "Trần Văn Hùng", email="hung@example.vn")
    link_user(actor=SYSTEM, member=supervisor_member, user=world.users["supervisor"])
    meeting = h.meeting(world, supervisor=world.users["supervisor"], title="Chuyên đề tháng 12")
    domain.add_material(actor=SYSTEM, meeting=meeting, upload=h.pdf())
    domain.publish_materials(actor=world.users["cell_secretary"], meeting=meeting)
    messages = OutboxMessage.objects.filter(topic=f"meetings.materials:{meeting.pk}").order_by("to_email")
    assert [m.to_email for m in messages] == ["anh@example.vn", "hung@example.vn", "tuan@example.vn"]
    assert {m.status for m in messages} == {"prepared"}
    assert messages[0].subject == "Tài liệu sinh hoạt: Chuyên đề tháng 12"
