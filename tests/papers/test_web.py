from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuyende.papers import domain
from chuyende.papers.enums import CommentTarget, PaperState
from chuyende.papers.models import Manifestation, PaperComment

from .helpers import anchors, committee_meeting, docx_upload, key, paper, submitted_paper
from .test_import import build_real_paper


def login(client, world, role):
    client.force_login(world.users[role])
    return client


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_papers(client, world):
    login(client, world, "secretary")
    submitted_paper(world)
    one = count_queries(client, "/tham-luan/")
    submitted_paper(world)
    submitted_paper(world)
    assert count_queries(client, "/tham-luan/") == one


def test_detail_query_count_does_not_grow_with_comments(client, world):
    p = submitted_paper(world)
    login(client, world, "secretary")
    domain.add_comment(actor=world.users["secretary"], paper=p, text="Một.", idempotency_key=key())
    one = count_queries(client, f"/tham-luan/{p.pk}/")
    for _ in range(2):
        domain.add_comment(actor=world.users["secretary"], paper=p, text="Nữa.", idempotency_key=key(),
                           target=CommentTarget.PARAGRAPH, anchor=anchors(p)[1])  # fmt: skip
    assert count_queries(client, f"/tham-luan/{p.pk}/") == one


def test_outsider_gets_404_and_draft_hidden_from_other_cells(client, world):
    draft = paper(world)
    login(client, world, "outsider")
    assert client.get(f"/tham-luan/{draft.pk}/").status_code == 404
    login(client, world, "secretary")  # committee leader: sees the draft
    assert client.get(f"/tham-luan/{draft.pk}/").status_code == 200
    other_cell_member = world.users["secretary"].__class__.objects.create_user("thanhvien-b")
    from chuyende.common.actors import SYSTEM
    from chuyende.orgs.domain.members import link_user

    link_user(actor=SYSTEM, member=world.member_b, user=other_cell_member)
    client.force_login(other_cell_member)
    assert client.get(f"/tham-luan/{draft.pk}/").status_code == 404
    domain.set_paper_state(actor=world.users["member"], paper=draft, state=PaperState.SUBMITTED)
    assert client.get(f"/tham-luan/{draft.pk}/").status_code == 200


def test_tap_paragraph_returns_comment_form_then_comment_and_answer(client, world):
    p = submitted_paper(world)
    anchor = anchors(p)[1]
    login(client, world, "secretary")
    response = client.get(f"/tham-luan/{p.pk}/?doan={anchor}", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert f'value="{anchor}"' in html
    data = {
        "text": "Cần nêu tên việc cụ thể.",
        "target": "paragraph",
        "anchor": anchor,
        "idempotency_key": "k-1",
    }
    assert client.post(f"/tham-luan/{p.pk}/gop-y/", data).status_code == 302
    assert client.post(f"/tham-luan/{p.pk}/gop-y/", data).status_code == 302  # retry
    comment = PaperComment.objects.get()
    assert (comment.anchor, comment.author, comment.quoted_text) == (
        anchor, world.users["secretary"].member, p.current_version.paragraphs.get(anchor=anchor).text,
    )  # fmt: skip
    login(client, world, "member")
    client.post(
        f"/tham-luan/gop-y/{comment.pk}/tra-loi/", {"disposition": "accepted", "answer": "Đã bổ sung."}
    )
    comment.refresh_from_db()
    assert (comment.disposition, comment.answer) == ("accepted", "Đã bổ sung.")
    page = client.get(f"/tham-luan/{p.pk}/").content.decode()
    assert "Cần nêu tên việc cụ thể." in page
    assert "Đã bổ sung." in page


def test_edit_upload_submit_and_diff_pages(client, world):
    p = paper(world)
    login(client, world, "member")
    assert client.get(f"/tham-luan/{p.pk}/sua/").status_code == 200
    client.post(f"/tham-luan/{p.pk}/tai-len/", {"version": p.version, "file": docx_upload(build_real_paper)})
    p.refresh_from_db()
    assert p.draft[0]["text"] == "BÀI THAM LUẬN"
    tag = Manifestation.objects.get(code="CT5")
    response = client.post(f"/tham-luan/{p.pk}/sua/", {
        "version": p.version, "title": "Bài đã sửa", "topic": "", "text": "Đoạn một.\n\nĐoạn hai.",
        "authors": [world.member_a.pk], "manifestations": [tag.pk], "causes": "Chủ quan.", "solutions": "",
        "commitments": "",
    })  # fmt: skip
    assert response.status_code == 302
    client.post(f"/tham-luan/{p.pk}/trang-thai/", {"state": "submitted", "confirmed": "1"})
    p.refresh_from_db()
    assert (p.state, p.title, list(p.manifestations.values_list("code", flat=True))) == (
        "submitted",
        "Bài đã sửa",
        ["CT5"],
    )
    domain.set_paper_state(actor=world.users["secretary"], paper=p, state=PaperState.PRESENTED)
    p = domain.update_paper(
        actor=world.users["member"], paper=p, version=p.version, text="Đoạn một.\n\nĐoạn hai mới."
    )
    client.post(f"/tham-luan/{p.pk}/trang-thai/", {"state": "revision"})
    html = client.get(f"/tham-luan/{p.pk}/so-sanh/?tu=1&den=2").content.decode()
    assert "<ins>mới.</ins>" in html or "<ins>" in html
    assert "<del>" in html


def test_stale_edit_shows_conflict_message(client, world):
    p = paper(world)
    login(client, world, "member")
    stale = p.version
    domain.update_paper(actor=world.users["member"], paper=p, version=stale, title="Người khác sửa")
    typed = {"version": stale, "title": "Tôi sửa", "text": "Đoạn tôi vừa gõ.", "authors": [world.member_a.pk]}
    response = client.post(f"/tham-luan/{p.pk}/sua/", typed)
    # Nothing typed is lost: the form comes back with it, the other person's save beside it, and the
    # current version, so saving again after merging goes through.
    assert response.status_code == 409
    html = response.content.decode()
    assert "người khác đã lưu bài tham luận" in html
    assert 'value="Tôi sửa"' in html and "Đoạn tôi vừa gõ." in html
    assert '<section class="card" id="ban-nguoi-khac">' in html and "<p>Người khác sửa</p>" in html
    assert f'name="version" value="{stale + 1}"' in html
    p.refresh_from_db()
    assert p.title == "Người khác sửa"
    again = client.post(f"/tham-luan/{p.pk}/sua/", typed | {"version": p.version})
    assert again.status_code == 302
    p.refresh_from_db()
    assert p.title == "Tôi sửa"


def test_a_paper_refused_by_the_domain_keeps_what_was_typed(client, world):
    """A refusal the form cannot see (a text past the length limit) comes back on the same page with
    the title typed; before, a redirect dropped it."""
    login(client, world, "member")
    too_long = "x" * 200_001
    response = client.post(
        f"/tham-luan/tao/?org={world.cell_a.pk}", {"title": "Bài của tôi", "text": too_long}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Bài của tôi"' in html and "Nội dung bài tham luận" in html
    p = paper(world)
    edited = client.post(f"/tham-luan/{p.pk}/sua/", {"version": p.version, "title": "Tên mới", "text": too_long,
                                                    "authors": [world.member_a.pk]})  # fmt: skip
    assert edited.status_code == 400
    assert 'value="Tên mới"' in edited.content.decode()


def test_statistics_page_shows_bars(client, world):
    p = paper(world)
    domain.update_paper(actor=world.users["member"], paper=p, version=p.version,
                        manifestations=list(Manifestation.objects.filter(code="CT5")))  # fmt: skip
    domain.set_paper_state(actor=world.users["member"], paper=p, state=PaperState.SUBMITTED)
    login(client, world, "committee_member")
    html = client.get(f"/to-chuc/{world.committee.pk}/bieu-hien/").content.decode()
    assert 'style="--w: 100%"' in html
    login(client, world, "outsider")
    assert client.get(f"/to-chuc/{world.committee.pk}/bieu-hien/").status_code == 404


def test_session_page_agenda_and_comment_aloud(client, world):
    p = submitted_paper(world)
    meeting = committee_meeting(world)
    login(client, world, "secretary")
    client.post(
        f"/sinh-hoat/{meeting.pk}/tham-luan/", {"action": "agenda", "paper": [p.pk], f"minutes-{p.pk}": 12}
    )
    assert meeting.paper_agenda.get().minutes == 12
    client.post(f"/sinh-hoat/{meeting.pk}/tham-luan/", {
        "action": "comment", "paper": p.pk, "on_behalf_of": world.member_b.pk, "target": "paper",
        "text": "Cần lộ trình cụ thể.", "idempotency_key": "s-1",
    })  # fmt: skip
    comment = PaperComment.objects.get()
    assert (comment.channel, comment.author, comment.meeting) == ("at_session", world.member_b, meeting)
    client.post(f"/sinh-hoat/{meeting.pk}/tham-luan/", {"action": "presented", "confirmed": "1"})
    p.refresh_from_db()
    assert p.state == "presented"
    assert "Cần lộ trình cụ thể." in client.get(f"/sinh-hoat/{meeting.pk}/tham-luan/").content.decode()
