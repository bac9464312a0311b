"""Refuses a user-facing message that does not go through gettext (design.md rule 10).

Usage: python scripts/check_messages.py [paths…]   (default: src/chuyende)

A message is user-facing when it is handed to what shows it to a person: a domain error
(`DomainError`, `NotAllowed`, `NotFound`, `ConflictError`, `ImportFailed`), a form or model
`ValidationError`, `Http404`, Ninja's `HttpError`, the messages framework (`messages.error(...)`),
`form.add_error(...)`, a meeting-check `Warning`, an import row's `errors.append(...)`, or an API body `{"detail": ...}`. Such a message must be `_("…")` (or
`gettext`/`gettext_lazy`/`ngettext`…), never a plain string, an f-string or a string formatted
before translation. Migrations are skipped (they freeze what the code said at the time).

An exception's own text (`str(exc)`, `repr(exc)`, `exc.args`, for a name bound by `except … as
exc` or a parameter called `exc`/`exception`) is not a translated message either: Django's and
the libraries' texts are English ("No TopicAssignment matches the given query."). It is refused in
the places above, in any part of `a or b` / `a if c else b`, and where it is stored for a page to
show: an `error=` keyword or an assignment to an `.error` attribute (a failed import or build). A
line that stores such a text for operators on purpose says so with `# operator-facing`.

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


EXCEPTION_PARAMETERS = {"exc", "exception"}


def _exception_names(tree: ast.AST) -> set[str]:
    """Names that hold an exception: `except … as name`, and handler parameters `exc`/`exception`."""
    names = set(EXCEPTION_PARAMETERS)
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def _exception_text(node: ast.expr, exceptions: set[str]) -> bool:
    """`str(exc)`, `repr(exc)`, `exc.args…`, `f"{exc}"`, sliced or not."""
    if isinstance(node, ast.Subscript):
        return _exception_text(node.value, exceptions)
    if isinstance(node, ast.Call) and _name(node.func) in {"str", "repr"} and isinstance(node.func, ast.Name):
        return len(node.args) == 1 and isinstance(node.args[0], ast.Name) and node.args[0].id in exceptions
    if isinstance(node, ast.Attribute) and node.attr == "args":
        return isinstance(node.value, ast.Name) and node.value.id in exceptions
    return False


def _is_bare(node: ast.expr, exceptions: frozenset[str] | set[str] = frozenset()) -> bool:
    """True for text a person reads that did not pass through a translator."""
    if _exception_text(node, set(exceptions)):
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(char.isalpha() for char in node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return _is_bare(node.left, exceptions) or (
            isinstance(node.op, ast.Add) and _is_bare(node.right, exceptions)
        )
    if isinstance(node, ast.Call) and _name(node.func) == "format" and isinstance(node.func, ast.Attribute):
        return _is_bare(node.func.value, exceptions)
    if isinstance(node, ast.IfExp):
        return _is_bare(node.body, exceptions) or _is_bare(node.orelse, exceptions)
    if isinstance(node, ast.BoolOp):
        return any(_is_bare(value, exceptions) for value in node.values)
    return False


def stored_errors(tree: ast.AST) -> Iterator[ast.expr]:
    """Values stored where a page shows them as the reason of a failure: `error=` keywords and
    assignments to an `.error` attribute (also inside a tuple assignment)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "error":
                    yield keyword.value
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "error":
                    yield node.value
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    for element, value in zip(target.elts, node.value.elts, strict=False):
                        if isinstance(element, ast.Attribute) and element.attr == "error":
                            yield value


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
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    exceptions = _exception_names(tree)
    found = []
    for node in message_nodes(tree):
        if _is_bare(node, exceptions):
            found.append((node.lineno, ast.unparse(node)[:90]))
    for node in stored_errors(tree):
        if _exception_text(node, exceptions) and "# operator-facing" not in lines[node.lineno - 1]:
            found.append((node.lineno, ast.unparse(node)[:90]))
    return sorted(set(found))


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
