"""The Content-Security-Policy refuses inline scripts and inline event handlers, silently: a
template that carries one ships a button or a picker that does nothing. Behaviour lives in
static/web/app.js, asked for by data- attributes."""

import re
from pathlib import Path

import chuyende.web

TEMPLATES = Path(chuyende.web.__file__).parent / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.I)


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


def test_there_are_templates_to_check():
    assert len(_templates()) > 50


def test_no_template_has_an_inline_script_or_handler():
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
            offenders += [
                f"{path.relative_to(TEMPLATES)}: {m.group(0).strip()}" for m in pattern.finditer(text)
            ]
    assert offenders == []


def test_the_checks_recognise_what_they_refuse():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/web/app.js" defer></script>')
    assert INLINE_HANDLER.search('<button onclick="print()">')
    assert INLINE_HANDLER.search('<div hx-on:click="x">')
    assert not INLINE_HANDLER.search('<div data-move-checked-to="picked">')
