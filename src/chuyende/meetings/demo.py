"""The thematic session of the story (domain.md §1): the committee's plan with the five cell topics,
each cell's session in December 2016 with its supervising committee member attending, attendance,
approved minutes and a confirmed grade; the Kinh tế - Ngân sách cell is graded too low and holds its
session again. Idempotent: nothing is added when the plan already exists."""

from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chuyende.documents.models import OfficialDocument

from . import domain
from .enums import MeetingKind, PlanState
from .models import Plan

THEME = (
    "Xây dựng và chỉnh đốn Đảng; khắc phục tình trạng suy thoái về tư tưởng, đạo đức, lối sống, "
    "biểu hiện \u201ctự diễn biến\u201d, \u201ctự chuyển hoá\u201d trong nội bộ"
)
BASIS = (
    "Nghị quyết số 04-NQ/TW ngày 30/10/2016 của Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng "
    "khoá XII về tăng cường xây dựng, chỉnh đốn Đảng"
)
# unit → (topic, cell secretary login, supervisor login, day in December 2016)
TOPICS = {
    "Phòng Công tác ĐBQH": (
        "Thực hiện quy định về trách nhiệm nêu gương của cán bộ, đảng viên",
        "bithu-congtac", "giamsat-kinhte", 12,
    ),
    "Phòng Nghiệp vụ Pháp chế": (
        "Công tác tuyên truyền, giáo dục rèn luyện phong cách làm việc khoa học, cụ thể, sâu sát cơ sở "
        "cho đội ngũ cán bộ, đảng viên",
        "bithu-phapche", "giamsat", 13,
    ),
    "Phòng Nghiệp vụ Kinh tế - Ngân sách": (
        "Siết chặt kỷ luật, kỷ cương, thực hiện nghiêm các nguyên tắc của Đảng, xử lý kịp thời, "
        "chính xác đảng viên vi phạm",
        "bithu-kinhte", "giamsat", 14,
    ),
    "Phòng Nghiệp vụ Văn hoá - Xã hội": (
        "Tăng cường kiểm tra giám sát của Đảng để góp phần ngăn chặn, đẩy lùi sự suy thoái "
        "\u201ctự diễn biến\u201d, \u201ctự chuyển hoá\u201d",
        "bithu-vanhoa", "giamsat-vanhoa", 15,
    ),
    "Phòng Tổng hợp và Thông tin - Dân nguyện": (
        "Đổi mới nội dung, hình thức để nâng cao chất lượng sinh hoạt chi bộ; tự phê bình và phê bình, "
        "khắc phục tình trạng nể nang, ngại va chạm trong sinh hoạt chi bộ",
        "bithu-tonghop", "giamsat-vanhoa", 16,
    ),
}  # fmt: skip
LOW_UNIT = "Phòng Nghiệp vụ Kinh tế - Ngân sách"
GOOD = {"chuan_bi": 14, "du_hop": 18, "tien_hanh": 40, "ket_thuc": 18}  # 90 — Tốt
LOW = {"chuan_bi": 10, "du_hop": 12, "tien_hanh": 28, "ket_thuc": 12}  # 62 — Trung bình, below 70
RERUN = {"chuan_bi": 14, "du_hop": 20, "tien_hanh": 38, "ket_thuc": 16}  # 88 — Khá
AGENDA = [
    "Quán triệt Nghị quyết Trung ương 4 khoá XII và Kế hoạch của Đảng uỷ",
    "Trình bày bài tham luận của chi bộ",
    "Thảo luận, chỉ ra biểu hiện suy thoái và giải pháp khắc phục",
    "Kết luận của chủ trì; biểu quyết",
]


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(2016, 12, day, hour, minute))


def _hold(meeting, people, actor, supervisor, *, absent=None, scores, topic):
    """Attendance, approved minutes and the proposed + confirmed grade of one cell session."""
    for member in people:
        if absent and member.pk == absent[0].pk:
            domain.record_attendance(meeting, member, absent[1], actor=actor, reason=absent[2])
        else:
            domain.record_attendance(meeting, member, "present", actor=actor)
    minutes = domain.draft_minutes(actor=actor, meeting=meeting)
    speakers = [people[0], people[2], people[3]]
    minutes = domain.update_minutes(
        actor=actor,
        minutes=minutes,
        version=minutes.version,
        proceedings=[
            {"speaker": speakers[0].full_name, "text": f"Trình bày bài tham luận “{topic}”."},
            {"speaker": speakers[1].full_name, "text": "Nêu các biểu hiện còn tồn tại và đề xuất giải pháp."},
            {"speaker": speakers[2].full_name, "text": "Đề nghị lập lộ trình khắc phục, ghi rõ cam kết."},
        ],
        conclusion="Chi bộ thống nhất các giải pháp; mỗi đảng viên xây dựng cam kết khắc phục có thời hạn.",
        votes_agree=sum(1 for m in people if not (absent and m.pk == absent[0].pk)),
        closed_at=meeting.ends_at,
    )
    domain.approve_minutes(actor=actor, minutes=minutes, version=minutes.version, at=meeting.ends_at)
    domain.propose_grade(actor=actor, meeting=meeting, scores=scores)
    domain.confirm_grade(actor=supervisor, meeting=meeting, rerun_starts_at=_at(19, 14))


def build(story: dict) -> dict:
    committee, cells = story["committee"], story["cells"]
    existing = Plan.objects.filter(organization=committee, theme=THEME).first()
    if existing is not None:
        story.update(plan_document=existing.document, plan=existing)
        return story
    User = get_user_model()
    logins = {u.username: u for u in User.objects.filter(username__in=[v[1] for v in TOPICS.values()]
                                                         + [v[2] for v in TOPICS.values()])}  # fmt: skip
    plan = domain.create_plan(
        actor=story["users"]["bithu"],
        organization=committee,
        theme=THEME,
        basis=BASIS,
        purpose="Nâng cao nhận thức của cán bộ, đảng viên về ý nghĩa, tầm quan trọng của việc ngăn chặn, "
        "đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống.",
        requirements="Sinh hoạt thiết thực, hiệu quả, tránh hình thức; nói đi đôi với làm; chi bộ chưa đạt "
        "yêu cầu phải tổ chức sinh hoạt lại.",
        cell_sessions_before=date(2016, 12, 20),
        committee_session_on=date(2016, 12, 26),
        pass_score=70,
        confirm_dates=True,  # the demo's story happened in 2016
    )
    people = {unit: list(cell.members.filter(is_active=True).order_by("pk")) for unit, cell in cells.items()}
    assignments = {}
    for unit, (topic, *_rest) in TOPICS.items():
        assignments[unit] = domain.assign_topic(
            actor=story["users"]["bithu"],
            plan=plan,
            cell=cells[unit],
            topic=topic,
            presenters=[people[unit][0]],
        )
    kh = story.get("plan")  # the KH document issued by the documents step, when it ran
    if isinstance(kh, OfficialDocument):
        domain.attach_plan_document(actor=story["users"]["bithu"], plan=plan, document=kh)
        domain.set_plan_state(actor=story["users"]["bithu"], plan=plan, state=PlanState.PUBLISHED)
    else:
        domain.issue_plan(actor=story["users"]["bithu"], plan=plan, signer=story["members"]["Nguyễn Đức Thành"],
                          issued_on=date(2016, 12, 5))  # fmt: skip
    meetings = {}
    for unit, (topic, secretary_login, supervisor_login, day) in TOPICS.items():
        actor, supervisor = logins[secretary_login], logins[supervisor_login]
        members = people[unit]
        meeting = domain.schedule_meeting(
            actor=actor,
            organization=cells[unit],
            kind=MeetingKind.THEMATIC,
            title=f"Sinh hoạt chuyên đề: {topic}",
            starts_at=_at(day, 14),
            ends_at=_at(day, 16, 30),
            assignment=assignments[unit],
            confirm_short_notice=True,  # the demo's story happened in 2016
            confirm_outside_plan=True,
            place="Phòng họp Văn phòng Đoàn ĐBQH và HĐND tỉnh",
            agenda=AGENDA,
            chair=members[0],
            secretary=members[2],
            guests="Đại diện Văn phòng Đảng uỷ",
            supervisor=supervisor,
        )
        upload = SimpleUploadedFile("bai-tham-luan.txt", f"Bài tham luận: {topic}\n".encode())
        domain.add_material(
            actor=actor, meeting=meeting, upload=upload, title="Bài tham luận", is_lead_paper=True
        )
        domain.publish_materials(actor=actor, meeting=meeting, at=_at(day, 14) - timedelta(days=2))
        low = unit == LOW_UNIT
        absent = (members[-1], "unexcused", "") if low else (members[-2], "excused", "Đi công tác")
        _hold(meeting, members, actor, supervisor, absent=absent, scores=LOW if low else GOOD, topic=topic)
        meetings[unit] = meeting
    failed = meetings[LOW_UNIT]
    failed.refresh_from_db()
    rerun = failed.rerun
    actor = logins[TOPICS[LOW_UNIT][1]]
    upload = SimpleUploadedFile("bai-tham-luan-bo-sung.txt", "Bài tham luận đã bổ sung giải pháp.\n".encode())
    domain.add_material(
        actor=actor, meeting=rerun, upload=upload, title="Bài tham luận (bổ sung)", is_lead_paper=True
    )
    domain.publish_materials(actor=actor, meeting=rerun, at=_at(17, 9))
    _hold(rerun, people[LOW_UNIT], actor, logins["giamsat"], scores=RERUN, topic=TOPICS[LOW_UNIT][0])
    domain.schedule_meeting(
        actor=story["users"]["bithu"],
        organization=committee,
        kind=MeetingKind.COMMITTEE,
        title="Sinh hoạt chuyên đề toàn Đảng bộ",
        confirm_short_notice=True,
        starts_at=_at(26, 8),
        ends_at=_at(26, 11),
        place="Hội trường Văn phòng Đoàn ĐBQH và HĐND tỉnh",
        agenda=["Các chi bộ trình bày bài tham luận", "Góp ý dự thảo nghị quyết chuyên đề"],
    )
    # Left open for a newcomer: the Pháp chế cell's regular December meeting, scheduled and not yet
    # held (attendance and minutes are theirs to record), and the draft plan of the next year.
    domain.schedule_meeting(
        actor=logins["bithu-phapche"],
        organization=cells["Phòng Nghiệp vụ Pháp chế"],
        kind=MeetingKind.REGULAR,
        title="Sinh hoạt chi bộ thường kỳ tháng 12 năm 2016",
        confirm_short_notice=True,  # the story is set in 2016
        starts_at=_at(29, 14),
        ends_at=_at(29, 16),
        place="Phòng họp Văn phòng Đoàn ĐBQH và HĐND tỉnh",
        agenda=["Kiểm điểm công tác tháng 12", "Triển khai nhiệm vụ tháng 01 năm 2017"],
        chair=people["Phòng Nghiệp vụ Pháp chế"][0],
        secretary=people["Phòng Nghiệp vụ Pháp chế"][2],
    )
    domain.create_plan(
        actor=story["users"]["bithu"],
        organization=committee,
        theme="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2017",
        basis="Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị",
        cell_sessions_before=date(2017, 6, 30),
        committee_session_on=date(2017, 7, 15),
        confirm_dates=True,
    )
    # From here on story["plan"] is the meetings plan (later steps read its assignments); the KH
    # document it was issued as stays reachable as story["plan_document"] and plan.document.
    plan.refresh_from_db()
    story.update(plan_document=plan.document, plan=plan, meetings=meetings, rerun=rerun)
    return story
