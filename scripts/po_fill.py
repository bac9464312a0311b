"""Fills the English catalogue from scripts/en_translations.json (msgid → msgstr).

Usage: python scripts/po_fill.py src/chuyende/locale/en/LC_MESSAGES/django.po
Untranslated entries are listed so the catalogue can be kept complete.

The table is scripts/en_translations.json plus every scripts/en_translations.d/*.json (one file per
area of work, so that parallel branches add strings without editing the same lines).
"""

import json
import re
import sys
from pathlib import Path

ENTRY_FIELD = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) (".*")$')


def _unquote(lines: list[str]) -> str:
    return "".join(json.loads(line) for line in lines)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def fill(po_path: Path, table: dict[str, str]) -> list[str]:
    blocks = po_path.read_text(encoding="utf-8").split("\n\n")
    missing = []
    out = []
    for block in blocks:
        fields: dict[str, list[str]] = {}
        order: list[str] = []
        other: list[str] = []
        current = None
        for line in block.splitlines():
            match = ENTRY_FIELD.match(line)
            if match:
                current = match.group(1)
                fields[current] = [match.group(2)]
                order.append(current)
            elif line.startswith('"') and current:
                fields[current].append(line)
            else:
                other.append(line)
                current = None
        if "msgid" not in fields or _unquote(fields["msgid"]) == "":
            out.append(block)
            continue
        msgid = _unquote(fields["msgid"])
        english = table.get(msgid)
        if english is None:
            missing.append(msgid)
            out.append(block)
            continue
        lines = [line for line in other if not line.startswith("#, fuzzy")]
        for key in order:
            if key.startswith("msgstr"):
                if "msgid_plural" in fields:
                    value = english if key == "msgstr[0]" else table.get(msgid + "|plural", english)
                else:
                    value = english
                lines.append(f"{key} {_quote(value)}")
            else:
                lines.append(f"{key} {_quote(_unquote(fields[key]))}")
        out.append("\n".join(lines))
    text = "\n\n".join(out)
    # A fixed creation date keeps branches that each refresh the catalogue from conflicting on it.
    text = re.sub(r'"POT-Creation-Date: [^"]*\\n"', r'"POT-Creation-Date: 2026-01-01 00:00+0700\\n"', text)
    po_path.write_text(text, encoding="utf-8")
    return missing


if __name__ == "__main__":
    here = Path(__file__).parent
    table = json.loads((here / "en_translations.json").read_text(encoding="utf-8"))
    for extra in sorted((here / "en_translations.d").glob("*.json")):
        table.update(json.loads(extra.read_text(encoding="utf-8")))
    missing = fill(Path(sys.argv[1]), table)
    for msgid in missing:
        print("untranslated:", msgid)
    sys.exit(1 if missing else 0)
