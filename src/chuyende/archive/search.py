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
from django.db import connection
from django.db.models import Q

from chuyende.common.text import fold, search_key

from .models import SearchEntry

_WORD = re.compile(r"\w+")
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


def _sqlite_ids(folded: list[str], tones: list[str], accented: bool, scope_sql: str, params, limit: int):
    fts_folded = "folded : (" + " AND ".join(f'"{w}"' for w in folded) + ")"
    exact = "0"
    args: list = [fts_folded]
    if accented:
        exact = "e.id IN (SELECT rowid FROM archive_fts WHERE archive_fts MATCH %s)"
        args.append("tone_key : (" + " AND ".join(f'"{w}"' for w in tones) + ")")
    sql = (
        f"SELECT e.id, {exact} AS exact FROM archive_fts f JOIN archive_searchentry e ON e.id = f.rowid"
        f" WHERE archive_fts MATCH %s AND ({scope_sql}) ORDER BY exact DESC, f.rank, e.id LIMIT %s"
    )
    # The exact-match subquery comes first in the SQL text, so its parameter goes first.
    ordered = ([args[1]] if accented else []) + [args[0], *params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, ordered)
        return cursor.fetchall()


def _postgres_ids(folded: list[str], tones: list[str], accented: bool, scope_sql: str, params, limit: int):
    exact = "(tone_tsv @@ to_tsquery('simple', %s))" if accented else "false"
    sql = (
        f"SELECT id, {exact} AS exact FROM archive_searchentry"
        f" WHERE folded_tsv @@ to_tsquery('simple', %s) AND ({scope_sql})"
        " ORDER BY exact DESC, ts_rank(folded_tsv, to_tsquery('simple', %s)) DESC, id LIMIT %s"
    )
    folded_q = " & ".join(folded)
    args = ([" & ".join(tones)] if accented else []) + [folded_q, *params, folded_q, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()


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


def snippet(text: str, terms: set[str], width: int = 30) -> str:
    """Escaped original text around the first matching word, matches wrapped in <mark>."""
    words = list(_WORD.finditer(text))
    hits = [i for i, m in enumerate(words) if fold(m.group()) in terms]
    first = hits[0] if hits else 0
    lo, hi = max(0, first - width // 3), min(len(words), first + width)
    if not words:
        return html.escape(text[:200])
    start, end = words[lo].start(), words[hi - 1].end()
    out, pos = [], start
    for match in words[lo:hi]:
        out.append(html.escape(text[pos : match.start()]))
        word = html.escape(match.group())
        out.append(f"<mark>{word}</mark>" if fold(match.group()) in terms else word)
        pos = match.end()
    return ("… " if lo else "") + "".join(out) + (" …" if end < len(text) else "")


def search(query: str, *, scope: Q, limit: int = 20) -> list[Hit]:
    """Paragraphs matching every word of `query` inside `scope` (a Q on SearchEntry), best first."""
    words = _WORD.findall(unicodedata.normalize("NFC", query))
    folded = [fold(w) for w in words if fold(w)]
    if not folded:
        return []
    tones = [tone_word(w) for w in words if fold(w)]
    accented = _is_accented(query)
    scope_sql, params = _scope_sql(scope)
    runner = _postgres_ids if connection.vendor == "postgresql" else _sqlite_ids
    rows = runner(folded, tones, accented, scope_sql, params, limit)
    entries = SearchEntry.objects.in_bulk([row[0] for row in rows])
    terms = set(folded)
    return [
        Hit(e.id, e.item_key, e.kind, e.title, e.year, e.url, e.anchor, snippet(e.text, terms), bool(exact))
        for entry_id, exact in rows
        if (e := entries[entry_id])
    ]
