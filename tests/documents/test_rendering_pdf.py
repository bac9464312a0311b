"""Reads the PDF back (pdfplumber for glyphs and positions, pypdf for text and fonts)."""

import io
import re
import unicodedata

import pdfplumber
import pypdf
import pytest

from chuyende.documents.rendering.format import load_format
from chuyende.documents.rendering.html import render_html
from chuyende.documents.rendering.model import Document, Header, Paragraph, Signature
from chuyende.documents.rendering.pdf import render_pdf
from tests.documents import samples

FMT = load_format()
MM = 72 / 25.4
# Every font must be one of the shipped files, loaded under the private family name.
SHIPPED_FONT = re.compile(r"^/?[A-Z]{6}\+Liberation-Serif-chuyende(-Bold|-Italic|-Bold-Italic|-BoldItalic)?$")


@pytest.fixture(scope="module")
def plan_pdf():
    return render_pdf(samples.sample_plan())


@pytest.fixture(scope="module")
def lines(plan_pdf):
    """The non-space characters of each page in drawing order, to find any text and its glyphs."""
    with pdfplumber.open(io.BytesIO(plan_pdf)) as pdf:
        return [(page.width, [char for char in page.chars if char["text"].strip()]) for page in pdf.pages]


def line(pages, text):
    """(page number, page width, box and chars) of the first occurrence of `text` on one line."""
    target = "".join(text.split())
    for number, (width, chars) in enumerate(pages, start=1):
        index = "".join(char["text"] for char in chars).find(target)
        if index >= 0:
            found = chars[index : index + len(target)]
            box = {
                "x0": min(c["x0"] for c in found),
                "x1": max(c["x1"] for c in found),
                "top": min(c["top"] for c in found),
                "bottom": max(c["bottom"] for c in found),
                "chars": found,
            }
            assert box["bottom"] - box["top"] < 25, f"{text!r} spans several lines"
            return number, width, box
    raise AssertionError(f"{text!r} not found")


def style_of(entry):
    _, _, found = entry
    names = {char["fontname"].split("+", 1)[1] for char in found["chars"]}
    sizes = {round(char["size"], 1) for char in found["chars"]}
    assert len(names) == 1 and len(sizes) == 1, (names, sizes)
    name = names.pop()
    return sizes.pop(), "Bold" in name, "Italic" in name


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_pdf_text_contains_every_required_element(plan_pdf):
    text = pdf_text(plan_pdf)
    for element in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        samples.SUPERIOR_BODY,
        "Số 05-KH/ĐU",
        "Nha Trang, ngày 05 tháng 12 năm 2016",
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "T/M ĐẢNG UỶ",
        "BÍ THƯ",
        "Nguyễn Đức Thành",
        "Nơi nhận:",
        "- Lưu Văn phòng Đảng uỷ.",
    ):
        assert element in text
    flat = " ".join(text.split())
    assert samples.ISSUING_BODY in flat
    assert samples.SUMMARY in flat


def test_pdf_header_places_party_name_top_right_and_number_top_left(lines):
    page, width, party = line(lines, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert page == 1
    assert party["x0"] > width / 2 and party["top"] < 40 * MM
    _, _, number = line(lines, "Số 05-KH/ĐU")
    assert number["x1"] < width / 2 and number["top"] < 60 * MM
    _, _, date = line(lines, "Nha Trang, ngày 05 tháng 12 năm 2016")
    assert date["x0"] > width / 2
    assert date["top"] == pytest.approx(number["top"], abs=1)  # number and date share a row
    _, _, star = line(lines, "*")
    _, _, superior = line(lines, samples.SUPERIOR_BODY)
    superior_centre = (superior["x0"] + superior["x1"]) / 2
    assert (star["x0"] + star["x1"]) / 2 == pytest.approx(superior_centre, abs=2)


@pytest.mark.parametrize(
    ("text", "element"),
    [
        ("ĐẢNG CỘNG SẢN VIỆT NAM", "party_name"),
        (samples.SUPERIOR_BODY, "superior_body"),
        ("Số 05-KH/ĐU", "number"),
        ("Nha Trang, ngày 05 tháng 12 năm 2016", "place_date"),
        ("KẾ HOẠCH", "type_name"),
        ("I. MỤC ĐÍCH, YÊU CẦU", "heading1"),
        ("T/M ĐẢNG UỶ", "signature_authority"),
        ("BÍ THƯ", "signature_position"),
        ("Nguyễn Đức Thành", "signature_name"),
        ("Nơi nhận:", "recipients_label"),
        ("- Lưu Văn phòng Đảng uỷ.", "recipients"),
    ],
)
def test_pdf_size_and_weight_follow_format_data(lines, text, element):
    expected = FMT.element(element)
    assert style_of(line(lines, text)) == (expected.size_pt, expected.bold, expected.italic)


def test_pdf_issuing_body_is_bold_14(lines):
    assert style_of(line(lines, "ĐẢNG UỶ CƠ QUAN VĂN PHÒNG")) == (14, True, False)


def test_pdf_signature_right_and_recipients_left(lines):
    _, width, position = line(lines, "BÍ THƯ")
    assert position["x0"] > width / 2
    _, _, label = line(lines, "Nơi nhận:")
    assert label["x1"] < width / 2


def test_pdf_party_name_rule_is_as_wide_as_the_text(plan_pdf, lines):
    _, _, party = line(lines, "ĐẢNG CỘNG SẢN VIỆT NAM")
    with pdfplumber.open(io.BytesIO(plan_pdf)) as pdf:
        page = pdf.pages[0]
        # WeasyPrint draws the border as a path around the box; its bottom edge is the rule.
        rules = [
            shape
            for shape in page.rects + page.lines
            if party["bottom"] < shape["bottom"] < party["bottom"] + 6 and shape["x0"] > page.width / 2
        ]
    assert rules
    for rule in rules:
        assert rule["x0"] == pytest.approx(party["x0"], abs=1)
        assert rule["x1"] == pytest.approx(party["x1"], abs=1)


def test_pdf_embeds_only_the_shipped_liberation_serif(plan_pdf):
    reader = pypdf.PdfReader(io.BytesIO(plan_pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descendant["/FontDescriptor"]
    assert len(fonts) == 3  # regular, bold, italic
    for name, embedded in fonts.items():
        assert SHIPPED_FONT.match(name), name
        assert embedded, name


def test_pdf_page_number_from_page_two_at_top_centre():
    data = render_pdf(samples.sample_plan(extra_paragraphs=30))
    centre = (FMT.page.margin_left_mm + FMT.page.text_width_mm / 2) * MM
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 3
        tops = [
            [w for w in page.extract_words() if w["bottom"] < FMT.page.margin_top_mm * MM]
            for page in pdf.pages
        ]
    assert tops[0] == []
    for number, words in enumerate(tops[1:], start=2):
        assert [w["text"] for w in words] == [str(number)]
        assert (words[0]["x0"] + words[0]["x1"]) / 2 == pytest.approx(centre, abs=1)


def test_pdf_volume_numbers_pages_continuously():
    one = len(pypdf.PdfReader(io.BytesIO(render_pdf(samples.sample_plan()))).pages)
    data = render_pdf([samples.sample_plan(), samples.sample_plan()])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 2 * one
        last = pdf.pages[-1]
        numbers = [w["text"] for w in last.extract_words() if w["bottom"] < FMT.page.margin_top_mm * MM]
        # The second document starts on a new page and its header is not on page 1.
        second_start = pdf.pages[one]
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in second_start.extract_text()
    assert numbers == [str(2 * one)]


def test_pdf_nfd_input_comes_out_as_nfc_text():
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    body = "Tự phê bình và phê bình; khắc phục tình trạng nể nang, ngại va chạm."
    document = Document(
        header=Header(nfd(samples.SUPERIOR_BODY), nfd(samples.ISSUING_BODY), nfd("05-NQ/ĐU"), nfd("Hà Nội")),
        type_name=nfd("NGHỊ QUYẾT"),
        summary=nfd("về xây dựng, chỉnh đốn Đảng"),
        blocks=[Paragraph(nfd(body))],
        signature=Signature(nfd("BÍ THƯ"), nfd("Nguyễn Đức Thành"), nfd("T/M ĐẢNG UỶ")),
    )
    text = pdf_text(render_pdf(document))
    assert not any(unicodedata.combining(char) for char in text)
    for expected in ("NGHỊ QUYẾT", "về xây dựng, chỉnh đốn Đảng", body, "Nguyễn Đức Thành", "Số 05-NQ/ĐU"):
        assert expected in text


def test_pdf_escapes_markup_in_text():
    document = Document(
        header=Header("", "CHI BỘ <b>A</b>", "01-TB/CB", "Hà Nội"),
        type_name="THÔNG BÁO",
        summary="",
        blocks=[Paragraph('<img src="http://example.invalid/x.png"> & <script>x</script>')],
    )
    # Straight quotes become typographic ones (rendering.typography); the markup stays text.
    assert "&lt;img src=“http://example.invalid/x.png”&gt;" in render_html(document)
    text = pdf_text(render_pdf(document))
    assert "<img src=“http://example.invalid/x.png”> & <script>x</script>" in text
    assert "CHI BỘ <B>A</B>" in text  # caps come from the format, the markup stays text


def test_pdf_title_metadata(plan_pdf):
    title = pypdf.PdfReader(io.BytesIO(plan_pdf)).metadata.title
    assert title == f"KẾ HOẠCH {samples.SUMMARY}"
