"""Panels of the home page. Each app adds a function that returns a panel (or None when it has
nothing for this user); the home view shows them in order. This keeps the home page free of
business rules and lets each lifecycle step show what the user has to do."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from chuyende.orgs.access import members_for, oversight_roots
from chuyende.orgs.enums import Role
from chuyende.orgs.models import Organization
from chuyende.orgs.rules import held_roles, member_of


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


PanelProvider = Callable[[Any], Panel | None]
PANEL_PROVIDERS: list[PanelProvider] = []


def panel_provider(function: PanelProvider) -> PanelProvider:
    PANEL_PROVIDERS.append(function)
    return function


@panel_provider
def my_roles_panel(request) -> Panel | None:
    roles = held_roles(request.user)
    member = member_of(request.user)
    if not roles and member is None:
        return None
    organizations = {o.pk: o for o in Organization.objects.filter(pk__in=[r.organization_id for r in roles])}
    rows = [(Role(r.role).label, r.title, organizations[r.organization_id]) for r in roles]
    return Panel(_("Vai trò của tôi"), "web/panels/roles.html", {"rows": rows, "member": member}, order=10)


@panel_provider
def oversight_panel(request) -> Panel | None:
    roots = oversight_roots(request.user)
    if not roots:
        return None
    top = Organization.objects.filter(path__in=roots).order_by("path")
    counts = members_for(request.user).filter(is_active=True).aggregate(total=Count("id"))
    return Panel(
        _("Tổ chức tôi phụ trách"),
        "web/panels/oversight.html",
        {"organizations": top, "members": counts["total"]},
        order=20,
    )


def panels_for(request) -> list[Panel]:
    panels = [panel for provider in PANEL_PROVIDERS if (panel := provider(request)) is not None]
    return sorted(panels, key=lambda p: p.order)
