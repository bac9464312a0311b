"""Meeting.status has one transition function; an illegal move is refused and changes nothing."""

import pytest

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError
from chuyende.meetings.domain import cancel_meeting
from chuyende.meetings.domain.status import move_meeting
from chuyende.meetings.enums import MEETING_TRANSITIONS, MeetingStatus
from chuyende.meetings.models import Meeting
from tests.world import build_world

from .helpers import meeting

pytestmark = pytest.mark.django_db


def test_transitions_table_names_every_state():
    assert set(MEETING_TRANSITIONS) == set(MeetingStatus.values)


def test_cancelled_meeting_cannot_be_held():
    world = build_world()
    scheduled = meeting(world)
    cancel_meeting(actor=SYSTEM, meeting=scheduled, reason="Trùng lịch họp HĐND")
    with pytest.raises(DomainError) as refused:
        move_meeting(scheduled, MeetingStatus.HELD)
    assert refused.value.message == "Không thể chuyển buổi sinh hoạt từ “Đã huỷ” sang “Đã tổ chức”."
    assert Meeting.objects.get(pk=scheduled.pk).status == MeetingStatus.CANCELLED


def test_held_meeting_cannot_be_scheduled_again():
    world = build_world()
    held = move_meeting(meeting(world), MeetingStatus.HELD)
    assert Meeting.objects.get(pk=held.pk).status == MeetingStatus.HELD
    with pytest.raises(DomainError) as refused:
        move_meeting(held, MeetingStatus.SCHEDULED)
    assert refused.value.message == "Không thể chuyển buổi sinh hoạt từ “Đã tổ chức” sang “Đã lên lịch”."
