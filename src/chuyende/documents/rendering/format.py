"""The format numbers of Party documents (margins, fonts, sizes, emphasis), read from data.

Several of these numbers are unverified (domain.md §3) and provinces differ, so they live in
`documents/reference/format.json`, which an administrator can replace with a file of their own
(`load_format(path)`). The administrator file only needs the keys it changes; any key it names that
does not exist is an error, so a typo never silently falls back to the default.
See docs/document-format.md for what each key means.
"""

import json
import os
from dataclasses import dataclass, fields
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

__all__ = ["ElementFormat", "FormatSpec", "PageFormat", "default_format_path", "load_format"]

Alignment = Literal["left", "center", "right", "justify"]
_ALIGNMENTS = ("left", "center", "right", "justify")

# Every element the renderers print; the reference file must describe all of them.
ELEMENT_NAMES = (
    "party_name",
    "superior_body",
    "issuing_body",
    "star",
    "number",
    "place_date",
    "mark",
    "type_name",
    "summary",
    "heading1",
    "heading2",
    "heading3",
    "body",
    "bullet",
    "quote",
    "table_header",
    "table_cell",
    "signature_authority",
    "signature_position",
    "signature_name",
    "recipients_label",
    "recipients",
    "page_number",
)


@dataclass(frozen=True)
class ElementFormat:
    """How one element is set: size in points, emphasis, case, alignment and spacing."""

    size_pt: float
    bold: bool
    italic: bool
    underline: bool
    caps: bool
    align: Alignment
    space_before_pt: float
    space_after_pt: float
    first_line_indent_mm: float
    line_spacing: float


@dataclass(frozen=True)
class PageFormat:
    """Paper size and margins in millimetres; `header_left_width_mm` is the issuing-body column."""

    size: str
    width_mm: float
    height_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    header_distance_mm: float
    header_left_width_mm: float

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm


@dataclass(frozen=True)
class FormatSpec:
    """The whole format, hashable so renderers can cache work per format."""

    page: PageFormat
    docx_font: str
    pdf_font: str
    elements: tuple[tuple[str, ElementFormat], ...]

    @cached_property
    def _by_name(self) -> dict[str, ElementFormat]:
        return dict(self.elements)

    def element(self, name: str) -> ElementFormat:
        return self._by_name[name]


def default_format_path() -> Path:
    return Path(str(resources.files("chuyende.documents") / "reference" / "format.json"))


def _merge(base: dict[str, Any], override: dict[str, Any], where: str) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if key not in base:
            raise ValueError(f"{where}: unknown key {key!r}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ValueError(f"{where}.{key}: expected an object")
            merged[key] = _merge(base[key], value, f"{where}.{key}")
        else:
            merged[key] = value
    return merged


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    values: dict[str, Any] = {}
    for item in fields(cls):
        if item.name not in data:
            raise ValueError(f"{where}: missing key {item.name!r}")
        value = data[item.name]
        expected = item.type
        if expected is bool:
            if not isinstance(value, bool):
                raise ValueError(f"{where}.{item.name}: expected true or false, got {value!r}")
        elif expected is float:
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{where}.{item.name}: expected a number ≥ 0, got {value!r}")
            value = float(value)
        elif item.name == "align":
            if value not in _ALIGNMENTS:
                raise ValueError(f"{where}.align: expected one of {_ALIGNMENTS}, got {value!r}")
        elif not isinstance(value, str) or not value:
            raise ValueError(f"{where}.{item.name}: expected text, got {value!r}")
        values[item.name] = value
    return cls(**values)


def _parse(data: dict[str, Any]) -> FormatSpec:
    elements = data["elements"]
    missing = [name for name in ELEMENT_NAMES if name not in elements]
    if missing:
        raise ValueError(f"elements: missing {', '.join(missing)}")
    unknown = [name for name in elements if name not in ELEMENT_NAMES]
    if unknown:
        raise ValueError(f"elements: unknown {', '.join(unknown)}")
    page = _build(PageFormat, data["page"], "page")
    if page.text_width_mm <= page.header_left_width_mm:
        raise ValueError("page: the margins leave no room for the header's right column")
    return FormatSpec(
        page=page,
        docx_font=_build_font(data["fonts"], "docx_family"),
        pdf_font=_build_font(data["fonts"], "pdf_family"),
        elements=tuple(
            (name, _build(ElementFormat, elements[name], f"elements.{name}")) for name in ELEMENT_NAMES
        ),
    )


def _build_font(fonts: dict[str, Any], key: str) -> str:
    value = fonts.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"fonts.{key}: expected a font family name")
    return value.strip()


def _read(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object")
    return data


@cache
def _load(override: str | None, mtime_ns: int) -> FormatSpec:
    data = _read(default_format_path())
    if override is not None:
        try:
            data = _merge(data, _read(Path(override)), "format")
        except ValueError as error:
            raise ValueError(f"{override}: {error}") from error
    return _parse(data)


def load_format(path: str | os.PathLike[str] | None = None) -> FormatSpec:
    """Returns the shipped format, or the shipped format overridden by the file at `path`.

    Results are cached per file and modification time, so an edited administrator file is picked
    up on the next call without a restart.
    """
    if path is None:
        return _load(None, 0)
    resolved = Path(path).resolve()
    return _load(str(resolved), resolved.stat().st_mtime_ns)
