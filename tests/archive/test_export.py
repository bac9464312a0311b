"""The export package for the national member handbook app: contents, manifest, checksums."""

import hashlib
import io
import json
import zipfile

from pypdf import PdfReader

from chuyende.archive.interfaces.export import MANIFEST_VERSION, meeting_package


def _open(package: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(package))


def test_package_holds_materials_minutes_and_manifest(archive):
    meeting = archive["meeting"]
    package = _open(meeting_package(meeting))
    assert package.namelist() == ["manifest.json", "tai-lieu/01-bao-cao.pdf", "bien-ban/bien-ban-01.pdf"]
    assert package.read("tai-lieu/01-bao-cao.pdf") == b"%PDF-1.4 bao cao"
    minutes_text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(package.read("bien-ban/bien-ban-01.pdf"))).pages
    )
    assert "khắc phục biểu hiện nể nang" in " ".join(minutes_text.split())


def test_manifest_lists_every_file_with_its_checksum_and_size(archive):
    meeting = archive["meeting"]
    package = _open(meeting_package(meeting))
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["version"] == MANIFEST_VERSION
    assert manifest["meeting"]["id"] == meeting.pk
    assert manifest["meeting"]["title"] == "Sinh hoạt chuyên đề tháng 12"
    assert manifest["meeting"]["organization"] == {
        "id": meeting.organization_id, "name": "Chi bộ Phòng Nghiệp vụ Pháp chế", "path": meeting.organization.path,
    }  # fmt: skip
    assert [(f["path"], f["title"]) for f in manifest["files"]] == [
        ("tai-lieu/01-bao-cao.pdf", "Báo cáo chuyên đề"),
        ("bien-ban/bien-ban-01.pdf", "Biên bản số 1"),
    ]
    for entry in manifest["files"]:
        data = package.read(entry["path"])
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_same_meeting_exports_the_same_bytes(archive):
    assert meeting_package(archive["meeting"]) == meeting_package(archive["meeting"])


def test_unapproved_minutes_are_left_out(world, archive):
    from tests.meetings import helpers as mh

    meeting = mh.meeting(world, title="Sinh hoạt chưa có biên bản")
    package = _open(meeting_package(meeting))
    assert package.namelist() == ["manifest.json"]
    assert json.loads(package.read("manifest.json"))["files"] == []
