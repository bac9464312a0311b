from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuyende.commitments.documents import year_end_report
from chuyende.commitments.domain.reminders import REPORT_WINDOW_DAYS
from chuyende.commitments.status import period_end
from chuyende.orgs.enums import Role
from chuyende.orgs.models import RoleAssignment
from tests import factories as f
from tests.world import build_world

from .helpers import commitment, item, resolution

pytestmark = pytest.mark.django_db
TODAY = date(2025, 6, 20)
# What the commitments panel adds to the member's home page, on top of the page without any
# commitment (other panels come and go with other features; they are not this test's business).
PANEL_QUERIES = 1  # the open items, read once a commitment exists


@pytest.fixture
def world():
    w = build_world()
    w.basis = resolution(w.committee)
    return w


def test_year_end_report_signed_by_the_cell_secretary(world):
    document = year_end_report(world.cell_a, 2025, TODAY)
    assert (document.signature.position, document.signature.name) == ("BÍ THƯ", "Võ Minh Tuấn")


def test_year_end_report_signer_follows_the_current_appointment(world):
    RoleAssignment.objects.filter(organization=world.cell_a, role=Role.SECRETARY).update(
        ends_on=TODAY - timedelta(days=1)
    )
    assert year_end_report(world.cell_a, 2025, TODAY).signature.name == ""
    new = f.user("bithu-moi", member=f.member(world.cell_a, "Lê Thị Hồng"))
    f.role(new, world.cell_a, Role.SECRETARY, starts_on=TODAY - timedelta(days=1))
    f.role(world.users["member"], world.cell_a, Role.DEPUTY_SECRETARY)  # a deputy does not sign here
    assert year_end_report(world.cell_a, 2025, TODAY).signature.name == "Lê Thị Hồng"
    assert year_end_report(world.cell_b, 2025, TODAY).signature.name == ""  # no secretary on that cell


def test_year_end_report_docx_carries_the_name_and_is_forbidden_to_members(world, client):
    client.force_login(world.users["supervisor"])
    docx = client.get(reverse("commitment-report-docx", args=[world.cell_a.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    client.force_login(world.users["member"])
    assert client.get(reverse("commitment-report-docx", args=[world.cell_a.pk])).status_code == 403
    client.force_login(world.users["outsider"])
    assert client.get(reverse("commitment-report-docx", args=[world.cell_a.pk])).status_code == 404


def _home_queries(client):
    client.get("/")  # session and caches warm
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/")
    assert page.status_code == 200
    return len(queries), page.content.decode()


def test_home_commitments_panel_query_count_at_1_and_3_items(world, client):
    today = timezone.localdate()
    # The reminder lines look up this period's reports only while the reporting window of the
    # commitment's cadence (quarterly here) is open: one query more on those days.
    reporting_open = (period_end(today, "quarterly") - today).days < REPORT_WINDOW_DAYS
    client.force_login(world.users["member"])
    baseline, _ = _home_queries(client)
    made = commitment(world.cell_a, world.member_a, basis=world.basis,
                      items=[item(today + timedelta(days=2), text="Nội dung sắp đến hạn 1", responsible=world.member_a)])  # fmt: skip
    one, page = _home_queries(client)
    assert (one - baseline, page.count("Nội dung sắp đến hạn")) == (PANEL_QUERIES + reporting_open, 1)
    for n in (2, 3):
        made.items.create(cell_path=made.cell_path, position=n, shortcoming=f"Nội dung sắp đến hạn {n}", remedy="Làm",
                          sign_of_done="Xong", deadline=today + timedelta(days=n), responsible=world.member_a)  # fmt: skip
    three, page = _home_queries(client)
    assert (three, page.count("Nội dung sắp đến hạn")) == (one, 3)
    assert "Cam kết của tôi" in page


def test_home_panel_absent_for_a_user_without_member(world, client):
    client.force_login(world.users["nobody"])
    assert "Cam kết của tôi" not in client.get("/").content.decode()
