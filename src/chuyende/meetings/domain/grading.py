from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common.errors import DomainError, NotAllowed

from ..enums import EvaluationState, MeetingKind, MeetingStatus
from ..models import Evaluation, GradeCounter, Meeting, ScoringTemplate, TopicAssignment
from ..rules import can_confirm_grade, can_propose_grade
from ._common import record

DEFAULT_PASS_SCORE = 50  # below "Trung bình" when the meeting belongs to no plan
RERUN_DELAY = timedelta(days=7)


def template_for(meeting: Meeting) -> ScoringTemplate:
    """The scoring form for the meeting: the one chosen by the nearest committee above it for its
    kind of meeting, else the shipped default."""
    kind = MeetingKind.REGULAR if meeting.kind == MeetingKind.REGULAR else MeetingKind.THEMATIC
    candidates = (
        ScoringTemplate.objects.filter(meeting_kind=kind, is_active=True)
        .filter(Q(organization__isnull=True) | Q(organization_id__in=meeting.organization.ancestor_ids()))
        .select_related("organization")
    )
    best = max(candidates, key=lambda t: len(t.organization.path) if t.organization else 0, default=None)
    if best is None:
        raise DomainError(_("Chưa có mẫu chấm điểm cho loại buổi sinh hoạt này."))
    return best


def grade_for(template: ScoringTemplate, total: int) -> str:
    for threshold in sorted(template.thresholds, key=lambda t: -t["min"]):
        if total >= threshold["min"]:
            return threshold["grade"]
    return template.thresholds[-1]["grade"]


def grade_label(template: ScoringTemplate, grade: str) -> str:
    return next((t["label"] for t in template.thresholds if t["grade"] == grade), grade)


def _total(template: ScoringTemplate, scores: dict) -> int:
    criteria = {c["code"]: c for c in template.criteria}
    unknown = set(scores) - set(criteria)
    if unknown:
        raise DomainError(
            _("Tiêu chí không có trong mẫu chấm điểm: %(criteria)s.")
            % {"criteria": ", ".join(sorted(unknown))}
        )
    total = 0
    for code, criterion in criteria.items():
        if code not in scores:
            raise DomainError(_("Chưa chấm tiêu chí “%(criterion)s”.") % {"criterion": criterion["label"]})
        value = int(scores[code])
        if not 0 <= value <= criterion["points"]:
            raise DomainError(
                _("Điểm “%(criterion)s” phải từ 0 đến %(points)s.")
                % {"criterion": criterion["label"], "points": criterion["points"]}
            )
        total += value
    return total


def check_can_propose_grade(actor, meeting: Meeting) -> None:
    if not can_propose_grade(actor, meeting):
        raise NotAllowed(_("Bạn không có quyền đề xuất xếp loại buổi sinh hoạt này."))


def check_can_confirm_grade(actor, meeting: Meeting) -> None:
    if not can_confirm_grade(actor, meeting):
        raise NotAllowed(_("Chỉ cấp uỷ viên cấp trên phụ trách chi bộ được xác nhận xếp loại."))


def propose_grade(*, actor, meeting: Meeting, scores: dict, note: str = "") -> Evaluation:
    """The cell proposes its score per criterion (replacing an earlier proposal); the grade follows
    from the template's thresholds."""
    check_can_propose_grade(actor, meeting)
    if meeting.status != MeetingStatus.HELD:
        raise DomainError(_("Chỉ xếp loại buổi sinh hoạt đã tổ chức."))
    existing = Evaluation.objects.filter(meeting=meeting).first()
    if existing is not None and existing.state == EvaluationState.CONFIRMED:
        raise DomainError(_("Xếp loại đã được xác nhận."))
    template = existing.template if existing else template_for(meeting)
    total = _total(template, scores)
    values = {
        "template": template,
        "scores": {k: int(v) for k, v in scores.items()},
        "total": total,
        "grade": grade_for(template, total),
        "note": note,
        "proposed_by": actor if getattr(actor, "is_authenticated", False) else None,
        "proposed_at": timezone.now(),
    }
    with transaction.atomic():
        evaluation, _created = Evaluation.objects.update_or_create(meeting=meeting, defaults=values)
        record(
            "meeting.grade_propose",
            evaluation,
            actor=actor,
            organization=meeting.organization,
            changes={"scores": values["scores"], "total": total, "grade": values["grade"]},
        )
    return evaluation


def confirm_grade(
    *, actor, meeting: Meeting, scores: dict | None = None, rerun_starts_at: datetime | None = None
) -> Evaluation:
    """The supervising committee member confirms the proposed grade (optionally with adjusted
    scores). The meeting records score, grade and pass/fail. Below the plan's pass score the meeting
    is marked "phải tổ chức lại" and a linked re-run is scheduled (a week later by default); the
    re-run becomes the meeting that counts for the topic assignment."""
    check_can_confirm_grade(actor, meeting)
    evaluation = Evaluation.objects.filter(meeting=meeting).select_related("template").first()
    if evaluation is None:
        raise DomainError(_("Chi bộ chưa đề xuất xếp loại."))
    if evaluation.state == EvaluationState.CONFIRMED:
        raise DomainError(_("Xếp loại đã được xác nhận."))
    if scores is not None:
        evaluation.total = _total(evaluation.template, scores)
        evaluation.scores = {k: int(v) for k, v in scores.items()}
        evaluation.grade = grade_for(evaluation.template, evaluation.total)
    pass_score = meeting.plan.pass_score if meeting.plan is not None else DEFAULT_PASS_SCORE
    passed = evaluation.total >= pass_score
    with transaction.atomic():
        evaluation.state = EvaluationState.CONFIRMED
        evaluation.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
        evaluation.confirmed_at = timezone.now()
        evaluation.save()
        meeting.score, meeting.grade, meeting.passed = evaluation.total, evaluation.grade, passed
        meeting.needs_rerun = not passed
        meeting.save(update_fields=["score", "grade", "passed", "needs_rerun"])
        if meeting.kind == MeetingKind.REGULAR and passed:
            _count_grade(meeting)
        record(
            "meeting.grade_confirm",
            evaluation,
            actor=actor,
            organization=meeting.organization,
            changes={"total": evaluation.total, "grade": evaluation.grade, "passed": passed},
        )
        if not passed:
            _schedule_rerun(actor, meeting, rerun_starts_at or meeting.starts_at + RERUN_DELAY)
    return evaluation


def _schedule_rerun(actor, failed: Meeting, starts_at: datetime) -> Meeting:
    rerun = Meeting.objects.create(
        organization=failed.organization,
        kind=failed.kind,
        plan=failed.plan,
        assignment=failed.assignment,
        title=f"{failed.title} (tổ chức lại)",
        starts_at=starts_at,
        ends_at=starts_at + (failed.ends_at - failed.starts_at),
        place=failed.place,
        agenda=failed.agenda,
        chair=failed.chair,
        secretary=failed.secretary,
        guests=failed.guests,
        supervisor=failed.supervisor,
        rerun_of=failed,
    )
    if failed.assignment_id:
        TopicAssignment.objects.filter(pk=failed.assignment_id).update(current_meeting=rerun)
    record(
        "meeting.rerun",
        rerun,
        actor=actor,
        organization=failed.organization,
        changes={"rerun_of": failed.pk, "starts_at": starts_at},
    )
    return rerun


_GRADE_COUNTER = GradeCounter._meta.db_table


def _count_grade(meeting: Meeting) -> None:
    """Adds a confirmed regular meeting that counts for the yearly grade to its cell's counter of
    the year (one upsert on the cell's own row)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_GRADE_COUNTER} (organization_id, org_path, year, graded, score_sum) "
            "SELECT id, path, %s, 1, %s FROM orgs_organization WHERE id = %s "
            "ON CONFLICT (year, org_path) DO UPDATE "
            f"SET graded = {_GRADE_COUNTER}.graded + 1, score_sum = {_GRADE_COUNTER}.score_sum + excluded.score_sum",
            [timezone.localtime(meeting.starts_at).year, meeting.score, meeting.organization_id],
        )


def counted_meetings(meeting_model=Meeting):
    """Graded regular meetings that count for a yearly grade (a failed one counts through its
    re-run), grouped by cell and local year: organization, path, year, count, sum of scores."""
    return (
        meeting_model.objects.filter(kind=MeetingKind.REGULAR, score__isnull=False, needs_rerun=False)
        .values("organization_id", "organization__path", year=ExtractYear("starts_at"))
        .annotate(graded=Count("*"), score_sum=Sum("score"))
        .order_by()
    )


def rebuild_grade_counters(meeting_model=Meeting) -> None:
    """Recomputes every yearly-grade counter from the meetings, set-based: one DELETE and one
    grouped INSERT … SELECT (the SELECT is `counted_meetings` compiled by the ORM, so the local
    year is extracted the same way as the per-meeting maintenance on every database)."""
    select, params = counted_meetings(meeting_model).query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_GRADE_COUNTER}")
        cursor.execute(
            f"INSERT INTO {_GRADE_COUNTER} (organization_id, org_path, year, graded, score_sum) {select}",
            params,
        )
