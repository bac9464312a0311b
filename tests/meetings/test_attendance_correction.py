"""The way back for attendance: locked with the approved minutes, open again while a correction of
the minutes is written (the approved BB keeps its bytes), locked again when the correction is
approved. Domain, attendance page and API."""

import pytest
from django.urls import reverse

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.models import AuditEntry
from chuyende.meetings import domain
from chuyende.meetings.models import Attendance

from . import helpers as h


def _approved(world):
    meeting = h.meeting(world)
    h.hold(meeting, [world.member_a, world.member_a2])
    minutes = h.approved_minutes(meeting)
    meeting.refresh_from_db()
    return meeting, minutes


def _status(meeting, member):
    return Attendance.objects.get(meeting=meeting, member=member).status


def test_attendance_is_corrected_only_while_a_correction_of_the_minutes_is_open(world):
    meeting, approved = _approved(world)
    secretary = world.users["cell_secretary"]
    with pytest.raises(DomainError, match="hãy lập bản đính chính biên bản"):
        domain.record_attendance(meeting, world.member_a2, "unexcused", actor=secretary)
    frozen = approved.pdf_file.read()
    correction = domain.correct_minutes(actor=secretary, minutes=approved, reason="Ghi nhầm điểm danh")
    with pytest.raises(NotAllowed):  # permission first, correction or not
        domain.record_attendance(meeting, world.member_a2, "unexcused", actor=world.users["member"])
    domain.record_attendance(meeting, world.member_a2, "unexcused", actor=secretary)
    assert _status(meeting, world.member_a2) == "unexcused"
    entry = AuditEntry.objects.filter(action="meeting.attendance").latest("pk")
    assert entry.changes["status"] == ["present", "unexcused"]
    approved.refresh_from_db()
    approved.pdf_file.open("rb")
    assert approved.pdf_file.read() == frozen  # the approved BB is not touched
    domain.approve_minutes(actor=secretary, minutes=correction, version=correction.version)
    meeting.refresh_from_db()
    with pytest.raises(DomainError, match="không sửa điểm danh được"):
        domain.record_attendance(meeting, world.member_a2, "present", actor=secretary)


def test_attendance_page_says_how_to_correct_and_takes_the_fix_during_a_correction(world, client):
    meeting, approved = _approved(world)
    client.force_login(world.users["cell_secretary"])
    url = reverse("meeting-attendance", args=[meeting.pk])
    page = client.get(url).text
    assert 'id="diem-danh-khoa"' in page and reverse("meeting-minutes", args=[meeting.pk]) in page
    assert f'hx-post="{url}"' not in page  # no buttons that would only be refused
    domain.correct_minutes(actor=SYSTEM, minutes=approved, reason="Ghi nhầm điểm danh")
    page = client.get(url).text
    assert 'id="diem-danh-dinh-chinh"' in page and f'hx-post="{url}"' in page
    client.post(url, {"member": world.member_a2.pk, "status": "excused", "reason": "Đi công tác"})
    assert _status(meeting, world.member_a2) == "excused"


def test_api_corrects_attendance_during_a_correction_only(world, client):
    meeting, approved = _approved(world)
    client.force_login(world.users["cell_secretary"])
    url = f"/api/meetings/{meeting.pk}/attendance/{world.member_a2.pk}"
    refused = client.put(url, {"status": "unexcused"}, content_type="application/json")
    assert refused.status_code == 400 and "bản đính chính" in refused.json()["detail"]
    domain.correct_minutes(actor=SYSTEM, minutes=approved, reason="Ghi nhầm điểm danh")
    fixed = client.put(url, {"status": "unexcused"}, content_type="application/json")
    assert fixed.status_code == 200 and fixed.json()["status"] == "unexcused"
    client.force_login(world.users["member"])
    assert client.put(url, {"status": "present"}, content_type="application/json").status_code in (403, 404)
    assert _status(meeting, world.member_a2) == "unexcused"
