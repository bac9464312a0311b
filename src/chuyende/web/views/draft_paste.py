"""A draft from pasted text with a preview of its detected structure, and opening a consultation
on it with a chosen audience (cells, whole subtrees, named members found by search)."""

from datetime import timedelta
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from chuyende.common.errors import DomainError
from chuyende.consultations import domain
from chuyende.consultations.access import get_draft_for
from chuyende.consultations.enums import BlockKind
from chuyende.consultations.rules import can_manage_drafts
from chuyende.consultations.structure import analyse_lines, block_depths
from chuyende.orgs.access import get_organization_for, members_for
from chuyende.orgs.domain.search import search_members
from chuyende.orgs.models import Member, Organization
from chuyende.orgs.rules import subtree_q
from chuyende.web.confirm import require_confirmation
from chuyende.web.mixins import form_ids, or_404, refuse_unless

from .drafts import ManagedOrganizationRequiredMixin, _managed_organizations

FRAME_LABELS = {
    "letterhead": gettext_lazy("Tiêu đề văn bản (không lấy ý kiến)"),
    "draft_mark": gettext_lazy("Dấu “Dự thảo” (không lấy ý kiến)"),
    "title": gettext_lazy("Tên loại và trích yếu (không lấy ý kiến)"),
    "signature": gettext_lazy("Chữ ký (không lấy ý kiến)"),
    "recipients": gettext_lazy("Nơi nhận (không lấy ý kiến)"),
}


class DraftPasteForm(forms.Form):
    organization = forms.IntegerField(widget=forms.Select, label=gettext_lazy("Tổ chức"))
    title = forms.CharField(max_length=300, label=gettext_lazy("Tên dự thảo"))
    text = forms.CharField(
        label=gettext_lazy("Toàn văn dự thảo (dán từ Word)"),
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=200_000,
    )


def outline(blocks) -> list[dict]:
    """Rows of the structure preview: each block with its outline depth and its kind's name."""
    labels = dict(BlockKind.choices)
    return [
        {
            "kind": b.kind,
            "kind_label": labels.get(b.kind, ""),
            "label": b.label,
            "text": b.text,
            "depth": depth,
        }
        for b, depth in zip(blocks, block_depths(blocks), strict=True)
    ]


class DraftPasteView(ManagedOrganizationRequiredMixin, LoginRequiredMixin, TemplateView):
    """GET the form; POST `preview` shows the detected structure, POST `create` creates the draft
    (its first working version) and goes on to opening the consultation."""

    template_name = "web/consultations/draft_paste.html"

    def _form(self, data=None):
        form = DraftPasteForm(data)
        organizations = _managed_organizations(self.request.user)
        form.fields["organization"].widget.choices = [(o.pk, o.name) for o in organizations]
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        return context

    def post(self, request):
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        analysis = analyse_lines(data["text"].splitlines())
        if "create" in request.POST:
            try:
                organization = get_organization_for(request.user, data["organization"])
                draft = domain.create_draft(
                    actor=request.user, organization=organization, title=data["title"], blocks=analysis.blocks
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã tạo dự thảo. Hãy chọn đối tượng và thời gian lấy ý kiến."))
                return HttpResponseRedirect(reverse("draft-open", args=[draft.pk]))
        frame = [(FRAME_LABELS[line.kind], line.text) for line in analysis.frame]
        return self.render_to_response(
            self.get_context_data(form=form, outline=outline(analysis.blocks), frame=frame, previewed=True)
        )


class ConsultationOpenForm(forms.Form):
    title = forms.CharField(max_length=300, label=gettext_lazy("Tên đợt lấy ý kiến"))
    opens_at = forms.DateTimeField(
        label=gettext_lazy("Bắt đầu lấy ý kiến"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Kết thúc lấy ý kiến"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    organizations = forms.ModelMultipleChoiceField(
        Organization.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Tổ chức, chi bộ (chọn đảng bộ là lấy ý kiến toàn bộ tổ chức trực thuộc)"),
    )  # fmt: skip
    members = forms.ModelMultipleChoiceField(
        Member.objects.none(), required=False, widget=forms.MultipleHiddenInput,
        label=gettext_lazy("Đảng viên được mời riêng"),
    )  # fmt: skip

    def __init__(self, *args, organization: Organization, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organizations"]).queryset = Organization.objects.filter(
            subtree_q([organization.path])
        ).order_by("path")
        cast(forms.ModelChoiceField, self.fields["members"]).queryset = members_for(user).filter(
            subtree_q([organization.path], field="cell__path"), is_active=True
        )


def _local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def open_confirmation(version) -> str:
    if version is not None and not version.is_published:
        return _(
            "Phiên bản %(n)s sẽ được công bố và khoá (muốn sửa phải tạo phiên bản mới), và đợt lấy ý kiến được mở cho những người đã chọn trong thời gian đã đặt."
        ) % {"n": version.number}
    return _(
        "Đợt lấy ý kiến được mở cho những người đã chọn trong thời gian đã đặt; đã mở thì không huỷ được."
    )


class DraftOpenView(LoginRequiredMixin, TemplateView):
    """The structure about to be published and the consultation's window and audience; POST
    publishes the working version (if any) and opens the consultation in one transaction, so a
    refused window leaves the draft unpublished."""

    template_name = "web/consultations/draft_open.html"

    def draft(self):
        draft = or_404(get_draft_for, self.request.user, self.kwargs["pk"])
        refuse_unless(
            can_manage_drafts(self.request.user, draft.organization),
            _("Chỉ văn phòng của tổ chức mới mở lấy ý kiến."),
        )
        return draft

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.draft()
        version = domain.working_version(draft) or domain.latest_published(draft)
        if "form" not in context:
            now = timezone.now()
            context["form"] = ConsultationOpenForm(
                organization=draft.organization, user=self.request.user,
                initial={"title": _("Lấy ý kiến %(title)s") % {"title": draft.title},
                         "opens_at": _local_input(now), "closes_at": _local_input(now + timedelta(days=7)),
                         "organizations": [draft.organization.pk]},
            )  # fmt: skip
        blocks = list(version.blocks.order_by("position")) if version else []
        picked = form_ids(context["form"]["members"].value() or [])
        # Only members the form may choose: ids typed into a refused form must not bring back the
        # names of members outside the user's scope.
        choosable = context["form"].fields["members"].queryset
        context.update(
            draft=draft, version=version, outline=outline(blocks), open_confirm=open_confirmation(version),
            picked=choosable.filter(pk__in=picked).order_by("sort_key"),
        )  # fmt: skip
        return context

    def post(self, request, pk):
        draft = self.draft()
        form = ConsultationOpenForm(request.POST, organization=draft.organization, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        try:
            require_confirmation(
                request, open_confirmation(domain.working_version(draft) or domain.latest_published(draft))
            )
            with transaction.atomic():
                version = domain.working_version(draft)
                if version is not None:
                    version = domain.publish_version(actor=request.user, version=version)
                else:
                    version = domain.latest_published(draft)
                if version is None:
                    raise DomainError(_("Dự thảo chưa có nội dung."))
                consultation = domain.open_consultation(
                    actor=request.user, version=version, title=data["title"], opens_at=data["opens_at"],
                    closes_at=data["closes_at"], organizations=list(data["organizations"]),
                    members=list(data["members"]),
                )  # fmt: skip
        except DomainError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Đã công bố dự thảo và mở đợt lấy ý kiến."))
        return HttpResponseRedirect(reverse("consultation-detail", args=[consultation.pk]))


class AudienceMemberSearchView(LoginRequiredMixin, View):
    """htmx: members of the draft's organization matching `q` (with or without accents)."""

    def get(self, request, pk):
        draft = or_404(get_draft_for, request.user, pk)
        if not can_manage_drafts(request.user, draft.organization):
            raise Http404()
        query = request.GET.get("q", "").strip()
        found = Member.objects.none()
        if query:
            scoped = members_for(request.user).filter(
                subtree_q([draft.organization.path], field="cell__path"), is_active=True
            )
            found = search_members(scoped, query).order_by("sort_key", "pk")[:20]
        return render(request, "web/consultations/draft_open.html#found", {"found": found, "query": query})
