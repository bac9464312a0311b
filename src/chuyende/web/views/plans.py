"""Plan pages: list, create, detail with topic assignments and the dashboard, the roll-up of a
superior committee and the yearly grades of cells."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from chuyende.common.errors import DomainError, NeedsConfirmation, NotAllowed, NotFound
from chuyende.common.limits import year_or
from chuyende.documents.output import document_file
from chuyende.documents.rendering.pdf import render_pdf
from chuyende.meetings import domain, rules
from chuyende.meetings.access import get_plan_for, plans_for
from chuyende.meetings.documents import plan_document
from chuyende.meetings.enums import PlanState
from chuyende.meetings.interfaces import dashboard
from chuyende.orgs.access import get_organization_for, organizations_for
from chuyende.orgs.enums import OrganizationKind
from chuyende.orgs.rules import can_oversee_organization
from chuyende.web.confirm import require_confirmation
from chuyende.web.forms_documents import IssueForm
from chuyende.web.meeting_forms import AssignmentForm, PlanForm
from chuyende.web.mixins import DomainErrorMixin, permission_first
from chuyende.web.once import create_once

ROWS_PER_PAGE = 200


class PlanListView(LoginRequiredMixin, TemplateView):
    template_name = "web/plans/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plans"] = plans_for(self.request.user).order_by("-cell_sessions_before", "pk")[:100]
        context["committees"] = [
            o for o in organizations_for(self.request.user).filter(kind=OrganizationKind.COMMITTEE).order_by("path")
            if rules.can_manage_plan(self.request.user, o)
        ][:50]  # fmt: skip
        return context


class PlanCreateView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    template_name = "web/plans/form.html"

    def organization(self, request):
        organization = get_organization_for(request.user, request.GET.get("org"))
        permission_first(domain.check_can_create_plan, request.user, organization)
        return organization

    def get(self, request, *args, **kwargs):
        organization = self.organization(request)
        return self.render_to_response({"form": PlanForm(), "organization": organization})

    def post(self, request, *args, **kwargs):
        organization = self.organization(request)
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                plan, _created = create_once(request, lambda: domain.create_plan(
                    actor=request.user, organization=organization,
                    confirm_dates=bool(request.POST.get("confirm_warnings")), **form.cleaned_data,
                ))  # fmt: skip
            except NeedsConfirmation as warning:
                context = {"form": form, "organization": organization, "warning": warning.message}
                return self.render_to_response(context, status=400)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                return redirect("plan-detail", plan.pk)
        return self.render_to_response({"form": form, "organization": organization})


def plan_issue_confirmation(plan) -> str:
    number, audience = domain.plan_issue_preview(plan)
    if number is None:
        text = _("Kế hoạch sẽ được ban hành thành văn bản KH và gửi tới %(n)s đảng viên.") % {"n": audience}
    else:
        text = _("Văn bản sẽ được cấp số %(number)s và gửi tới %(n)s đảng viên; kế hoạch được công bố và không sửa được nữa.") % {
            "number": number, "n": audience}  # fmt: skip
    # A cell's deadline before the issue date is not said here: issuing warns about it against
    # the date actually chosen in the form (issue_plan's confirm_dates), like every date warning.
    return text


def plan_close_confirmation(plan) -> str:
    return _(
        "Kế hoạch “%(theme)s” sẽ kết thúc và không mở lại được: không phân công, không lên lịch thêm theo kế hoạch này; tiến độ các chi bộ được giữ nguyên để tổng hợp."
    ) % {"theme": plan.theme}


class PlanDetailView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    """The plan, its assignments with the stage of each cell, the counts and who is late."""

    template_name = "web/plans/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        plan = get_plan_for(user, kwargs["pk"])
        today = timezone.localdate()
        can_manage = rules.can_manage_plan(user, plan.organization)
        assigned = set(plan.assignments.values_list("cell_id", flat=True))
        unassigned = []
        if can_manage and plan.state != PlanState.CLOSED:
            unassigned = (
                organizations_for(user)
                .filter(kind=OrganizationKind.CELL, path__startswith=plan.organization.path)
                .exclude(pk__in=assigned)
                .order_by("path")[:ROWS_PER_PAGE]
            )
        rows = dashboard.plan_rows(plan, today, limit=ROWS_PER_PAGE)
        for row in rows:
            row.can_schedule = rules.can_manage_meeting(user, row.assignment.cell)
        context.update(
            issue_form=IssueForm(organization=plan.organization, initial={"issued_on": today})
            if can_manage and plan.state == PlanState.DRAFT
            else None,
            plan=plan,
            counts=dashboard.plan_counts(plan, today),
            rows=rows,
            can_manage=can_manage,
            issue_confirm=plan_issue_confirmation(plan) if can_manage and plan.state == "draft" else "",
            close_confirm=plan_close_confirmation(plan) if can_manage and plan.state == "published" else "",
            unassigned=unassigned,
            assignment_form=AssignmentForm(),
            stages=[("scheduled", _("Lên lịch")), ("materials_published", _("Tài liệu")), ("held", _("Đã họp")),
                    ("minutes_approved", _("Biên bản")), ("graded", _("Xếp loại")),
                    ("rerun_required", _("Tổ chức lại")), ("passed", _("Đạt"))],
        )  # fmt: skip
        return context

    def post(self, request, *args, **kwargs):
        plan = get_plan_for(request.user, kwargs["pk"])
        if "issue" in request.POST:
            permission_first(domain.check_can_issue_plan, request.user, plan)
            # The signer is chosen among those who hold the signing role, never taken from who
            # clicked: the clerk issues on the signer's instruction.
            require_confirmation(request, plan_issue_confirmation(plan))
            form = IssueForm(request.POST, organization=plan.organization)
            if not form.is_valid():
                raise DomainError(_("Hãy chọn ngày ban hành và người ký."))
            try:
                domain.issue_plan(actor=request.user, plan=plan, **form.cleaned_data,
                                  confirm_dates=bool(request.POST.get("confirm_warnings")))  # fmt: skip
            except NeedsConfirmation as warning:
                # The chosen date and signer come back with the warning and its confirm-anyway box.
                context = self.get_context_data(pk=plan.pk)
                context.update(issue_form=form, issue_warning=warning.message)
                return self.render_to_response(context, status=warning.status_code)
            messages.success(request, _("Đã ban hành kế hoạch và phổ biến tới đảng viên."))
            return redirect("plan-detail", plan.pk)
        if state := request.POST.get("state"):
            permission_first(domain.check_can_set_plan_state, request.user, plan)
            if state == PlanState.CLOSED:
                require_confirmation(request, plan_close_confirmation(plan))
            domain.set_plan_state(actor=request.user, plan=plan, state=state)
            messages.success(request, _("Đã cập nhật trạng thái kế hoạch."))
            return redirect("plan-detail", plan.pk)
        permission_first(domain.check_can_assign_topic, request.user, plan)
        form = AssignmentForm(request.POST)
        refused = {"cell": request.POST.get("cell", ""), "topic": request.POST.get("topic", ""),
                   "due_on": request.POST.get("due_on", "")}  # fmt: skip
        try:
            if not form.is_valid():
                raise DomainError(_("Hãy nhập chuyên đề của chi bộ (và một ngày hợp lệ cho hạn, nếu có)."))
            cell = get_organization_for(request.user, form.cleaned_data["cell"])
            domain.assign_topic(
                actor=request.user, plan=plan, cell=cell, topic=form.cleaned_data["topic"],
                due_on=form.cleaned_data["due_on"], confirm_dates=bool(request.POST.get("confirm_warnings")),
            )  # fmt: skip
        except (NotAllowed, NotFound):
            raise
        except DomainError as error:
            # The cell's topic and deadline come back in its form, with the reason (or the
            # warning and its confirm-anyway box) beside them.
            refused |= {"error": error.message, "needs_confirmation": isinstance(error, NeedsConfirmation)}
            context = self.get_context_data(pk=plan.pk, refused_assignment=refused)
            return self.render_to_response(context, status=error.status_code)
        messages.success(request, _("Đã phân công chuyên đề cho %(cell)s.") % {"cell": cell.name})
        return redirect("plan-detail", plan.pk)


class PlanDocumentView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        plan = get_plan_for(request.user, kwargs["pk"])
        if plan.document is not None and not plan.document.is_draft:
            # The issued KH: its stored bytes, with number and date (never a fresh, unnumbered copy).
            output = document_file(plan.document, "pdf")
            response = HttpResponse(output.content, content_type=output.content_type)
            response["Content-Disposition"] = f'attachment; filename="{output.file_name}"'
            return response
        response = HttpResponse(render_pdf(plan_document(plan)), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="ke-hoach-{plan.pk}.pdf"'
        return response


class RollupView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    """Stage counts of every plan below an organization, by its direct children; yearly grades."""

    template_name = "web/plans/rollup.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = get_organization_for(self.request.user, kwargs["pk"])
        if not can_oversee_organization(self.request.user, organization):
            raise Http404
        today = timezone.localdate()
        # Without ?nam= the page opens on the latest year that has a plan, not on the calendar
        # year: an office looking at last December's plan in January must not read "no plan".
        years = dashboard.plan_years(organization)
        year = year_or(self.request.GET.get("nam"), years[0] if years else today.year)
        quarter = (today.month - 1) // 3 + 1 if year == today.year else 4
        missing_count, missing = dashboard.cells_without_thematic(organization, year, quarter)
        context.update(
            quarter=quarter,
            missing_count=missing_count,
            missing=missing,
            organization=organization,
            year=year,
            years=years,
            rows=dashboard.rollup(organization, today, year=year),
            grades=dashboard.yearly_grades(organization, year),
        )
        return context
