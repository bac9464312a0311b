import pytest

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.meetings import domain
from chuyende.meetings.enums import EvaluationState, MeetingKind
from chuyende.meetings.models import Meeting, ScoringTemplate

from . import helpers as h


def test_shipped_templates_have_15_20_45_20_and_thresholds(db):
    template = ScoringTemplate.objects.get(code="mac-dinh-chuyen-de")
    assert [c["points"] for c in template.criteria] == [15, 20, 45, 20]
    assert [(t["label"], t["min"]) for t in template.thresholds] == [
        ("Tốt", 90), ("Khá", 70), ("Trung bình", 50), ("Kém", 0)
    ]  # fmt: skip
    assert ScoringTemplate.objects.get(code="mac-dinh-dinh-ky").meeting_kind == MeetingKind.REGULAR


@pytest.mark.parametrize(("total_scores", "grade"), [
    ({"chuan_bi": 15, "du_hop": 20, "tien_hanh": 45, "ket_thuc": 10}, "tot"),
    ({"chuan_bi": 15, "du_hop": 20, "tien_hanh": 44, "ket_thuc": 10}, "kha"),
    ({"chuan_bi": 10, "du_hop": 10, "tien_hanh": 40, "ket_thuc": 10}, "kha"),
    ({"chuan_bi": 10, "du_hop": 10, "tien_hanh": 39, "ket_thuc": 10}, "trung_binh"),
    ({"chuan_bi": 10, "du_hop": 10, "tien_hanh": 20, "ket_thuc": 10}, "trung_binh"),
    ({"chuan_bi": 10, "du_hop": 10, "tien_hanh": 19, "ket_thuc": 10}, "kem"),
])  # fmt: skip
def test_grade_thresholds(world, total_scores, grade):
    meeting = h.meeting(world)
    h.hold(meeting, [world.member_a])
    evaluation = domain.propose_grade(
        actor=world.users["cell_secretary"], meeting=meeting, scores=total_scores
    )
    assert (evaluation.grade, evaluation.state) == (grade, EvaluationState.PROPOSED)


def test_propose_validates_scores(world):
    meeting = h.meeting(world)
    with pytest.raises(DomainError, match="đã tổ chức"):
        domain.propose_grade(actor=SYSTEM, meeting=meeting, scores=h.SCORES_PASS)
    h.hold(meeting, [world.member_a])
    with pytest.raises(DomainError, match="“Tiến hành” phải từ 0 đến 45"):
        domain.propose_grade(actor=SYSTEM, meeting=meeting, scores=h.SCORES_PASS | {"tien_hanh": 46})
    with pytest.raises(DomainError, match="Chưa chấm tiêu chí “Kết thúc”"):
        domain.propose_grade(
            actor=SYSTEM, meeting=meeting, scores={"chuan_bi": 1, "du_hop": 1, "tien_hanh": 1}
        )


@pytest.mark.parametrize(
    "role", ["cell_secretary", "secretary", "superior_secretary", "committee_member", "member", "clerk"]
)
def test_only_the_supervising_member_confirms(world, role):
    meeting = h.meeting(world)
    h.hold(meeting, [world.member_a])
    domain.propose_grade(actor=SYSTEM, meeting=meeting, scores=h.SCORES_PASS)
    with pytest.raises(NotAllowed, match="Chỉ cấp uỷ viên cấp trên phụ trách"):
        domain.confirm_grade(actor=world.users[role], meeting=meeting)
    with pytest.raises(NotAllowed):
        domain.confirm_grade(actor=SYSTEM, meeting=meeting)


def test_confirm_passing_grade(world):
    meeting = h.meeting(world)
    h.hold(meeting, [world.member_a])
    domain.propose_grade(actor=world.users["cell_secretary"], meeting=meeting, scores=h.SCORES_PASS)
    evaluation = domain.confirm_grade(actor=world.users["supervisor"], meeting=meeting)
    meeting.refresh_from_db()
    assert (evaluation.state, meeting.score, meeting.grade, meeting.passed) == ("confirmed", 90, "tot", True)
    assert (meeting.needs_rerun, Meeting.objects.count()) == (False, 1)
    with pytest.raises(DomainError, match="đã được xác nhận"):
        domain.propose_grade(actor=SYSTEM, meeting=meeting, scores=h.SCORES_PASS)


def test_grade_below_plan_threshold_creates_linked_rerun(world):
    plan = h.plan(world, pass_score=70)
    assignment = domain.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="A")
    failed = h.meeting(world, assignment=assignment, place="Hội trường")
    h.hold(failed, [world.member_a])
    domain.propose_grade(actor=SYSTEM, meeting=failed, scores=h.SCORES_PASS)
    # the supervisor lowers the proposed score to 65 (Trung bình): below the plan's 70
    domain.confirm_grade(
        actor=world.users["supervisor"],
        meeting=failed,
        scores={"chuan_bi": 10, "du_hop": 15, "tien_hanh": 30, "ket_thuc": 10},
    )
    failed.refresh_from_db()
    assignment.refresh_from_db()
    rerun = failed.rerun
    assert (failed.score, failed.grade, failed.passed, failed.needs_rerun) == (65, "trung_binh", False, True)
    assert (rerun.rerun_of, rerun.place, rerun.starts_at) == (failed, "Hội trường", h.at(2016, 12, 17))
    assert rerun.title == "Sinh hoạt chuyên đề (tổ chức lại)"
    assert assignment.current_meeting == rerun
