from datetime import timedelta

import pytest

from chuyende.common.actors import SYSTEM
from chuyende.meetings import checks, domain
from chuyende.meetings.interfaces.dashboard import thematic_quarters

from . import helpers as h

START = h.at(2026, 3, 3)


@pytest.mark.parametrize(("kind", "minutes", "warned"), [
    ("regular", 89, True), ("regular", 90, False), ("thematic", 119, True), ("thematic", 120, False),
    ("committee", 100, True),
])  # fmt: skip
def test_duration(kind, minutes, warned):
    warning = checks.check_duration(kind, START, START + timedelta(minutes=minutes))
    assert (warning is not None) == warned


@pytest.mark.parametrize(("published", "now", "code"), [
    (None, START - timedelta(days=2), None),
    (None, START - timedelta(hours=23), "materials"),
    (START - timedelta(days=1), START, None),
    (START - timedelta(hours=23, minutes=59), START, "materials"),
    (START - timedelta(days=5), START, None),
])  # fmt: skip
def test_materials_lead_time(published, now, code):
    warning = checks.check_materials(START, published, now)
    assert (warning.code if warning else None) == code


@pytest.mark.parametrize(("rate", "unexcused", "codes"), [
    (100.0, 0, []), (85.1, 0, []), (85.0, 0, ["attendance"]), (90.0, 1, ["unexcused"]),
    (50.0, 2, ["attendance", "unexcused"]), (None, 0, []),
])  # fmt: skip
def test_attendance(rate, unexcused, codes):
    assert [w.code for w in checks.check_attendance(rate, unexcused)] == codes


@pytest.mark.parametrize(("quarters", "quarter", "warned"), [
    (set(), (2026, 1), True), ({(2026, 1)}, (2026, 1), False), ({(2025, 4)}, (2026, 1), True),
])  # fmt: skip
def test_thematic_quarter(quarters, quarter, warned):
    assert (checks.check_thematic_quarter(quarters, quarter) is not None) == warned


def test_attendance_message_is_vietnamese():
    assert checks.check_attendance(80.0, 1)[0].message == "Tỷ lệ đảng viên dự họp 80%, chưa đạt trên 85%."


def test_meeting_warnings_combines_rules(world):
    meeting = h.meeting(world, minutes=100)
    domain.record_attendance(meeting, world.member_a, "present", actor=SYSTEM)
    domain.record_attendance(meeting, world.member_a2, "unexcused", actor=SYSTEM)
    warnings = checks.meeting_warnings(
        meeting, domain.attendance_summary(meeting), meeting.starts_at, thematic_quarters(world.cell_a)
    )
    assert [w.code for w in warnings] == ["duration", "materials", "attendance", "unexcused"]
    assert thematic_quarters(world.cell_a) == {(2016, 4)}
