"""axe-core on the pages that build the tree and appoint roles, on a phone and a desktop: no
serious or critical violation (same rule as test_accessibility.py, for the pages of this round)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
VIEWPORTS = ({"width": 390, "height": 844}, {"width": 1280, "height": 900})


@pytest.fixture
def browser_context_args(browser_context_args):
    """axe is injected, which the site's Content-Security-Policy forbids: lifted for these pages."""
    return {**browser_context_args, "bypass_csp": True}


def test_structure_and_roles_pages_have_no_serious_violation(live_server, page):
    world = build_world()
    client = Client()
    client.force_login(world.users["clerk"])
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])  # fmt: skip
    committee, cell = world.committee.pk, world.cell_a.pk
    urls = [
        reverse("org-detail", args=[committee]),
        reverse("org-import") + f"?org={committee}",
        reverse("org-roles", args=[cell]) + "?q=vo+minh",
        reverse("org-edit", args=[cell]),
        reverse("org-create-child", args=[committee]),
        reverse("org-move", args=[cell]),
        reverse("org-close", args=[cell]),
        reverse("org-term-create", args=[committee]),
    ]
    problems = []
    for size in VIEWPORTS:
        page.set_viewport_size(size)
        for url in urls:
            response = page.goto(live_server.url + url)
            assert response.status == 200 and "/dang-nhap/" not in page.url, url
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            problems += [
                f"{size['width']} {url}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:3]]}"
                for v in result["violations"]
                if v["impact"] in {"serious", "critical"}
            ]
    assert problems == []
