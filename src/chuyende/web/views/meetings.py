"""Meeting pages: list, schedule, detail with rule warnings and materials, attendance on a phone
(htmx, one tap per member), minutes, grading, calendar files and the BB download."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from chuyende.common.downloads import download_name, stored_file_response
from chuyende.common.errors import ConflictError, DomainError, NeedsConfirmation, NotAllowed, NotFound
from chuyende.meetings import domain, rules
from chuyende.meetings.access import (
    get_assignment_for,
    get_material_for,
    get_meeting_for,
    meetings_for,
)
from chuyende.meetings.checks import meeting_warnings
from chuyende.meetings.documents import minutes_bytes
from chuyende.meetings.domain.grading import grade_label
from chuyende.meetings.enums import AttendanceStatus
from chuyende.meetings.interfaces import calendar
from chuyende.meetings.interfaces.dashboard import thematic_quarters
from chuyende.meetings.models import CalendarFeed, Evaluation
from chuyende.orgs.access import get_member_for, get_organization_for
from chuyende.orgs.rules import member_of
from chuyende.web.confirm import require_confirmation
from chuyende.web.meeting_forms import AttendanceForm, MaterialForm, MeetingForm, MinutesForm
from chuyende.web.mixins import DomainErrorMixin, or_404, permission_first
from chuyende.web.once import create_once

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class MeetingMixin(LoginRequiredMixin, DomainErrorMixin):
    def get_meeting(self):
        meeting = get_meeting_for(self.request.user, self.kwargs["pk"])
        self.meeting = meeting
        return meeting


class MeetingListView(LoginRequiredMixin, TemplateView):
    template_name = "web/meetings/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings = meetings_for(self.request.user).order_by("-starts_at", "pk")
        if org_id := self.request.GET.get("org"):
            try:
                organization = get_organization_for(self.request.user, org_id)
            except NotFound as error:
                raise Http404(error.message) from None
            meetings = meetings.filter(organization=organization)
            context["organization"] = organization
        context["page"] = Paginator(meetings, PAGE_SIZE).get_page(self.request.GET.get("page"))
        member = member_of(self.request.user)
        if member is not None:
            feed = domain.calendar_feed_for(member)
            context["feed_url"] = self.request.build_absolute_uri(f"/lich/{feed.token}.ics")
        return context


class MeetingCreateView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    """Schedules a meeting of `org` (and for the topic assignment `assignment` when given)."""

    template_name = "web/meetings/form.html"

    def setup_objects(self):
        self.organization = get_organization_for(self.request.user, self.request.GET.get("org"))
        permission_first(domain.check_can_schedule, self.request.user, self.organization)
        self.assignment = None
        if assignment_id := self.request.GET.get("assignment"):
            self.assignment = or_404(
                lambda user, pk: get_assignment_for(user, pk, organization=self.organization),
                self.request.user,
                assignment_id,
            )

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        initial = (
            {"kind": "thematic", "title": self.assignment.topic} if self.assignment else {"kind": "regular"}
        )
        return self.render_to_response(
            self._context(MeetingForm(organization=self.organization, initial=initial))
        )

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        form = MeetingForm(request.POST, organization=self.organization)
        if form.is_valid():
            try:
                meeting, _created = create_once(request, lambda: domain.schedule_meeting(
                    actor=request.user, organization=self.organization, assignment=self.assignment,
                    confirm_short_notice=bool(request.POST.get("confirm_warnings")),
                    confirm_outside_plan=bool(request.POST.get("confirm_warnings")), **form.domain_kwargs(),
                ))  # fmt: skip
            except NeedsConfirmation as warning:
                form.add_error("starts_at", warning.message)
                return self.render_to_response(self._context(form) | {"needs_confirmation": True}, status=400)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã lên lịch buổi sinh hoạt."))
                return redirect("meeting-detail", meeting.pk)
        return self.render_to_response(self._context(form))

    def _context(self, form):
        return {"form": form, "organization": self.organization, "assignment": self.assignment}


def publish_confirmation(meeting) -> str:
    return _("Tài liệu sẽ được gửi tới %(n)s đảng viên phải dự; đã phát hành thì không thu lại được.") % {
        "n": domain.attendance_summary(meeting).required
    }


def cancel_confirmation(meeting) -> str:
    if meeting.assignment_id:
        return _(
            "Buổi sinh hoạt “%(title)s” sẽ bị huỷ và không khôi phục được; chi bộ phải lên lịch buổi khác cho chuyên đề được phân công."
        ) % {"title": meeting.title}
    return _("Buổi sinh hoạt “%(title)s” sẽ bị huỷ và không khôi phục được.") % {"title": meeting.title}


MINUTES_APPROVAL = gettext_lazy(
    "Biên bản sẽ được thông qua và khoá; muốn sửa sau đó phải lập bản đính chính."
)
GRADE_CONFIRMATION = gettext_lazy(
    "Xếp loại sẽ được xác nhận và không sửa được; nếu dưới mức đạt, buổi tổ chức lại được lên lịch ngay."
)


class MeetingDetailView(MeetingMixin, TemplateView):
    template_name = "web/meetings/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, meeting = self.request.user, self.get_meeting()
        summary = domain.attendance_summary(meeting)
        can_manage = rules.can_manage_meeting(user, meeting.organization)
        context.update(
            meeting=meeting,
            summary=summary,
            warnings=meeting_warnings(
                meeting, summary, timezone.now(), thematic_quarters(meeting.organization)
            ),
            materials=meeting.materials.all() if (can_manage or meeting.materials_published_at) else [],
            can_manage=can_manage,
            can_record=rules.can_record_attendance(user, meeting),
            minutes=domain.current_minutes(meeting),
            evaluation=Evaluation.objects.filter(meeting=meeting).first(),
            publish_confirm=publish_confirmation(meeting) if can_manage else "",
            cancel_confirm=cancel_confirmation(meeting) if can_manage else "",
        )
        context.setdefault("material_form", MaterialForm())
        return context

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        if "cancel" in request.POST:
            permission_first(domain.check_can_cancel, request.user, meeting)
            reason = request.POST.get("reason", "")
            try:
                require_confirmation(request, cancel_confirmation(meeting))
                domain.cancel_meeting(actor=request.user, meeting=meeting, reason=reason)
            except (NotAllowed, NotFound):
                raise
            except DomainError as error:
                # The reason typed comes back in its box, the section open, the refusal beside it.
                context = self.get_context_data(refused_cancel={"reason": reason, "error": error.message})
                return self.render_to_response(context, status=error.status_code)
            messages.success(request, _("Đã huỷ buổi sinh hoạt."))
            return redirect("meeting-detail", meeting.pk)
        if "publish" in request.POST:
            permission_first(domain.check_can_publish_materials, request.user, meeting)
            require_confirmation(request, publish_confirmation(meeting))
            domain.publish_materials(actor=request.user, meeting=meeting)
            messages.success(request, _("Đã phát hành tài liệu tới đảng viên."))
            return redirect("meeting-detail", meeting.pk)
        permission_first(domain.check_can_add_material, request.user, meeting)
        form = MaterialForm(request.POST, request.FILES)
        try:
            if not form.is_valid():
                raise DomainError(_("Hãy chọn một tệp để tải lên."))
            _material, created = create_once(request, lambda: domain.add_material(
                actor=request.user, meeting=meeting, upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"], is_lead_paper=form.cleaned_data["is_lead_paper"],
            ))  # fmt: skip
        except (NotAllowed, NotFound):
            raise
        except DomainError as error:
            # The title typed and the box ticked come back; only the file must be chosen again.
            form.errors.clear()
            form.add_error("file", error.message)
            context = self.get_context_data(material_form=form, material_refused=True)
            return self.render_to_response(context, status=error.status_code)
        if created:
            messages.success(request, _("Đã tải lên tài liệu."))
        return redirect("meeting-detail", meeting.pk)


class MaterialDownloadView(LoginRequiredMixin, View):
    """A meeting's material, named by its title, for whoever may open the meeting."""

    def get(self, request, pk):
        material = or_404(get_material_for, request.user, pk)
        return stored_file_response(material.file, download_name(material.title, material.file.name))


class AttendanceView(MeetingMixin, TemplateView):
    """The attendance sheet: one button per status per member; an htmx tap returns that row."""

    template_name = "web/meetings/attendance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.get_meeting()
        summary = domain.attendance_summary(meeting)
        exempt = [(m, a) for m, a in summary.rows if a and a.status == AttendanceStatus.EXEMPT]
        rows = [(m, a) for m, a in summary.rows if not (a and a.status == AttendanceStatus.EXEMPT)]
        can_record = rules.can_record_attendance(self.request.user, meeting)
        locked = domain.attendance_locked(meeting)
        context.update(meeting=meeting, summary=summary, rows=rows, exempt=exempt, statuses=AttendanceStatus.choices,
                       can_record=can_record and not locked, locked=can_record and locked,
                       correcting=can_record and not locked and meeting.minutes_approved_at is not None)  # fmt: skip
        return context

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        form = AttendanceForm(request.POST)
        if not form.is_valid():
            raise Http404
        member = get_member_for(request.user, form.cleaned_data["member"])
        error = None
        try:
            attendance = domain.record_attendance(
                meeting,
                member,
                form.cleaned_data["status"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except NotFound:
            raise
        except DomainError as exc:
            error, attendance = exc.message, meeting.attendances.filter(member=member).first()
        if request.headers.get("HX-Request"):
            context = {"meeting": meeting, "member": member, "attendance": attendance, "error": error,
                       "statuses": AttendanceStatus.choices, "can_record": True,
                       "summary": domain.attendance_summary(meeting)}  # fmt: skip
            return self.response_class(request, "web/meetings/attendance_tap.html", context)
        if error:
            messages.error(request, error)
        return redirect("meeting-attendance", meeting.pk)


class MinutesView(MeetingMixin, TemplateView):
    template_name = "web/meetings/minutes.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.get_meeting()
        minutes = domain.current_minutes(meeting)
        can_write = rules.can_write_minutes(self.request.user, meeting)
        if form is None and minutes is not None:
            form = MinutesForm(initial=MinutesForm.initial_for(minutes))
        context.update(meeting=meeting, minutes=minutes, form=form, can_write=can_write, approve_confirm=MINUTES_APPROVAL,
                       history=meeting.minutes.order_by("-number"))  # fmt: skip
        return context

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        permission_first(domain.check_can_write_minutes, request.user, meeting)
        action = request.POST.get("action", "save")
        if action == "draft":
            domain.draft_minutes(actor=request.user, meeting=meeting)
            return redirect("meeting-minutes", meeting.pk)
        minutes = domain.current_minutes(meeting)
        if minutes is None:
            raise Http404
        form = MinutesForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            self.save(request, meeting, minutes, form, action)
        except (NotAllowed, NotFound):
            raise
        except ConflictError:
            # Someone saved in between: keep every word this editor typed, show the other person's
            # text beside it, and let the next save (after merging by hand) go through.
            current = domain.current_minutes(meeting)
            data = request.POST.copy()
            data["version"] = current.version
            form = MinutesForm(data)
            form.is_valid()
            theirs = MinutesForm.initial_for(current)
            context = self.get_context_data(form=form, theirs=theirs)
            return self.render_to_response(context, status=409)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=error.status_code)
        return redirect("meeting-minutes", meeting.pk)

    def save(self, request, meeting, minutes, form, action):
        version = form.cleaned_data["version"]
        if action == "correct":
            domain.correct_minutes(
                actor=request.user, minutes=minutes, reason=form.cleaned_data["reason"], **form.changes()
            )
            messages.success(request, _("Đã lập bản đính chính; bản đã thông qua vẫn được lưu."))
            return
        with transaction.atomic():  # saving and approving is one act: both or neither
            minutes = domain.update_minutes(
                actor=request.user, minutes=minutes, version=version, **form.changes()
            )
            if action == "approve":
                require_confirmation(request, str(MINUTES_APPROVAL))
                domain.approve_minutes(actor=request.user, minutes=minutes, version=minutes.version)
        if action == "approve":
            messages.success(request, _("Biên bản đã được thông qua và khoá."))
        else:
            messages.success(request, _("Đã lưu biên bản."))


class MinutesDownloadView(MeetingMixin, View):
    def get(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        if domain.current_minutes(meeting) is None:
            raise Http404(_("Buổi sinh hoạt chưa có biên bản."))
        if kwargs.get("kind") == "docx":
            body, content_type = minutes_bytes(meeting, "docx"), DOCX
        else:
            body, content_type = minutes_bytes(meeting, "pdf"), "application/pdf"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="bien-ban-{meeting.pk}.{kwargs.get("kind", "pdf")}"'
        )
        return response


class GradeView(MeetingMixin, TemplateView):
    template_name = "web/meetings/grade.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.get_meeting()
        evaluation = Evaluation.objects.filter(meeting=meeting).select_related("template").first()
        template = evaluation.template if evaluation else domain.template_for(meeting)
        scores = evaluation.scores if evaluation else {}
        if "typed" in kwargs:  # a refused sending: show what was typed, not what is stored
            scores = kwargs["typed"]
        context.update(
            meeting=meeting, evaluation=evaluation, template=template,
            criteria=[(c, scores.get(c["code"], "")) for c in template.criteria],
            grade_label=grade_label(template, evaluation.grade) if evaluation else "",
            can_propose=rules.can_propose_grade(self.request.user, meeting),
            can_confirm=rules.can_confirm_grade(self.request.user, meeting), confirm_text=GRADE_CONFIRMATION,
        )  # fmt: skip
        return context

    def post(self, request, *args, **kwargs):
        try:
            return self.save(request)
        except (NotAllowed, NotFound):
            raise
        except DomainError as error:
            typed = {
                c["code"]: request.POST.get(c["code"], "") for c in domain.template_for(self.meeting).criteria
            }
            context = self.get_context_data(
                typed=typed, error=error.message, note=request.POST.get("note", "")
            )
            return self.render_to_response(context, status=error.status_code)

    def save(self, request):
        meeting = self.get_meeting()
        check = (
            domain.check_can_confirm_grade if "confirm" in request.POST else domain.check_can_propose_grade
        )
        permission_first(check, request.user, meeting)
        template = domain.template_for(meeting)
        scores = {}
        for criterion in template.criteria:
            value = request.POST.get(criterion["code"], "").strip()
            if value:
                if not (value.isascii() and value.isdigit()):  # "²" is a digit to Python, not to int()
                    raise DomainError(_("Điểm phải là số nguyên."))
                scores[criterion["code"]] = int(value)
        if "confirm" in request.POST:
            require_confirmation(request, str(GRADE_CONFIRMATION))
            domain.confirm_grade(actor=request.user, meeting=meeting, scores=scores or None)
            meeting.refresh_from_db()
            if meeting.needs_rerun:
                messages.warning(request, _("Buổi sinh hoạt phải tổ chức lại; đã lên lịch buổi tổ chức lại."))
            else:
                messages.success(request, _("Đã xác nhận xếp loại."))
        else:
            domain.propose_grade(
                actor=request.user, meeting=meeting, scores=scores, note=request.POST.get("note", "")
            )
            messages.success(request, _("Đã gửi đề xuất xếp loại."))
        return redirect("meeting-grade", meeting.pk)


class MeetingCalendarView(MeetingMixin, View):
    def get(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        response = HttpResponse(
            calendar.ics([meeting], meeting.organization.name), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="sinh-hoat-{meeting.pk}.ics"'
        return response


class PersonalFeedView(View):
    """The member's calendar feed; the secret token in the address is the credential."""

    def get(self, request, token):
        feed = get_object_or_404(CalendarFeed.objects.select_related("member__cell"), token=token)
        if not feed.member.is_active:
            raise Http404
        body = calendar.ics(
            calendar.member_meetings(feed.member), f"Lịch sinh hoạt — {feed.member.full_name}"
        )
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")
