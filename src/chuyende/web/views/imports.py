from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from chuyende.common.errors import DomainError
from chuyende.orgs.access import get_organization_for
from chuyende.orgs.domain import check_can_import_members, preview_member_import, start_member_import
from chuyende.orgs.models import MemberImport
from chuyende.web.forms import MemberImportForm
from chuyende.web.mixins import or_404, permission_first


def _organization_or_404(user, pk):
    organization = or_404(get_organization_for, user, pk)
    permission_first(check_can_import_members, user, organization)
    return organization


class MemberImportUploadView(LoginRequiredMixin, View):
    template_name = "web/member_import.html"

    def get(self, request, pk):
        organization = _organization_or_404(request.user, pk)
        return render(request, self.template_name, {"organization": organization, "form": MemberImportForm()})

    def post(self, request, pk):
        organization = _organization_or_404(request.user, pk)
        form = MemberImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                member_import = preview_member_import(
                    actor=request.user,
                    organization=organization,
                    file_name=upload.name,
                    content=upload.read(),
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                return redirect("member-import-preview", pk=organization.pk, import_pk=member_import.pk)
        return render(request, self.template_name, {"organization": organization, "form": form})


class MemberImportPreviewView(LoginRequiredMixin, View):
    template_name = "web/member_import_preview.html"

    def _get(self, request, pk, import_pk):
        organization = _organization_or_404(request.user, pk)
        return organization, get_object_or_404(MemberImport, pk=import_pk, organization=organization)

    def get(self, request, pk, import_pk):
        organization, member_import = self._get(request, pk, import_pk)
        return render(request, self.template_name, {"organization": organization, "import": member_import})

    def post(self, request, pk, import_pk):
        organization, member_import = self._get(request, pk, import_pk)
        try:
            started = start_member_import(actor=request.user, member_import=member_import)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("member-import-preview", pk=organization.pk, import_pk=member_import.pk)
        started.refresh_from_db()
        if started.status == MemberImport.Status.APPLIED:  # no worker: it ran inline
            counts = started.summary["counts"]
            messages.success(
                request,
                _(
                    "Đã nhập xong: %(create)s đảng viên mới, %(update)s được cập nhật, %(unchanged)s không đổi."
                )
                % counts,
            )
            return redirect("org-accounts", pk=organization.pk)
        return redirect("member-import-preview", pk=organization.pk, import_pk=member_import.pk)


class MemberImportProgressView(MemberImportPreviewView):
    """The progress fragment of an import being applied, polled by the preview page."""

    def get(self, request, pk, import_pk):
        organization, member_import = self._get(request, pk, import_pk)
        return render(
            request,
            "web/member_import_preview.html#progress",
            {"organization": organization, "import": member_import},
        )
