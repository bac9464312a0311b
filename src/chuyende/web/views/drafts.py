"""Draft pages for the office: the list of drafts with their versions, and importing a DOCX draft
then putting it to the organization's members in one step."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from chuyende.common.errors import ConflictError, DomainError, NotAllowed, NotFound
from chuyende.consultations import domain
from chuyende.consultations.access import consultations_for, drafts_for, get_draft_for
from chuyende.consultations.structure import parse_lines
from chuyende.orgs.access import get_organization_for, organizations_for
from chuyende.orgs.enums import MANAGING_ROLES
from chuyende.orgs.rules import role_paths, subtree_q
from chuyende.web.confirm import require_confirmation
from chuyende.web.forms import UploadForm
from chuyende.web.mixins import form_id, refuse_unless
from chuyende.web.once import create_once


class DraftImportForm(UploadForm):
    allowed_suffixes = (".docx",)
    file = forms.FileField(label=_("Tệp dự thảo (.docx)"))
    organization = forms.IntegerField(widget=forms.Select, label=_("Tổ chức"))
    title = forms.CharField(max_length=300, label=_("Tên dự thảo"))
    opens_at = forms.DateTimeField(
        label=_("Bắt đầu lấy ý kiến"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Kết thúc lấy ý kiến"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


def _managed_organizations(user):
    if getattr(user, "is_superuser", False):
        return organizations_for(user).filter(kind="committee")
    return organizations_for(user).filter(subtree_q(role_paths(user, MANAGING_ROLES)), kind="committee")


class ManagedOrganizationRequiredMixin:
    """The office's pages that start with a choice of organization (import or paste a draft, a new
    volume): whoever manages none is refused with `refusal` before the form is shown or read."""

    refusal = _("Bạn không quản lý tổ chức nào để soạn dự thảo.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:  # the anonymous go to the login page first
            refuse_unless(_managed_organizations(request.user).exists(), str(self.refusal))
        return super().dispatch(request, *args, **kwargs)


class DraftListView(LoginRequiredMixin, TemplateView):
    template_name = "web/consultations/drafts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["drafts"] = (
            drafts_for(self.request.user).select_related("organization").prefetch_related("versions")
        )
        return context


class DraftImportView(ManagedOrganizationRequiredMixin, LoginRequiredMixin, FormView):
    """Imports a DOCX draft (structure detected), publishes it and opens the consultation for every
    member of the organization."""

    template_name = "web/consultations/draft_import.html"
    form_class = DraftImportForm

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["organization"].widget.choices = [
            (o.pk, o.name) for o in _managed_organizations(self.request.user)
        ]
        return form

    def form_valid(self, form):
        data, user = form.cleaned_data, self.request.user
        try:
            organization = get_organization_for(user, data["organization"])

            def import_and_open():
                draft = domain.import_docx(
                    actor=user, organization=organization, title=data["title"], content=data["file"].read()
                )
                version = domain.publish_version(actor=user, version=draft.versions.get())
                return domain.open_consultation(
                    actor=user, version=version, title=f"Lấy ý kiến {draft.title}", opens_at=data["opens_at"],
                    closes_at=data["closes_at"], organizations=[organization],
                )  # fmt: skip

            consultation, _created = create_once(self.request, import_and_open)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã nhập dự thảo và mở đợt lấy ý kiến."))
        return HttpResponseRedirect(reverse("consultation-detail", args=[consultation.pk]))


class DraftEditView(LoginRequiredMixin, TemplateView):
    """The working version as editable text, one block per line ("1. …", "Điều 2. …"). Saving
    keeps the ids of blocks whose text carries over; a stale revision is refused (someone else
    saved). Buttons publish the working version or start the next one."""

    template_name = "web/consultations/draft_edit.html"

    def draft(self):
        from django.core.exceptions import PermissionDenied

        from chuyende.consultations.rules import can_manage_drafts
        from chuyende.web.mixins import or_404

        draft = or_404(get_draft_for, self.request.user, self.kwargs["pk"])
        # Those who oversee the organization read its drafts; only its office edits them.
        if not can_manage_drafts(self.request.user, draft.organization):
            raise PermissionDenied(_("Bạn không có quyền sửa dự thảo này."))
        return draft

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.draft()
        version = domain.working_version(draft)
        context.setdefault("text", _text_of(version))
        context.update(draft=draft, version=version,
                       publish_confirm=publish_confirmation(version) if version is not None else "")  # fmt: skip
        # Where the office goes back after publishing the version that takes the comments in: the
        # consultations of this draft, where the handling is finished and the resolution issued.
        context["consultations"] = list(
            consultations_for(self.request.user).filter(version__draft=draft).order_by("-opens_at", "-pk")[:5]
        )
        return context

    def post(self, request, pk):
        draft = self.draft()
        typed = request.POST.get("text", "")
        try:
            if "next_version" in request.POST:
                domain.start_next_version(actor=request.user, draft=draft)
            else:
                version = draft.versions.filter(
                    pk=form_id(request.POST.get("version")), published_at__isnull=True
                ).first()
                if version is None:
                    raise DomainError(_("Không có phiên bản đang soạn."))
                if "publish" in request.POST:
                    require_confirmation(request, publish_confirmation(version))
                    domain.publish_version(actor=request.user, version=version)
                else:
                    try:
                        revision = int(request.POST.get("revision", ""))
                    except ValueError:
                        revision = -1  # a form without its revision is treated as stale
                    domain.replace_blocks(
                        actor=request.user, version=version, blocks=parse_lines(typed.splitlines()),
                        expected_revision=revision,
                    )  # fmt: skip
            messages.success(request, _("Đã lưu."))
        except (NotAllowed, NotFound):
            raise
        except ConflictError as error:
            # Someone saved in between: keep every line this editor typed, show the other person's
            # text beside it; the form now carries the current revision so the next save goes through.
            context = self.get_context_data(text=typed, error=error.message)
            context["theirs"] = _text_of(context["version"])
            return self.render_to_response(context, status=error.status_code)
        except DomainError as error:
            if "text" not in request.POST:
                messages.error(request, error.message)
                return HttpResponseRedirect(reverse("draft-edit", args=[draft.pk]))
            context = self.get_context_data(text=typed, error=error.message)
            return self.render_to_response(context, status=error.status_code)
        return HttpResponseRedirect(reverse("draft-edit", args=[draft.pk]))


def _text_of(version) -> str:
    if version is None:
        return ""
    return "\n".join(f"{b.label} {b.text}".strip() for b in version.blocks.order_by("position"))


def publish_confirmation(version) -> str:
    return _(
        "Phiên bản %(n)s sẽ được công bố và khoá: từ đó không sửa được nữa (muốn sửa phải tạo phiên bản mới), và có thể dùng để mở lấy ý kiến. Chỉ nội dung đã lưu được công bố."
    ) % {"n": version.number}
