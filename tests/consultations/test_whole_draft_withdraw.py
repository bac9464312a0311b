"""A comment on the whole draft (not on a paragraph) is shown on the member's page and withdrawn
there like a paragraph comment: own comment, window open, after the confirmation; API alike."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chuyende.common.models import AuditEntry
from chuyende.consultations.domain import submit_comment
from chuyende.consultations.enums import CommentStatus, TargetKind
from chuyende.consultations.models import Comment, Consultation

from .helpers import consultation_for

pytestmark = pytest.mark.django_db

TEXT = "Đề nghị bổ sung phần tổ chức thực hiện."


def _whole_draft_comment(world, consultation, user="member"):
    comment, _ = submit_comment(actor=world.users[user], consultation=consultation, stance="disagree",
                                text=TEXT, idempotency_key=f"k-{user}", target=TargetKind.DRAFT)  # fmt: skip
    return comment


def test_member_sees_and_withdraws_a_whole_draft_comment_from_the_consultation_page(world, client):
    consultation = consultation_for(world)
    comment = _whole_draft_comment(world, consultation)
    client.force_login(world.users["member"])
    url = reverse("consultation-detail", args=[consultation.pk])
    page = client.get(url).text
    section = page[page.index('id="gop-y-chung"') :]
    assert TEXT in section
    withdraw = reverse("consultation-withdraw", args=[consultation.pk, comment.pk])
    assert f'action="{withdraw}"' in section
    # Without the confirmation nothing happens; with it the comment is withdrawn and audited.
    client.post(withdraw)
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.ACTIVE
    client.post(withdraw, {"confirmed": "1"})
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.WITHDRAWN
    assert AuditEntry.objects.filter(action="comment.withdraw", object_id=str(comment.pk)).count() == 1
    section = client.get(url).text.split('id="gop-y-chung"', 1)[1]
    assert "Đã rút" in section and f'action="{withdraw}"' not in section


def test_another_member_cannot_withdraw_it(world, client):
    consultation = consultation_for(world)
    comment = _whole_draft_comment(world, consultation)
    client.force_login(world.users["cell_secretary"])
    client.post(reverse("consultation-withdraw", args=[consultation.pk, comment.pk]), {"confirmed": "1"})
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.ACTIVE
    api = client.post(f"/api/consultations/comments/{comment.pk}/withdraw")
    assert api.status_code == 404
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.ACTIVE


def test_after_the_window_closes_it_is_shown_without_the_withdraw_button(world, client):
    consultation = consultation_for(world)
    comment = _whole_draft_comment(world, consultation)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(seconds=1)
    )
    client.force_login(world.users["member"])
    page = client.get(reverse("consultation-detail", args=[consultation.pk])).text
    section = page[page.index('id="gop-y-chung"') :]
    assert TEXT in section
    assert reverse("consultation-withdraw", args=[consultation.pk, comment.pk]) not in section


def test_api_withdraws_a_whole_draft_comment(world, client):
    consultation = consultation_for(world)
    comment = _whole_draft_comment(world, consultation)
    client.force_login(world.users["member"])
    response = client.post(f"/api/consultations/comments/{comment.pk}/withdraw")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
