"""Position paper pages: list, write (browser or DOCX/PDF), read on a phone and comment on a
paragraph (htmx), answer comments, compare versions, manifestation chart, committee session."""

import re

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from chuyende.commitments import rules as commitment_rules
from chuyende.commitments.domain import manifestation_counts as commitment_manifestation_counts
from chuyende.common.downloads import download_name, stored_file_response
from chuyende.common.errors import ConflictError, DomainError, NotAllowed, NotFound
from chuyende.meetings.access import get_assignment_for, get_meeting_for
from chuyende.meetings.enums import MeetingKind
from chuyende.orgs.access import get_organization_for
from chuyende.orgs.models import Member, Organization
from chuyende.orgs.rules import subtree_q
from chuyende.papers import domain, rules
from chuyende.papers.access import get_comment_for, get_paper_file_for, get_paper_for, papers_for
from chuyende.papers.blocks import text_from_blocks
from chuyende.papers.diffing import diff_paragraphs
from chuyende.papers.enums import PAPER_TRANSITIONS, CommentTarget, PaperState
from chuyende.papers.models import PositionPaper
from chuyende.web.confirm import require_confirmation
from chuyende.web.mixins import form_ids, or_404, permission_first
from chuyende.web.once import create_once
from chuyende.web.paper_forms import (
    AnswerForm,
    CommentForm,
    PaperCreateForm,
    PaperEditForm,
    PaperUploadForm,
    SessionCommentForm,
)
from chuyende.web.views.meetings import DomainErrorMixin

PAGE_SIZE = 50


class PaperMixin(LoginRequiredMixin, DomainErrorMixin):
    request: HttpRequest
    kwargs: dict

    def get_paper(self) -> PositionPaper:
        self.paper = get_paper_for(self.request.user, self.kwargs["pk"])
        return self.paper


class PaperListView(LoginRequiredMixin, TemplateView):
    template_name = "web/papers/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        papers = papers_for(self.request.user).annotate(comment_count=Count("comments"))
        if org_id := self.request.GET.get("org"):
            try:
                organization = get_organization_for(self.request.user, org_id)
            except NotFound as error:
                raise Http404(error.message) from None
            papers = papers.filter(subtree_q([organization.path], field="organization__path"))
            context["organization"] = organization
            context["can_write"] = rules.can_write_papers_for(self.request.user, organization)
        context["page"] = Paginator(papers.order_by("organization__path", "pk"), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        return context


class PaperCreateView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    template_name = "web/papers/form.html"

    def setup_objects(self):
        self.cell = get_organization_for(self.request.user, self.request.GET.get("org"))
        permission_first(domain.check_can_write_paper, self.request.user, self.cell)
        self.assignment = None
        if assignment_id := self.request.GET.get("assignment"):
            self.assignment = or_404(
                lambda user, pk: get_assignment_for(user, pk, organization=self.cell),
                self.request.user,
                assignment_id,
            )

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        initial = {"topic": self.assignment.topic if self.assignment else ""}
        return self.render_to_response({"form": PaperCreateForm(initial=initial), "cell": self.cell})

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        form = PaperCreateForm(request.POST)
        if form.is_valid():
            try:
                paper, _created = create_once(request, lambda: domain.create_paper(
                    actor=request.user, cell=self.cell, assignment=self.assignment, **form.cleaned_data
                ))  # fmt: skip
            except (NotAllowed, NotFound):
                raise
            except DomainError as error:
                # What was typed comes back with the reason (a redirect would drop the text).
                form.add_error(None, error.message)
                return self.render_to_response({"form": form, "cell": self.cell}, status=error.status_code)
            messages.success(request, _("Đã tạo bài tham luận."))
            return redirect("paper-edit", paper.pk)
        return self.render_to_response({"form": form, "cell": self.cell})


class PaperEditView(PaperMixin, TemplateView):
    template_name = "web/papers/form.html"

    def get_paper(self) -> PositionPaper:
        paper = super().get_paper()
        # The form shows the unsubmitted working copy: readers of the paper may not see it.
        permission_first(domain.check_can_edit_paper, self.request.user, paper)
        return paper

    def get(self, request, *args, **kwargs):
        paper = self.get_paper()
        initial = {
            "title": paper.title, "topic": paper.topic, "text": text_from_blocks(paper.draft),
            "version": paper.version, "authors": paper.authors.all(), "causes": paper.causes,
            "manifestations": paper.manifestations.all(), "solutions": paper.solutions,
            "commitments": paper.commitments,
        }  # fmt: skip
        return self.render_to_response(self._context(PaperEditForm(paper=paper, initial=initial)))

    def post(self, request, *args, **kwargs):
        paper = self.get_paper()
        form = PaperEditForm(request.POST, paper=paper)
        if not form.is_valid():
            return self.render_to_response(self._context(form))
        data = dict(form.cleaned_data)
        try:
            domain.update_paper(actor=request.user, paper=paper, authors=list(data.pop("authors")),
                                manifestations=list(data.pop("manifestations")), **data)  # fmt: skip
        except (NotAllowed, NotFound):
            raise
        except ConflictError as error:
            # Someone saved in between: every word typed stays in the form, the other person's
            # text beside it, and the form carries the current version so the next save goes through.
            paper.refresh_from_db()
            fresh = request.POST.copy()
            fresh["version"] = str(paper.version)
            form = PaperEditForm(fresh, paper=paper)
            form.is_valid()
            context = self._context(form) | {"theirs": _paper_values(paper)}
            return self.render_to_response(context, status=error.status_code)
        except DomainError as error:
            # What was typed comes back with the reason (a redirect would drop the text).
            form.add_error(None, error.message)
            return self.render_to_response(self._context(form), status=error.status_code)
        messages.success(request, _("Đã lưu bài tham luận."))
        return redirect("paper-detail", paper.pk)

    def _context(self, form):
        upload = PaperUploadForm(initial={"version": self.paper.version})
        return {"form": form, "paper": self.paper, "cell": self.paper.organization, "upload_form": upload}


def _paper_values(paper) -> dict:
    """What is saved now, for the side-by-side view of a stale save."""
    return {"title": paper.title, "topic": paper.topic, "text": text_from_blocks(paper.draft),
            "causes": paper.causes, "solutions": paper.solutions, "commitments": paper.commitments}  # fmt: skip


class PaperUploadView(PaperMixin, View):
    def post(self, request, *args, **kwargs):
        paper = self.get_paper()
        permission_first(domain.check_can_edit_paper, request.user, paper)
        form = PaperUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            for error in form.errors.get("file", []):
                messages.error(request, error)
            return redirect("paper-edit", paper.pk)
        stored = domain.import_file(actor=request.user, paper=paper, version=form.cleaned_data["version"],
                                    upload=form.cleaned_data["file"])  # fmt: skip
        messages.success(request, _("Đã nhập nội dung từ tệp “%(name)s”.") % {"name": stored.name})
        return redirect("paper-edit", paper.pk)


def comment_auto_id(target: str, anchor: str = "") -> str:
    """A paper's page carries up to three comment forms (a paragraph's, the whole paper's, the
    cell's): each gets its own element ids, so each label names its own text box."""
    name = re.sub(r"[^\w-]", "", f"{target}-{anchor}".strip("-"))
    return f"gop-y-{name}-%s"


class PaperDetailView(PaperMixin, TemplateView):
    """The reading page. `?doan=<anchor>` from htmx returns only the comment form for that paragraph."""

    template_name = "web/papers/detail.html"

    def get(self, request, *args, **kwargs):
        paper = self.get_paper()
        anchor = request.GET.get("doan")
        if anchor is not None and request.headers.get("HX-Request"):
            target = CommentTarget.PARAGRAPH if anchor else CommentTarget.PAPER
            form = CommentForm(
                initial={"target": target, "anchor": anchor}, auto_id=comment_auto_id(target, anchor)
            )
            context = {"paper": paper, "comment_form": form, "anchor": anchor}
            return self.response_class(request, f"{self.template_name}#comment_form", context)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, paper = self.request.user, self.paper
        paragraphs = list(paper.current_version.paragraphs.all()) if paper.current_version_id else []
        comments = list(
            paper.comments.select_related("author", "answered_by", "version").order_by("created_at", "pk")
        )
        statuses = domain.anchor_statuses(paper, comments)
        by_anchor: dict[str, list] = {}
        for comment in comments:
            comment.anchor_status = statuses.get(comment.pk)
            if comment.target == CommentTarget.PARAGRAPH and comment.anchor_status != "deleted":
                by_anchor.setdefault(comment.anchor, []).append(comment)
        for paragraph in paragraphs:
            paragraph.comments = by_anchor.get(paragraph.anchor, [])
        can_edit = rules.can_edit_paper(user, paper)
        targets = PAPER_TRANSITIONS[paper.state]
        allowed = rules.can_present(user, paper) if paper.state == PaperState.SUBMITTED else can_edit
        context.update(
            paper=paper,
            paragraphs=paragraphs,
            draft=paper.draft if not paragraphs and can_edit else [],
            text_comments=[c for c in comments if c.target != CommentTarget.CELL],
            cell_comments=[c for c in comments if c.target == CommentTarget.CELL],
            can_edit=can_edit and paper.state in (PaperState.DRAFT, PaperState.PRESENTED),
            can_answer=rules.can_answer_comment(user, paper) and paper.state != PaperState.FINALIZED,
            can_comment=rules.can_comment_on_paper(user, paper),
            transitions=[(PaperState(s), state_confirmation(paper, s)) for s in sorted(targets)]
            if allowed
            else [],
            can_revise=can_edit and paper.state == PaperState.PRESENTED,
            versions=list(paper.versions.order_by("number")),
            manifestations=list(paper.manifestations.all()),
            files=list(paper.files.all()),
            comment_form=CommentForm(
                initial={"target": CommentTarget.PAPER}, auto_id=comment_auto_id(CommentTarget.PAPER)
            ),
            cell_comment_form=CommentForm(
                initial={"target": CommentTarget.CELL}, auto_id=comment_auto_id(CommentTarget.CELL)
            ),
            answer_form=AnswerForm(),
        )
        # Without JavaScript a paragraph is not tappable: its "Góp ý đoạn này" link (in <noscript>)
        # opens this page with `?doan=<anchor>`, and the paragraph's form is shown open in place.
        anchor = self.request.GET.get("doan")
        if anchor and context["can_comment"] and any(p.anchor == anchor for p in paragraphs):
            context.update(
                refused_anchor=anchor,
                refused_form=CommentForm(
                    initial={"target": CommentTarget.PARAGRAPH, "anchor": anchor},
                    auto_id=comment_auto_id(CommentTarget.PARAGRAPH, anchor),
                ),
            )
        return context


def paper_page_context(request, paper) -> dict:
    """The reading page's context, to show it again with a refused form filled in."""
    view = PaperDetailView()
    view.setup(request, pk=paper.pk)
    view.paper = paper
    return view.get_context_data(pk=paper.pk)


class PaperCommentView(PaperMixin, View):
    """Sends a comment. A refusal (empty, too long, comments closed, not allowed) never drops the
    text: htmx gets the same form back with the text and the reason under the field; without
    JavaScript the paper's page comes back with the form filled in where it was sent from."""

    def post(self, request, *args, **kwargs):
        paper = self.get_paper()
        auto_id = comment_auto_id(request.POST.get("target", ""), request.POST.get("anchor", ""))
        form = CommentForm(request.POST, auto_id=auto_id)
        if form.is_valid():
            try:
                comment = domain.add_comment(actor=request.user, paper=paper, **form.cleaned_data)
            except NotFound:
                raise
            except DomainError as error:
                form.add_error("text", error.message)
                return self.refused(request, paper, form, status=error.status_code)
        else:
            if "text" in form.errors:
                form.errors["text"] = form.error_class([_("Nội dung góp ý không được để trống.")])
            return self.refused(request, paper, form, status=400)
        messages.success(request, _("Đã gửi góp ý. Cảm ơn đồng chí."))
        url = f"/tham-luan/{paper.pk}/#gop-y-{comment.pk}"
        if request.headers.get("HX-Request"):
            # A different address (the query), so the browser loads the page rather than only
            # scrolling to the fragment of the page it is on.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = f"/tham-luan/{paper.pk}/?da-gui={comment.pk}#gop-y-{comment.pk}"
            return response
        return redirect(url)

    def refused(self, request, paper, form, *, status):
        anchor = form.data.get("anchor", "")
        target = form.data.get("target", "")
        if request.headers.get("HX-Request"):
            # htmx swaps only 2xx answers: the refusal is in the form it sends back.
            context = {"paper": paper, "comment_form": form, "anchor": anchor}
            return TemplateResponse(request, "web/papers/detail.html#comment_form", context)
        context = paper_page_context(request, paper)
        if target == CommentTarget.PARAGRAPH:
            context.update(refused_anchor=anchor, refused_form=form)
        elif target == CommentTarget.CELL:
            context["cell_comment_form"] = form
            context["cell_comment_refused"] = True
        else:
            context["comment_form"] = form
            context["paper_comment_refused"] = True
        return TemplateResponse(request, PaperDetailView.template_name, context, status=status)


class CommentAnswerView(LoginRequiredMixin, DomainErrorMixin, View):
    def post(self, request, *args, **kwargs):
        comment = get_comment_for(request.user, kwargs["pk"])
        permission_first(domain.check_can_answer_comment, request.user, comment.paper)
        form = AnswerForm(request.POST)
        try:
            if not form.is_valid():
                raise DomainError(_("Hãy chọn tiếp thu hoặc không tiếp thu."))
            domain.answer_comment(actor=request.user, comment=comment, **form.cleaned_data)
        except (NotAllowed, NotFound):
            raise
        except DomainError as error:
            # The answer typed comes back under its comment, the reason beside it.
            paper = get_paper_for(request.user, comment.paper_id)
            context = paper_page_context(request, paper)
            context["refused_answer"] = {"comment": comment.pk, "form": form, "error": error.message}
            return TemplateResponse(request, PaperDetailView.template_name, context, status=error.status_code)
        messages.success(request, _("Đã ghi trả lời góp ý."))
        return redirect(f"/tham-luan/{comment.paper_id}/#gop-y-{comment.pk}")


def state_confirmation(paper: PositionPaper, state: str) -> str | None:
    """What a move of the paper does that its author cannot take back (None: nothing to confirm)."""
    if state == PaperState.SUBMITTED:
        return _(
            "Bài “%(title)s” sẽ được gửi Đảng uỷ: từ đó chi bộ không sửa được nữa, các đảng viên của Đảng bộ đọc và góp ý; chỉ Đảng uỷ trả lại được."
        ) % {"title": paper.title}
    if state == PaperState.PRESENTED:
        return _(
            "Bài “%(title)s” sẽ được ghi là đã trình bày tại hội nghị; chi bộ chỉnh sửa theo góp ý, bài không trả lại được nữa."
        ) % {"title": paper.title}
    if state == PaperState.FINALIZED:
        return _(
            "Bài “%(title)s” sẽ được hoàn thiện và khoá: không sửa, không góp ý thêm được nữa; bản cuối được lưu vào hồ sơ."
        ) % {"title": paper.title}
    return None


class PaperStateView(PaperMixin, View):
    def post(self, request, *args, **kwargs):
        paper = self.get_paper()
        permission_first(domain.check_can_move_paper, request.user, paper)
        state = request.POST.get("state", "")
        try:
            self.move(request, paper, state)
        except (NotAllowed, NotFound):
            raise
        except DomainError as error:
            # Back to the paper's page (this address only answers POST), the reason on top.
            messages.error(request, error.message)
        return redirect("paper-detail", paper.pk)

    def move(self, request, paper, state):
        if state == "revision":
            snapshot = domain.submit_revision(actor=request.user, paper=paper)
            messages.success(request, _("Đã lưu phiên bản %(n)s.") % {"n": snapshot.number})
        else:
            if (what_happens := state_confirmation(paper, state)) is not None:
                require_confirmation(request, what_happens)
            domain.set_paper_state(actor=request.user, paper=paper, state=state)
            messages.success(request, _("Bài tham luận: %(state)s.") % {"state": PaperState(state).label})


class PaperDiffView(PaperMixin, TemplateView):
    template_name = "web/papers/diff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paper = self.get_paper()
        versions = {v.number: v for v in paper.versions.all()}
        if not versions:
            raise Http404(_("Bài chưa có phiên bản nào."))
        newest = max(versions)
        try:
            new = versions[int(self.request.GET.get("den", newest))]
            old = versions[int(self.request.GET.get("tu", max(1, new.number - 1)))]
        except (KeyError, ValueError):
            raise Http404(_("Không có phiên bản này.")) from None

        def pairs(version):
            return list(version.paragraphs.values_list("anchor", "text"))

        context.update(paper=paper, old=old, new=new, versions=sorted(versions.values(), key=lambda v: v.number),
                       rows=diff_paragraphs(pairs(old), pairs(new)))  # fmt: skip
        return context


class PaperFileView(LoginRequiredMixin, View):
    """An imported original (DOCX/PDF) under the name it was uploaded with, for whoever may open
    the paper's page."""

    def get(self, request, *args, **kwargs):
        stored = or_404(get_paper_file_for, request.user, kwargs["pk"])
        return stored_file_response(stored.file, download_name(stored.name, stored.file.name))


class StatisticsView(LoginRequiredMixin, TemplateView):
    template_name = "web/papers/stats.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            organization = get_organization_for(self.request.user, kwargs["pk"])
        except NotFound as error:
            raise Http404(error.message) from None
        if not rules.can_view_statistics(self.request.user, organization):
            raise Http404
        counts = domain.manifestation_counts(organization)
        cells = list(
            Organization.objects.filter(subtree_q([organization.path]), kind="cell").order_by("path")
        )
        # Commitments are personal: only those who oversee the organization see their counts.
        committed = []
        if commitment_rules.can_view_rollup(self.request.user, organization):
            committed = commitment_manifestation_counts(organization)
        committed_by_pk = {c.manifestation.pk: c for c in committed}
        top = max([c.total for c in counts + committed] + [1])
        for row in counts + committed:
            row.percent = round(100 * row.total / top)
            row.cells = [(cell, row.by_cell.get(cell.pk, 0)) for cell in cells]
        for row in counts:
            row.committed = committed_by_pk.get(row.manifestation.pk)
        tables = [(_("Trong bài tham luận"), counts)]
        if committed:
            tables.append((_("Trong cam kết khắc phục (nội dung đã phê duyệt)"), committed))
        context.update(organization=organization, counts=counts, cells=cells, tables=tables,
                       show_commitments=bool(committed))  # fmt: skip
        return context


def session_presented_confirmation(meeting) -> str:
    return _(
        "Mọi bài trong chương trình hội nghị “%(title)s” sẽ được ghi là đã trình bày; từ đó không trả lại chi bộ được nữa."
    ) % {"title": meeting.title}


class SessionView(LoginRequiredMixin, DomainErrorMixin, TemplateView):
    """A committee session's paper agenda (order, presenter, slot) and the comments made aloud."""

    template_name = "web/papers/session.html"

    def get_meeting(self):
        meeting = get_meeting_for(self.request.user, self.kwargs["pk"])
        if meeting.kind != MeetingKind.COMMITTEE:
            raise Http404
        self.meeting = meeting
        return meeting

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, meeting = self.request.user, self.get_meeting()
        agenda = list(meeting.paper_agenda.select_related("paper__organization", "presenter"))
        on_agenda = {item.paper_id for item in agenda}
        candidates = PositionPaper.objects.filter(
            subtree_q([meeting.organization.path], field="organization__path"), state=PaperState.SUBMITTED
        ).select_related("organization")
        members = Member.objects.filter(
            subtree_q([meeting.organization.path], field="cell__path"), is_active=True
        )
        context.update(
            meeting=meeting,
            agenda=agenda,
            candidates=[p for p in candidates if p.pk not in on_agenda],
            can_run=rules.can_run_session(user, meeting),
            presented_confirm=session_presented_confirmation(meeting),
            can_record=rules.can_record_session_comment(user, meeting),
            comment_form=kwargs.get("comment_form")
            or SessionCommentForm(
                members=members.order_by("sort_key"), initial={"target": CommentTarget.PAPER}
            ),  # fmt: skip
            session_comments=meeting.paper_comments.select_related("author", "paper").order_by("created_at"),
        )
        return context

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        action = request.POST.get("action")
        if action == "agenda":
            # The same scoped lookup as the API's agenda: a paper the user may not see is not
            # found (its title must not come back in the domain's refusal).
            order = form_ids(request.POST.getlist("paper"))
            items = [{"paper": get_paper_for(request.user, pk), "minutes": request.POST.get(f"minutes-{pk}") or 10}
                     for pk in order]  # fmt: skip
            domain.set_session_agenda(actor=request.user, meeting=meeting, items=items)
            messages.success(request, _("Đã lưu chương trình tham luận."))
        elif action == "presented":
            permission_first(domain.check_can_mark_presented, request.user, meeting)
            require_confirmation(request, session_presented_confirmation(meeting))
            count = domain.mark_agenda_presented(actor=request.user, meeting=meeting)
            messages.success(request, _("%(n)s bài đã được ghi nhận là đã trình bày.") % {"n": count})
        else:
            permission_first(domain.check_can_record_session_comment, request.user, meeting)
            members = Member.objects.filter(subtree_q([meeting.organization.path], field="cell__path"))
            form = SessionCommentForm(request.POST, members=members.order_by("sort_key"))
            try:
                if not form.is_valid():
                    raise DomainError(_("Hãy chọn người phát biểu và ghi nội dung ý kiến."))
                data = dict(form.cleaned_data)
                paper = get_object_or_404(meeting.paper_agenda, paper_id=data.pop("paper")).paper
                domain.add_comment(actor=request.user, paper=paper, meeting=meeting, **data)
            except (NotAllowed, NotFound):
                raise
            except DomainError as error:
                # What the secretary wrote down comes back in the form, the reason above it.
                context = self.get_context_data(comment_form=form, comment_error=error.message,
                                                chosen_paper=request.POST.get("paper", ""))  # fmt: skip
                return self.render_to_response(context, status=error.status_code)
            messages.success(request, _("Đã ghi ý kiến phát biểu."))
        return redirect("paper-session", meeting.pk)
