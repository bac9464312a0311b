from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.views.generic import TemplateView

from chuyende.orgs.access import get_member_for, get_organization_for, members_for
from chuyende.orgs.domain.accounts import STATE_LABELS, account_state
from chuyende.orgs.domain.search import search_members
from chuyende.orgs.rules import (
    can_manage_account,
    can_manage_organization,
    can_view_member_details,
    subtree_q,
)
from chuyende.web.mixins import or_404

PAGE_SIZE = 50


class MemberListView(LoginRequiredMixin, TemplateView):
    """Members the user may see, in Vietnamese name order; `q` matches with or without accents.
    An htmx request gets only the results fragment."""

    template_name = "web/members.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["web/members.html#results"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        members = members_for(user).filter(is_active=True)
        organization = None
        if org_id := self.request.GET.get("org"):
            organization = or_404(get_organization_for, user, org_id)
            members = members.filter(subtree_q([organization.path], field="cell__path"))
        query = self.request.GET.get("q", "").strip()
        members = search_members(members, query).order_by("sort_key", "pk")
        page = Paginator(members, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page=page, query=query, organization=organization)
        return context


class MemberDetailView(LoginRequiredMixin, TemplateView):
    template_name = "web/member_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = or_404(get_member_for, self.request.user, kwargs["pk"])
        context["member"] = member
        context["show_details"] = can_view_member_details(self.request.user, member)
        context["can_edit"] = can_manage_organization(self.request.user, member.cell)
        context["can_manage_account"] = can_manage_account(self.request.user, member)
        state = account_state(member)
        context.update(account_state=state, account_state_label=STATE_LABELS[state])
        return context
