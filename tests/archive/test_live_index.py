"""A record is searchable as soon as it is archived (issue 12, found by the whole-cycle walk: the
index was filled only by the daily run, so the office searched right after issuing and found
nothing)."""

from django.urls import reverse

from chuyende.archive.models import SearchEntry
from chuyende.common.actors import SYSTEM
from chuyende.meetings import domain as meetings
from tests.meetings import helpers as mh
from tests.papers.helpers import submitted_paper


def _hrefs(client, user, query):
    client.force_login(user)
    return [hit.href for hit in client.get(reverse("archive-search"), {"q": query}).context["hits"]]


def test_a_submitted_paper_is_found_at_once_without_accents(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        paper = submitted_paper(world)
    anchor = paper.current_version.paragraphs.get(text__startswith="Việc học tập").anchor
    assert _hrefs(client, world.users["member"], "hoc tap nghi quyet") == [
        f"/tham-luan/{paper.pk}/#doan-{anchor}"
    ]
    assert _hrefs(client, world.users["outsider"], "hoc tap nghi quyet") == []


def test_approved_minutes_are_found_at_once_by_the_cell_not_by_another_committee(
    client, world, django_capture_on_commit_callbacks
):
    meeting = mh.meeting(world, title="Sinh hoạt chuyên đề tháng 12")
    mh.hold(meeting, [world.member_a, world.member_a2])
    with django_capture_on_commit_callbacks(execute=True):
        minutes = mh.approved_minutes(meeting, conclusion="Chi bộ thống nhất khắc phục biểu hiện nể nang.")
    assert SearchEntry.objects.filter(item_key=f"minutes:{minutes.pk}").exists()
    assert _hrefs(client, world.users["member"], "ne nang")
    assert _hrefs(client, world.users["outsider"], "ne nang") == []
    client.logout()
    response = client.get(reverse("archive-search"), {"q": "ne nang"})
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_a_draft_is_not_indexed(world, django_capture_on_commit_callbacks):
    meeting = mh.meeting(world, title="Sinh hoạt chuyên đề tháng 12")
    with django_capture_on_commit_callbacks(execute=True):
        meetings.draft_minutes(actor=SYSTEM, meeting=meeting)
    assert not SearchEntry.objects.filter(kind="minutes").exists()
