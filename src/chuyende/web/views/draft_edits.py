"""Editing pages for what is still a draft: a draft plan with its topic assignments, and a
scheduled meeting's time, place and lead-paper presenters. The version read with the form
travels with it; a stale save is refused (409) with every typed value kept and the other
person's saved values beside them, as the draft resolution and minutes editors do; the form then
carries the current version, so saving again after merging by hand goes through."""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from chuyende.common.errors import ConflictError, DomainError, NeedsConfirmation, NotAllowed, NotFound
from chuyende.meetings.access import get_meeting_for, get_plan_for
from chuyende.meetings.domain.editing import (
    check_can_edit_meeting,
    check_can_edit_plan,
    edit_draft_plan,
    reschedule_meeting,
    set_lead_presenters,
)
from chuyende.meetings.enums import MeetingStatus, PlanState
from chuyende.orgs.models import Member
from chuyende.web.meeting_forms import PlanForm
from chuyende.web.mixins import DomainErrorMixin, form_id, form_ids, permission_first


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
        permission_first(check_can_edit_plan, self.request.user, plan)
        return plan

    def _rows(self, plan, data=None):
        rows = []
        assignments = (
            plan.assignments.select_related("cell").prefetch_related("presenters").order_by("cell__path")
        )
        for a in assignments:
            members = Member.objects.filter(cell=a.cell, is_active=True).order_by("sort_key")
            chosen = (
                set(form_ids(data.getlist(f"presenters:{a.cell_id}")))
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
                actor=request.user, plan=plan, expected_version=form_id(request.POST.get("version")) or 0,
                changes=form.cleaned_data, assignments=assignments,
                confirm_dates=bool(request.POST.get("confirm_warnings")),
            )  # fmt: skip
        except NeedsConfirmation as warning:
            context = self.get_context_data(form=form, rows=rows, version=request.POST.get("version"))
            return self.render_to_response(context | {"warning": warning.message}, status=400)
        except (NotAllowed, NotFound):
            raise
        except ConflictError as error:
            plan.refresh_from_db()
            context = self.get_context_data(
                form=form, rows=rows, version=plan.version, theirs=_plan_values(plan)
            )
            return self.render_to_response(context, status=error.status_code)
        except (DomainError, ValueError) as error:
            # The version read with the form stays: a refusal must not let the next save overwrite
            # what someone else saved meanwhile.
            messages.error(request, getattr(error, "message", _("Dữ liệu không hợp lệ.")))
            context = self.get_context_data(form=form, rows=rows, version=request.POST.get("version"))
            return self.render_to_response(context, status=getattr(error, "status_code", 400))
        messages.success(request, _("Đã lưu kế hoạch."))
        return redirect("plan-detail", plan.pk)


def _plan_values(plan) -> dict:
    """What is saved now, for the side-by-side view of a stale save: each field with its label and
    each cell's topic, deadline and presenters."""
    fields = []
    for name, field in PlanForm.base_fields.items():
        value = getattr(plan, name)
        if hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        fields.append((field.label, "" if value is None else value))
    assignments = [
        {"cell": a.cell.name, "topic": a.topic, "due_on": a.due_on,
         "presenters": ", ".join(p.full_name for p in a.presenters.all())}
        for a in plan.assignments.select_related("cell").prefetch_related("presenters").order_by("cell__path")
    ]  # fmt: skip
    return {"fields": fields, "assignments": assignments}


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
        permission_first(check_can_edit_meeting, self.request.user, meeting)
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
                    chosen = form_ids(request.POST.getlist("presenters"))
                    presenters = list(Member.objects.filter(pk__in=chosen, cell=meeting.organization))
                    set_lead_presenters(actor=request.user, meeting=meeting, presenters=presenters,
                                        expected_version=meeting.version)  # fmt: skip
        except NeedsConfirmation as warning:
            return self.render_to_response(
                self.get_context_data(form=form, warning=warning.message), status=400
            )
        except (NotAllowed, NotFound):
            raise
        except ConflictError as error:
            meeting.refresh_from_db()
            fresh = request.POST.copy()
            fresh["version"] = str(meeting.version)
            form = MeetingEditForm(fresh)
            form.is_valid()
            theirs = {
                "starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "place": meeting.place,
                "presenters": ", ".join(meeting.assignment.presenters.order_by("sort_key")
                                        .values_list("full_name", flat=True)) if meeting.assignment_id else None,
            }  # fmt: skip
            typed = set(form_ids(request.POST.getlist("presenters")))
            context = self.get_context_data(form=form, theirs=theirs)
            if "presenters_shown" in request.POST:
                context["presenters"] = typed
            return self.render_to_response(context, status=error.status_code)
        except DomainError as error:
            messages.error(request, error.message)
            meeting.refresh_from_db()
            return self.render_to_response(self.get_context_data(form=form), status=error.status_code)
        messages.success(
            request,
            _(
                "Đã lưu buổi sinh hoạt. Khi đổi giờ hoặc địa điểm, thông báo cho đảng viên được chuẩn bị ở Hộp thư đi."
            ),
        )
        return redirect("meeting-detail", meeting.pk)
