"""Vietnamese first, with an English catalogue kept complete (design.md rule 10)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

import chuyende

PO = Path(chuyende.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_english_catalogue_has_a_translation_for_every_string():
    text = PO.read_text(encoding="utf-8")
    entries = [block for block in text.split("\n\n") if "msgid" in block][1:]  # skip the header
    untranslated = [block for block in entries if re.search(r'^msgstr(\[0\])? ""\Z', block.strip(), re.M)]
    fuzzy = [block for block in entries if "#, fuzzy" in block]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.django_db
def test_pages_speak_vietnamese_even_to_an_english_browser_until_english_is_chosen(client):
    assert "Đăng nhập" in client.get(reverse("login"), headers={"Accept-Language": "en-US,en"}).text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log in" in client.get(reverse("login")).text
