"""Building the organization tree on the site's own pages: importing it from a spreadsheet,
adding, correcting, moving and closing a node. Each page calls the same domain function as the API.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from chuyende.common.errors import DomainError
from chuyende.orgs.access import get_organization_for, outbox_organizations_for
from chuyende.orgs.domain import (
    check_can_close_organization,
    check_can_create_organization,
    check_can_edit_organization,
    check_can_manage_terms,
    check_can_move_organization,
    check_can_reopen_organization,
    create_organization,
    create_term,
    update_organization,
)
from chuyende.orgs.domain.organizations import close_organization, move_organization, reopen_organization
from chuyende.orgs.domain.tree_import import (
    can_import_tree,
    preview_organization_import,
    start_organization_import,
)
from chuyende.orgs.enums import OrganizationKind
from chuyende.orgs.interfaces.tree_template import tree_template_xlsx
from chuyende.orgs.models import OrganizationImport
from chuyende.orgs.rules import subtree_q
from chuyende.web.confirm import require_confirmation
from chuyende.web.forms_orgs import (
    CloseOrganizationForm,
    MoveOrganizationForm,
    OrganizationForm,
    OrganizationImportForm,
    TermForm,
)
from chuyende.web.mixins import form_id, or_404, permission_first, refuse_unless
from chuyende.web.once import create_once

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DETAIL_FIELDS = [
    "name", "short_name", "code", "header_name", "superior_header_name", "body_code",
    "signing_authority", "place_name", "unit_name", "unit_function",
]  # fmt: skip


def managed_committees(user):
    """Active committees the user manages (superuser: all), where organizations may be added."""
    return (
        outbox_organizations_for(user)
        .filter(kind=OrganizationKind.COMMITTEE, is_active=True)
        .order_by("path")
    )


class OrganizationImportView(LoginRequiredMixin, View):
    """Upload of a tree: the place (a committee the user manages, or the whole site for a
    superuser), then the file; answers with the row-by-row preview."""

    template_name = "web/org_import.html"

    def _form(self, request, data=None, files=None):
        user = request.user
        allow_site = bool(user.is_superuser)
        places = managed_committees(user)
        refuse_unless(allow_site or places.exists(), _("Bạn không có quyền nhập cây tổ chức."))
        initial = {}
        if (chosen := form_id(request.GET.get("org"))) is not None:
            initial["place"] = places.filter(pk=chosen).first()
        return OrganizationImportForm(data, files, places=places, allow_site=allow_site, initial=initial)

    def get(self, request):
        return render(request, self.template_name, {"form": self._form(request)})

    def post(self, request):
        form = self._form(request, request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                tree_import = preview_organization_import(
                    actor=request.user,
                    place=form.cleaned_data["place"],
                    file_name=upload.name,
                    content=upload.read(),
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                return redirect("org-import-preview", import_pk=tree_import.pk)
        return render(request, self.template_name, {"form": form})


class OrganizationImportPreviewView(LoginRequiredMixin, View):
    template_name = "web/org_import_preview.html"

    def _get(self, request, import_pk):
        tree_import = get_object_or_404(
            OrganizationImport.objects.select_related("organization"), pk=import_pk
        )
        if not can_import_tree(request.user, tree_import.organization):
            raise Http404(_("Không tìm thấy lần nhập này."))
        return tree_import

    def get(self, request, import_pk):
        return render(request, self.template_name, {"import": self._get(request, import_pk)})

    def post(self, request, import_pk):
        tree_import = self._get(request, import_pk)
        try:
            started = start_organization_import(actor=request.user, tree_import=tree_import)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("org-import-preview", import_pk=tree_import.pk)
        started.refresh_from_db()
        if started.status != OrganizationImport.Status.APPLIED:  # a worker applies it: show progress
            return redirect("org-import-preview", import_pk=tree_import.pk)
        counts = started.summary["counts"]
        messages.success(
            request,
            _("Đã nhập xong: %(create)s tổ chức mới, %(update)s được cập nhật, %(unchanged)s không đổi.")
            % counts,
        )
        if started.organization is not None:
            return redirect("org-detail", pk=started.organization.pk)
        return redirect("org-tree")


class OrganizationImportProgressView(OrganizationImportPreviewView):
    """The progress fragment of a tree being applied, polled by the preview page."""

    def get(self, request, import_pk):
        return render(request, f"{self.template_name}#progress", {"import": self._get(request, import_pk)})


class OrganizationImportTemplateView(LoginRequiredMixin, View):
    """The XLSX template with the expected columns and an example tree."""

    def get(self, request):
        response = HttpResponse(tree_template_xlsx(), content_type=XLSX)
        response["Content-Disposition"] = (
            "attachment; filename=\"cay-to-chuc-mau.xlsx\"; filename*=UTF-8''c%C3%A2y-t%E1%BB%95-ch%E1%BB%A9c-m%E1%BA%ABu.xlsx"
        )
        return response


class OrganizationCreateView(LoginRequiredMixin, View):
    """A new node: under `pk` for those who manage it, or a root (no `pk`) for a superuser."""

    template_name = "web/org_form.html"

    def _parent(self, request, pk):
        parent = None if pk is None else or_404(get_organization_for, request.user, pk)
        permission_first(check_can_create_organization, request.user, parent)
        if parent is not None and parent.is_cell:
            raise Http404(_("Chi bộ không có tổ chức trực thuộc."))
        return parent

    def get(self, request, pk=None):
        parent = self._parent(request, pk)
        form = OrganizationForm(
            initial={"kind": OrganizationKind.CELL if parent else OrganizationKind.COMMITTEE}
        )
        return render(request, self.template_name, {"form": form, "parent": parent})

    def post(self, request, pk=None):
        parent = self._parent(request, pk)
        form = OrganizationForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            kind, name = data.pop("kind"), data.pop("name")
            try:
                organization, _created = create_once(
                    request,
                    lambda: create_organization(
                        actor=request.user, parent=parent, kind=kind, name=name, **data
                    ),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã tạo %(name)s.") % {"name": organization.name})
                return redirect("org-detail", pk=organization.pk)
        return render(request, self.template_name, {"form": form, "parent": parent})


class OrganizationEditView(LoginRequiredMixin, View):
    """Corrects a node's names, code, letterhead and unit (renaming included)."""

    template_name = "web/org_form.html"

    def _organization(self, request, pk):
        organization = or_404(get_organization_for, request.user, pk)
        permission_first(check_can_edit_organization, request.user, organization)
        return organization

    def get(self, request, pk):
        organization = self._organization(request, pk)
        form = OrganizationForm(editing=True, initial={f: getattr(organization, f) for f in DETAIL_FIELDS})
        return render(request, self.template_name, {"form": form, "organization": organization})

    def post(self, request, pk):
        organization = self._organization(request, pk)
        form = OrganizationForm(request.POST, editing=True)
        if form.is_valid():
            try:
                update_organization(actor=request.user, organization=organization, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã lưu thông tin %(name)s.") % {"name": organization.name})
                return redirect("org-detail", pk=organization.pk)
        return render(request, self.template_name, {"form": form, "organization": organization})


class OrganizationMoveView(LoginRequiredMixin, View):
    """Places a node and its subtree under another committee the user manages."""

    template_name = "web/org_move.html"

    def _get(self, request, pk):
        organization = or_404(get_organization_for, request.user, pk)
        permission_first(check_can_move_organization, request.user, organization)
        parents = managed_committees(request.user).exclude(subtree_q([organization.path]))
        if organization.parent_id:
            parents = parents.exclude(pk=organization.parent_id)
        return organization, parents

    def get(self, request, pk):
        organization, parents = self._get(request, pk)
        form = MoveOrganizationForm(parents=parents)
        return render(request, self.template_name, {"form": form, "organization": organization})

    def post(self, request, pk):
        organization, parents = self._get(request, pk)
        form = MoveOrganizationForm(request.POST, parents=parents)
        if form.is_valid():
            new_parent = form.cleaned_data["parent"]
            try:
                move_organization(actor=request.user, organization=organization, new_parent=new_parent)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Đã chuyển %(name)s về trực thuộc %(parent)s.")
                    % {"name": organization.name, "parent": new_parent.name},
                )
                return redirect("org-detail", pk=organization.pk)
        return render(request, self.template_name, {"form": form, "organization": organization})


class OrganizationCloseView(LoginRequiredMixin, View):
    """Closes a node (giải thể, sáp nhập): decided by the level above, after a confirmation."""

    template_name = "web/org_close.html"

    def _organization(self, request, pk):
        organization = or_404(get_organization_for, request.user, pk)
        permission_first(check_can_close_organization, request.user, organization)
        return organization

    def _context(self, organization, form):
        sentence = _("%(name)s sẽ thôi hoạt động; các vai trò tại đây kết thúc vào ngày giải thể.") % {
            "name": organization.name
        }
        return {"form": form, "organization": organization, "sentence": sentence}

    def get(self, request, pk):
        organization = self._organization(request, pk)
        return render(request, self.template_name, self._context(organization, CloseOrganizationForm()))

    def post(self, request, pk):
        organization = self._organization(request, pk)
        form = CloseOrganizationForm(request.POST)
        context = self._context(organization, form)
        if form.is_valid():
            try:
                require_confirmation(request, context["sentence"])
                close_organization(
                    actor=request.user, organization=organization, closed_on=form.cleaned_data["closed_on"]
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã ghi nhận giải thể %(name)s.") % {"name": organization.name})
                return redirect("org-detail", pk=organization.pk)
        return render(request, self.template_name, context)


def reopen_confirmation(organization) -> str:
    return _(
        "%(name)s sẽ hoạt động trở lại và bỏ ngày giải thể. Các vai trò đã kết thúc khi giải thể không tự khôi phục: hãy phân công lại nếu cần."
    ) % {"name": organization.name}


class OrganizationReopenView(LoginRequiredMixin, View):
    """Reopens a closed node (the "Mở lại" form on its page): the same people who close it."""

    def post(self, request, pk):
        organization = or_404(get_organization_for, request.user, pk)
        permission_first(check_can_reopen_organization, request.user, organization)
        try:
            require_confirmation(request, reopen_confirmation(organization))
            reopen_organization(actor=request.user, organization=organization)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã mở lại %(name)s.") % {"name": organization.name})
        return redirect("org-detail", pk=organization.pk)


class TermCreateView(LoginRequiredMixin, View):
    """Opens a term (nhiệm kỳ) of an organization: document numbers restart with each term."""

    template_name = "web/org_term.html"

    def _organization(self, request, pk):
        organization = or_404(get_organization_for, request.user, pk)
        permission_first(check_can_manage_terms, request.user, organization)
        return organization

    def get(self, request, pk):
        organization = self._organization(request, pk)
        return render(request, self.template_name, {"form": TermForm(), "organization": organization})

    def post(self, request, pk):
        organization = self._organization(request, pk)
        form = TermForm(request.POST)
        if form.is_valid():
            try:
                term, _created = create_once(
                    request,
                    lambda: create_term(actor=request.user, organization=organization, **form.cleaned_data),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã ghi nhiệm kỳ %(name)s.") % {"name": term.name})
                return redirect("org-detail", pk=organization.pk)
        return render(request, self.template_name, {"form": form, "organization": organization})
