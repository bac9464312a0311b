"""Each of the five cells of the story writes a position paper on its assigned topic, tags the
manifestations it names and submits it; members comment (on the paper, on paragraphs, to the
cell); the committee session of 26 Dec 2016 presents the papers in order, the secretary records
comments made aloud; authors answer comments and revise; two papers are finalized.
Idempotent: nothing is added when the papers already exist."""

from chuyende.meetings import domain as meetings
from chuyende.meetings.enums import MeetingKind
from chuyende.meetings.models import Meeting
from chuyende.orgs.models import Member
from chuyende.orgs.rules import subtree_q

from . import domain
from .enums import CommentTarget, PaperState
from .models import Manifestation, PositionPaper

INTRO = ("Thực hiện Kế hoạch của Đảng uỷ Cơ quan về sinh hoạt chuyên đề theo tinh thần Nghị quyết Trung ương 4 "
         "khoá XII, Chi bộ {cell} đã tổ chức sinh hoạt chuyên đề “{topic}”. Chi bộ xin tham luận một số nội dung sau.")  # fmt: skip
# unit → (manifestation codes, observed, causes, solutions, commitment)
PAPERS = {
    "Phòng Công tác ĐBQH": (["CT5", "CT8", "DD1"], [
        "Một số đảng viên là lãnh đạo phòng chưa thật sự gương mẫu trong việc chấp hành giờ giấc, nội quy cơ quan.",
        "Trong tự phê bình và phê bình còn nể nang, né tránh, ngại va chạm; có lúc nói chưa đi đôi với làm.",
        "Việc nêu gương ở một số việc cụ thể còn chưa thường xuyên, chưa được cấp uỷ theo dõi, đánh giá.",
    ], "Nhận thức của một số đảng viên về trách nhiệm nêu gương chưa đầy đủ; việc kiểm tra, giám sát chưa thường xuyên.",
       "Mỗi đảng viên đăng ký nội dung nêu gương cụ thể; chi bộ đánh giá việc thực hiện hằng quý.",
       "Chi bộ cam kết hoàn thành việc đăng ký nêu gương của từng đảng viên trước ngày 15/01/2017."),
    "Phòng Nghiệp vụ Pháp chế": (["CT2", "CT3", "DD3"], [
        "Việc học tập, quán triệt nghị quyết có lúc còn hình thức, chưa gắn với nhiệm vụ thẩm tra văn bản của phòng.",
        "Một số cán bộ còn ngại đi cơ sở, nắm tình hình qua báo cáo là chủ yếu, chưa sâu sát thực tiễn.",
        "Phong cách làm việc ở một số việc còn chung chung, thiếu kế hoạch cụ thể và mốc thời gian.",
    ], "Công tác tuyên truyền, giáo dục chưa đa dạng; chưa có tiêu chí đánh giá phong cách làm việc.",
       "Đổi mới hình thức tuyên truyền; mỗi quý tổ chức ít nhất một đợt khảo sát cơ sở gắn với thẩm tra dự thảo.",
       "Mỗi đảng viên xây dựng kế hoạch công tác tháng có mốc thời gian cụ thể."),
    "Phòng Nghiệp vụ Kinh tế - Ngân sách": (["CT4", "CT7", "DD4"], [
        "Có lúc việc chấp hành nguyên tắc tập trung dân chủ chưa nghiêm, một số việc chưa được bàn bạc tập thể.",
        "Một số đảng viên còn tâm lý sợ sai, ngại trách nhiệm khi tham mưu các nội dung về ngân sách.",
        "Việc xử lý đảng viên vi phạm có trường hợp còn chậm, chưa kịp thời.",
    ], "Kỷ luật, kỷ cương có lúc chưa được coi trọng; sinh hoạt chi bộ chưa phát huy hết tính chiến đấu.",
       "Siết chặt kỷ luật phát ngôn và kỷ luật công vụ; xử lý kịp thời, chính xác đảng viên vi phạm.",
       "Chi bộ cam kết không để xảy ra vi phạm kỷ luật trong năm 2017."),
    "Phòng Nghiệp vụ Văn hoá - Xã hội": (["DB1", "CT1", "CT5"], [
        "Một số đảng viên còn chia sẻ, bình luận thông tin chưa được kiểm chứng trên mạng xã hội.",
        "Công tác kiểm tra, giám sát của chi bộ chưa thường xuyên, chưa phát hiện sớm biểu hiện suy thoái.",
        "Có biểu hiện nể nang trong đánh giá, xếp loại đảng viên cuối năm.",
    ], "Chi bộ chưa xây dựng chương trình kiểm tra, giám sát cụ thể; đảng viên chưa chủ động tự kiểm tra.",
       "Xây dựng chương trình kiểm tra, giám sát năm 2017; định kỳ trao đổi về thông tin trên mạng xã hội.",
       "Mỗi đảng viên cam kết không chia sẻ thông tin sai trái, chưa được kiểm chứng."),
    "Phòng Tổng hợp và Thông tin - Dân nguyện": (["CT5", "CT6", "DD2"], [
        "Sinh hoạt chi bộ có lúc còn đơn điệu, nặng về thông báo tình hình, ít thảo luận.",
        "Tự phê bình và phê bình còn nể nang, ngại va chạm; một số ý kiến còn nói theo, nói nước đôi.",
        "Việc tiếp nhận, xử lý đơn thư của cử tri có lúc còn chậm, chưa quan tâm đúng mức đến bức xúc của nhân dân.",
    ], "Cấp uỷ chưa chuẩn bị kỹ nội dung sinh hoạt; chưa có chuyên đề gắn với nhiệm vụ dân nguyện.",
       "Đổi mới nội dung sinh hoạt theo hướng mỗi kỳ một vấn đề; phân công đảng viên chuẩn bị ý kiến trước.",
       "Chi bộ cam kết tổ chức sinh hoạt chuyên đề ít nhất một lần mỗi quý."),
}  # fmt: skip
# The Pháp chế cell's paper (the demo member's cell) stays open for comments after the session.
FINALIZED = ("Phòng Công tác ĐBQH", "Phòng Nghiệp vụ Văn hoá - Xã hội")


def _text(cell, topic, observed, solutions) -> str:
    return "\n\n".join([
        "# I. Thực trạng", INTRO.format(cell=cell.unit_name or cell.name, topic=topic),
        "# II. Những biểu hiện suy thoái chi bộ nhận diện", *observed,
        "# III. Giải pháp và cam kết", solutions,
    ])  # fmt: skip


def build(story: dict) -> dict:
    committee, cells, users = story["committee"], story["cells"], story["users"]
    if PositionPaper.objects.filter(organization__in=cells.values()).exists():
        return story
    plan = story.get("plan")
    assignments = {a.cell_id: a for a in plan.assignments.all()} if plan else {}
    tags = {m.code: m for m in Manifestation.objects.all()}
    secretary = users["bithu"]
    papers = {}
    for unit, (codes, observed, causes, solutions, commitment) in PAPERS.items():
        cell = cells[unit]
        assignment = assignments.get(cell.pk)
        topic = assignment.topic if assignment else ""
        authors = list(cell.members.filter(is_active=True).order_by("pk")[:2])
        paper = domain.create_paper(actor=secretary, cell=cell, assignment=assignment, authors=authors,
                                    title=f"Tham luận của Chi bộ {unit}", text=_text(cell, topic, observed, solutions))  # fmt: skip
        paper = domain.update_paper(actor=secretary, paper=paper, version=paper.version, causes=causes,
                                    solutions=solutions, commitments=commitment,
                                    manifestations=[tags[c] for c in codes])  # fmt: skip
        papers[unit] = domain.set_paper_state(actor=secretary, paper=paper, state=PaperState.SUBMITTED)
    _comments(story, papers)
    _session(story, committee, papers)
    story["papers"] = papers
    return story


def _comments(story, papers) -> None:
    users = story["users"]
    commenter = users["dangvien"]
    for n, paper in enumerate(papers.values(), start=1):
        paragraphs = list(paper.current_version.paragraphs.filter(kind="paragraph"))
        domain.add_comment(actor=commenter, paper=paper, target=CommentTarget.PARAGRAPH,
                           anchor=paragraphs[2].anchor, idempotency_key=f"demo-{n}-a",
                           text="Đề nghị nêu rõ biểu hiện này ở việc nào, thời gian nào để có giải pháp sát hơn.")  # fmt: skip
        domain.add_comment(actor=users["bithu"], paper=paper, idempotency_key=f"demo-{n}-b",
                           text="Bài tham luận nêu đúng biểu hiện; phần giải pháp cần có lộ trình và người chịu trách nhiệm.")  # fmt: skip
        domain.add_comment(actor=users["bithu"], paper=paper, target=CommentTarget.CELL, idempotency_key=f"demo-{n}-c",
                           text="Chi bộ cần đổi mới sinh hoạt, nói đi đôi với làm; lập lộ trình khắc phục ghi rõ cam kết "
                           "của từng đảng viên và của chi bộ.")  # fmt: skip


def _session(story, committee, papers) -> None:
    users = story["users"]
    secretary = users["bithu"]
    meeting = (
        Meeting.objects.filter(organization=committee, kind=MeetingKind.COMMITTEE)
        .order_by("starts_at")
        .first()
    )
    if meeting is None:
        return
    domain.set_session_agenda(actor=secretary, meeting=meeting, items=[{"paper": p} for p in papers.values()])
    speaker = story["members"].get("Trần Văn Hùng") or next(iter(story["members"].values()))
    for n, paper in enumerate(papers.values(), start=1):
        domain.add_comment(actor=secretary, paper=paper, meeting=meeting, on_behalf_of=speaker,
                           idempotency_key=f"demo-session-{n}",
                           text="Đề nghị chi bộ bổ sung mốc thời gian khắc phục từng biểu hiện đã nêu.")  # fmt: skip
    for member in committee_members(committee):
        meetings.record_attendance(meeting, member, "present", actor=secretary)
    domain.mark_agenda_presented(actor=secretary, meeting=meeting)
    for unit in FINALIZED:
        paper = papers[unit]
        paper.refresh_from_db()
        for comment in paper.comments.exclude(target=CommentTarget.CELL):
            domain.answer_comment(actor=secretary, comment=comment, disposition="accepted",
                                  answer="Chi bộ tiếp thu, đã bổ sung mốc thời gian vào phần giải pháp.")  # fmt: skip
        revised = [dict(b) for b in paper.draft]
        revised[-1]["text"] += (
            " Thời hạn hoàn thành: quý I năm 2017; đồng chí Bí thư chi bộ chịu trách nhiệm theo dõi."
        )
        paper = domain.update_paper(actor=secretary, paper=paper, version=paper.version, blocks=revised)
        domain.set_paper_state(actor=secretary, paper=paper, state=PaperState.FINALIZED)


def committee_members(committee):

    return Member.objects.filter(subtree_q([committee.path], field="cell__path"), is_active=True).order_by(
        "pk"
    )
