"""The roles of an organization: who holds which role (from–to), appointing a member, ending an
appointment. Seen by those who oversee the organization; changed by those who manage it."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from chuyende.common.errors import DomainError
from chuyende.orgs.access import get_organization_for, members_for
from chuyende.orgs.domain import check_can_appoint, check_can_end_roles, end_role, grant_role
from chuyende.orgs.domain.search import search_members
from chuyende.orgs.models import Member, RoleAssignment
from chuyende.orgs.rules import can_manage_organization, can_oversee_organization
from chuyende.web.forms_orgs import EndRoleForm, GrantRoleForm
from chuyende.web.mixins import form_id, or_404, permission_first
from chuyende.web.once import create_once

SEARCH_LIMIT = 20


def _organization(request, pk, *, manage: bool):
    organization = or_404(get_organization_for, request.user, pk)
    allowed = (can_manage_organization if manage else can_oversee_organization)(request.user, organization)
    if not allowed:
        raise Http404(_("Không tìm thấy tổ chức này hoặc bạn không có quyền xem."))
    return organization


def _candidates(user):
    """Members who may be appointed: active members the user may see (accent-free search)."""
    return members_for(user).filter(is_active=True)


def _found(user, query: str):
    if not query:
        return Member.objects.none()
    return search_members(_candidates(user), query).order_by("sort_key", "pk")[:SEARCH_LIMIT]


def _assignments(organization):
    """Appointments on the organization: in force or to come, then the ended ones (history)."""
    today = timezone.localdate()
    rows = list(
        RoleAssignment.objects.filter(organization=organization)
        .select_related("user__member")
        .order_by(F("ends_on").desc(nulls_first=True), F("starts_on").desc(nulls_last=True), "-pk")
    )
    current = [a for a in rows if a.ends_on is None or a.ends_on >= today]
    ended = [a for a in rows if a.ends_on is not None and a.ends_on < today]
    for assignment in rows:
        assignment.cancelled = bool(
            assignment.starts_on and assignment.ends_on and assignment.ends_on < assignment.starts_on
        )
        assignment.person = getattr(assignment.user, "member", None)
    return current, ended


class RolesView(LoginRequiredMixin, View):
    template_name = "web/org_roles.html"

    def _render(self, request, organization, form, *, query="", status=200):
        current, ended = _assignments(organization)
        may_manage = can_manage_organization(request.user, organization)
        picked = None
        member_id = form_id(form.data.get("member")) if form is not None and form.is_bound else None
        if member_id:
            picked = _candidates(request.user).filter(pk=member_id).first()
        context = {
            "organization": organization,
            "current": current,
            "ended": ended,
            "may_manage": may_manage,
            "form": form,
            "found": _found(request.user, query) if may_manage else [],
            "query": query,
            "picked": picked,
            "end_form": EndRoleForm(initial={"ends_on": timezone.localdate()}),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        organization = _organization(request, pk, manage=False)
        form = None
        if can_manage_organization(request.user, organization):
            form = GrantRoleForm(members=_candidates(request.user), organization=organization)
        return self._render(request, organization, form, query=request.GET.get("q", "").strip())

    def post(self, request, pk):
        organization = _organization(request, pk, manage=False)
        permission_first(check_can_appoint, request.user, organization)
        form = GrantRoleForm(request.POST, members=_candidates(request.user), organization=organization)
        if form.is_valid():
            data = form.cleaned_data
            try:
                assignment, _created = create_once(
                    request,
                    lambda: grant_role(
                        actor=request.user,
                        member=data["member"],
                        organization=organization,
                        role=data["role"],
                        title=data["title"],
                        starts_on=data["starts_on"],
                        ends_on=data["ends_on"],
                    ),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Đã phân công đồng chí %(name)s làm %(role)s.")
                    % {"name": data["member"].full_name, "role": assignment.get_role_display()},
                )
                return redirect("org-roles", pk=organization.pk)
        return self._render(request, organization, form, query=request.POST.get("q", "").strip(), status=400)


class RoleMemberSearchView(LoginRequiredMixin, View):
    """htmx: members matching `q` (with or without accents), as choices of the appointment form."""

    def get(self, request, pk):
        _organization(request, pk, manage=True)
        query = request.GET.get("q", "").strip()
        return render(
            request, "web/org_roles.html#found", {"found": _found(request.user, query), "query": query}
        )


class RoleEndView(LoginRequiredMixin, View):
    """Sets the last day of an appointment; the row stays in the history."""

    def post(self, request, pk, assignment_pk):
        organization = _organization(request, pk, manage=False)
        permission_first(check_can_end_roles, request.user, organization)
        assignment = get_object_or_404(
            RoleAssignment.objects.select_related("user", "organization"),
            pk=assignment_pk,
            organization=organization,
        )
        form = EndRoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Hãy ghi ngày kết thúc (ngày/tháng/năm)."))
            return redirect("org-roles", pk=organization.pk)
        try:
            end_role(actor=request.user, assignment=assignment, ends_on=form.cleaned_data["ends_on"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            member = getattr(assignment.user, "member", None)
            messages.success(
                request,
                _("Đã ghi ngày kết thúc vai trò %(role)s của đồng chí %(name)s: %(date)s.")
                % {
                    "role": assignment.get_role_display(),
                    "name": member.full_name if member else assignment.user.get_username(),
                    "date": assignment.ends_on.strftime("%d/%m/%Y"),
                },
            )
        return redirect("org-roles", pk=organization.pk)
