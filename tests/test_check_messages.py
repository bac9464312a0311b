"""scripts/check_messages.py refuses user-facing text that did not pass through gettext, including
an exception's own (English) text handed on as a message."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("check_messages", ROOT / "scripts" / "check_messages.py")
assert _spec and _spec.loader
check_messages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_messages)


def _offences(tmp_path, source):
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    return [text for _line, text in check_messages.offences(path)]


@pytest.mark.parametrize(
    "source",
    [
        'raise DomainError("Không được")',
        'raise NotFound(f"Không thấy {x}")',
        '{"detail": str(exc) or _("Không tìm thấy.")}',  # the API's Http404 handler of main
        'def handler(request, exc):\n    return {"detail": message or str(exc)}',
        "try:\n    f()\nexcept ValueError as problem:\n    raise ImportFailed(str(problem))",
        "try:\n    f()\nexcept ValueError as problem:\n    messages.error(request, problem.args[0])",
        'try:\n    f()\nexcept ValueError as problem:\n    build.status, build.error = "failed", str(problem)',
        "try:\n    f()\nexcept ValueError as problem:\n    Row.objects.update(error=str(problem)[:100])",
    ],
)
def test_refused(tmp_path, source):
    assert _offences(tmp_path, source)


@pytest.mark.parametrize(
    "source",
    [
        'raise DomainError(_("Không được"))',
        'raise NotFound(_("Không thấy %(x)s") % {"x": x})',
        '{"detail": exc.message}',
        'try:\n    f()\nexcept ValueError as problem:\n    raise ImportFailed(_("Hỏng.")) from problem',
        "try:\n    f()\nexcept OSError as problem:\n    Row.objects.update(error=str(problem))  # operator-facing",
        'logger.warning("failed: %s", str(exc))',
    ],
)
def test_accepted(tmp_path, source):
    assert _offences(tmp_path, source) == []


def test_the_source_tree_is_clean():
    assert check_messages.main([]) == 0
