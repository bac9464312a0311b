"""Refuses a user-facing message that does not go through gettext (design.md rule 10).

Usage: python scripts/check_messages.py [paths…]   (default: src/chuyende)

A message is user-facing when it is handed to what shows it to a person: a domain error
(`DomainError`, `NotAllowed`, `NotFound`, `ConflictError`, `ImportFailed`), a form or model
`ValidationError`, `Http404`, Ninja's `HttpError`, the messages framework (`messages.error(...)`),
`form.add_error(...)`, a meeting-check `Warning`, an import row's `errors.append(...)`, or an API body `{"detail": ...}`. Such a message must be `_("…")` (or
`gettext`/`gettext_lazy`/`ngettext`…), never a plain string, an f-string or a string formatted
before translation. Migrations are skipped (they freeze what the code said at the time).

Exit status 1 lists every offending `path:line: message`.
"""

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

# Callables whose first positional argument (or `message=`) is shown to the user.
FIRST_ARGUMENT = {
    "DomainError",
    "NotAllowed",
    "NotFound",
    "ConflictError",
    "ImportFailed",
    "ValidationError",
    "Http404",
}
# Callables whose second positional argument is shown: HttpError(status, message), add_error(field, message),
# meetings.checks.Warning(code, message), messages.error(request, message) and its siblings.
SECOND_ARGUMENT = {"HttpError", "add_error", "Warning"}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error", "add_message"}
TRANSLATORS = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_bare(node: ast.expr) -> bool:
    """True for text a person reads that did not pass through a translator."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(char.isalpha() for char in node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return _is_bare(node.left) or (isinstance(node.op, ast.Add) and _is_bare(node.right))
    if isinstance(node, ast.Call) and _name(node.func) == "format" and isinstance(node.func, ast.Attribute):
        return _is_bare(node.func.value)
    if isinstance(node, ast.IfExp):
        return _is_bare(node.body) or _is_bare(node.orelse)
    if isinstance(node, ast.BoolOp):
        return any(_is_bare(value) for value in node.values)
    return False


def message_nodes(tree: ast.AST) -> Iterator[ast.expr]:
    """Every expression in `tree` that is shown to a user as a message."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            position = None
            if name in FIRST_ARGUMENT:
                position = 0
            elif name in SECOND_ARGUMENT:
                position = 1
            elif (
                name in MESSAGE_LEVELS
                and isinstance(node.func, ast.Attribute)
                and _name(node.func.value) == "messages"
            ):
                position = 2 if name == "add_message" else 1
            elif (
                name == "append"
                and isinstance(node.func, ast.Attribute)
                and _name(node.func.value) == "errors"
            ):
                position = 0  # a row's errors in an import report
            if position is None:
                continue
            if len(node.args) > position:
                yield node.args[position]
            for keyword in node.keywords:
                if keyword.arg == "message":
                    yield keyword.value
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "detail":
                    yield value


def offences(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in message_nodes(tree):
        if _is_bare(node):
            found.append((node.lineno, ast.unparse(node)[:90]))
    return sorted(found)


def python_files(roots: list[Path]) -> Iterator[Path]:
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*.py"))
        for path in files:
            if "migrations" not in path.parts:
                yield path


def main(argv: list[str]) -> int:
    roots = [Path(arg) for arg in argv] or [Path(__file__).resolve().parent.parent / "src" / "chuyende"]
    failures = 0
    for path in python_files(roots):
        for line, text in offences(path):
            print(f"{path}:{line}: user-facing message outside gettext: {text}")
            failures += 1
    if failures:
        print(f'{failures} message(s) must go through gettext: _("…") with %(name)s placeholders.')
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
