import io
import unicodedata

from docx import Document

from chuyende.papers import domain
from chuyende.papers.enums import BlockKind
from chuyende.papers.importing import blocks_from_docx, blocks_from_plain_text

from .helpers import docx_upload, paper


def build_real_paper(document, normalize="NFC"):
    def t(text):
        return unicodedata.normalize(normalize, text)

    document.add_paragraph(t("BÀI THAM LUẬN"), style="Title")
    document.add_paragraph(
        t("Thực hiện quy định về trách nhiệm nêu gương của cán bộ, đảng viên"), style="Heading 1"
    )
    document.add_paragraph(
        t("Chi bộ Phòng Công tác ĐBQH có 9 đảng viên, sinh hoạt đều đặn vào ngày 3 hằng tháng.")
    )
    document.add_paragraph(t("I. Những biểu hiện còn tồn tại"), style="Heading 2")
    document.add_paragraph(t("Có lúc còn nể nang, né tránh, ngại va chạm."), style="List Number")
    document.add_paragraph(t("Việc nêu gương ở một số việc chưa thường xuyên."), style="List Number")
    bold = document.add_paragraph()
    bold.add_run(t("II. Giải pháp khắc phục")).bold = True
    document.add_paragraph(
        t("Mỗi đảng viên đăng ký nội dung nêu gương và tự kiểm điểm hằng quý."), style="List Number"
    )
    document.add_paragraph("")


def test_docx_import_keeps_headings_numbering_and_diacritics():
    upload = docx_upload(build_real_paper)
    blocks = blocks_from_docx(io.BytesIO(upload.read()))
    assert [(b["kind"], b["level"], b["label"], b["text"]) for b in blocks] == [
        (BlockKind.HEADING, 1, "", "BÀI THAM LUẬN"),
        (BlockKind.HEADING, 1, "", "Thực hiện quy định về trách nhiệm nêu gương của cán bộ, đảng viên"),
        (BlockKind.PARAGRAPH, 0, "", "Chi bộ Phòng Công tác ĐBQH có 9 đảng viên, sinh hoạt đều đặn vào ngày 3 hằng tháng."),
        (BlockKind.HEADING, 2, "", "I. Những biểu hiện còn tồn tại"),
        (BlockKind.ITEM, 0, "1.", "Có lúc còn nể nang, né tránh, ngại va chạm."),
        (BlockKind.ITEM, 0, "2.", "Việc nêu gương ở một số việc chưa thường xuyên."),
        (BlockKind.HEADING, 2, "", "II. Giải pháp khắc phục"),
        (BlockKind.ITEM, 0, "3.", "Mỗi đảng viên đăng ký nội dung nêu gương và tự kiểm điểm hằng quý."),
    ]  # fmt: skip


def test_docx_import_of_nfd_text_gives_the_same_letters_in_nfc():
    nfd = docx_upload(lambda d: build_real_paper(d, normalize="NFD"))
    nfc = docx_upload(build_real_paper)
    nfd_blocks = blocks_from_docx(io.BytesIO(nfd.read()))
    assert nfd_blocks == blocks_from_docx(io.BytesIO(nfc.read()))
    assert all(unicodedata.is_normalized("NFC", b["text"]) for b in nfd_blocks)
    assert nfd_blocks[3]["text"] == "I. Những biểu hiện còn tồn tại"


def test_import_file_keeps_original_and_replaces_working_text(world):
    p = paper(world, text="Đoạn cũ sẽ được thay.")
    upload = docx_upload(build_real_paper)
    original = upload.read()
    upload.seek(0)
    stored = domain.import_file(actor=world.users["member"], paper=p, version=p.version, upload=upload)
    p.refresh_from_db()
    assert stored.file.read() == original
    assert stored.kind == "docx"
    assert len(p.draft) == 8
    assert p.draft_source == stored
    assert "Có lúc còn nể nang, né tránh, ngại va chạm." in stored.extracted_text


def test_docx_nested_list_levels_are_numbered_per_level():
    document = Document()
    document.add_paragraph("Mục một", style="List Number")
    document.add_paragraph("Ý con", style="List Number 2")
    document.add_paragraph("Ý con thứ hai", style="List Number 2")
    document.add_paragraph("Mục hai", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    blocks = blocks_from_docx(buffer)
    assert [b["kind"] for b in blocks] == [BlockKind.ITEM] * 4
    assert blocks[0]["label"] == "1."
    assert blocks[3]["label"] == "2."


def test_plain_text_paragraphs_end_at_sentence_end_or_blank_line():
    text = "Dòng đầu của đoạn\nvẫn tiếp tục.\nĐoạn thứ hai:\n\nĐoạn ba không dấu chấm"
    assert [b["text"] for b in blocks_from_plain_text(text)] == [
        "Dòng đầu của đoạn vẫn tiếp tục.",
        "Đoạn thứ hai:",
        "Đoạn ba không dấu chấm",
    ]
