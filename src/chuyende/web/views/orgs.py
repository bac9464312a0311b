from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.db.models.functions import Substr
from django.views.generic import TemplateView

from chuyende.orgs.access import get_organization_for, members_for, organizations_for, oversight_roots
from chuyende.orgs.models import Organization
from chuyende.orgs.models.organization import PATH_SEGMENT_WIDTH
from chuyende.orgs.rules import (
    can_close_organization,
    can_import_members,
    can_manage_organization,
    can_oversee_organization,
    can_view_members_of,
    member_of,
    subtree_q,
)
from chuyende.web.mixins import or_404
from chuyende.web.views.org_structure import managed_committees, reopen_confirmation


def children_with_counts(user, organization: Organization) -> list[tuple[Organization, int]]:
    """Visible children of a node with the number of active members in each child's subtree,
    in two queries whatever the size of the tree."""
    children = list(organizations_for(user).filter(parent=organization).order_by("kind", "name"))
    prefix_length = PATH_SEGMENT_WIDTH * (organization.depth + 2)
    counts = dict(
        members_for(user)
        .filter(subtree_q([organization.path], field="cell__path"), is_active=True)
        .annotate(prefix=Substr("cell__path", 1, prefix_length))
        .values("prefix")
        .annotate(n=Count("id"))
        .values_list("prefix", "n")
    )
    return [(child, counts.get(child.path, 0)) for child in children]


class OrganizationTreeView(LoginRequiredMixin, TemplateView):
    """The roots the user may see; each node opens its children on demand (htmx), so a national
    tree is never rendered at once."""

    template_name = "web/org_tree.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        roots = list(Organization.objects.filter(path__in=oversight_roots(user)).order_by("path"))
        member = member_of(user)
        if member is not None and not any(member.cell.path.startswith(r.path) for r in roots):
            roots.append(member.cell)
        context["roots"] = roots
        context["can_import"] = managed_committees(user).exists()
        return context


class OrganizationChildrenView(LoginRequiredMixin, TemplateView):
    template_name = "web/org_tree.html#children"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = or_404(get_organization_for, self.request.user, kwargs["pk"])
        context["children"] = children_with_counts(self.request.user, organization)
        return context


class OrganizationDetailView(LoginRequiredMixin, TemplateView):
    template_name = "web/org_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        organization = or_404(get_organization_for, user, kwargs["pk"])
        context.update(
            organization=organization,
            ancestors=Organization.objects.filter(pk__in=organization.ancestor_ids()[:-1]).order_by("path"),
            children=children_with_counts(user, organization),
            terms=organization.terms.all(),
            can_view_members=can_view_members_of(user, organization),
            can_import=can_import_members(user, organization),
            can_oversee=can_oversee_organization(user, organization),
            can_manage=can_manage_organization(user, organization),
            can_close=can_close_organization(user, organization),
            reopen_confirm=reopen_confirmation(organization) if not organization.is_active else "",
        )
        return context
