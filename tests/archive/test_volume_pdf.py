import io

import pdfplumber
from pypdf import PdfReader

from chuyende.archive.volume.docx import render_volume_docx
from chuyende.archive.volume.pdf import CONTENTS_HEADING, assemble

from .helpers import COVER, parts


def _page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


def test_contents_numbers_match_where_each_part_starts():
    volume_parts = parts(3, paragraphs=20)
    compiled = assemble(COVER, volume_parts)
    texts = _page_texts(compiled.pdf)
    contents = texts[1]
    assert contents.splitlines()[1] == CONTENTS_HEADING
    for index, (part, start) in enumerate(zip(volume_parts, compiled.starts, strict=True), start=1):
        assert f"{index}. {part.title} {start}" in contents
        # The part really starts there: its own page-number line, then its header.
        lines = texts[start - 1].splitlines()
        assert lines[0] == str(start)
        assert f"CHI BỘ SỐ {index}" in texts[start - 1]
        assert f"CHI BỘ SỐ {index}" not in texts[start - 2]
    assert compiled.starts[0] == 3
    assert compiled.page_count == len(texts)


def test_page_numbers_are_continuous_from_page_two():
    compiled = assemble(COVER, parts(2, paragraphs=20))
    texts = _page_texts(compiled.pdf)
    assert not texts[0].startswith("1")
    assert [t.splitlines()[0] for t in texts[1:]] == [str(n) for n in range(2, len(texts) + 1)]


def test_bookmarks_name_every_part_at_its_page():
    volume_parts = parts(3)
    compiled = assemble(COVER, volume_parts)
    reader = PdfReader(io.BytesIO(compiled.pdf))
    top = [entry for entry in reader.outline if not isinstance(entry, list)]
    assert [entry.title for entry in top] == [CONTENTS_HEADING] + [p.title for p in volume_parts]
    assert [reader.get_destination_page_number(e) + 1 for e in top[1:]] == list(compiled.starts)
    children = reader.outline[2]
    assert isinstance(children, list)
    assert children[0].title.startswith("BÀI THAM LUẬN") or children[0].title.startswith("I.")


def test_fonts_are_embedded():
    reader = PdfReader(io.BytesIO(assemble(COVER, parts(1)).pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"]
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[1])
    assert fonts <= {
        "Liberation-Serif-chuyende",
        "Liberation-Serif-chuyende-Bold",
        "Liberation-Serif-chuyende-Italic",
    }


def test_same_inputs_give_the_same_bytes():
    first = assemble(COVER, parts(2)).pdf
    second = assemble(COVER, parts(2), cache={}).pdf
    assert first == second
    assert render_volume_docx(COVER, parts(2)) == render_volume_docx(COVER, parts(2))


def test_recompile_renders_only_the_changed_part():
    cache: dict[str, bytes] = {}
    volume_parts = parts(3)
    first = assemble(COVER, volume_parts, cache=cache)
    assert (first.rendered, first.reused) == (3, 0)
    changed = [
        volume_parts[0],
        volume_parts[1].__class__("paper:2", "Bài đã sửa", volume_parts[1].document),
        volume_parts[2],
    ]
    second = assemble(COVER, changed, cache=cache)
    assert (second.rendered, second.reused) == (1, 2)
    assert "Bài đã sửa" in _page_texts(second.pdf)[1]
    # Joining cached parts gives the same bytes as rendering everything again.
    assert second.pdf == assemble(COVER, changed).pdf


def test_volume_docx_has_cover_contents_and_every_part():
    import docx
    from docx.oxml.ns import qn

    from chuyende.archive.volume.parts import Part

    preface = Part("preface", "Lời nói đầu", text=("Tập tham luận tập hợp các bài của chi bộ.",))
    volume = [preface, *parts(2)]
    compiled = assemble(COVER, volume)
    document = docx.Document(io.BytesIO(render_volume_docx(COVER, volume, compiled.starts)))
    texts = [p.text for p in document.paragraphs]
    # The cover as the PDF draws it: the "*", the title in its own case.
    assert texts[:6] == [
        COVER.superior,
        COVER.organization,
        "*",
        "TẬP THAM LUẬN",
        COVER.title,
        COVER.place_and_year,
    ]
    assert document.paragraphs[4].runs[0].font.all_caps is False and document.paragraphs[4].runs[0].bold
    assert texts[6] == "MỤC LỤC"
    # A TOC field over TC entries, whose stored result already holds the PDF's page numbers.
    body = document.element.body
    codes = [" ".join(el.text.split()) for el in body.iter(qn("w:instrText"))]
    assert codes[:4] == [
        "TOC \\f \\h \\z",
        "PAGEREF _cd_part_1 \\h",
        "PAGEREF _cd_part_2 \\h",
        "PAGEREF _cd_part_3 \\h",
    ]
    assert [c for c in codes if c.startswith("TC ")] == [
        'TC "1. Lời nói đầu" \\l 1', 'TC "2. Bài tham luận của chi bộ số 1" \\l 1',
        'TC "3. Bài tham luận của chi bộ số 2" \\l 1',
    ]  # fmt: skip
    entries = texts[7:10]
    assert entries == [
        f"1.\tLời nói đầu\t{compiled.starts[0]}",
        f"2.\tBài tham luận của chi bộ số 1\t{compiled.starts[1]}",
        f"3.\tBài tham luận của chi bộ số 2\t{compiled.starts[2]}",
    ]
    names = [el.get(qn("w:name")) for el in body.iter(qn("w:bookmarkStart"))]
    assert [n for n in names if n.startswith("_cd_part_")] == ["_cd_part_1", "_cd_part_2", "_cd_part_3"]
    assert len(names) == len(set(names))
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    # The preface has no official header: the only header tables are the two papers'.
    headers = [t for t in document.tables if "ĐẢNG CỘNG SẢN VIỆT NAM" in t.cell(0, 1).text]
    assert len(headers) == 2
    assert "LỜI NÓI ĐẦU" in [p.text.upper() for p in document.paragraphs]
    assert texts.count("BÀI THAM LUẬN") == 2
    # No empty paragraph holds a page break (the old blank page): parts start by pageBreakBefore.
    assert not [br for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
