"""Every server error issue 15 found by fuzzing or by hand is now a 4xx with a Vietnamese message."""

import io
import json
import time
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pydantic import BaseModel

from chuyende.api.api import api
from chuyende.common.actors import SYSTEM
from chuyende.common.archives import UnsafeArchive, check_office_file
from chuyende.common.errors import DomainError
from chuyende.consultations.domain import import_docx
from chuyende.meetings.domain import draft_minutes
from chuyende.orgs.domain import preview_member_import
from chuyende.papers import domain as papers
from tests.papers.helpers import committee_meeting, paper, submitted_paper
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def send(client, method, url, body):
    raw = body if isinstance(body, str) else json.dumps(body)
    response = getattr(client, method)(url, data=raw, content_type="application/json")
    return response.status_code, response.json()


def test_null_on_a_field_that_cannot_be_null_is_400(client, world):
    client.force_login(world.users["secretary"])
    status, body = send(client, "patch", f"/api/members/{world.member_a.pk}", {"position": None})
    assert (status, body) == (
        400, {"detail": "Trường “position” không nhận giá trị null; bỏ trường này đi nếu không đổi nó."}
    )  # fmt: skip
    status, body = send(client, "patch", f"/api/organizations/{world.cell_a.pk}", {"name": None})
    assert (status, body["detail"]) == (
        400, "Trường “name” không nhận giá trị null; bỏ trường này đi nếu không đổi nó."
    )  # fmt: skip


@pytest.mark.parametrize("body", ["[]", "[1, 2]", "17", '"x"'])
def test_a_body_that_is_not_a_json_object_is_422(client, world, body):
    client.force_login(world.users["secretary"])
    for url in (f"/api/members/{world.member_a.pk}", f"/api/organizations/{world.cell_a.pk}"):
        status, answer = send(client, "patch", url, body)
        assert status == 422
        assert answer["detail"] == "Dữ liệu gửi lên không hợp lệ: body."
        assert (
            answer["errors"][0]["msg"] == "Value error, Dữ liệu gửi lên phải là một đối tượng JSON ({...})."
        )


def test_a_lone_surrogate_is_400(client, world):
    client.force_login(world.users["secretary"])
    raw = '{"name": "Chi b\\ud800"}'
    status, body = send(client, "patch", f"/api/organizations/{world.cell_a.pk}", raw)
    assert (status, body) == (400, {"detail": "Dữ liệu gửi lên có ký tự không hợp lệ (nửa cặp UTF-16)."})
    status, body = send(client, "patch", f"/api/organizations/{world.cell_a.pk}", "{not json")
    assert (status, body) == (
        400, {"detail": "Không đọc được dữ liệu gửi lên: nội dung phải là JSON hợp lệ (UTF-8)."}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/meetings?page=2449887537396022784", "page"),
        ("/api/members?page=0", "page"),
        ("/api/meetings/organizations/{committee}/yearly-grades?year=0", "year"),
        ("/api/meetings/organizations/{committee}/yearly-grades?year=-361", "year"),
        ("/api/meetings/organizations/{committee}/rollup?year=99999", "year"),
        ("/api/meetings/organizations/{committee}/rollup?year=abc", "year"),
        ("/api/archive/items?year=99999", "year"),
        ("/api/archive/items?organization=36893488147419103232", "organization"),
        ("/api/papers/{paper}/diff?old=1&new=1046762089317547626687627264", "new"),
    ],
)
def test_numbers_out_of_range_are_422(client, world, url, field):
    client.force_login(world.users["secretary"])
    target = paper(world)
    response = client.get(url.format(committee=world.committee.pk, paper=target.pk))
    assert response.status_code == 422
    assert response.json()["detail"] == f"Dữ liệu gửi lên không hợp lệ: {field}."


def test_an_id_past_64_bits_is_not_found(client, world):
    client.force_login(world.users["secretary"])
    assert client.get("/api/papers/36893488147419103232").status_code in (400, 404)
    assert client.get("/tham-luan/36893488147419103232/").status_code == 404


def test_votes_are_bounded(client, world):
    meeting = committee_meeting(world)
    draft_minutes(actor=SYSTEM, meeting=meeting)
    client.force_login(world.users["secretary"])
    minutes = client.get(f"/api/meetings/{meeting.pk}/minutes").json()
    status, body = send(
        client,
        "patch",
        f"/api/meetings/{meeting.pk}/minutes",
        {"version": minutes["version"], "votes_agree": 2**40},
    )
    assert (status, body["detail"]) == (422, "Dữ liệu gửi lên không hợp lệ: votes_agree.")
    status, body = send(
        client,
        "patch",
        f"/api/meetings/{meeting.pk}/minutes",
        {"version": minutes["version"], "votes_agree": 37},
    )
    assert (status, body["votes_agree"]) == (200, 37)


def test_openapi_schema_names_are_unique_and_right(client):
    spec = client.get("/api/openapi.json").json()
    schemas = spec["components"]["schemas"]

    def ref(path, method="get", status="200"):
        content = spec["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
        return (content.get("items") or content)["$ref"].rsplit("/", 1)[1]

    assert ref("/api/papers/{paper_id}/comments") == "PaperCommentOut"
    assert ref("/api/consultations/{consultation_id}/comments") == "PagedConsultationCommentOut"
    assert ref("/api/papers/{paper_id}/versions") == "PaperVersionOut"
    assert ref("/api/archive/items") == "ArchiveItemOut"
    assert ref("/api/commitments/rollup/{organization_id}") == "CommitmentRollupOut"
    assert ref("/api/documents/{document_id}/acknowledgements") == "AcknowledgementRollupOut"
    assert "quoted_text" in schemas["PaperCommentOut"]["properties"]
    assert "stance" in schemas["ConsultationCommentOut"]["properties"]
    for old in ("ItemOut", "RollupOut", "CommentOut", "VersionOut"):
        assert old not in schemas


def _bomb(inflated=60 * 1024 * 1024) -> bytes:
    """A small ZIP named like a DOCX whose one member inflates to `inflated` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_any_parser_opens_it(world):
    bomb = _bomb()
    assert len(bomb) < 200_000
    started = time.monotonic()
    with pytest.raises(UnsafeArchive, match="khi giải nén lớn bất thường"):
        check_office_file(bomb, "bai.docx")
    assert time.monotonic() - started < 1
    target = paper(world)
    upload = SimpleUploadedFile("bai.docx", bomb)
    with pytest.raises(UnsafeArchive, match="Tệp “bai.docx” khi giải nén lớn bất thường"):
        papers.import_file(actor=world.users["member"], paper=target, version=target.version, upload=upload)
    with pytest.raises(UnsafeArchive):
        import_docx(actor=world.users["clerk"], organization=world.committee, title="Dự thảo", content=bomb)
    with pytest.raises(UnsafeArchive):
        preview_member_import(actor=world.users["clerk"], organization=world.committee, file_name="ds.xlsx",
                              content=bomb)  # fmt: skip


@pytest.mark.parametrize("content", [b"\x8f\x00random bytes" * 50, b"PK\x03\x04\x14\x00\x00\x00truncated"])
def test_random_or_truncated_bytes_as_docx_are_400(client, world, content):
    target = paper(world)
    client.force_login(world.users["member"])
    response = client.post(
        f"/api/papers/{target.pk}/upload",
        {"version": target.version, "file": SimpleUploadedFile("bai.docx", content)},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Không đọc được nội dung tệp “bai.docx”. Tệp có thể bị hỏng."}


def test_text_limits_are_said(world):
    target = submitted_paper(world)
    member = world.users["member"]
    with pytest.raises(DomainError) as refused:
        papers.add_comment(actor=member, paper=target, text="x" * 10_001, idempotency_key="k1")
    assert refused.value.message == "Nội dung góp ý dài 10.001 ký tự, vượt giới hạn 10.000 ký tự."
    draft = paper(world)
    with pytest.raises(DomainError) as refused:
        papers.update_paper(actor=member, paper=draft, version=draft.version, text="y" * 200_001)
    assert refused.value.message == "Nội dung bài tham luận dài 200.001 ký tự, vượt giới hạn 200.000 ký tự."


def test_an_unknown_plan_state_is_400(client, world):
    from chuyende.meetings.domain import create_plan

    plan = create_plan(actor=SYSTEM, organization=world.committee, theme="Chuyên đề",
                       cell_sessions_before=date(2016, 12, 20), confirm_dates=True)  # fmt: skip
    client.force_login(world.users["secretary"])
    status, body = send(client, "post", f"/api/meetings/plans/{plan.pk}/state", {"state": "x"})
    assert (status, body) == (400, {"detail": "Trạng thái kế hoạch không hợp lệ."})


def test_every_request_body_is_published_under_its_own_schema(client):
    """Two input schemas with one class name collapse into one OpenAPI component, and the published
    body of one endpoint is then the other's (PaperCommentIn vs ConsultationCommentIn)."""
    spec = client.get("/api/openapi.json").json()
    checked = 0
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for model in operation.models:
                    if getattr(model, "__ninja_param_source__", "") != "body":
                        continue
                    for field in model.model_fields.values():
                        schema = field.annotation
                        if not (isinstance(schema, type) and issubclass(schema, BaseModel)):
                            continue
                        full = "/api/" + "/".join(p.strip("/") for p in (prefix, path) if p.strip("/"))
                        item = spec["paths"].get(full) or spec["paths"][full + "/"]
                        body = item[operation.methods[0].lower()]["requestBody"]["content"]
                        ref = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
                        assert ref == schema.__name__, (full, ref, schema.__name__)
                        published = set(spec["components"]["schemas"][ref].get("properties", {}))
                        assert published == set(schema.model_fields), full
                        checked += 1
    assert checked >= 50
