"""People by their full name in Vietnamese order, selects in Vietnamese, "87,5 %"."""

import pytest
from django.test import Client
from django.urls import reverse

from chuyende.web.templatetags.people import format_percent, person_name
from tests import factories as f
from tests.meetings import helpers as h
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_percent_has_a_decimal_comma():
    assert [format_percent(v) for v in (87.5, 100, 66.666, 0, None, "x")] == [
        "87,5\u00a0%", "100\u00a0%", "66,7\u00a0%", "0\u00a0%", "", ""]  # fmt: skip


def test_a_login_without_member_is_named_in_vietnamese_order():
    user = f.user("nguyenthanh")
    user.first_name, user.last_name = "Thành", "Nguyễn Đức"
    assert person_name(user) == "Nguyễn Đức Thành"
    assert person_name(f.user("chi-co-ten-dang-nhap")) == "chi-co-ten-dang-nhap"


def test_meeting_form_lists_the_supervisor_by_full_name_with_vietnamese_empty_choices(world):
    member = f.member(
        world.committee_cell if hasattr(world, "committee_cell") else world.cell_b, "Lê Quang Giám"
    )
    supervisor = world.users["supervisor"]
    member.user = supervisor
    member.save()
    client = Client()
    client.force_login(world.users["cell_secretary"])
    page = client.get(reverse("meeting-create") + f"?org={world.cell_a.pk}").text
    assert f'<option value="{supervisor.pk}">Lê Quang Giám</option>' in page
    assert ">giamsat<" not in page
    assert "Select an option" not in page
    assert '<option value="" selected>— Chưa chọn —</option>' in page


def test_meeting_page_prints_the_supervisor_in_vietnamese_order_and_the_rate_with_a_comma(world):
    supervisor = world.users["supervisor"]
    supervisor.first_name, supervisor.last_name = "Giám", "Lê Quang"
    supervisor.save()
    meeting = h.meeting(world, supervisor=supervisor)
    h.hold(meeting, [world.member_a])
    client = Client()
    client.force_login(world.users["member"])
    page = client.get(reverse("meeting-detail", args=[meeting.pk])).text
    assert (
        "Cấp uỷ viên cấp trên dự</strong>: Lê Quang Giám" in page
        or "Cấp uỷ viên cấp trên dự:</strong> Lê Quang Giám" in page
    )
    assert "(50\u00a0%)" in page
