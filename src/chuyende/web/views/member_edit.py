from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from chuyende.common.errors import DomainError
from chuyende.orgs.access import get_member_for, get_organization_for, managed_cells_for
from chuyende.orgs.domain import check_can_edit_member, create_member, update_member
from chuyende.orgs.rules import can_manage_organization
from chuyende.web.forms import MemberForm
from chuyende.web.mixins import or_404, permission_first, refuse_unless
from chuyende.web.once import create_once

FIELDS = ["full_name", "cell", "status", "party_card_number", "position", "email", "phone"]


class MemberCreateView(LoginRequiredMixin, View):
    """A secretary or the office adds a member to a cell they manage."""

    template_name = "web/member_form.html"

    def _organization(self, request, pk):
        organization = or_404(get_organization_for, request.user, pk)
        refuse_unless(
            can_manage_organization(request.user, organization),
            _("Bạn không có quyền thêm đảng viên vào tổ chức này."),
        )
        return organization

    def get(self, request, pk):
        organization = self._organization(request, pk)
        cells = managed_cells_for(request.user, organization)
        form = MemberForm(cells=cells, initial={"cell": cells.first()})
        return render(request, self.template_name, {"form": form, "organization": organization})

    def post(self, request, pk):
        organization = self._organization(request, pk)
        form = MemberForm(request.POST, cells=managed_cells_for(request.user, organization))
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                member, _created = create_once(
                    request,
                    lambda: create_member(
                        actor=request.user,
                        cell=data.pop("cell"),
                        full_name=data.pop("full_name"),
                        login=True,
                        **data,
                    ),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã thêm đảng viên %(name)s.") % {"name": member.full_name})
                return redirect("member-detail", pk=member.pk)
        return render(request, self.template_name, {"form": form, "organization": organization})


class MemberEditView(LoginRequiredMixin, View):
    """Corrects a member's record (a typo in the name, a new phone number, a move of cell)."""

    template_name = "web/member_form.html"

    def _member(self, request, pk):
        member = or_404(get_member_for, request.user, pk)
        permission_first(check_can_edit_member, request.user, member)
        return member

    def get(self, request, pk):
        member = self._member(request, pk)
        form = MemberForm(cells=managed_cells_for(request.user, member.cell.parent or member.cell),
                          initial={field: getattr(member, field) for field in FIELDS})  # fmt: skip
        return render(request, self.template_name, {"form": form, "member": member})

    def post(self, request, pk):
        member = self._member(request, pk)
        form = MemberForm(
            request.POST, cells=managed_cells_for(request.user, member.cell.parent or member.cell)
        )
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["party_card_number"] = data["party_card_number"] or None
            try:
                update_member(actor=request.user, member=member, **data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã lưu thông tin đảng viên."))
                return redirect("member-detail", pk=member.pk)
        return render(request, self.template_name, {"form": form, "member": member})
