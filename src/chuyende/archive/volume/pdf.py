"""Joining rendered parts into one volume PDF: contents with real page numbers, continuous page
numbers, an outline (bookmarks) and deterministic bytes.

Steps: render (or take from the cache) every part; count their pages; render the contents with the
page where each part starts — repeated until the contents' own length is stable; join everything
with pypdf; stamp page numbers from one numbers-only PDF rendered with the same fonts; add the
outline; fix the file identifier to a hash of the inputs so the same inputs give the same bytes.
"""

import hashlib
import io
from collections.abc import Callable, MutableMapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import lru_cache

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, TextStringObject

from .parts import Cover, Part, _write, render_contents, render_cover, render_part

CONTENTS_HEADING = "MỤC LỤC"
Progress = Callable[[int], None]


@dataclass(frozen=True)
class CompiledVolume:
    pdf: bytes
    starts: tuple[int, ...]  # 1-based page where each part starts, in order
    page_count: int
    rendered: int  # parts rendered in this compile
    reused: int  # parts taken from the cache


def _page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@lru_cache(maxsize=4)
def _numbers_pdf(page_count: int) -> bytes:
    """Page numbers alone, top centre from page 2, in the document fonts (one render per length)."""
    markup = '<div style="break-after: page"></div>' * (page_count - 1) + "<div></div>"
    css = "@page { @top-center { content: counter(page); font-size: 14pt; } }"
    return _write(f'<style>{css}</style><div class="cd-document">{markup}</div>', "page numbers")


def _parts_pdfs(
    parts: Sequence[Part], cache: MutableMapping[str, bytes], executor: Executor | None, progress: Progress
) -> tuple[list[bytes], int]:
    hashes = [part.content_hash() for part in parts]
    missing = {h: part for h, part in zip(hashes, parts, strict=True) if h not in cache}
    done = len(parts) - len(missing)
    if missing:
        mapper = executor.map if executor is not None else map
        for count, (digest, pdf) in enumerate(
            zip(missing, mapper(render_part, missing.values()), strict=True), start=1
        ):
            cache[digest] = pdf
            progress(int(80 * (done + count) / len(parts)))
    return [cache[h] for h in hashes], len(missing)


def _contents(parts: Sequence[Part], counts: list[int]) -> tuple[bytes, tuple[int, ...]]:
    contents_pages = 1
    for _attempt in range(5):
        first = 1 + contents_pages + 1  # cover, contents, then the first part
        starts, page = [], first
        for count in counts:
            starts.append(page)
            page += count
        pdf = render_contents(CONTENTS_HEADING, [(p.title, s) for p, s in zip(parts, starts, strict=True)])
        actual = _page_count(pdf)
        if actual == contents_pages:
            return pdf, tuple(starts)
        contents_pages = actual
    raise RuntimeError("the contents did not settle on a page count")


def _outline(
    writer: PdfWriter, parts: Sequence[Part], readers: list[PdfReader], starts: tuple[int, ...]
) -> None:
    writer.add_outline_item(title=CONTENTS_HEADING, page_number=1)
    for part, reader, start in zip(parts, readers, starts, strict=True):
        parent = writer.add_outline_item(title=part.title, page_number=start - 1)
        for entry in _flat_outline(reader.outline):
            page = reader.get_destination_page_number(entry)
            if page is None:  # a heading whose page was not kept: no bookmark rather than a crash
                continue
            writer.add_outline_item(title=str(entry.title), page_number=start - 1 + page, parent=parent)


def _flat_outline(outline: list) -> list:
    entries = []
    for entry in outline:
        if isinstance(entry, list):
            entries.extend(_flat_outline(entry))
        else:
            entries.append(entry)
    return entries


def assemble(
    cover: Cover,
    parts: Sequence[Part],
    *,
    cache: MutableMapping[str, bytes] | None = None,
    executor: Executor | None = None,
    progress: Progress = lambda percent: None,
) -> CompiledVolume:
    """Compiles the volume PDF. `cache` maps part content hashes to rendered PDFs (filled here);
    `executor` renders missing parts in parallel (a process pool uses both cores)."""
    if not parts:
        raise ValueError("a volume needs at least one part")
    cache = {} if cache is None else cache
    pdfs, rendered = _parts_pdfs(parts, cache, executor, progress)
    # One reader per part, reused for the page count, the pages and the outline: parsing is the
    # slow step of joining.
    readers = [PdfReader(io.BytesIO(pdf)) for pdf in pdfs]
    counts = [len(reader.pages) for reader in readers]
    contents_pdf, starts = _contents(parts, counts)
    progress(85)
    writer = PdfWriter()
    # add_page, not append: the parts' named destinations (one per paragraph anchor) are not
    # needed in the volume, and merging them one by one is quadratic in pypdf.
    for reader in (PdfReader(io.BytesIO(render_cover(cover))), PdfReader(io.BytesIO(contents_pdf)), *readers):
        for page in reader.pages:
            writer.add_page(page)
    total = len(writer.pages)
    numbers = PdfReader(io.BytesIO(_numbers_pdf(total)))
    # The cover carries no number (Guideline 36: numbers from page 2).
    for page, number_page in zip(writer.pages[1:], numbers.pages[1:], strict=True):
        page.merge_page(number_page)
    progress(95)
    _outline(writer, parts, readers, starts)
    writer.page_mode = "/UseOutlines"
    digest = hashlib.sha256(repr((cover, [p.content_hash() for p in parts])).encode()).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])  # fixed, not random
    writer.add_metadata({"/Title": TextStringObject(cover.title), "/Producer": TextStringObject("chuyende")})
    out = io.BytesIO()
    writer.write(out)
    progress(100)
    return CompiledVolume(out.getvalue(), starts, total, rendered, len(parts) - rendered)
