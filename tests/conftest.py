import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's Chromium. Without it they are skipped, loudly; on CI
    (CI=true) a missing Chromium fails the run instead of hiding the tests."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    browser_items = [item for item in items if "browser" in item.keywords]
    if not browser_items:
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(f"CI=true but {CHROMIUM} is missing: install Debian's chromium package")
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    message = (
        f"!!! {len(browser_items)} BROWSER TESTS SKIPPED: {CHROMIUM} not found (apt-get install chromium) !!!"
    )
    if reporter:
        reporter.write_line(message, red=True, bold=True)
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=message))


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
