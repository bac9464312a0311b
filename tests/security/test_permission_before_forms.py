"""Permission before the form: a person who may not create or change something is refused with the
reason (403 and the Vietnamese sentence, as every refusal renders it) before any field of the form
is read, on GET and on POST. Telling them "Trường này là bắt buộc" first would invite them to fill
in a form they can never send, and would say what the form holds.

Every create and edit page of the site is here (and the action forms of the plan and meeting
pages), each tried by someone who sees the object but lacks the right, with an empty form."""

from dataclasses import dataclass

import pytest
from django.test import Client

from chuyende.common.actors import SYSTEM
from chuyende.meetings import domain as meetings
from tests.commitments.helpers import commitment, resolution
from tests.consultations.helpers import consultation_for, published_draft
from tests.documents.helpers import issued, term_for
from tests.meetings.helpers import meeting as make_meeting
from tests.meetings.helpers import plan as make_plan
from tests.papers.helpers import paper as make_paper
from tests.world import build_world

pytestmark = pytest.mark.django_db

FORM_ERRORS = ("bắt buộc", "errorlist", "Hãy chọn", "Hãy nhập", "không hợp lệ")


@dataclass
class Page:
    role: str
    url: object  # (world, objects) -> str
    reason: str
    methods: tuple = ("GET", "POST")
    data: object = None  # a dict, or (world, objects) -> dict


def _objects(world):
    """What the pages name, made once per test by the domain functions."""
    plan = make_plan(world)
    meeting = make_meeting(world)
    meetings.draft_minutes(actor=SYSTEM, meeting=meeting)
    draft, _version = published_draft(world.committee)
    return {
        "plan": plan,
        "meeting": meeting,
        "paper": make_paper(world),
        "commitment": commitment(
            world.cell_a, world.member_a, basis=resolution(world.committee), approve=False
        ),
        # Managers alone see drafts; an overseer opens the issued document, and may not edit it.
        "document": issued(world.committee, term_for(world.committee), world.users["secretary"].member),
        "draft": draft,
    }


PAGES = {
    # plans and meetings
    "plan-create": Page("member", lambda w, o: f"/ke-hoach/tao/?org={w.committee.pk}",
                        "Bạn không có quyền lập kế hoạch cho Đảng bộ này."),
    "plan-edit": Page("committee_member", lambda w, o: f"/ke-hoach/{o['plan'].pk}/sua/", "Bạn không có quyền sửa kế hoạch này."),
    "plan-assign": Page("committee_member", lambda w, o: f"/ke-hoach/{o['plan'].pk}/",
                        "Bạn không có quyền phân công chuyên đề trong kế hoạch này.", ("POST",), {"cell": "x"}),
    "plan-issue": Page("committee_member", lambda w, o: f"/ke-hoach/{o['plan'].pk}/", "Bạn không có quyền ban hành kế hoạch này.",
                       ("POST",), {"issue": "1"}),
    "meeting-create": Page("member", lambda w, o: f"/sinh-hoat/tao/?org={w.cell_a.pk}",
                           "Bạn không có quyền lên lịch sinh hoạt cho tổ chức này."),
    "meeting-edit": Page("member", lambda w, o: f"/sinh-hoat/{o['meeting'].pk}/sua/",
                         "Bạn không có quyền sửa buổi sinh hoạt này."),
    "meeting-material": Page("member", lambda w, o: f"/sinh-hoat/{o['meeting'].pk}/",
                             "Bạn không có quyền đăng tài liệu cho buổi sinh hoạt này.", ("POST",), {"title": ""}),
    "meeting-cancel": Page("member", lambda w, o: f"/sinh-hoat/{o['meeting'].pk}/",
                           "Bạn không có quyền huỷ buổi sinh hoạt này.", ("POST",), {"cancel": "1"}),
    "meeting-publish": Page("member", lambda w, o: f"/sinh-hoat/{o['meeting'].pk}/",
                            "Bạn không có quyền phát hành tài liệu cho buổi sinh hoạt này.", ("POST",), {"publish": "1"}),
    "meeting-minutes": Page("member", lambda w, o: f"/sinh-hoat/{o['meeting'].pk}/bien-ban/",
                            "Bạn không có quyền ghi biên bản buổi sinh hoạt này.", ("POST",), {"action": "save"}),
    "meeting-grade": Page("member", lambda w, o: f"/sinh-hoat/{o['meeting'].pk}/xep-loai/",
                          "Bạn không có quyền đề xuất xếp loại buổi sinh hoạt này.", ("POST",), {"chuan_bi": "abc"}),
    # papers, commitments, documents
    "paper-create": Page("supervisor", lambda w, o: f"/tham-luan/tao/?org={w.cell_a.pk}",
                         "Bạn không có quyền viết bài tham luận cho chi bộ này."),
    "paper-edit": Page("supervisor", lambda w, o: f"/tham-luan/{o['paper'].pk}/sua/",
                       "Chỉ tác giả và bí thư chi bộ được sửa bài tham luận này."),
    "commitment-create-own": Page("nobody", lambda w, o: "/cam-ket/tao/", "Chỉ đảng viên mới soạn cam kết của mình."),
    "commitment-create-cell": Page("member", lambda w, o: f"/cam-ket/tao/?cell={w.cell_a.pk}",
                                   "Bạn không có quyền soạn cam kết này."),
    "commitment-edit": Page("committee_member", lambda w, o: f"/cam-ket/{o['commitment'].pk}/sua/",
                            "Bạn không có quyền sửa cam kết này."),
    "document-create": Page("member", lambda w, o: f"/van-ban/soan/?org={w.committee.pk}",
                            "Bạn không có quyền soạn văn bản của tổ chức này."),
    "document-edit": Page("committee_member", lambda w, o: f"/van-ban/{o['document'].pk}/sua/",
                          "Bạn không có quyền sửa văn bản này."),
    "document-issue": Page("committee_member", lambda w, o: f"/van-ban/{o['document'].pk}/issue/",
                           "Bạn không có quyền ban hành văn bản của tổ chức này.", ("POST",)),
    "document-withdraw": Page("committee_member", lambda w, o: f"/van-ban/{o['document'].pk}/withdraw/",
                              "Bạn không có quyền thu hồi văn bản của tổ chức này.", ("POST",)),
    "document-disseminate": Page("committee_member", lambda w, o: f"/van-ban/{o['document'].pk}/disseminate/",
                                 "Bạn không có quyền phổ biến văn bản của tổ chức này.", ("POST",)),
    "outbox": Page("member", lambda w, o: "/hop-thu-di/", "Bạn không có quyền duyệt thư của tổ chức này.",
                   ("POST",), lambda w, o: {"organization": w.committee.pk}),
    # organizations and members
    "org-create-root": Page("clerk", lambda w, o: "/to-chuc/them/", "Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất."),
    "org-create-child": Page("member", lambda w, o: f"/to-chuc/{w.committee.pk}/them-truc-thuoc/",
                             "Bạn không có quyền tạo tổ chức trực thuộc đơn vị này."),
    "org-edit": Page("member", lambda w, o: f"/to-chuc/{w.cell_a.pk}/sua/", "Bạn không có quyền sửa thông tin tổ chức này."),
    "org-move": Page("member", lambda w, o: f"/to-chuc/{w.cell_a.pk}/chuyen/", "Bạn không có quyền chuyển tổ chức này."),
    "org-close": Page("cell_secretary", lambda w, o: f"/to-chuc/{w.cell_a.pk}/giai-the/",
                      "Việc giải thể do cấp uỷ cấp trên quyết định; bạn không có quyền này."),
    "org-reopen": Page("cell_secretary", lambda w, o: f"/to-chuc/{w.cell_a.pk}/mo-lai/",
                       "Việc mở lại tổ chức do cấp uỷ cấp trên quyết định; bạn không có quyền này.", ("POST",)),
    "org-term": Page("member", lambda w, o: f"/to-chuc/{w.cell_a.pk}/nhiem-ky/",
                     "Bạn không có quyền quản lý nhiệm kỳ của tổ chức này."),
    "org-roles": Page("supervisor", lambda w, o: f"/to-chuc/{w.cell_a.pk}/vai-tro/",
                      "Bạn không có quyền phân công vai trò trong tổ chức này.", ("POST",)),
    "org-import": Page("member", lambda w, o: "/to-chuc/nhap-cay/", "Bạn không có quyền nhập cây tổ chức."),
    "member-create": Page("member", lambda w, o: f"/to-chuc/{w.cell_a.pk}/them-dang-vien/",
                          "Bạn không có quyền thêm đảng viên vào tổ chức này."),
    "member-edit": Page("member", lambda w, o: f"/dang-vien/{w.member_a2.pk}/sua/",
                        "Bạn không có quyền sửa thông tin đảng viên này."),
    "member-import": Page("member", lambda w, o: f"/to-chuc/{w.cell_a.pk}/nhap-danh-sach/",
                          "Bạn không có quyền nhập danh sách đảng viên cho tổ chức này."),
    # draft resolutions and the archive
    "draft-import": Page("member", lambda w, o: "/du-thao/nhap/", "Bạn không quản lý tổ chức nào để soạn dự thảo."),
    "draft-paste": Page("member", lambda w, o: "/du-thao/dan/", "Bạn không quản lý tổ chức nào để soạn dự thảo."),
    "draft-edit": Page("committee_member", lambda w, o: f"/du-thao/{o['draft'].pk}/sua/", "Bạn không có quyền sửa dự thảo này."),
    "draft-open": Page("committee_member", lambda w, o: f"/du-thao/{o['draft'].pk}/lay-y-kien/",
                       "Chỉ văn phòng của tổ chức mới mở lấy ý kiến."),
    "volume-create": Page("member", lambda w, o: "/luu-tru/quyen/tao/", "Chỉ văn phòng của tổ chức mới lập tập tham luận."),
}  # fmt: skip


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_page_refuses_who_lacks_the_right_before_reading_the_form(world, name):
    page = PAGES[name]
    objects = _objects(world)
    url = page.url(world, objects)
    data = page.data(world, objects) if callable(page.data) else page.data or {}
    client = Client()
    client.force_login(world.users[page.role])
    for method in page.methods:
        response = client.get(url) if method == "GET" else client.post(url, data)
        text = response.content.decode()
        assert (method, response.status_code) == (method, 403)
        assert page.reason in text
        assert [e for e in FORM_ERRORS if e in text] == []


def test_the_comment_form_tells_who_is_outside_the_audience_before_its_fields(world):
    """The consultation's comment form is an htmx fragment (only 2xx answers are swapped in): the
    refusal comes in it, instead of "Hãy chọn ý kiến." to someone who may not comment at all."""
    consultation = consultation_for(world)
    client = Client()
    client.force_login(world.users["clerk"])  # the office sees the consultation, is not consulted
    response = client.post(f"/lay-y-kien/{consultation.pk}/gop-y/", {}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "Đồng chí không thuộc đối tượng được lấy ý kiến về dự thảo này." in text
    assert "Hãy chọn ý kiến." not in text
    client.force_login(world.users["outsider"])  # does not see it: nothing to tell
    assert client.post(f"/lay-y-kien/{consultation.pk}/gop-y/", {}).status_code == 404
