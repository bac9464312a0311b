"""Vietnamese text normalization, used at the edge of search, de-duplication and sorting.

Stored text keeps what the author typed. Comparisons go through one of two keys:

* `search_key` folds Unicode composition (NFC/NFD), letter case and the placement of the tone mark
  ("hoá"/"hóa", "uỷ"/"ủy", "thuỷ"/"thủy" all give one key) but keeps which tone and which vowel
  letters were written, so "hoá" and "hoà" stay different words.
* `fold` removes every diacritic, including đ → d, for input typed without accents
  ("chinh don dang").

`name_sort_key` orders member names the Vietnamese way: by given name, then the rest of the name,
in the Vietnamese alphabet (a ă â b c d đ e ê …) with tones ordered ngang, huyền, hỏi, ngã, sắc, nặng.
"""

import re
import unicodedata

# The five tone marks as combining characters (NFD). U+0340/U+0341 are legacy aliases that NFD
# already turns into U+0300/U+0301.
TONE_MARKS = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
_TONE_BY_RANK = {rank: mark for mark, rank in TONE_MARKS.items()}
_SPACES = re.compile(r"\s+")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _words_and_gaps(decomposed: str) -> list[tuple[bool, str, int]]:
    """Splits NFD text into (is_word, text without tone marks, tone rank) runs."""
    runs: list[tuple[bool, str, int]] = []
    buffer: list[str] = []
    tone = 0
    in_word = False
    for char in decomposed:
        word_char = _is_word_char(char)
        if word_char != in_word and (buffer or tone):
            runs.append((in_word, "".join(buffer), tone))
            buffer, tone = [], 0
        in_word = word_char
        if word_char and char in TONE_MARKS:
            tone = TONE_MARKS[char]
        else:
            buffer.append(char)
    if buffer or tone:
        runs.append((in_word, "".join(buffer), tone))
    return runs


def search_key(text: str) -> str:
    """A key equal for every spelling variant of the same Vietnamese words.

    The tone mark of each word is moved to the end of the word, which makes its placement
    irrelevant; case and white space are folded.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    parts = []
    for is_word, chunk, tone in _words_and_gaps(decomposed):
        if is_word:
            parts.append(chunk + (_TONE_BY_RANK[tone] if tone else ""))
        else:
            parts.append(" " if chunk.strip() == "" else chunk)
    joined = unicodedata.normalize("NFC", "".join(parts))
    return _SPACES.sub(" ", joined).strip()


def fold(text: str) -> str:
    """Lower-case text without any diacritic (đ → d): the key for input typed without accents."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return _SPACES.sub(" ", stripped.replace("đ", "d")).strip()


# A name search is a few words. Past these, the rest of a query is ignored: SQLite refuses a LIKE
# pattern over 50,000 bytes ("pattern too complex", a 500), and each word is one more condition.
SEARCH_MAX_CHARS = 200
SEARCH_MAX_TERMS = 10


def search_terms(query: str) -> list[str]:
    """Words of a query, folded: what a `contains` search matches against a folded column. Only the
    first SEARCH_MAX_CHARS characters and SEARCH_MAX_TERMS words count."""
    return [term for term in fold((query or "")[:SEARCH_MAX_CHARS]).split(" ") if term][:SEARCH_MAX_TERMS]


# --- Vietnamese collation for names ---------------------------------------------------------------
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_CODE = {letter: f"{index + 10:02d}" for index, letter in enumerate(_ALPHABET)}


def _letters_and_tones(word: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tone = "0"
    base = []
    for char in decomposed:
        if char in TONE_MARKS:
            tone = str(TONE_MARKS[char])
        else:
            base.append(char)
    letters = unicodedata.normalize("NFC", "".join(base))
    primary = "".join(_LETTER_CODE.get(c, "9" + str(ord(c) % 10) if c.isdigit() else "99") for c in letters)
    return primary, tone


def name_sort_key(full_name: str) -> str:
    """A digits-only key (so any database collation sorts it the same) for Vietnamese name order.

    Given name first, then the family and middle names in order; letters compare before tones.
    """
    words = [w for w in _SPACES.split(full_name.strip()) if w]
    if not words:
        return ""
    ordered = [words[-1], *words[:-1]]
    primaries, tones = zip(*(_letters_and_tones(w) for w in ordered), strict=True)
    return "00".join(primaries) + "000" + "".join(tones)
