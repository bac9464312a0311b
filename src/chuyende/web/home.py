"""Panels of the home page. A panel provider is a function of the request that returns a panel
(or None when it has nothing for this user); `chuyende.web.panel_registry` lists the providers of
every step and the home view shows their panels in order. Apps never import web: web asks them."""

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


def my_roles_panel(request) -> Panel | None:
    roles = held_roles(request.user)
    member = member_of(request.user)
    if not roles and member is None:
        return None
    organizations = {o.pk: o for o in Organization.objects.filter(pk__in=[r.organization_id for r in roles])}
    rows = [(Role(r.role).label, r.title, organizations[r.organization_id]) for r in roles]
    return Panel(_("Vai trò của tôi"), "web/panels/roles.html", {"rows": rows, "member": member}, order=10)


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
