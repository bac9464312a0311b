"""Every hard case read back from both renderers (issue 14): a 300-character title, a 60-row table,
a name with every tone on every vowel, NFD input and a three-line header name."""

import io
import unicodedata

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from chuyende.documents.rendering.docx import CORE_TITLE_MAX, core_title, render_docx
from chuyende.documents.rendering.format import load_format
from chuyende.documents.rendering.lines import balanced_lines
from chuyende.documents.rendering.pdf import render_pdf
from chuyende.documents.rendering.typography import quoted, typographic_quotes
from chuyende.documents.rendering.widths import CELL_PADDING_MM, column_widths_mm, text_width_mm
from tests.documents import fidelity

FMT = load_format()
MM = 72 / 25.4


@pytest.fixture(scope="module")
def hard():
    return fidelity.hard_document()


@pytest.fixture(scope="module")
def hard_docx(hard):
    return docx.Document(io.BytesIO(render_docx(hard)))


@pytest.fixture(scope="module")
def hard_pdf(hard):
    return render_pdf(hard)


def nfc(text):
    return unicodedata.normalize("NFC", text)


def test_core_title_of_a_300_character_title_is_cut_at_a_word_with_an_ellipsis(hard, hard_docx):
    title = hard_docx.core_properties.title
    assert len(hard.title) > 300
    assert len(title) <= CORE_TITLE_MAX
    assert title.endswith("…")
    assert hard.title.startswith(title[:-1])
    assert hard.title[len(title) - 1] in " ,;"  # cut between words
    # The document itself keeps the whole summary.
    summary = [p.text for p in hard_docx.paragraphs if p.style.name == "CD Summary"]
    assert summary == [nfc(fidelity.LONG_TITLE)]


def test_core_title_keeps_short_titles_whole():
    assert core_title("Kế hoạch  tổ chức\nsinh hoạt") == "Kế hoạch tổ chức sinh hoạt"


def test_every_tone_on_every_vowel_survives_nfd_input(hard_docx, hard_pdf):
    signature = hard_docx.tables[-1].cell(0, 1)
    assert signature.paragraphs[-1].text == fidelity.EVERY_TONE_NAME
    with pdfplumber.open(io.BytesIO(hard_pdf)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert fidelity.EVERY_TONE_NAME in " ".join(nfc(text).split())  # the long name wraps in its column
    assert unicodedata.is_normalized("NFC", text)


def test_column_widths_follow_content_and_fill_the_line():
    table = fidelity.sixty_rows()
    widths = column_widths_mm(table.columns, table.rows, FMT)
    assert sum(widths) == pytest.approx(FMT.page.text_width_mm)
    tt, _cell, content, due, progress = widths
    assert due >= text_width_mm("14/12/2026", FMT.element("table_cell").size_pt) + CELL_PADDING_MM
    assert progress >= text_width_mm("Tiến", FMT.element("table_header").size_pt, True) + CELL_PADDING_MM
    assert tt < 0.1 * FMT.page.text_width_mm  # not a fifth of the page
    assert content > due


def test_author_hint_is_followed_only_where_the_content_fits():
    table = fidelity.sixty_rows()
    widths = column_widths_mm(table.columns, table.rows, FMT, hint=(1, 1, 10, 0.2, 0.2))
    assert sum(widths) == pytest.approx(FMT.page.text_width_mm)
    assert (
        widths[3] >= text_width_mm("14/12/2026", FMT.element("table_cell").size_pt) + CELL_PADDING_MM - 1e-6
    )
    assert widths[2] == max(widths)


def test_docx_table_has_the_computed_widths_and_padding(hard, hard_docx):
    table = next(t for t in hard_docx.tables if t.cell(0, 0).text == "TT")
    expected = column_widths_mm(hard.blocks[2].columns, hard.blocks[2].rows, FMT)
    assert [round(c.width.mm, 1) for c in table.columns] == [round(w, 1) for w in expected]
    assert len(table.rows) == 61
    margin = table._tbl.tblPr.find(qn("w:tblCellMar")).find(qn("w:left"))
    assert margin.get(qn("w:w")) == "80"


def test_pdf_dates_and_percentages_never_touch_on_any_row(hard_pdf):
    rows = 0
    with pdfplumber.open(io.BytesIO(hard_pdf)) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            for date in (w for w in words if w["text"] == "14/12/2026"):
                percent = [w for w in words if w["text"] == "100%" and abs(w["top"] - date["top"]) < 2]
                assert len(percent) == 1
                assert percent[0]["x0"] - date["x1"] >= 8  # both 4 pt paddings between them
                rows += 1
    assert rows == 60


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        (
            'biểu hiện "tự diễn biến", "tự chuyển hoá" trong',
            "biểu hiện “tự diễn biến”, “tự chuyển hoá” trong",
        ),
        ("“tự chuyển hoá””", "“tự chuyển hoá”"),
        ('("a")', "(“a”)"),
        ("không có ngoặc", "không có ngoặc"),
    ],
)
def test_typographic_quotes(typed, printed):
    assert typographic_quotes(typed) == printed


def test_quoted_nests_inner_quotes_and_never_doubles():
    assert (
        quoted('suy thoái "tự diễn biến", "tự chuyển hoá"') == "“suy thoái ‘tự diễn biến’, ‘tự chuyển hoá’”"
    )
    assert quoted("“đã có”") == "“đã có”"


def test_model_prints_typographic_quotes_in_both_renderers():
    doc = fidelity.hard_document()
    doc = type(doc)(header=doc.header, type_name="NGHỊ QUYẾT", summary='về "tự chuyển hoá""', blocks=[])
    assert doc.summary == "về “tự chuyển hoá”"
    word = docx.Document(io.BytesIO(render_docx(doc)))
    assert [p.text for p in word.paragraphs if p.style.name == "CD Summary"] == ["về “tự chuyển hoá”"]
    with pdfplumber.open(io.BytesIO(render_pdf(doc))) as pdf:
        assert "về “tự chuyển hoá”" in pdf.pages[0].extract_text()


THREE_LINES = ["ĐẢNG UỶ CƠ QUAN VĂN PHÒNG", "ĐOÀN ĐẠI BIỂU QUỐC HỘI", "VÀ HỘI ĐỒNG NHÂN DÂN TỈNH"]


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("CHI BỘ PHÒNG NGHIỆP VỤ PHÁP CHẾ", ("CHI BỘ PHÒNG", "NGHIỆP VỤ PHÁP CHẾ")),
        ("CHI BỘ PHÒNG NGHIỆP VỤ KINH TẾ - NGÂN SÁCH", ("CHI BỘ PHÒNG NGHIỆP VỤ", "KINH TẾ - NGÂN SÁCH")),
        ("CHI BỘ A", ("CHI BỘ A",)),
    ],
)
def test_header_names_break_between_words_that_belong_together(name, lines):
    issuing = FMT.element("issuing_body")
    assert balanced_lines(name, FMT.page.header_left_width_mm, issuing.size_pt, issuing.bold) == lines


def test_three_line_header_name_has_the_same_lines_in_both_renderers(hard_docx, hard_pdf):
    issuing = hard_docx.tables[0].cell(0, 0).paragraphs[1]
    assert issuing.text.split("\n") == THREE_LINES
    with pdfplumber.open(io.BytesIO(hard_pdf)) as pdf:
        page = pdf.pages[0]
        left = page.crop((0, 0, (FMT.page.margin_left_mm + FMT.page.header_left_width_mm) * MM, 200))
        printed = [" ".join(line.split()) for line in left.extract_text().splitlines()]
    assert printed[1:4] == THREE_LINES
    for line in THREE_LINES:  # every line fits the 84 mm column
        assert text_width_mm(line, 14, True) <= FMT.page.header_left_width_mm
