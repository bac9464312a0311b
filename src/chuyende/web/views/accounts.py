"""Members' logins: the office creates and hands them out, the member activates them.

Office pages: a member's account box (create, new code, lock, unlock), a cell's "Cấp tài khoản"
page with the printed code sheet (PDF/DOCX) and the activation e-mails. Public pages: "Kích hoạt
tài khoản" (first visit, or after a reset) and "Quên mật khẩu". Rules live in
`orgs.domain.accounts`; these views only parse and render.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from chuyende.common.downloads import file_response
from chuyende.common.errors import DomainError
from chuyende.common.throttle import client_address
from chuyende.documents.activation_sheet import activation_sheet
from chuyende.documents.rendering.docx import render_docx
from chuyende.documents.rendering.pdf import render_pdf
from chuyende.orgs.access import get_member_for, get_organization_for, managed_cells_for
from chuyende.orgs.domain import accounts
from chuyende.orgs.rules import can_manage_account, can_manage_organization
from chuyende.web.mixins import or_404

SHEET_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _managed_member(request, pk):
    member = or_404(get_member_for, request.user, pk)
    if not can_manage_account(request.user, member):
        raise Http404(_("Bạn không có quyền quản lý tài khoản của đảng viên này."))
    return member


def _managed_organization(request, pk):
    organization = or_404(get_organization_for, request.user, pk)
    if not can_manage_organization(request.user, organization):
        raise Http404(_("Bạn không có quyền cấp tài khoản trong tổ chức này."))
    return organization


class AccountActionView(LoginRequiredMixin, View):
    """POST from the member page: create the login, give a new code, lock or unlock it."""

    def post(self, request, pk, action):
        member = _managed_member(request, pk)
        try:
            if action == "tao":
                accounts.create_login(actor=request.user, member=member)
                messages.success(
                    request, _("Đã tạo tài khoản %(username)s.") % {"username": member.user.username}
                )
            elif action == "cap-lai-ma":
                issued = accounts.reset_account(actor=request.user, member=member)
                return render(request, "web/accounts/code.html", {"member": member, "issued": issued})
            elif action == "khoa":
                accounts.deactivate_account(actor=request.user, member=member)
                messages.success(request, _("Đã khoá tài khoản của %(name)s.") % {"name": member.full_name})
            elif action == "mo-khoa":
                accounts.reactivate_account(actor=request.user, member=member)
                messages.success(
                    request, _("Đã mở khoá tài khoản của %(name)s.") % {"name": member.full_name}
                )
            else:
                raise Http404(_("Thao tác không hợp lệ."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("member-detail", pk=member.pk)


class OrganizationAccountsView(LoginRequiredMixin, View):
    """ "Cấp tài khoản": the cells the user manages under an organization, how many members have no
    login, have not activated it, use it or are locked, and per cell the code sheet and e-mails."""

    template_name = "web/accounts/organization.html"

    def get(self, request, pk):
        organization = _managed_organization(request, pk)
        active = Q(members__is_active=True)
        cells = managed_cells_for(request.user, organization).annotate(
            total=Count("members", filter=active),
            without_login=Count("members", filter=active & Q(members__user__isnull=True)),
            pending=Count("members", filter=active & accounts.pending_q("members__user__")),
            locked=Count("members", filter=active & Q(members__user__is_active=False)),
            with_email=Count("members", filter=active & ~Q(members__email="")),
        )
        return render(request, self.template_name, {"organization": organization, "cells": cells})


class ActivationSheetView(LoginRequiredMixin, View):
    """POST: new codes for the cell's members who have not activated, returned as the printable
    sheet. The codes exist in clear only in this file."""

    def post(self, request, pk, fmt):
        cell = _managed_organization(request, pk)
        if fmt not in SHEET_TYPES:
            raise Http404(_("Định dạng không hợp lệ."))
        try:
            issued = accounts.issue_activation_codes(actor=request.user, cell=cell)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("org-accounts", pk=cell.pk)
        document = activation_sheet(cell, issued, site_url=site_url(request), today=timezone.localdate())
        content = render_pdf(document) if fmt == "pdf" else render_docx(document)
        name = _("Phiếu mã kích hoạt - %(cell)s.%(fmt)s") % {"cell": cell.short_name or cell.name, "fmt": fmt}
        return file_response(content, name, SHEET_TYPES[fmt])


class ActivationEmailView(LoginRequiredMixin, View):
    """POST: prepares the activation e-mails of a cell in the outbox, where a person releases them."""

    def post(self, request, pk):
        cell = _managed_organization(request, pk)
        try:
            count = accounts.prepare_activation_emails(
                actor=request.user, cell=cell, site_url=site_url(request)
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("org-accounts", pk=cell.pk)
        messages.success(
            request,
            _("Đã soạn %(count)s thư kích hoạt trong hộp thư đi; hãy duyệt để gửi.") % {"count": count},
        )
        return redirect("outbox")


class ActivateView(View):
    """ "Kích hoạt tài khoản": user name + code (prefilled from the e-mailed link), then the member's
    own password twice. Success signs them in."""

    template_name = "web/accounts/activate.html"

    def get(self, request):
        initial = {"username": request.GET.get("u", "")[:150], "code": request.GET.get("ma", "")[:20]}
        return render(request, self.template_name, {"initial": initial})

    def post(self, request):
        data = {"username": request.POST.get("username", "")[:150], "code": request.POST.get("code", "")[:20]}
        try:
            user = accounts.activate_account(
                username=data["username"],
                code=data["code"],
                password=request.POST.get("password1", ""),
                password_again=request.POST.get("password2", ""),
                address=client_address(request),
            )
        except DomainError as error:
            return render(request, self.template_name, {"initial": data, "error": error.message}, status=400)
        # The code proved who they are; the session names the site's own backend so it stays valid.
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        messages.success(
            request, _("Tài khoản đã được kích hoạt. Từ nay hãy đăng nhập bằng mật khẩu vừa đặt.")
        )
        return redirect("home")


class ForgotPasswordView(View):
    """ "Quên mật khẩu": sends a reset code by e-mail; the answer never tells whether the account
    exists."""

    template_name = "web/accounts/forgot.html"

    def get(self, request):
        return render(request, self.template_name, {})

    def post(self, request):
        accounts.request_password_reset(
            identifier=request.POST.get("identifier", "")[:254], site_url=site_url(request)
        )
        return render(request, self.template_name, {"sent": True})
