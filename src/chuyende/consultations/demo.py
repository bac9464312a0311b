"""The committee's draft thematic resolution, consulted with every member: comments online, on
behalf of cells and in writing; synthesis; every comment handled; version 2 published with the
accepted change; the window closed, the consultation finished and the resolution issued as an NQ,
disseminated and partly acknowledged. The report is generated on demand from the handling page.

Idempotent: nothing is created when the draft already exists.
"""

from datetime import date, timedelta

from django.utils import timezone

from chuyende.common.actors import SYSTEM
from chuyende.documents.domain import acknowledge
from chuyende.orgs.models import Term

from .domain import (
    close_early,
    create_draft,
    dispose,
    finish_consultation,
    issue_resolution,
    open_consultation,
    publish_version,
    replace_blocks,
    start_next_version,
    start_synthesis,
    submit_comment,
)
from .enums import Channel
from .models import Comment, CommentGroup, Draft
from .structure import parse_lines
from .synthesis.run import execute_run

TITLE = "Dự thảo Nghị quyết chuyên đề về xây dựng và chỉnh đốn Đảng năm 2017"
LINES = [
    "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
    "Căn cứ Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khoá XII;",
    "I. ĐÁNH GIÁ TÌNH HÌNH",
    "1. Đa số cán bộ, đảng viên giữ vững lập trường tư tưởng, phẩm chất đạo đức, lối sống.",
    "2. Một số đảng viên còn ngại học tập lý luận chính trị, sinh hoạt chi bộ có lúc còn hình thức.",
    "II. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP",
    "Điều 1. Mục tiêu",
    "1. Ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống trong Đảng bộ.",
    "2. Nâng cao chất lượng sinh hoạt chi bộ và trách nhiệm nêu gương của cán bộ, đảng viên.",
    "Điều 2. Giải pháp",
    "a) Tăng cường giáo dục chính trị, tư tưởng; mỗi chi bộ sinh hoạt chuyên đề ít nhất hai lần trong năm.",
    "b) Thực hiện nghiêm tự phê bình và phê bình; kiểm điểm trách nhiệm người đứng đầu.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Văn phòng Đảng uỷ theo dõi, đôn đốc, tổng hợp kết quả, báo cáo Đảng uỷ.",
]
ISSUED_ON = date(2016, 12, 28)
OPEN_TITLE = "Dự thảo Chương trình hành động thực hiện Nghị quyết chuyên đề năm 2017"
OPEN_LINES = [
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Cụ thể hoá Nghị quyết chuyên đề thành việc làm của từng chi bộ, từng đảng viên.",
    "II. NHIỆM VỤ CỤ THỂ",
    "1. Mỗi chi bộ rà soát, bổ sung cam kết khắc phục trong quý I năm 2017.",
    "2. Cấp uỷ viên phụ trách chi bộ kiểm tra việc thực hiện cam kết sáu tháng một lần.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Văn phòng Đảng uỷ theo dõi, tổng hợp, báo cáo Đảng uỷ.",
]
ONLINE = [  # (login, paragraph position, stance, text, proposed wording)
    ("dangvien", 11, "propose", "Đề nghị ghi rõ số lần sinh hoạt chuyên đề là ít nhất hai lần mỗi năm.", ""),
    ("bithu", 11, "propose", "Tôi đề nghị ghi rõ số lần sinh hoạt chuyên đề: ít nhất hai lần mỗi năm.", ""),
    ("giamsat", 12, "propose", "Bổ sung trách nhiệm nêu gương của người đứng đầu cấp uỷ.",
     "b) Thực hiện nghiêm tự phê bình và phê bình; kiểm điểm trách nhiệm và nêu gương của người đứng đầu."),
    ("bithu-phapche", 5, "disagree", "Nhận định sinh hoạt chi bộ còn hình thức là chưa đúng với chi bộ tôi.", ""),
    ("bithu-congtac", 8, "agree", "Tán thành mục tiêu.", ""),
]  # fmt: skip


def build(story: dict) -> dict:
    committee, users = story["committee"], story["users"]
    if Draft.objects.filter(organization=committee, title=TITLE).exists():
        return story
    draft = create_draft(
        actor=users["vanphong"], organization=committee, title=TITLE, blocks=parse_lines(LINES)
    )
    version = publish_version(actor=users["vanphong"], version=draft.versions.get())
    now = timezone.now()
    consultation = open_consultation(
        actor=users["vanphong"], version=version, title="Lấy ý kiến dự thảo Nghị quyết chuyên đề năm 2017",
        opens_at=now - timedelta(days=6), closes_at=now + timedelta(days=8), organizations=[committee],
    )  # fmt: skip
    uid = {b.position: b.uid for b in version.blocks.all()}
    for n, (login, position, stance, text, wording) in enumerate(ONLINE):
        submit_comment(
            actor=users[login], consultation=consultation, stance=stance, text=text, proposed_wording=wording,
            idempotency_key=f"demo-{n}", target="paragraph", block_uid=uid[position],
        )  # fmt: skip
    submit_comment(
        actor=users["bithu-phapche"], consultation=consultation, stance="propose", channel=Channel.CELL_MEETING,
        cell=story["cells"]["Phòng Nghiệp vụ Pháp chế"], agreeing_members=7, idempotency_key="demo-cell",
        text="Chi bộ thống nhất đề nghị bổ sung trách nhiệm nêu gương của người đứng đầu cấp uỷ.",
        target="paragraph", block_uid=uid[12],
    )  # fmt: skip
    submit_comment(
        actor=users["vanphong"], consultation=consultation, stance="propose", channel=Channel.WRITTEN,
        submitter_name="Đồng chí Phạm Ngọc Sơn (văn bản ngày 10/12)", idempotency_key="demo-written",
        text="Đề nghị giao Văn phòng Đảng uỷ báo cáo kết quả định kỳ sáu tháng.", target="paragraph",
        block_uid=uid[14],
    )  # fmt: skip
    run = start_synthesis(actor=users["vanphong"], consultation=consultation)
    execute_run(run.pk)  # inline even when a worker is configured: the demo needs the groups now
    # Version 2 takes the accepted wording; ids carry over, so the link points at the same paragraph.
    v2 = start_next_version(actor=users["vanphong"], draft=draft)
    lines = list(LINES)
    lines[10] = (
        "a) Tăng cường giáo dục chính trị, tư tưởng; mỗi chi bộ sinh hoạt chuyên đề ít nhất hai lần mỗi năm."
    )
    lines[11] = ONLINE[2][4]
    lines[13] = "1. Văn phòng Đảng uỷ theo dõi, đôn đốc, tổng hợp kết quả, báo cáo Đảng uỷ sáu tháng một lần."
    replace_blocks(
        actor=users["vanphong"], version=v2, blocks=parse_lines(lines), expected_revision=v2.revision
    )
    publish_version(actor=users["vanphong"], version=v2)
    clerk = users["vanphong"]
    for group in CommentGroup.objects.filter(consultation=consultation):
        dispose(actor=clerk, consultation=consultation, decision="accepted", group=group, changed_version=v2,
                changed_block_uid=group.block_uid, explanation="Tiếp thu, đã chỉnh sửa trong dự thảo lần 2.")  # fmt: skip
    decisions = {
        12: ("partly", "Tiếp thu một phần: bổ sung trách nhiệm nêu gương, giữ nguyên cách diễn đạt còn lại."),
        5: ("rejected", "Giữ như dự thảo: nhận định chung của Đảng bộ, không riêng một chi bộ."),
        8: ("covered", "Ý kiến tán thành, dự thảo giữ nguyên."),
        14: ("accepted", "Tiếp thu, bổ sung kỳ báo cáo sáu tháng."),
        11: ("accepted", "Tiếp thu, đã ghi rõ số lần sinh hoạt."),
    }
    for comment in Comment.objects.filter(consultation=consultation, disposition__isnull=True).order_by("pk"):
        position = next(p for p, u in uid.items() if u == comment.block_uid)
        decision, explanation = decisions[position]
        changed = decision in ("accepted", "partly")
        dispose(
            actor=clerk, consultation=consultation, decision=decision, explanation=explanation,
            comment_ids=[comment.pk], changed_version=v2 if changed else None,
            changed_block_uid=comment.block_uid if changed else "",
        )  # fmt: skip
    # The office closes the window, finishes the handling and issues the resolution (NQ), which is
    # disseminated to every member; about half of them have studied it so far.
    # Comments can only be taken while a window is open, so the window is the real time the demo
    # was loaded; the resolution itself belongs to the story: issued on 28/12/2016, after the
    # committee's session of 26/12, in the 2015–2020 term, signed by the secretary.
    close_early(actor=clerk, consultation=consultation)
    finish_consultation(actor=clerk, consultation=consultation)
    term = Term.objects.get(organization=committee, name="Nhiệm kỳ 2015 – 2020")
    members = story["members"]
    document = issue_resolution(
        actor=clerk, consultation=consultation, term=term, signer=members["Nguyễn Đức Thành"],
        issued_on=ISSUED_ON,
    )  # fmt: skip
    for index, name in enumerate(sorted(members)):
        if index % 2 == 0 and members[name].cell.path.startswith(committee.path):
            acknowledge(actor=SYSTEM, document=document, member=members[name])
    story["consultation"] = consultation
    story["open_consultation"] = _open_consultation(story)
    return story


def _open_consultation(story):
    """A second draft, open for comments now, so a newcomer can comment, synthesize, handle,
    finish and issue it themselves."""
    committee, clerk = story["committee"], story["users"]["vanphong"]
    draft = create_draft(
        actor=clerk, organization=committee, title=OPEN_TITLE, blocks=parse_lines(OPEN_LINES)
    )
    version = publish_version(actor=clerk, version=draft.versions.get())
    now = timezone.now()
    return open_consultation(
        actor=clerk, version=version, title="Lấy ý kiến dự thảo Chương trình hành động năm 2017",
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=14), organizations=[committee],
    )  # fmt: skip
