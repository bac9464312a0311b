"""Commitment pages: the member's own page, a commitment with its items, reports and reviews,
drafting, the roll-up dashboards with their XLSX export, and the year-end BC report."""

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from chuyende.commitments import rules
from chuyende.commitments.access import commitments_for, get_commitment_for, get_item_for, get_report_for
from chuyende.commitments.documents import year_end_report
from chuyende.commitments.domain import (
    ItemInput,
    create_commitment,
    member_lines,
    preference_for,
    review_report,
    rollup_for,
    set_state,
    submit_report,
    update_preferences,
)
from chuyende.commitments.enums import CommitmentState, Verdict
from chuyende.commitments.export import rollup_xlsx
from chuyende.commitments.status import derive_status
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.documents.rendering.docx import render_docx
from chuyende.documents.rendering.pdf import render_pdf
from chuyende.meetings.access import meetings_for
from chuyende.orgs.access import get_organization_for
from chuyende.orgs.rules import member_of

from .meetings import DomainErrorMixin

ITEM_ROWS = 3


def with_status(items, today):
    for item in items:
        item.status = derive_status(deadline=item.deadline, accepted_percent=item.accepted_percent,
                                    verified=item.verified_at is not None, today=today)  # fmt: skip
    return items


class PreferenceForm(forms.Form):
    before_deadline = forms.BooleanField(label=_("Nhắc trước thời hạn"), required=False)
    days_before = forms.IntegerField(label=_("Số ngày nhắc trước"), min_value=1, max_value=30)
    when_overdue = forms.BooleanField(label=_("Nhắc khi quá hạn"), required=False)
    report_due = forms.BooleanField(label=_("Nhắc khi đến kỳ báo cáo"), required=False)
    as_secretary = forms.BooleanField(label=_("Báo nội dung quá hạn của chi bộ (bí thư)"), required=False)


class MyPageView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    """ "Trang của tôi": what a member has to do, first page on a phone."""

    template_name = "web/commitments/me.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        member = member_of(user)
        context["member"] = member
        if member is None:
            return context
        mine = commitments_for(user).filter(owner_member=member) | commitments_for(user).filter(
            cell_id=member.cell_id, owner_member__isnull=True
        )
        context["commitments"] = list(mine.order_by("owner_member_id", "pk"))
        items = [i for c in context["commitments"] if c.is_approved for i in c.items.filter(withdrawn=False)]
        context["items"] = sorted(with_status(items, today), key=lambda i: i.deadline)
        context["lines"] = member_lines(today, members=[member.pk]).get(member.pk, [])
        context["meetings"] = meetings_for(user).filter(starts_at__gte=timezone.now() - timedelta(hours=6)).order_by(
            "starts_at")[:5]  # fmt: skip
        context["reading"] = _reading_list(member)
        pref = preference_for(member)
        context["form"] = kwargs.get("form") or PreferenceForm(
            initial={f: getattr(pref, f) for f in PreferenceForm.base_fields}
        )
        return context

    def post(self, request, *args, **kwargs):
        member = member_of(request.user)
        form = PreferenceForm(request.POST)
        if member is None or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        update_preferences(actor=request.user, member=member, **form.cleaned_data)
        messages.success(request, _("Đã lưu tuỳ chọn nhắc việc."))
        return redirect("my-page")


def _reading_list(member):
    try:
        from chuyende.documents.models import Recipient
    except ImportError:  # the documents step is not installed
        return []
    return list(
        Recipient.objects.filter(member=member, acknowledged_at__isnull=True).select_related("document")[:10]
    )


class CommitmentListView(LoginRequiredMixin, TemplateView):
    template_name = "web/commitments/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["commitments"] = commitments_for(self.request.user).order_by(
            "cell_path", "owner_member__sort_key", "pk"
        )[:200]
        return context


class CommitmentDetailView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    template_name = "web/commitments/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        commitment = get_commitment_for(user, kwargs["pk"])
        items = list(
            commitment.items.filter(withdrawn=False)
            .select_related("responsible")
            .prefetch_related("reports__evidence")
        )
        context.update(
            commitment=commitment,
            items=with_status(items, timezone.localdate()),
            can_edit=rules.can_edit_draft(user, commitment),
            can_approve=rules.can_approve(user, commitment),
            can_review=bool(items) and rules.can_review(user, items[0]),
            revisions=commitment.revisions.all(),
            verdicts=[v for v in Verdict if v != Verdict.PENDING],
        )
        return context

    def post(self, request, *args, **kwargs):
        commitment = get_commitment_for(request.user, kwargs["pk"])
        action = request.POST.get("action")
        if action in ("submit", "approve", "return"):
            state = {"submit": CommitmentState.SUBMITTED, "approve": CommitmentState.APPROVED,
                     "return": CommitmentState.RETURNED}[action]  # fmt: skip
            set_state(
                actor=request.user, commitment=commitment, state=state, reason=request.POST.get("reason", "")
            )
        elif action == "report":
            item = get_item_for(request.user, request.POST.get("item"))
            try:
                percent = int(request.POST.get("percent", ""))
            except ValueError:
                raise DomainError(_("Tiến độ phải là một số từ 0 đến 100.")) from None
            submit_report(actor=request.user, item=item, percent=percent, narrative=request.POST.get("narrative", ""),
                          files=request.FILES.getlist("evidence"))  # fmt: skip
        elif action == "review":
            report = get_report_for(request.user, request.POST.get("report"))
            review_report(actor=request.user, report=report, verdict=request.POST.get("verdict", ""),
                          note=request.POST.get("note", ""))  # fmt: skip
        messages.success(request, _("Đã ghi nhận."))
        return redirect("commitment-detail", commitment.pk)


class CommitmentCreateView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    """A member drafts their own commitment; with ?cell=<id> a cell secretary drafts the cell's."""

    template_name = "web/commitments/form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(rows=range(1, ITEM_ROWS + 1), plans=self._plans(), resolutions=self._resolutions())
        return context

    def _plans(self):
        from chuyende.meetings.access import plans_for

        return plans_for(self.request.user).order_by("-pk")[:20]

    def _resolutions(self):
        from chuyende.documents.models import OfficialDocument

        member = member_of(self.request.user)
        if member is None:
            return []
        ancestors = member.cell.ancestor_ids()
        return OfficialDocument.objects.filter(
            organization_id__in=ancestors, issued_on__isnull=False
        ).order_by("-issued_on")[:20]

    def post(self, request, *args, **kwargs):
        member = member_of(request.user)
        cell_id = request.GET.get("cell")
        if cell_id:
            cell, owner = get_organization_for(request.user, cell_id), None
        elif member is not None:
            cell, owner = member.cell, member
        else:
            raise NotAllowed(_("Chỉ đảng viên mới soạn cam kết của mình."))
        items = []
        for n in range(1, ITEM_ROWS + 1):
            text = request.POST.get(f"shortcoming_{n}", "").strip()
            if not text:
                continue
            try:
                deadline = date.fromisoformat(request.POST.get(f"deadline_{n}", ""))
            except ValueError:
                raise DomainError(_("Nội dung %(n)d: thời hạn không hợp lệ.") % {"n": n}) from None
            items.append(ItemInput(shortcoming=text, remedy=request.POST.get(f"remedy_{n}", ""),
                                   sign_of_done=request.POST.get(f"sign_{n}", ""), deadline=deadline,
                                   responsible=owner))  # fmt: skip
        plan = resolution = None
        if request.POST.get("plan"):
            plan = self._plans().filter(pk=request.POST["plan"]).first()
        if request.POST.get("resolution"):
            resolution = next(
                (r for r in self._resolutions() if str(r.pk) == request.POST["resolution"]), None
            )
        commitment = create_commitment(actor=request.user, cell=cell, owner_member=owner,
                                       title=request.POST.get("title", ""), items=items, plan=plan,
                                       resolution=resolution)  # fmt: skip
        return redirect("commitment-detail", commitment.pk)


class RollupView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    """Dashboard of one level: children (or members of a cell) with status bars; ?xlsx=1 exports."""

    template_name = "web/commitments/rollup.html"

    def get(self, request, *args, **kwargs):
        organization = get_organization_for(request.user, kwargs["pk"])
        if not rules.can_view_rollup(request.user, organization):
            raise NotAllowed(_("Bạn không có quyền xem tổng hợp của tổ chức này."))
        rollup = rollup_for(organization, timezone.localdate())
        if request.GET.get("xlsx"):
            response = HttpResponse(
                rollup_xlsx(rollup),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="tong-hop-cam-ket-{organization.pk}.xlsx"'
            )
            return response
        return self.render_to_response({"rollup": rollup, "organization": organization,
                                        })  # fmt: skip


class YearEndReportView(LoginRequiredMixin, DomainErrorMixin, View):
    def get(self, request, pk, kind="pdf"):
        cell = get_organization_for(request.user, pk)
        if not cell.is_cell or not rules.can_view_rollup(request.user, cell):
            raise NotAllowed(_("Chỉ cấp uỷ của chi bộ và cấp trên mới tải được báo cáo này."))
        today = timezone.localdate()
        year = int(request.GET.get("nam") or today.year)
        document = year_end_report(cell, year, today)
        if kind == "docx":
            body, mime = (
                render_docx(document),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
        else:
            body, mime = render_pdf(document), "application/pdf"
        response = HttpResponse(body, content_type=mime)
        response["Content-Disposition"] = f'attachment; filename="bao-cao-cam-ket-{year}.{kind}"'
        return response
