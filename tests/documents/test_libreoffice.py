"""The DOCX of every document type laid out by LibreOffice (as an office opening it in a word
processor would) has the PDF's page count and puts the signature block on the same page.

Needs `soffice` (Debian's libreoffice-writer-nogui, installed by .ci/run). Setting
CHUYENDE_PAGE_IMAGES=docs/images also writes a PNG of page 1 of each type's PDF (pdftoppm).
"""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command

from chuyende.archive.models import VolumeBuild
from chuyende.documents.rendering.docx import render_docx
from chuyende.documents.rendering.pdf import render_pdf
from tests.documents.every_type import every_type

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)"),
]


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def signature_page(pages: list[str], doc) -> int:
    """1-based page of the last page holding the signature's position and name."""
    marks = [doc.signature.position, doc.signature.name or doc.signature.position]
    found = [number for number, text in enumerate(pages, start=1) if all(mark in text for mark in marks)]
    assert found, f"signature {marks} not found"
    return found[-1]


def libreoffice_pdfs(docx_files: list[Path], out: Path, profile: Path) -> None:
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(out), *map(str, docx_files)],
        check=True, timeout=300, capture_output=True,
    )  # fmt: skip


def test_libreoffice_lays_out_every_docx_like_the_pdf(tmp_path):
    call_command("demo")
    documents = every_type()
    pdfs, files = {}, []
    for name, doc in documents.items():
        pdfs[name] = render_pdf(doc)
        path = tmp_path / f"{name}.docx"
        path.write_bytes(render_docx(doc))
        files.append(path)
    volume = VolumeBuild.objects.filter(status="done").latest("pk")  # the demo's bound volume
    (tmp_path / "quyen.docx").write_bytes(bytes(volume.docx))
    files.append(tmp_path / "quyen.docx")
    libreoffice_pdfs(files, tmp_path / "lo", tmp_path / "profile")
    measured = {}
    for name, doc in documents.items():
        ours, theirs = page_texts(pdfs[name]), page_texts((tmp_path / "lo" / f"{name}.pdf").read_bytes())
        measured[name] = (len(ours), len(theirs), signature_page(ours, doc), signature_page(theirs, doc))
    print(measured)
    assert {name: (p, p, s, s) for name, (p, _, s, _) in measured.items()} == measured
    volume_pages = (
        len(page_texts(bytes(volume.pdf))),
        len(page_texts((tmp_path / "lo" / "quyen.pdf").read_bytes())),
    )
    print("volume", volume_pages)
    assert volume_pages[0] == volume_pages[1]
    images = os.environ.get("CHUYENDE_PAGE_IMAGES")
    if images and shutil.which("pdftoppm"):
        pdfs["quyen"] = bytes(volume.pdf)
        for name, pdf in pdfs.items():
            (tmp_path / f"{name}.pdf").write_bytes(pdf)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                 str(tmp_path / f"{name}.pdf"), str(Path(images) / f"{name}-page1")],
                check=True, timeout=60,
            )  # fmt: skip
