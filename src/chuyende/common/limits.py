"""How long a text may be, in one place: the domain refuses longer ones with a message that says
the limit, and forms and API schemas show the same numbers. Generous for real use (a comment is a
few paragraphs, a paper or a set of minutes a few dozen pages), small enough that nobody stores
megabytes in a comment box."""

from django.utils.translation import gettext as _

from .errors import DomainError

COMMENT_MAX_CHARS = 10_000
PAPER_MAX_CHARS = 200_000
MINUTES_MAX_CHARS = 200_000
MAX_VOTES = 10_000


def number(value: int) -> str:
    """10000 → "10.000", the Vietnamese way of grouping digits."""
    return f"{value:,}".replace(",", ".")


def check_length(text: str | None, limit: int, what: str) -> None:
    """Refuses `text` longer than `limit` characters, naming `what` and the limit."""
    if text is not None and len(text) > limit:
        raise DomainError(
            _("%(what)s dài %(length)s ký tự, vượt giới hạn %(limit)s ký tự.")
            % {"what": what, "length": number(len(text)), "limit": number(limit)}
        )


def nul_message() -> str:
    """The refusal of a NUL character ("\\x00") in typed text: PostgreSQL stores none in text."""
    return _("Dữ liệu gửi lên có ký tự NUL (mã 0), không lưu được. Hãy xoá ký tự này rồi gửi lại.")


MAX_ID = 2**63 - 1  # the largest value of a 64-bit (BigAutoField) primary key
MIN_YEAR, MAX_YEAR = 1930, 2100  # the Party's founding year to well past any plan


def year_or(value, default: int) -> int:
    """A year from a query string (`?nam=2025`); anything not a whole year in range — "abc",
    "0", "99999" — gives `default`, so a hand-edited address shows the current year, not an error."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return year if MIN_YEAR <= year <= MAX_YEAR else default
