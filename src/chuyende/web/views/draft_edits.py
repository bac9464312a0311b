"""Editing pages for what is still a draft: a draft plan with its topic assignments, and a
scheduled meeting's time, place and lead-paper presenters. The version read with the form
travels with it; a stale save is refused with the other person's values shown."""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from chuyende.common.errors import DomainError, NeedsConfirmation
from chuyende.meetings import rules
from chuyende.meetings.access import get_meeting_for, get_plan_for
from chuyende.meetings.domain.editing import edit_draft_plan, reschedule_meeting, set_lead_presenters
from chuyende.meetings.enums import MeetingStatus, PlanState
from chuyende.orgs.models import Member
from chuyende.web.meeting_forms import PlanForm
from chuyende.web.mixins import DomainErrorMixin


def _parse_date(value):
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise DomainError(_("Ngày không hợp lệ.")) from None


class PlanEditView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    template_name = "web/plans/edit.html"

    def plan(self):
        plan = get_plan_for(self.request.user, self.kwargs["pk"])
        if not rules.can_manage_plan(self.request.user, plan.organization):
            raise Http404(_("Không tìm thấy kế hoạch này hoặc bạn không có quyền xem."))
        return plan

    def _rows(self, plan, data=None):
        rows = []
        assignments = (
            plan.assignments.select_related("cell").prefetch_related("presenters").order_by("cell__path")
        )
        for a in assignments:
            members = Member.objects.filter(cell=a.cell, is_active=True).order_by("sort_key")
            chosen = (
                {int(v) for v in data.getlist(f"presenters:{a.cell_id}") if v.isdigit()}
                if data is not None
                else {p.pk for p in a.presenters.all()}
            )
            rows.append({
                "assignment": a, "members": members, "chosen": chosen,
                "topic": data.get(f"topic:{a.cell_id}", a.topic) if data is not None else a.topic,
                "due_on": data.get(f"due_on:{a.cell_id}", "") if data is not None else a.due_on.isoformat(),
            })  # fmt: skip
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.plan()
        if "form" not in context:
            context["form"] = PlanForm(initial={f: getattr(plan, f) for f in PlanForm.base_fields})
            context["rows"] = self._rows(plan)
            context["version"] = plan.version
        context.update(plan=plan, editable=plan.state == PlanState.DRAFT)
        return context

    def post(self, request, pk):
        plan = self.plan()
        form = PlanForm(request.POST)
        rows = self._rows(plan, request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, rows=rows, version=request.POST.get("version"))
            )
        assignments = []
        try:
            for row in rows:
                cell = row["assignment"].cell
                presenters = list(Member.objects.filter(pk__in=row["chosen"], cell=cell))
                assignments.append({"cell": cell, "topic": row["topic"], "due_on": _parse_date(row["due_on"]),
                                    "presenters": presenters})  # fmt: skip
            edit_draft_plan(
                actor=request.user, plan=plan, expected_version=int(request.POST.get("version", 0)),
                changes=form.cleaned_data, assignments=assignments,
                confirm_dates=bool(request.POST.get("confirm_warnings")),
            )  # fmt: skip
        except NeedsConfirmation as warning:
            context = self.get_context_data(form=form, rows=rows, version=request.POST.get("version"))
            return self.render_to_response(context | {"warning": warning.message}, status=400)
        except (DomainError, ValueError) as error:
            messages.error(request, getattr(error, "message", _("Dữ liệu không hợp lệ.")))
            plan.refresh_from_db()
            return self.render_to_response(self.get_context_data(form=form, rows=rows, version=plan.version))
        messages.success(request, _("Đã lưu kế hoạch."))
        return redirect("plan-detail", plan.pk)


class MeetingEditForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Bắt đầu"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Kết thúc"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=gettext_lazy("Địa điểm"), max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


class MeetingEditView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    """Reschedule (time, place) and, for a thematic meeting, the lead paper's presenters."""

    template_name = "web/meetings/edit.html"

    def meeting(self):
        meeting = get_meeting_for(self.request.user, self.kwargs["pk"])
        if not rules.can_manage_meeting(self.request.user, meeting.organization):
            raise Http404(_("Không tìm thấy buổi sinh hoạt này hoặc bạn không có quyền xem."))
        return meeting

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting()
        context.setdefault(
            "form",
            MeetingEditForm(initial={"starts_at": _local(meeting.starts_at), "ends_at": _local(meeting.ends_at),
                                     "place": meeting.place, "version": meeting.version}),
        )  # fmt: skip
        presenters = set()
        if meeting.assignment_id:
            presenters = set(meeting.assignment.presenters.values_list("pk", flat=True))
        context.update(
            meeting=meeting, editable=meeting.status == MeetingStatus.SCHEDULED, presenters=presenters,
            members=Member.objects.filter(cell=meeting.organization, is_active=True).order_by("sort_key")
            if meeting.assignment_id else [],
        )  # fmt: skip
        return context

    def post(self, request, pk):
        meeting = self.meeting()
        form = MeetingEditForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        try:
            with transaction.atomic():
                reschedule_meeting(
                    actor=request.user, meeting=meeting, expected_version=data["version"],
                    starts_at=data["starts_at"], ends_at=data["ends_at"], place=data["place"],
                    confirm_outside_plan=bool(request.POST.get("confirm_warnings")),
                )  # fmt: skip
                if meeting.assignment_id and "presenters_shown" in request.POST:
                    chosen = [int(v) for v in request.POST.getlist("presenters") if v.isdigit()]
                    presenters = list(Member.objects.filter(pk__in=chosen, cell=meeting.organization))
                    set_lead_presenters(actor=request.user, meeting=meeting, presenters=presenters,
                                        expected_version=meeting.version)  # fmt: skip
        except NeedsConfirmation as warning:
            return self.render_to_response(
                self.get_context_data(form=form, warning=warning.message), status=400
            )
        except DomainError as error:
            messages.error(request, error.message)
            meeting.refresh_from_db()
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _(
                "Đã lưu buổi sinh hoạt. Khi đổi giờ hoặc địa điểm, thông báo cho đảng viên được chuẩn bị ở Hộp thư đi."
            ),
        )
        return redirect("meeting-detail", meeting.pk)
