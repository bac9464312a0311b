"""What a comment is compared on: its folded key, the words that carry its content, and the
discriminating tokens that make two nearly identical sentences different ideas.

All of it works on `chuyende.common.text.fold` output (no diacritics, lower case), so a comment
typed without accents, in NFD or with the old tone placement gives the same key.
"""

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from chuyende.common.text import fold

_MARKS = re.compile(r"[\u0300-\u036f]+")


def fast_fold(text: str) -> str:
    """`fold` by the fast path: ASCII text only needs lower case; Vietnamese text is decomposed,
    its combining marks dropped and đ replaced, which gives `fold`'s result whenever nothing but
    ASCII is left. Anything else (other scripts, typographic quotes) goes through `fold` itself."""
    if not text.isascii():
        stripped = _MARKS.sub("", unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")))
        if not stripped.isascii():
            return fold(text)
        text = stripped
    return " ".join(text.lower().split())


# Lead-ins and sign-offs that carry no content: "Tôi đề nghị …" and "Đề nghị …" propose the same
# thing, "Kính gửi Ban soạn thảo," and "Xin cảm ơn." say nothing about the draft.
_OPENERS = re.compile(
    r"^(?:(?:y kien|gop y|kinh gui ban soan thao|kinh gui|thua ban soan thao|ban soan thao)\s+)+"
    r"|^(?:(?:toi|chung toi|chi bo(?: thong nhat)?|kinh|theo toi|em|dong chi|xin)\s+)?"
    r"(?:de nghi|kien nghi|nen)(?:\s+ban soan thao)?\s+|^theo toi(?:\s+nen)?\s+"
)
_CLOSERS = re.compile(
    r"(?:\s+(?:xin chan thanh cam on|xin cam on|tran trong|de nghi xem xet|rat mong duoc xem xet|"
    r"mong ban soan thao xem xet|cam on|cho phu hop(?: hon)?|(?:de )?(?:bao dam|dam bao) tinh kha thi|"
    r"(?:trong|cua|vao) du thao(?: nghi quyet)?|cho ro hon|cho chat che))+$"
)
# The last syllables a sign-off can end with: the regex above only runs on keys ending so.
_CLOSER_ENDS = ("on", "trong", "xet", "hop", "hon", "thi", "thao", "quyet", "che")
_PUNCTUATION = re.compile(r"[^\w\s]")


@lru_cache(maxsize=1 << 18)  # identical texts (copies, campaigns) are keyed once per process
def content_key(text: str) -> str:
    """The folded text without its lead-in, sign-off and punctuation: equal keys are near-copies."""
    key = " ".join(_PUNCTUATION.sub(" ", fast_fold(text)).split())
    if key.endswith(_CLOSER_ENDS):
        key = _CLOSERS.sub("", key)
    while True:
        shorter = _OPENERS.sub("", key, count=1)
        if shorter == key or not shorter:
            return key
        key = shorter


# Function words of comments (folded). Numbers, negations and the direction words are not
# here: they are what tells two ideas apart.
_STOP_TEXT = """
    toi chung ta em anh minh kinh gui ban soan thao du nghi kien quyet noi dung cua va cac nhung
    la thi ma o trong cho ve voi duoc nay do kia ay nhu theo nen phai se da rat hon nhat cung con
    hay hoac nua viec cuoc hien y gop
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

# Paraphrase vocabulary folded to one word, so "lược bỏ"/"loại bỏ"/"bỏ đi" compare as one verb:
# written as data (consultations/reference/paraphrases.json, one meaning an entry), after the
# two frequency patterns ("mỗi tháng", "tháng một lần" → "hangthang"), which need a pattern.
_FREQUENCY_WORDS = [
    (re.compile(r"\b(?:hang|moi|tung)\s+(ngay|tuan|thang|quy|nam)\b"), r"hang\1"),
    (re.compile(r"\b(ngay|tuan|thang|quy|nam)\s+(?:mot|1)\s+lan\b"), r"hang\1"),
]
PARAPHRASES = resources.files("chuyende.consultations") / "reference" / "paraphrases.json"


def _phrase_key(phrase: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", fast_fold(phrase)).split())


def load_paraphrases(text: str) -> list[tuple[re.Pattern[str], str]]:
    """The paraphrase file's entries as (pattern, token), in the file's order; each pattern
    matches any of the entry's folded phrases as whole words, longest first."""
    patterns = []
    for entry in json.loads(text)["entries"]:
        phrases = sorted({_phrase_key(p) for p in entry["phrases"]} - {""}, key=lambda p: (-len(p), p))
        alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
        patterns.append((re.compile(r"\b(?:" + alternatives + r")\b"), entry["to"] or " "))
    return patterns


_SYNONYMS = _FREQUENCY_WORDS + load_paraphrases(PARAPHRASES.read_text(encoding="utf-8"))


def feature_text(key: str) -> str:
    """The key with paraphrase vocabulary canonicalised and function words dropped: what the
    TF-IDF of syllables and character n-grams is computed on."""
    for pattern, replacement in _SYNONYMS:
        key = pattern.sub(replacement, key)
    words = [w for w in key.split() if w not in STOP_WORDS]
    return " ".join(words) if words else key


# --- discriminating tokens ------------------------------------------------------------------------
# Number words count only before a unit ("ba năm", "hai lần"): folded, "ngân hàng" reads as
# "ngàn", "trạm" as "trăm", "tác hại" as "hai".
_NUMBER_WORDS = {
    "mot": "1", "hai": "2", "ba": "3", "bon": "4", "nam": "5", "sau": "6", "bay": "7", "tam": "8",
    "chin": "9", "muoi": "10",
}  # fmt: skip
# A number in a name ("Thôn 2", "Tổ dân phố 5") says who writes, not what is proposed.
_NAMED_NUMBER = re.compile(
    r"\b(?:thon|khu pho|to dan pho|to|ap|xom|ban|doi|khom|khu|phuong|lien gia|chi bo|dang bo|so|lop)"
    r"\s+\d+\b"
)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_QUARTER = re.compile(r"\bquy\s+(i{1,3}|iv|[1-4])\b")
_FREQUENCY = re.compile(
    r"\b(?:hang|moi|tung|theo)\s+(ngay|tuan|thang|quy|nam)\b|\b(ngay|tuan|thang|quy|nam)\s+(?:mot|1)\s+lan\b"
)
_NUMBER_UNIT = re.compile(
    r"\b(\d+|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\s+(ngay|tuan|thang|quy|nam|lan|gio|phut|tuoi|muc|"
    r"nguoi|buoi|nhiem ky|dang vien)\b"
)
# Opposite directions: each phrase names a side; two comments naming different sides of one axis
# propose opposite things however many words they share.
_DIRECTIONS = {
    "size": [("mo rong", "+"), ("nang cao", "+"), ("tang len", "+"), ("tang them", "+"), ("thu hep", "-"),
             ("giam bot", "-"), ("giam xuong", "-"), ("ha thap", "-"), ("cat giam", "-"), ("giam thieu", "-"), ("giam so", "-"), ("it hon", "-"),
             ("nhieu hon", "+")],
    "time": [("keo dai", "+"), ("gian ra", "+"), ("rut ngan", "-"), ("som hon", "-"), ("muon hon", "+")],
    "keep": [("giu nguyen", "keep"), ("giu lai", "keep"), ("xoabo", "drop"), ("thay the", "replace"),
             ("bosung", "add")],
    "force": [("bat buoc", "must"), ("khuyen khich", "may"), ("tu nguyen", "may")],
}  # fmt: skip
# Verbs whose negation turns a proposal around ("nên bắt buộc" / "không nên bắt buộc").
_POLAR = ["nen", "can", "dong y", "tan thanh", "bat buoc", "phai", "duoc", "nhat thiet", "ap dung",
          "cung nhac", "giao", "quy dinh", "dat ra", "cho phep"]  # fmt: skip
_POLAR_SAME = {"cung nhac": "bat buoc", "nhat thiet": "bat buoc", "phai": "bat buoc"}
_POLAR_RE = re.compile(r"\b(" + "|".join(p.replace(" ", r"\s+") for p in _POLAR) + r")\b")
_NEGATED = re.compile(r"\b(?:khong|chua|dung|chang)\s+((?:(?:" + "|".join(_POLAR) + r")\s*){1,3})")


def _polarity(key: str) -> frozenset[str]:
    """ "-verb" for each polar verb under a negation, "+verb" for each one asserted."""
    found = set()
    for span in _NEGATED.findall(key):
        found |= {"-" + _POLAR_SAME.get(v, v) for v in _POLAR_RE.findall(span)}
    for verb in _POLAR_RE.findall(_NEGATED.sub(" ", key)):
        found.add("+" + _POLAR_SAME.get(verb, verb))
    return frozenset(found)


# Who a rule applies to. Longer phrases first: "dang vien du bi" is not "dang vien".
_PEOPLE = [
    "dangvien du bi", "dangvien chinh thuc", "dangvien moi", "dangvien cao tuoi", "dangvien huu tri",
    "dangvien tre", "nguoidungdau", "pho bi thu", "bi thu", "capuy", "can bo tre", "can bo chu chot",
    "can bo lanh dao", "thanh nien", "doan vien", "hoi vien", "cong chuc", "vien chuc", "sinh vien",
    "hoc sinh", "nguoi lao dong", "phu nu", "can bo nu", "nam gioi", "dan toc thieu so", "nguoi cao tuoi",
    "cuu chien binh", "doanh nghiep", "tu nhan", "nong thon", "do thi", "mien nui", "cap xa",
    "cap huyen", "cap tinh", "trung uong",
]  # fmt: skip
_PEOPLE_RE = re.compile(r"\b(" + "|".join(p.replace(" ", r"\s+") for p in _PEOPLE) + r")\b")


def _directions(key: str) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for axis, phrases in _DIRECTIONS.items():
        text = key.replace("tang cuong", " ").replace("tangcuong", " ")
        for phrase, side in phrases:
            if re.search(r"\b" + phrase + r"\b", text):
                found.setdefault(axis, set()).add(side)
                text = re.sub(r"\b" + phrase + r"\b", " ", text)
    return {axis: frozenset(sides) for axis, sides in found.items()}


# What a comment moves away from is not what it proposes: "mỗi tháng thay vì mỗi quý", "sửa 15 ngày
# thành 30 ngày". The span naming the old value is left out before discriminators are read.
_CONTRAST = re.compile(
    r"\b(?:thay vi|thay cho|chu khong phai|chu khong chi|khong phai la|hon la|so voi)\s+(?:\S+\s*){1,4}"
    r"|\b(?:tu|sua|doi|chuyen)\s+(?:\S+\s+){1,6}?(?=(?:len|xuong|thanh|sang)\b)"
)


@lru_cache(maxsize=1 << 16)
def discriminators(key: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The tokens that make an idea what it is, by class: numbers, quarters, frequencies, a number
    with its unit, directions, negation and the people concerned. Two keys whose value sets
    differ in a class both mention are different ideas; a class only one of them mentions does
    not decide (a paraphrase may leave the frequency implicit)."""
    key = _NAMED_NUMBER.sub(" ", _CONTRAST.sub(" ", key))
    canonical = key
    for pattern, replacement in _SYNONYMS:
        canonical = pattern.sub(replacement, canonical)
    classes: dict[str, frozenset[str]] = {}
    frequency = {a or b for a, b in _FREQUENCY.findall(key)}
    key = _FREQUENCY.sub(" ", key)
    numbers = set(_NUMBER.findall(key))
    for amount, unit in _NUMBER_UNIT.findall(key):
        numbers.add(_NUMBER_WORDS.get(amount, amount))
        classes["unit:" + unit] = frozenset({_NUMBER_WORDS.get(amount, amount)})
    if numbers:
        classes["number"] = frozenset(n.replace(",", ".") for n in numbers)
    quarters = {
        q.replace("iv", "4").replace("iii", "3").replace("ii", "2").replace("i", "1")
        for q in _QUARTER.findall(key)
    }
    if quarters:
        classes["quarter"] = frozenset(quarters)
    if frequency:
        classes["frequency"] = frozenset(frequency)
    classes.update(_directions(canonical))
    people = set(_PEOPLE_RE.findall(canonical))
    if people:
        classes["people"] = frozenset(re.sub(r"\s+", " ", p) for p in people)
    polarity = _polarity(key)
    if polarity:
        classes["polarity"] = polarity
    return tuple(sorted(classes.items()))


def conflict(a: tuple, b: tuple) -> bool:
    """True when two discriminator tuples make the comments different ideas."""
    if a == b:
        return False
    left, right = dict(a), dict(b)
    for name, values in left.items():
        other = right.get(name)
        if other is None:
            continue
        if name == "polarity":
            if any(
                v[0] == "-" and "+" + v[1:] in other or v[0] == "+" and "-" + v[1:] in other for v in values
            ):
                return True
        elif _differ(values, other):
            return True
    return False


def _differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Different values, unless one side only adds a value to the other's: "three years, two is
    too soon" still proposes three years (the old value is named in passing)."""
    return a != b and (len(a) == len(b) or not a & b)
