"""Vietnamese typographic quotes for every text a document prints.

Clerks type straight quotes ("tự diễn biến") and builders wrap titles that already carry their own
quotes (“… “tự chuyển hoá””), so the text is normalized once, in the model, for both renderers:
a straight double quote opens after a space or an opening bracket and closes elsewhere, and a
doubled quote of the same kind collapses to one.
"""

import re

__all__ = ["quoted", "typographic_quotes"]

_OPENS_AFTER = " \t\n\u00a0([{–—/“‘=:"
_DOUBLED = re.compile(r"([“”])\1+")


def typographic_quotes(text: str) -> str:
    """'sự "tự diễn biến"' → 'sự “tự diễn biến”'; '“tự chuyển hoá””' → '“tự chuyển hoá”'."""
    if '"' not in text and "““" not in text and "””" not in text:
        return text
    out = []
    for index, char in enumerate(text):
        if char == '"':
            previous = text[index - 1] if index else " "
            char = "“" if previous in _OPENS_AFTER else "”"
        out.append(char)
    return _DOUBLED.sub(r"\1", "".join(out))


def quoted(text: str) -> str:
    """`text` between “ and ” (once: a text already quoted is returned as it is)."""
    text = typographic_quotes(text.strip())
    if text.startswith("“") and text.endswith("”") and text.count("“") == 1:
        return text
    # Quotes inside a quotation become single quotes: “… ‘tự diễn biến’, ‘tự chuyển hoá’”.
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"
