"""Consultation pages: a member reads the draft and comments on a paragraph in two taps; the office
works through groups of comments with the keyboard; diff between versions."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from chuyende.common.downloads import file_response
from chuyende.common.errors import DomainError, NotAllowed, NotFound
from chuyende.consultations import domain
from chuyende.consultations.access import (
    consultations_for,
    get_consultation_for,
    get_draft_for,
    get_office_consultation_for,
    get_own_comment,
)
from chuyende.consultations.diff import diff_versions
from chuyende.consultations.enums import CHANGING_DECISIONS, CommentStatus, Decision, Stance, TargetKind
from chuyende.consultations.models import Comment, CommentGroup, SynthesisRun
from chuyende.consultations.report import build_report
from chuyende.consultations.rules import can_handle_comments
from chuyende.documents.rendering.docx import render_docx
from chuyende.documents.rendering.pdf import render_pdf
from chuyende.orgs.access import get_member_for
from chuyende.orgs.domain.signing import signature_block, signers_for
from chuyende.orgs.enums import MANAGING_ROLES
from chuyende.orgs.rules import held_roles
from chuyende.web.confirm import require_confirmation
from chuyende.web.mixins import form_id, or_403, or_404

QUEUE_SIZE = 50


class CommentForm(forms.Form):
    stance = forms.ChoiceField(choices=Stance.choices)
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Nội dung góp ý")
    )
    proposed_wording = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Đề nghị sửa thành")
    )
    idempotency_key = forms.CharField(max_length=64, widget=forms.HiddenInput)


class DispositionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices)
    explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    group = forms.IntegerField(required=False)
    comment = forms.IntegerField(required=False)
    changed_block = forms.CharField(required=False, max_length=24)


def changed_version_of(consultation):
    """The newest version after the consulted one (working or published): where accepted comments
    point to the paragraph that changed."""
    return (
        consultation.version.draft.versions.filter(number__gt=consultation.version.number)
        .order_by("-number")
        .first()
    )


class ConsultationListView(LoginRequiredMixin, TemplateView):
    template_name = "web/consultations/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["consultations"] = consultations_for(user).order_by("-opens_at", "-pk")[:100]
        context["now"] = timezone.now()
        # The empty list tells the office where a consultation starts (the newcomer's walk).
        context["can_start"] = user.is_superuser or any(h.role in MANAGING_ROLES for h in held_roles(user))
        return context


class ConsultationDetailView(LoginRequiredMixin, TemplateView):
    """The consulted text, paragraph by paragraph; tapping a paragraph opens its comment form."""

    template_name = "web/consultations/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        consultation = or_404(get_consultation_for, user, kwargs["pk"])
        mine = Comment.objects.filter(consultation=consultation, author=user).order_by("pk")
        by_block: dict[str, list[Comment]] = {}
        for comment in mine:
            by_block.setdefault(comment.block_uid, []).append(comment)
        blocks = [(b, by_block.get(b.uid, [])) for b in consultation.version.blocks.order_by("position")]
        is_office = can_handle_comments(user, consultation)
        if is_office:
            from .consultation_steps import STEP_CONFIRMATIONS, ResolutionIssueForm

            context["steps"] = domain.next_steps(consultation)
            context["step_confirmations"] = {k.replace("-", "_"): v for k, v in STEP_CONFIRMATIONS.items()}
            context["issue_form"] = ResolutionIssueForm(organization=consultation.organization)
        context.update(
            consultation=consultation, blocks=blocks, whole_draft=by_block.get("", []), is_office=is_office,
            is_open=consultation.is_open_at(timezone.now()), withdraw_confirm=WITHDRAW_CONFIRMATION,
            unhandled=domain.unhandled_count(consultation) if is_office else None,
        )  # fmt: skip
        return context


class CommentFormView(LoginRequiredMixin, View):
    """htmx: GET the form under a paragraph (tap one); POST it by a stance button (tap two).
    Without JavaScript the same addresses are pages: the paragraph's "Góp ý đoạn này" link (in
    <noscript>) opens its form on a page of its own, a sent comment goes back to the consulted text
    with a message, and a refused one comes back on that page with what was typed."""

    template_name = "web/consultations/detail.html#comment-form"
    page_template_name = "web/consultations/comment_page.html"

    def _render(self, request, consultation, uid, form, saved=None, error=None, status=200):
        context = {"consultation": consultation, "uid": uid, "form": form, "saved": saved, "error": error,
                   "stances": Stance.choices}  # fmt: skip
        if request.headers.get("HX-Request"):
            return render(request, self.template_name, context)
        block = consultation.version.blocks.filter(uid=uid).first() if uid else None
        if uid and block is None:
            raise Http404(_("Không tìm thấy đoạn này trong dự thảo."))
        context["target_block"] = block  # not "block": a template reserves that name
        return render(request, self.page_template_name, context, status=status)

    def get(self, request, pk, uid=""):
        consultation = or_404(get_consultation_for, request.user, pk)
        form = CommentForm(initial={"idempotency_key": uuid.uuid4().hex})
        return self._render(request, consultation, uid, form)

    def post(self, request, pk, uid=""):
        consultation = or_404(get_consultation_for, request.user, pk)
        form = CommentForm(request.POST)
        try:
            # Permission first: outside the audience, the form's own complaints are beside the point.
            domain.audience_member(request.user, consultation)
        except NotFound as error:
            raise Http404(error.message) from None
        except NotAllowed as error:
            # htmx swaps only 2xx answers: the refusal is in the fragment it sends back.
            return self._render(request, consultation, uid, form, error=error.message)
        if not form.is_valid():
            return self._render(request, consultation, uid, form, error=_("Hãy chọn ý kiến."), status=400)
        try:
            comment, _created = domain.submit_comment(
                actor=request.user, consultation=consultation,
                target=TargetKind.PARAGRAPH if uid else TargetKind.DRAFT, block_uid=uid, **form.cleaned_data,
            )  # fmt: skip
        except DomainError as error:
            return self._render(
                request, consultation, uid, form, error=error.message, status=error.status_code
            )
        if not request.headers.get("HX-Request"):
            messages.success(request, _("Đã ghi nhận ý kiến của đồng chí."))
            anchor = f"#b-{uid}" if uid else "#gop-y-chung"
            return HttpResponseRedirect(reverse("consultation-detail", args=[consultation.pk]) + anchor)
        fresh = CommentForm(initial={"idempotency_key": uuid.uuid4().hex})
        return self._render(request, consultation, uid, fresh, saved=comment)


WITHDRAW_CONFIRMATION = _(
    "Ý kiến sẽ được rút và không khôi phục được; muốn góp ý lại thì gửi một ý kiến mới."
)


class CommentWithdrawView(LoginRequiredMixin, View):
    def post(self, request, pk, comment_pk):
        consultation = or_404(get_consultation_for, request.user, pk)
        comment = or_404(get_own_comment, request.user, comment_pk)
        try:
            require_confirmation(request, str(WITHDRAW_CONFIRMATION))
            domain.withdraw_comment(actor=request.user, comment=comment)
            messages.success(request, _("Đã rút ý kiến."))
        except DomainError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(reverse("consultation-detail", args=[consultation.pk]))


class OfficeMixin(LoginRequiredMixin):
    def consultation(self):
        return or_403(get_office_consultation_for, self.request.user, self.kwargs["pk"])


class HandlingView(OfficeMixin, TemplateView):
    """The office's queue: unhandled groups (largest first), then unhandled single comments.
    Keyboard: j/k move, a accept, r reject, Enter records."""

    template_name = "web/consultations/handling.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consultation = self.consultation()
        unhandled = Comment.objects.filter(
            consultation=consultation, status=CommentStatus.ACTIVE, disposition__isnull=True
        )
        group_ids = unhandled.filter(group__isnull=False).values("group_id")
        groups = list(CommentGroup.objects.filter(pk__in=group_ids).order_by("-size", "pk")[:QUEUE_SIZE])
        singles = list(unhandled.filter(group__isnull=True).order_by("pk")[:QUEUE_SIZE])
        for group in groups:
            group.item_key = f"g{group.pk}"
        for comment in singles:
            comment.item_key = f"c{comment.pk}"
        run = consultation.runs.first()
        new_version = changed_version_of(consultation)
        new_blocks = list(new_version.blocks.order_by("position")) if new_version else []
        unlinked = (
            consultation.dispositions.filter(decision__in=CHANGING_DECISIONS, changed_block_uid="")
            .annotate(count=Count("comments"))
            .order_by("pk")[:QUEUE_SIZE]
        )
        context.update(
            consultation=consultation, groups=groups, singles=singles, run=run,
            unhandled=domain.unhandled_count(consultation), decisions=Decision.choices,
            new_version=new_version, new_blocks=new_blocks, unlinked=unlinked,
            report_signers=signers_for(consultation.organization),
        )  # fmt: skip
        return context

    def post(self, request, pk):
        consultation = self.consultation()
        if "link" in request.POST:
            return self._link(request, consultation)
        form = DispositionForm(request.POST)
        try:
            if not form.is_valid():
                raise DomainError(_("Phải chọn hình thức xử lý và ghi nội dung giải trình."))
            data = form.cleaned_data
            group = CommentGroup.objects.filter(pk=data["group"], consultation=consultation).first()
            changed_block = data["changed_block"] if data["decision"] in CHANGING_DECISIONS else ""
            domain.dispose(
                actor=request.user, consultation=consultation, decision=data["decision"],
                explanation=data["explanation"], group=group,
                comment_ids=[data["comment"]] if data["comment"] else [],
                changed_version=changed_version_of(consultation) if changed_block else None,
                changed_block_uid=changed_block,
            )  # fmt: skip
        except (NotAllowed, NotFound):
            raise
        except DomainError as error:
            # The explanation typed and the decision chosen come back in the same item's form.
            post = request.POST
            key = f"g{post['group']}" if post.get("group") else f"c{post.get('comment', '')}"
            refused = {"key": key, "decision": post.get("decision", ""), "explanation": post.get("explanation", ""),
                       "changed_block": post.get("changed_block", ""), "error": error.message}  # fmt: skip
            return self.render_to_response(self.get_context_data(refused=refused), status=error.status_code)
        messages.success(request, _("Đã ghi kết quả xử lý."))
        return HttpResponseRedirect(reverse("consultation-handling", args=[consultation.pk]))

    def _link(self, request, consultation):
        disposition = consultation.dispositions.filter(pk=form_id(request.POST.get("link"))).first()
        version = changed_version_of(consultation)
        try:
            if disposition is None or version is None:
                raise DomainError(_("Không tìm thấy kết quả xử lý hoặc phiên bản mới."))
            domain.link_changed_block(
                actor=request.user, disposition=disposition, changed_version=version,
                changed_block_uid=request.POST.get("changed_block", ""),
            )  # fmt: skip
            messages.success(request, _("Đã gắn ý kiến với đoạn đã sửa."))
        except (DomainError, ValueError) as error:
            messages.error(request, getattr(error, "message", _("Dữ liệu không hợp lệ.")))
        return HttpResponseRedirect(reverse("consultation-handling", args=[consultation.pk]))


class SynthesisView(OfficeMixin, View):
    """POST starts a run (or cancels it with `cancel`); GET is the progress fragment htmx polls."""

    def get(self, request, pk):
        consultation = self.consultation()
        run = consultation.runs.first()
        return render(
            request, "web/consultations/handling.html#progress", {"consultation": consultation, "run": run}
        )

    def post(self, request, pk):
        consultation = self.consultation()
        try:
            if "cancel" in request.POST:
                run = SynthesisRun.objects.get(pk=request.POST["cancel"], consultation=consultation)
                domain.cancel_synthesis(actor=request.user, run=run)
            else:
                domain.start_synthesis(actor=request.user, consultation=consultation)
        except (DomainError, SynthesisRun.DoesNotExist, ValueError) as error:
            messages.error(request, getattr(error, "message", _("Không tìm thấy lần tổng hợp.")))
        return HttpResponseRedirect(reverse("consultation-handling", args=[consultation.pk]))


class DraftDiffView(LoginRequiredMixin, TemplateView):
    template_name = "web/consultations/diff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = or_404(get_draft_for, self.request.user, kwargs["pk"])
        versions = list(draft.versions.order_by("number"))
        by_pk = {str(v.pk): v for v in versions}
        old = by_pk.get(self.request.GET.get("old", ""), versions[0])
        new = by_pk.get(self.request.GET.get("new", ""), versions[-1])
        context.update(draft=draft, versions=versions, old=old, new=new, changes=diff_versions(old, new))
        return context


class ReportView(OfficeMixin, View):
    """The handling report (BC) as DOCX (`?format=docx`) or PDF, signed by the person chosen in
    `nguoi_ky` among those who may sign for the organization (default: its secretary)."""

    def get(self, request, pk):
        consultation = self.consultation()
        signer = None
        if chosen := request.GET.get("nguoi_ky"):
            # Scoped as in the API: an id outside the office's members is not found (the refusal
            # below would otherwise name any member of the country by guessing ids).
            member = or_404(get_member_for, request.user, chosen)
            try:
                signer = signature_block(consultation.organization, member)
            except DomainError as error:
                return HttpResponseBadRequest(error.message)
        document = build_report(consultation, signer=signer)
        name = _("Báo cáo tiếp thu, giải trình ý kiến góp ý")
        if request.GET.get("format") == "docx":
            content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            return file_response(render_docx(document), f"{name}.docx", content_type)
        return file_response(render_pdf(document), f"{name}.pdf", "application/pdf", inline=True)
