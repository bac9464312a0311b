"""The hand-written labelled set (labelled_comments.json) expanded into comments: each idea's
wordings (and campaign copies with a cell's name) spread over its `count`, with seeded noise of
the kinds members really produce, and 30 % posted on the whole draft instead of the paragraph."""

import json
import random
import unicodedata
from pathlib import Path

from chuyende.common.text import fold

DATA = json.loads((Path(__file__).parent / "labelled_comments.json").read_text(encoding="utf-8"))
PARAGRAPHS: dict[str, str] = DATA["paragraphs"]
# The old and the new place of the tone mark on oa/oe/uy: both are in daily use.
_TONE_PLACES = [
    ("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
    ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy"), ("oè", "òe"), ("oé", "óe"),
]  # fmt: skip
_OPENERS = ["", "", "", "Ý kiến: ", "Góp ý: ", "Tôi đề nghị ", "Kính gửi Ban soạn thảo, "]
_CLOSERS = ["", "", "", " Xin cảm ơn.", " Trân trọng.", " Đề nghị xem xét."]


def _tone_places(text: str, rng: random.Random) -> str:
    for new, old in _TONE_PLACES:
        if rng.random() < 0.7:
            text = text.replace(new, old)
    return text


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :] if rng.random() < 0.5 else w[:j] + w[j + 1 :]
    return " ".join(words)


def noisy(text: str, rng: random.Random) -> str:
    """One member's rendering of a wording: an opener or closer, and one kind of noise."""
    opener = rng.choice(_OPENERS)
    if opener.startswith("Tôi") and text[:1].isupper():
        text = text[0].lower() + text[1:]
    text = opener + text + rng.choice(_CLOSERS)
    roll = rng.random()
    if roll < 0.15:
        text = fold(text)  # typed without accents
    elif roll < 0.3:
        text = unicodedata.normalize("NFD", text)
    elif roll < 0.45:
        text = _tone_places(text, rng)
    elif roll < 0.6:
        text = _typo(text, rng)
    elif roll < 0.65:
        text = text.upper()
    return text


def comments(half: str, seed: int = 17) -> list[tuple[int, str, str, str, str]]:
    """(id, scope, stance, text, label) for every comment of one half ("tuning" or "held-out")."""
    rng = random.Random(f"{seed}:{half}")
    rows = []
    for idea in DATA["ideas"]:
        if idea["half"] != half:
            continue
        for n in range(idea["count"]):
            if idea.get("campaign") and n % 3 != 2:
                name = idea["names"][n % len(idea["names"])]
                text = idea["template"].format(name=name)
            else:
                text = idea["wordings"][n % len(idea["wordings"])]
            scope = "draft" if rng.random() < 0.3 else idea["paragraph"]
            rows.append((len(rows) + 1, scope, idea["stance"], noisy(text, rng), idea["id"]))
    rng.shuffle(rows)
    return rows
