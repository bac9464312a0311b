"""Commitment pages: the member's own page, a commitment with its items, reports and reviews,
drafting, the roll-up dashboards with their XLSX export, and the year-end BC report."""

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from chuyende.commitments import rules
from chuyende.commitments.access import (
    commitments_for,
    get_commitment_for,
    get_commitment_links_for,
    get_commitment_owner_for,
    get_evidence_for,
    get_item_for,
    get_report_for,
    resolutions_for_cell,
)
from chuyende.commitments.documents import year_end_report
from chuyende.commitments.domain import (
    ItemInput,
    check_can_draft_commitment,
    check_can_report,
    check_can_set_state,
    create_commitment,
    member_lines,
    preference_for,
    review_report,
    revise_commitment,
    rollup_for,
    set_state,
    submit_report,
    update_draft,
    update_preferences,
)
from chuyende.commitments.domain.commitments import EDITABLE
from chuyende.commitments.enums import CommitmentState, Verdict
from chuyende.commitments.interfaces.export import rollup_xlsx
from chuyende.commitments.interfaces.revisions import revision_changes
from chuyende.commitments.status import derive_status
from chuyende.common.downloads import download_name, stored_file_response
from chuyende.common.errors import DomainError, NeedsConfirmation, NotAllowed, NotFound
from chuyende.common.limits import year_or
from chuyende.documents.models import Recipient
from chuyende.documents.rendering.docx import render_docx
from chuyende.documents.rendering.pdf import render_pdf
from chuyende.meetings.access import meetings_for, plans_for
from chuyende.orgs.access import get_organization_for
from chuyende.orgs.models import Member
from chuyende.orgs.rules import member_of
from chuyende.papers.models import Manifestation
from chuyende.web.confirm import require_confirmation
from chuyende.web.mixins import form_id, form_ids, or_404, permission_first
from chuyende.web.once import create_once

from .meetings import DomainErrorMixin

ITEM_ROWS = 3


def with_status(items, today):
    for item in items:
        item.status = derive_status(deadline=item.deadline, accepted_percent=item.accepted_percent,
                                    verified=item.verified_at is not None, today=today)  # fmt: skip
    return items


class PreferenceForm(forms.Form):
    before_deadline = forms.BooleanField(label=gettext_lazy("Nhắc trước thời hạn"), required=False)
    days_before = forms.IntegerField(label=gettext_lazy("Số ngày nhắc trước"), min_value=1, max_value=30)
    when_overdue = forms.BooleanField(label=gettext_lazy("Nhắc khi quá hạn"), required=False)
    report_due = forms.BooleanField(label=gettext_lazy("Nhắc khi đến kỳ báo cáo"), required=False)
    as_secretary = forms.BooleanField(
        label=gettext_lazy("Báo nội dung quá hạn của chi bộ (bí thư)"), required=False
    )


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


APPROVAL = gettext_lazy(
    "Cam kết sẽ được phê duyệt và khoá: đảng viên bắt đầu báo cáo tiến độ; mọi thay đổi sau đó phải ghi lý do điều chỉnh."
)


class CommitmentDetailView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    template_name = "web/commitments/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        commitment = get_commitment_for(user, kwargs["pk"])
        items = list(
            commitment.items.filter(withdrawn=False)
            .select_related("responsible")
            .prefetch_related(
                "reports__evidence", Prefetch("manifestations", Manifestation.objects.order_by("order"))
            )
        )
        revisions = list(commitment.revisions.select_related("created_by"))
        responsible_ids = {row.get("responsible") for r in revisions for row in r.before + r.after}
        names = dict(Member.objects.filter(pk__in=responsible_ids - {None}).values_list("pk", "full_name"))
        for revision in revisions:
            revision.changes = revision_changes(revision.before, revision.after, names)
        context.update(
            commitment=commitment,
            items=with_status(items, timezone.localdate()),
            can_edit=rules.can_edit_draft(user, commitment),
            can_approve=rules.can_approve(user, commitment),
            can_review=bool(items) and rules.can_review(user, items[0]),
            revisions=revisions,
            can_change=(commitment.state in EDITABLE and rules.can_edit_draft(user, commitment))
            or (commitment.is_approved and rules.can_approve(user, commitment)),
            verdicts=[v for v in Verdict if v != Verdict.PENDING],
            approve_confirm=APPROVAL,
        )
        return context

    def post(self, request, *args, **kwargs):
        commitment = get_commitment_for(request.user, kwargs["pk"])
        action = request.POST.get("action")
        if action in ("submit", "approve", "return"):
            state = {"submit": CommitmentState.SUBMITTED, "approve": CommitmentState.APPROVED,
                     "return": CommitmentState.RETURNED}[action]  # fmt: skip
            reason = request.POST.get("reason", "")
            permission_first(check_can_set_state, request.user, commitment, state)
            try:
                if action == "approve":
                    require_confirmation(request, str(APPROVAL))
                set_state(actor=request.user, commitment=commitment, state=state, reason=reason)
            except (NotAllowed, NotFound):
                raise
            except DomainError as error:
                # The return reason typed comes back in its box with the refusal beside it.
                context = self.get_context_data(pk=commitment.pk,
                                                refused_state={"reason": reason, "error": error.message})  # fmt: skip
                return self.render_to_response(context, status=error.status_code)
            # Say what happened, not only "recorded" (the newcomer's walk): who acts next.
            messages.success(request, {
                "submit": _("Đã gửi cam kết, chờ phê duyệt."),
                "approve": _("Đã phê duyệt cam kết; đảng viên bắt đầu báo cáo tiến độ."),
                "return": _("Đã trả lại cam kết để sửa, kèm lý do."),
            }[action])  # fmt: skip
            return redirect("commitment-detail", commitment.pk)
        elif action == "report":
            item = get_item_for(request.user, request.POST.get("item"))
            permission_first(check_can_report, request.user, item)
            try:
                report, _created = create_once(request, lambda: self.submit_report(request, item))
            except (NotAllowed, NotFound):
                raise
            except DomainError as error:
                # Nothing typed is lost: the page comes back with the percentage and the narrative
                # in the item's form and the reason beside them (a browser cannot refill a file).
                refused = {"item": item.pk, "percent": request.POST.get("percent", ""), "error": error.message,
                           "narrative": request.POST.get("narrative", ""),
                           "had_files": bool(request.FILES.getlist("evidence"))}  # fmt: skip
                context = self.get_context_data(pk=commitment.pk, refused_report=refused)
                return self.render_to_response(context, status=error.status_code)
            messages.success(request, _("Đã gửi báo cáo tiến độ."))
            return redirect(reverse("commitment-detail", args=[commitment.pk]) + f"#bao-cao-{report.item_id}")
        elif action == "review":
            report = get_report_for(request.user, request.POST.get("report"))
            verdict, note = request.POST.get("verdict", ""), request.POST.get("note", "")
            try:
                review_report(actor=request.user, report=report, verdict=verdict, note=note)
            except (NotAllowed, NotFound):
                raise
            except DomainError as error:
                # The supervisor's note and chosen verdict come back in the report's form.
                refused = {"report": report.pk, "verdict": verdict, "note": note, "error": error.message,
                           "inline": report.verdict == Verdict.PENDING}  # fmt: skip
                context = self.get_context_data(pk=commitment.pk, refused_review=refused)
                return self.render_to_response(context, status=error.status_code)
        messages.success(request, _("Đã ghi nhận."))
        return redirect("commitment-detail", commitment.pk)

    def submit_report(self, request, item):
        try:
            percent = int(request.POST.get("percent", ""))
        except ValueError:
            raise DomainError(_("Tiến độ phải là một số từ 0 đến 100.")) from None
        return submit_report(actor=request.user, item=item, percent=percent, narrative=request.POST.get("narrative", ""),
                             files=request.FILES.getlist("evidence"))  # fmt: skip


MAX_ROWS = 50


def tag_choices():
    """The manifestations of the active tag sets, for the grouped checkboxes of the item form."""
    return list(
        Manifestation.objects.filter(tag_set__is_active=True)
        .select_related("tag_set")
        .order_by("tag_set__order", "tag_set_id", "order")
    )


def rows_from_items(items) -> list[dict]:
    """Form rows (what the template shows) from saved items, plus one empty row to add an item."""
    rows = [
        {"id": i.pk, "shortcoming": i.shortcoming, "remedy": i.remedy, "sign": i.sign_of_done,
         "deadline": i.deadline.isoformat(), "tags": {m.pk for m in i.manifestations.all()}}
        for i in items
    ]  # fmt: skip
    return rows + [{"id": None, "shortcoming": "", "remedy": "", "sign": "", "deadline": "", "tags": set()}]


def rows_from_post(post) -> list[dict]:
    """The rows exactly as the user typed them, so a refused form is shown again with nothing lost."""
    try:
        count = min(int(post.get("rows", ITEM_ROWS)), MAX_ROWS)
    except ValueError:
        count = ITEM_ROWS
    rows = []
    for n in range(1, count + 1):
        tags = set(form_ids(post.getlist(f"tags_{n}")))
        rows.append({"id": form_id(post.get(f"id_{n}")),
                     "shortcoming": post.get(f"shortcoming_{n}", ""), "remedy": post.get(f"remedy_{n}", ""),
                     "sign": post.get(f"sign_{n}", ""), "deadline": post.get(f"deadline_{n}", ""),
                     "tags": tags})  # fmt: skip
    return rows


def items_from_rows(rows, *, responsible, existing=None) -> list[ItemInput]:
    """Domain inputs from the non-empty rows. An existing item keeps its responsible person."""
    existing = existing or {}
    picked = {pk for row in rows for pk in row["tags"]}
    tags = {m.pk: m for m in Manifestation.objects.filter(pk__in=picked, tag_set__is_active=True)}
    items = []
    for n, row in enumerate(rows, start=1):
        if not row["shortcoming"].strip():
            continue
        try:
            deadline = date.fromisoformat(row["deadline"])
        except ValueError:
            raise DomainError(_("Nội dung %(n)d: thời hạn không hợp lệ.") % {"n": n}) from None
        previous = existing.get(row["id"])
        items.append(ItemInput(
            id=row["id"], shortcoming=row["shortcoming"], remedy=row["remedy"], sign_of_done=row["sign"],
            deadline=deadline, responsible=previous.responsible if previous else responsible,
            manifestations=[tags[pk] for pk in sorted(row["tags"]) if pk in tags],
        ))  # fmt: skip
    return items


class CommitmentCreateView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    """A member drafts their own commitment; with ?cell=<id> a cell secretary drafts the cell's."""

    template_name = "web/commitments/form.html"

    def owner(self):
        """Whose commitment is drafted, refused (403 with the reason) before the form is read."""
        user = self.request.user
        cell, owner = permission_first(get_commitment_owner_for, user, self.request.GET.get("cell"))
        permission_first(check_can_draft_commitment, user, cell, owner)
        return cell, owner

    def get(self, request, *args, **kwargs):
        self.owner()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("rows", [
            {"id": None, "shortcoming": "", "remedy": "", "sign": "", "deadline": "", "tags": set()}
            for _n in range(ITEM_ROWS)
        ])  # fmt: skip
        context.update(
            plans=self._plans(), resolutions=self._resolutions(), tags=tag_choices(), creating=True
        )
        return context

    def _plans(self):
        return plans_for(self.request.user).order_by("-pk")[:20]

    def _resolutions(self):
        member = member_of(self.request.user)
        if member is None:
            return []
        # A plan's KH is offered by the plan picker above; listed again under "nghị quyết" it read
        # as a resolution (the newcomer's walk).
        return resolutions_for_cell(member.cell).exclude(document_type__code="KH").order_by("-issued_on")[:20]

    def post(self, request, *args, **kwargs):
        cell, owner = self.owner()
        rows = rows_from_post(request.POST)
        plan, resolution = get_commitment_links_for(
            request.user, cell, plan_id=request.POST.get("plan"), resolution_id=request.POST.get("resolution")
        )
        try:
            commitment, _created = create_once(request, lambda: create_commitment(
                actor=request.user, cell=cell, owner_member=owner, title=request.POST.get("title", ""),
                items=items_from_rows(rows, responsible=owner), plan=plan, resolution=resolution,
                confirm_past_deadlines=bool(request.POST.get("confirm_warnings")),
            ))  # fmt: skip
        except (NotAllowed, NotFound):
            raise
        except DomainError as error:
            context = self.get_context_data(rows=rows, error=error.message, title=request.POST.get("title", ""),
                                            needs_confirmation=isinstance(error, NeedsConfirmation),
                                            plan_id=request.POST.get("plan", ""),
                                            resolution_id=request.POST.get("resolution", ""))  # fmt: skip
            return self.render_to_response(context, status=error.status_code)
        return redirect("commitment-detail", commitment.pk)


class CommitmentEditView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    """Editing a draft (the owner, `update_draft`) or revising an approved commitment (the approver,
    `revise_commitment`, with a reason). The version read with the form travels with it: a stale
    one is refused and the form comes back with what the user typed, next to the message."""

    template_name = "web/commitments/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.commitment = None

    def get_commitment(self):
        commitment = get_commitment_for(self.request.user, self.kwargs["pk"])
        user = self.request.user
        # Permission first: whoever may neither draft nor approve it is refused whatever its state.
        if commitment.state in EDITABLE:
            allowed = rules.can_edit_draft(user, commitment)
        elif commitment.is_approved:
            allowed = rules.can_approve(user, commitment)
        else:
            allowed = rules.can_edit_draft(user, commitment) or rules.can_approve(user, commitment)
        if not allowed:
            raise PermissionDenied(_("Bạn không có quyền sửa cam kết này."))
        if commitment.state not in EDITABLE and not commitment.is_approved:
            raise DomainError(_("Cam kết đang chờ phê duyệt; chưa sửa được."))
        return commitment

    def live_items(self, commitment):
        return list(
            commitment.items.filter(withdrawn=False)
            .select_related("responsible")
            .prefetch_related("manifestations")
            .order_by("position", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        commitment = self.commitment or self.get_commitment()
        context.setdefault("rows", rows_from_items(self.live_items(commitment)))
        context.setdefault("title", commitment.title)
        context.setdefault("version", commitment.version)
        context.update(commitment=commitment, revising=commitment.is_approved, tags=tag_choices())
        return context

    def post(self, request, *args, **kwargs):
        commitment = self.commitment = self.get_commitment()
        rows = rows_from_post(request.POST)
        title, reason = request.POST.get("title", ""), request.POST.get("reason", "")
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1  # a form without its version is treated as stale
        existing = {i.pk: i for i in self.live_items(commitment)}
        try:
            items = items_from_rows(rows, responsible=commitment.owner_member, existing=existing)
            confirmed = bool(request.POST.get("confirm_warnings"))
            if commitment.is_approved:
                revise_commitment(actor=request.user, commitment=commitment, items=items, reason=reason,
                                  version=version, confirm_past_deadlines=confirmed)  # fmt: skip
            else:
                update_draft(actor=request.user, commitment=commitment, title=title, items=items,
                             version=version, confirm_past_deadlines=confirmed)  # fmt: skip
        except (NotAllowed, NotFound):
            raise
        except DomainError as error:
            context = self.get_context_data(rows=rows, title=title, reason=reason, version=version,
                                            error=error.message,
                                            needs_confirmation=isinstance(error, NeedsConfirmation))  # fmt: skip
            return self.render_to_response(context, status=error.status_code)
        messages.success(
            request, _("Đã lưu điều chỉnh.") if commitment.is_approved else _("Đã lưu bản nháp.")
        )
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
        # "Lên cấp trên" only for whom the level above opens (a cell's supervisor does not oversee
        # the committee).
        parent = organization.parent if organization.parent_id else None
        can_go_up = parent is not None and rules.can_view_rollup(request.user, parent)
        return self.render_to_response({"rollup": rollup, "organization": organization,
                                        "parent": parent if can_go_up else None})  # fmt: skip


class YearEndReportView(LoginRequiredMixin, DomainErrorMixin, View):
    def get(self, request, pk, kind="pdf"):
        cell = get_organization_for(request.user, pk)
        if not cell.is_cell or not rules.can_view_rollup(request.user, cell):
            raise NotAllowed(_("Chỉ cấp uỷ của chi bộ và cấp trên mới tải được báo cáo này."))
        today = timezone.localdate()
        year = year_or(request.GET.get("nam"), today.year)
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


class EvidenceDownloadView(LoginRequiredMixin, View):
    """An evidence file of a progress report, for whoever may open the commitment (the member,
    their cell's secretary, the supervising committee member, the committee)."""

    def get(self, request, pk):
        evidence = or_404(get_evidence_for, request.user, pk)
        return stored_file_response(evidence.file, download_name(evidence.original_name, evidence.file.name))
