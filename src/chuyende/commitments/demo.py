"""Demo step: every member and every cell of the story commits to remedies after the session;
some progress reports are in and reviewed, one item is overdue and its owner has been reminded."""

from datetime import timedelta

from django.utils import timezone

from chuyende.common.actors import SYSTEM
from chuyende.meetings.models import Plan
from chuyende.papers.domain import manifestations_by_code

from .domain import ItemInput, create_commitment, prepare_digests, review_report, set_state, submit_report
from .enums import CommitmentState, Frequency, Verdict
from .models import Commitment, ReportingCadence

OVERDUE_MEMBER = "Huỳnh Thị Ngọc Ánh"
MEMBER_ITEMS = [
    ("Còn nể nang, ngại va chạm khi góp ý đồng chí trong chi bộ", ["CT5"],
     "Thẳng thắn phát biểu, góp ý trực tiếp tại mỗi kỳ sinh hoạt", "Có ý kiến góp ý được ghi biên bản 3 kỳ liên tiếp"),
    ("Chưa thường xuyên nghiên cứu nghị quyết, tài liệu của Đảng", ["CT2"],
     "Đăng ký và thực hiện lịch tự học hằng tuần", "Hoàn thành bài thu hoạch nghị quyết được chi bộ đánh giá đạt"),
]  # fmt: skip
CELL_ITEM = ("Nội dung sinh hoạt chi bộ có lúc còn đơn điệu, hình thức",
             "Đổi mới nội dung, mỗi quý một chuyên đề gắn với nhiệm vụ của đơn vị",
             "4 kỳ sinh hoạt chuyên đề trong năm đạt loại Tốt")  # fmt: skip


def build(story: dict) -> dict:
    committee = story["committee"]
    if Commitment.objects.filter(cell_path__startswith=committee.path).exists():
        return story
    today = timezone.localdate()
    plan = Plan.objects.filter(organization=committee).order_by("pk").first()
    resolution = story.get("plan") if plan is None else None
    if plan is not None:
        ReportingCadence.objects.get_or_create(plan=plan, defaults={"frequency": Frequency.QUARTERLY})
    made = []
    for index, cell in enumerate(story["cells"].values()):
        text, remedy, sign = CELL_ITEM
        made.append(create_commitment(
            actor=SYSTEM, cell=cell, owner_member=None, title="Cam kết khắc phục của chi bộ", plan=plan,
            resolution=resolution,
            items=[ItemInput(shortcoming=text, remedy=remedy, sign_of_done=sign, deadline=today + timedelta(days=120 + index))],
        ))  # fmt: skip
        for position, member in enumerate(cell.members.filter(is_active=True).order_by("pk")):
            overdue = member.full_name == OVERDUE_MEMBER
            items = [
                ItemInput(shortcoming=t, manifestations=manifestations_by_code(codes), remedy=r, sign_of_done=s, responsible=member,
                          deadline=today + timedelta(days=(-10 if overdue and n == 0 else 10 + 25 * n + position)))
                for n, (t, codes, r, s) in enumerate(MEMBER_ITEMS)
            ]  # fmt: skip
            made.append(create_commitment(actor=SYSTEM, cell=cell, owner_member=member, plan=plan,
                                          resolution=resolution, title="Cam kết khắc phục của đảng viên",
                                          items=items, confirm_past_deadlines=overdue))  # fmt: skip
    for commitment in made:
        set_state(actor=SYSTEM, commitment=commitment, state=CommitmentState.SUBMITTED)
        set_state(actor=SYSTEM, commitment=commitment, state=CommitmentState.APPROVED)
    for number, commitment in enumerate(made):
        if number % 3 != 1:
            continue
        for item in commitment.items.all():
            report = submit_report(actor=SYSTEM, item=item, percent=50 if number % 2 else 100,
                                   narrative="Đã thực hiện theo đúng biện pháp đăng ký; có biên bản sinh hoạt kèm theo.")  # fmt: skip
            verdict = Verdict.ACCEPTED if number % 2 else Verdict.VERIFIED
            if number % 9 == 7:
                review_report(
                    actor=SYSTEM, report=report, verdict=Verdict.NEEDS_MORE, note="Bổ sung minh chứng."
                )
            else:
                review_report(actor=SYSTEM, report=report, verdict=verdict)
    prepare_digests(actor=SYSTEM, today=today)
    return story
