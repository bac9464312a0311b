"""Full-text search over the archive, on SQLite FTS5 or PostgreSQL, with Vietnamese folding.

Text is normalized at the edge of search (design.md rule 6). Every paragraph is stored as typed
(`text`) and as two keys built from `common.text`:

* `folded`: `fold()` — no diacritics, đ → d. A query typed without accents ("chinh don dang")
  matches here, and so does every spelling of an accented query.
* `tone_key`: `search_key()` written in ASCII: each letter's marks become a letter-safe code
  (ă → a8, â → a6, ê → e6, ô → o6, ơ → o7, ư → u7, đ → d9) and the tone becomes a digit at the end
  of the word (1 huyền … 5 nặng). "hoá", "hóa" and the NFD forms all give "hoa4".

Both keys are plain ASCII words, so FTS5's unicode61 tokenizer and PostgreSQL's 'simple'
configuration split them the same way, and no tokenizer needs to know about combining marks.

A query matches on `folded` (all its words, AND); an accented query then ranks the rows whose
`tone_key` also matches every word first, then by relevance. Snippets are cut and highlighted in
Python from the original text, word by word (words fold one-to-one), so the reader sees what the
author typed rather than the folded key that `snippet()` or `ts_headline` would return.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, connections
from django.db.models import Q

from chuyende.common.replica import on_replica, read_alias
from chuyende.common.text import fold, search_key

from .enums import ItemKind
from .models import SearchEntry

_WORD = re.compile(r"\w+")
_FRAGMENT_PREFIX = {"paper": "doan-"}
_MARK_CODES = {"\u0306": "8", "\u0302": "6", "\u031b": "7"}  # breve, circumflex, horn
_TONE_DIGITS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def tone_word(word: str) -> str:
    """One word of `search_key` output in ASCII: "hoá" → "hoa4", "đảng" → "d9ang2"."""
    out, tone = [], ""
    for char in unicodedata.normalize("NFD", search_key(word)):
        if char in _TONE_DIGITS:
            tone = _TONE_DIGITS[char]
        elif char in _MARK_CODES:
            out.append(_MARK_CODES[char])
        elif char == "đ":
            out.append("d9")
        elif not unicodedata.category(char).startswith("M"):
            out.append(char)
    return "".join(out) + tone


def index_words(text: str) -> tuple[str, str]:
    """(folded, tone_key) for a paragraph: the two columns the full-text index reads."""
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    return " ".join(fold(w) for w in words), " ".join(tone_word(w) for w in words)


def _is_accented(query: str) -> bool:
    return fold(query) != unicodedata.normalize("NFC", query).casefold().strip()


@dataclass(frozen=True)
class Hit:
    entry_id: int
    item_key: str
    kind: str
    title: str
    year: int
    url: str
    anchor: str
    snippet: str  # HTML: escaped original text with <mark> around matching words
    exact: bool

    @property
    def kind_label(self) -> str:
        return str(ItemKind(self.kind).label) if self.kind in ItemKind.values else self.kind

    @property
    def href(self) -> str:
        """The item's page, opened at the matching paragraph (the paper page's paragraph elements
        are `id="doan-<anchor>"`)."""
        if not (self.url and self.anchor):
            return self.url
        return f"{self.url}#{_FRAGMENT_PREFIX.get(self.kind, '')}{self.anchor}"


# How many full-text candidates are ranked per round. The index returns them already ordered by
# relevance and cut to this many, so the cost no longer grows with the number of matching rows;
# the scope filter and the exact-tone re-ranking then only touch these candidates.
CANDIDATES = 200
QUERY_MAX_CHARS = 200


def _fts_sqlite(match: list[str]) -> str:
    return "folded : (" + " AND ".join(f'"{w}"' for w in match) + ")"


def _sqlite_ids(folded: list[str], scope_sql: str, params, window: int) -> tuple[list[int], bool]:
    # ORDER BY + LIMIT inside the FTS5 query: bm25 is computed in C and only the top `window` rows
    # leave the index; the join to the entries and the scope filter run on those rows only.
    # bm25(archive_fts) is what `rank` means by default, but ordering by the function directly
    # skips FTS5's rank sorter and measured ~25 % cheaper on 50,000 matches.
    sql = (
        "SELECT e.id FROM (SELECT rowid, bm25(archive_fts) AS score FROM archive_fts"
        " WHERE archive_fts MATCH %s ORDER BY score LIMIT %s) f JOIN archive_searchentry e ON e.id = f.rowid"
        f" WHERE ({scope_sql}) ORDER BY f.score, e.id"
    )
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(sql, [_fts_sqlite(folded), window, *params])
        ids = [row[0] for row in cursor.fetchall()]
        if window < 0 or len(ids) == window:
            return ids, window < 0
        # Fewer rows than the window: either the scope dropped some, or the matches ran out.
        cursor.execute(
            "SELECT count(*) FROM (SELECT rowid FROM archive_fts WHERE archive_fts MATCH %s LIMIT %s)",
            [_fts_sqlite(folded), window + 1],
        )
        return ids, cursor.fetchone()[0] <= window


def _postgres_ids(folded: list[str], scope_sql: str, params, window: int) -> tuple[list[int], bool]:
    # The GIN index finds the matches; ts_rank orders them and LIMIT keeps the top `window`.
    query = " & ".join(folded)
    sql = (
        "SELECT id FROM archive_searchentry WHERE folded_tsv @@ to_tsquery('simple', %s)"
        f" AND ({scope_sql})"
        " ORDER BY ts_rank(folded_tsv, to_tsquery('simple', %s)) DESC, id LIMIT %s"
    )
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(sql, [query, *params, query, window if window >= 0 else None])  # NULL: no limit
        ids = [row[0] for row in cursor.fetchall()]
    # The scope is inside the query here, so a short page means every match was seen.
    return ids, len(ids) < window


def _scope_sql(scope: Q) -> tuple[str, list]:
    """The WHERE clause of a scope Q on SearchEntry, to embed in the raw full-text query."""
    query = SearchEntry.objects.filter(scope).values("id").query
    compiler = query.get_compiler(connection=connection)
    try:
        where, params = compiler.compile(query.where)
    except FullResultSet:
        return "1 = 1", []
    except EmptyResultSet:
        return "1 = 0", []
    table = SearchEntry._meta.db_table
    return where.replace(f'"{table}".', "e." if connection.vendor == "sqlite" else ""), list(params)


def snippet(text: str, terms: set[str], width: int = 30, folded: str | None = None) -> str:
    """Escaped original text around the first matching word, matches wrapped in <mark>.

    `folded` is the entry's stored folded key: it holds one folded word per word of the NFC text,
    so passing it saves folding every word again (the costly part of a result page)."""
    text = unicodedata.normalize("NFC", text)
    words = list(_WORD.finditer(text))
    if not words:
        return html.escape(text[:200])
    keys = folded.split(" ") if folded is not None else []
    if len(keys) != len(words):
        keys = [fold(m.group()) for m in words]
    first = next((i for i, key in enumerate(keys) if key in terms), 0)
    lo, hi = max(0, first - width // 3), min(len(words), first + width)
    start, end = words[lo].start(), words[hi - 1].end()
    out, pos = [], start
    for match, key in zip(words[lo:hi], keys[lo:hi], strict=True):
        out.append(html.escape(text[pos : match.start()]))
        word = html.escape(match.group())
        out.append(f"<mark>{word}</mark>" if key in terms else word)
        pos = match.end()
    return ("… " if lo else "") + "".join(out) + (" …" if end < len(text) else "")


def _candidates(folded: list[str], scope: Q, limit: int) -> list[int]:
    """Ids of the best-ranked matching entries inside `scope`, at most `max(limit, CANDIDATES)`.

    SQLite ranks before it filters by scope (the FTS5 top-N cannot see the scope), so when a
    narrow scope leaves fewer than `limit` rows of the top candidates, every match is ranked.
    """
    scope_sql, params = _scope_sql(scope)
    if scope_sql == "1 = 0":
        return []
    runner = _postgres_ids if connection.vendor == "postgresql" else _sqlite_ids
    window = max(limit, CANDIDATES)
    ids, exhausted = runner(folded, scope_sql, params, window)
    if len(ids) < limit and not exhausted:
        # One more round over every match (LIMIT -1: no limit in SQLite), not a series of windows:
        # each round ranks from scratch, so one full ranking is the cheapest worst case.
        ids, _ = runner(folded, scope_sql, params, -1)
    return ids[:window]


@on_replica()
def search(query: str, *, scope: Q, limit: int = 20) -> list[Hit]:
    """Paragraphs matching every word of `query` inside `scope` (a Q on SearchEntry), best first.

    Matching is on the folded key; among the top candidates, an accented query puts the entries
    whose tone key holds every query word (exact tones) first, keeping relevance order otherwise.
    """
    # A query is a few words: past QUERY_MAX_CHARS the rest is ignored, and a word typed twice
    # counts once (the API takes `q` as typed; 1,500 copies of one word took a worker ~1 s).
    head = unicodedata.normalize("NFC", query[: QUERY_MAX_CHARS + 1])
    words = list(dict.fromkeys(m.group() for m in _WORD.finditer(head) if m.end() <= QUERY_MAX_CHARS))
    folded = list(dict.fromkeys(fold(w) for w in words if fold(w)))
    if not folded:
        return []
    ids = _candidates(folded, scope, limit)
    exact: set[int] = set()
    if _is_accented(query):
        # Re-rank the candidates only: exact tones first, each group still in relevance order.
        tones = {tone_word(w) for w in words if fold(w)}
        tone_keys = dict(SearchEntry.objects.filter(pk__in=ids).values_list("pk", "tone_key"))
        exact = {pk for pk, key in tone_keys.items() if tones <= set(key.split())}
        ids = sorted(ids, key=lambda pk: pk not in exact)
    top = ids[:limit]
    entries = SearchEntry.objects.in_bulk(top)
    terms = set(folded)
    return [
        Hit(
            e.id,
            e.item_key,
            e.kind,
            e.title,
            e.year,
            e.url,
            e.anchor,
            snippet(e.text, terms, folded=e.folded),
            e.id in exact,
        )  # fmt: skip
        for pk in top
        if (e := entries.get(pk)) is not None
    ]
