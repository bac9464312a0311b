import os
import shutil

import pytest

from tests.redis_workers import (  # noqa: F401
    REDIS_HOST,
    REDIS_PORT,
    redis_available,
    redis_url,
    rq_tasks,
    rq_workers,
    session_dir,
)

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Ids are reused after each test's rollback, and the comment hot path keeps small process
    caches keyed by id (member cards, paragraphs, tokens, consultations): every test, in every
    folder (the demo in tests/test_daily.py submits comments too), starts with them empty."""
    from chuyende.api.routers import consultations as api
    from chuyende.consultations.domain import comments

    comments.forget_member_cards()
    comments._BLOCKS.clear()
    api._TOKENS.clear()
    api._CONSULTATIONS.clear()


@pytest.fixture(autouse=True)
def _vietnamese():
    """Every test starts in Vietnamese, whatever a test before it asked for (a language cookie,
    translation.activate): messages built outside a request follow the thread's language."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.deactivate()


def pytest_collection_modifyitems(config, items):
    _skip_browser_tests_without_chromium(config, items)
    _skip_redis_tests_without_redis(config, items)


def _loud_skip(config, items, message: str) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter:
        reporter.write_line(message, red=True, bold=True)
    for item in items:
        item.add_marker(pytest.mark.skip(reason=message))


def _skip_redis_tests_without_redis(config, items):
    """Tests marked `redis` start real workers and servers against the machine's Redis. Without
    it they are skipped, loudly; with CI=true a missing Redis fails the run (.ci/run starts one)."""
    redis_items = [item for item in items if "redis" in item.keywords]
    if not redis_items or redis_available():
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(f"CI=true but no Redis answers at {REDIS_HOST}:{REDIS_PORT}")
    _loud_skip(
        config,
        redis_items,
        f"!!! {len(redis_items)} REDIS TESTS SKIPPED: no Redis at {REDIS_HOST}:{REDIS_PORT} !!!",
    )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """When tests that start other processes (or race several connections, `sqlite_file`) are
    collected, the SQLite test database is a file those processes can open and lock (an in-memory
    database is private to this process, and its shared cache locks tables, not the file). It lives in a
    folder of this session, not under pytest's basetemp, which other sessions on the machine prune."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and any(
        "redis" in i.keywords or "sqlite_file" in i.keywords for i in request.session.items
    ):
        database.setdefault("TEST", {})["NAME"] = str(session_dir() / "test.sqlite3")


def _skip_browser_tests_without_chromium(config, items):
    """Browser tests need Debian's Chromium. Without it they are skipped, loudly; on CI
    (CI=true) a missing Chromium fails the run instead of hiding the tests."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    browser_items = [item for item in items if "browser" in item.keywords]
    if not browser_items:
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(f"CI=true but {CHROMIUM} is missing: install Debian's chromium package")
    message = (
        f"!!! {len(browser_items)} BROWSER TESTS SKIPPED: {CHROMIUM} not found (apt-get install chromium) !!!"
    )
    _loud_skip(config, browser_items, message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, as root, with no network chatter (downloads of a browser are impossible)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login failure counts live in the cache (common.throttle): start every test from none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# Reference data that data migrations load (documents' types, meetings' scoring templates, papers'
# manifestations). A transactional test (transaction=True, live_server, the tests that start other
# processes) ends with a flush that empties every table, so later tests would miss it: it is put
# back after each such test by the very loaders the migrations run, so no test depends on the order.
REFERENCE_LOADERS = [
    "chuyende.documents.migrations.0002_load_document_types",
    "chuyende.meetings.migrations.0002_load_scoring_templates",
    "chuyende.papers.migrations.0002_load_manifestations",
]
TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    if TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    test_cls = getattr(item, "cls", None)
    if test_cls is not None:
        from django.test import TestCase, TransactionTestCase

        return issubclass(test_cls, TransactionTestCase) and not issubclass(test_cls, TestCase)
    return False


_test_database = {"ready": False}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's, noting that the test database exists (only then is it safe to write to it)."""
    _test_database["ready"] = True
    yield
    _test_database["ready"] = False  # pytest-django destroys it next


def load_reference_data() -> None:
    import importlib

    from django.apps import apps
    from django.db import connection, transaction

    with transaction.atomic():
        for module in REFERENCE_LOADERS:
            importlib.import_module(module).load(apps, connection.schema_editor)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Runs after the test's fixtures are torn down, so after a transactional test's flush."""
    try:
        return (yield)
    finally:
        if _test_database["ready"] and _is_transactional(item):
            from pytest_django.plugin import blocking_manager_key

            with item.config.stash[blocking_manager_key].unblock():
                load_reference_data()
