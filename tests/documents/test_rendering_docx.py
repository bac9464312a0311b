"""Reads the DOCX back and checks every element of Guideline 36-HD/VPTW against the format data."""

import io
import json
import unicodedata

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from chuyende.documents.rendering.docx import STYLE_NAMES, render_docx
from chuyende.documents.rendering.format import load_format
from chuyende.documents.rendering.model import Document, Header, Paragraph, Signature
from tests.documents import samples

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
FMT = load_format()


def read(document: Document, fmt=None):
    return docx.Document(io.BytesIO(render_docx(document, fmt)))


@pytest.fixture(scope="module")
def plan():
    return read(samples.sample_plan())


def texts(cell):
    return [paragraph.text for paragraph in cell.paragraphs]


def styles(cell):
    return [paragraph.style.name for paragraph in cell.paragraphs]


def test_docx_page_is_a4_with_margins_from_format(plan):
    section = plan.sections[0]
    page = FMT.page
    assert section.page_width.mm == pytest.approx(page.width_mm, abs=0.1)
    assert section.page_height.mm == pytest.approx(page.height_mm, abs=0.1)
    assert section.top_margin.mm == pytest.approx(20, abs=0.1)
    assert section.bottom_margin.mm == pytest.approx(20, abs=0.1)
    assert section.left_margin.mm == pytest.approx(30, abs=0.1)
    assert section.right_margin.mm == pytest.approx(15, abs=0.1)


def test_docx_header_table_puts_bodies_left_and_party_name_right(plan):
    header = plan.tables[0]
    # The issuing body breaks between words that belong together, in balanced lines.
    issuing = "ĐẢNG UỶ CƠ QUAN VĂN PHÒNG\nĐOÀN ĐBQH VÀ HĐND TỈNH"
    assert texts(header.cell(0, 0)) == [samples.SUPERIOR_BODY, issuing, "*"]
    assert styles(header.cell(0, 0)) == ["CD Superior Body", "CD Issuing Body", "CD Star"]
    assert texts(header.cell(0, 1)) == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert styles(header.cell(0, 1)) == ["CD Party Name"]
    assert texts(header.cell(1, 0)) == ["Số 05-KH/ĐU"]
    assert texts(header.cell(1, 1)) == ["Nha Trang, ngày 05 tháng 12 năm 2016"]
    assert styles(header.cell(1, 1)) == ["CD Place Date"]
    assert header.cell(0, 0).width.mm == pytest.approx(FMT.page.header_left_width_mm, abs=0.1)


def test_docx_party_name_has_a_rule_under_it(plan):
    party = plan.tables[0].cell(0, 1).paragraphs[0]
    bottom = party._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single"
    # The rule is as wide as the 72.9 mm text plus 0.5 mm each side, inside the 81 mm column.
    rule_width = 81 - party.paragraph_format.left_indent.mm - party.paragraph_format.right_indent.mm
    assert rule_width == pytest.approx(73.9, abs=0.2)


def test_docx_body_follows_header_in_order(plan):
    paragraphs = [(p.style.name, p.text) for p in plan.paragraphs]
    assert paragraphs[0] == ("CD Type", "KẾ HOẠCH")
    assert paragraphs[1] == ("CD Summary", samples.SUMMARY)
    assert paragraphs[2] == ("CD Body", samples.FIRST_PARAGRAPH)
    assert paragraphs[3] == ("CD Heading 1", "I. MỤC ĐÍCH, YÊU CẦU")
    headings = [text for style, text in paragraphs if style == "CD Heading 1"]
    assert headings == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN"]
    bullets = [text for style, text in paragraphs if style == "CD Bullet"]
    assert bullets == [
        "- Văn phòng Đảng uỷ theo dõi, tổng hợp, báo cáo kết quả.",
        "- Các chi bộ chưa đạt yêu cầu phải tổ chức sinh hoạt lại.",
    ]


def test_docx_inline_runs_keep_bold_and_italic(plan):
    paragraph = next(p for p in plan.paragraphs if p.text.startswith("2. Sinh hoạt"))
    runs = [(run.text, run.bold, run.italic) for run in paragraph.runs]
    assert runs == [
        ("2. ", None, None),
        ("Sinh hoạt chuyên đề phải ", None, None),
        ("thiết thực, hiệu quả", True, None),
        (", tránh hình thức; ", None, None),
        ("nói đi đôi với làm", None, True),
        (".", None, None),
    ]


def test_docx_topic_table_lists_the_five_cells(plan):
    table = plan.tables[1]
    assert [cell.text for cell in table.rows[0].cells] == ["TT", "Chi bộ", "Chủ đề"]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert rows == [[str(i), cell, topic] for i, (cell, topic) in enumerate(samples.CELL_TOPICS, start=1)]
    assert table.rows[0].cells[0].paragraphs[0].style.name == "CD Table Header"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_docx_signature_right_and_recipients_left(plan):
    closing = plan.tables[-1]
    assert texts(closing.cell(0, 1)) == ["T/M ĐẢNG UỶ", "BÍ THƯ", "Nguyễn Đức Thành"]
    assert styles(closing.cell(0, 1)) == [
        "CD Signature Authority",
        "CD Signature Position",
        "CD Signature Name",
    ]
    assert texts(closing.cell(0, 0)) == ["Nơi nhận:"] + [f"- {line}" for line in samples.RECIPIENTS]
    assert styles(closing.cell(0, 0)) == ["CD Recipients Label"] + ["CD Recipients"] * 4


@pytest.mark.parametrize("element", sorted(STYLE_NAMES))
def test_docx_style_matches_format_data(plan, element):
    style = plan.styles[STYLE_NAMES[element]]
    expected = FMT.element(element)
    assert style.font.size.pt == expected.size_pt
    assert style.font.bold is expected.bold
    assert style.font.italic is expected.italic
    assert bool(style.font.underline) is expected.underline
    assert style.font.all_caps is expected.caps
    assert style.paragraph_format.alignment == ALIGN[expected.align]
    assert style.paragraph_format.space_after.pt == pytest.approx(expected.space_after_pt, abs=0.05)
    assert style.paragraph_format.first_line_indent.mm == pytest.approx(
        expected.first_line_indent_mm, abs=0.1
    )
    fonts = style.element.rPr.find(qn("w:rFonts"))
    assert {
        slot: fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")
    } == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), "Times New Roman")


def test_docx_domain_table_values():
    """Spot-checks the reference data itself against domain.md §3, so a bad edit fails here."""
    e = FMT.element
    assert (e("party_name").size_pt, e("party_name").bold, e("party_name").caps) == (15, True, True)
    assert (e("superior_body").size_pt, e("superior_body").bold) == (14, False)
    assert (e("issuing_body").size_pt, e("issuing_body").bold) == (14, True)
    assert (e("place_date").size_pt, e("place_date").italic) == (14, True)
    assert (e("type_name").size_pt, e("type_name").bold) == (15, True)
    assert (e("body").size_pt, e("body").align, e("body").first_line_indent_mm) == (14, "justify", 12.7)
    assert (e("recipients_label").underline, e("recipients").size_pt) == (True, 12)


def test_docx_page_number_field_from_page_two(plan):
    section = plan.sections[0]
    assert section.different_first_page_header_footer is True
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header._element
    assert [node.text for node in header.iter(qn("w:instrText"))] == [" PAGE "]
    assert section.header.paragraphs[0].style.name == "CD Page Number"


def test_docx_draft_shows_blank_number_and_mark():
    document = read(samples.sample_plan(draft=True))
    assert texts(document.tables[0].cell(1, 0)) == ["Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-KH/ĐU"]
    assert [(p.style.name, p.text) for p in document.paragraphs[:2]] == [
        ("CD Mark", "DỰ THẢO"),
        ("CD Type", "KẾ HOẠCH"),
    ]


def test_docx_nfd_input_comes_out_nfc():
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    document = Document(
        header=Header(nfd(samples.SUPERIOR_BODY), nfd(samples.ISSUING_BODY), nfd("05-NQ/ĐU"), nfd("Hà Nội")),
        type_name=nfd("NGHỊ QUYẾT"),
        summary=nfd("về xây dựng, chỉnh đốn Đảng"),
        blocks=[Paragraph(nfd("Tự phê bình và phê bình; khắc phục tình trạng nể nang."))],
        signature=Signature(nfd("BÍ THƯ"), nfd("Nguyễn Đức Thành"), nfd("T/M ĐẢNG UỶ")),
        recipients=[nfd("Lưu Văn phòng.")],
    )
    read_back = read(document)
    assert read_back.tables[0].cell(0, 1).text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert read_back.tables[0].cell(1, 0).text == "Số 05-NQ/ĐU"
    assert [p.text for p in read_back.paragraphs] == [
        "NGHỊ QUYẾT",
        "về xây dựng, chỉnh đốn Đảng",
        "Tự phê bình và phê bình; khắc phục tình trạng nể nang.",
    ]
    assert texts(read_back.tables[-1].cell(0, 1))[-1] == "Nguyễn Đức Thành"
    all_text = "".join(node.text or "" for node in read_back.element.iter(qn("w:t")))
    assert unicodedata.normalize("NFC", all_text) == all_text


def test_docx_uses_administrator_format_file(tmp_path):
    override = tmp_path / "format.json"
    override.write_text(
        json.dumps({"page": {"margin_left_mm": 35}, "elements": {"body": {"size_pt": 13}}}), encoding="utf-8"
    )
    fmt = load_format(override)
    document = read(samples.sample_plan(), fmt)
    assert document.sections[0].left_margin.mm == pytest.approx(35, abs=0.1)
    assert document.styles["CD Body"].font.size.pt == 13
    assert document.styles["CD Type"].font.size.pt == 15


def test_load_format_rejects_unknown_keys(tmp_path):
    override = tmp_path / "format.json"
    override.write_text(json.dumps({"elements": {"body": {"sise_pt": 13}}}), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown key 'sise_pt'"):
        load_format(override)
