"""The committee's plan for the thematic session (domain.md §1, step 1), issued as a KH document
with a real number from the register, disseminated to every member; about 60 % have acknowledged.

Idempotent: the plan is looked up by its summary before it is created.
"""

from datetime import date

from chuyende.common.actors import SYSTEM
from chuyende.orgs.models import Term

from .domain import acknowledge, create_document, disseminate, issue_document
from .enums import Audience, DocumentState
from .models import DocumentType, OfficialDocument

SUMMARY = (
    "tổ chức sinh hoạt chuyên đề về xây dựng và chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư "
    'tưởng chính trị, đạo đức, lối sống, những biểu hiện "tự diễn biến", "tự chuyển hoá" trong nội bộ'
)
ISSUED_ON = date(2016, 12, 5)
CELL_TOPICS = [
    ("Phòng Công tác ĐBQH", "Thực hiện quy định về trách nhiệm nêu gương của cán bộ, đảng viên"),
    (
        "Phòng Nghiệp vụ Pháp chế",
        "Công tác tuyên truyền, giáo dục rèn luyện phong cách làm việc khoa học, cụ thể, sâu sát cơ sở cho "
        "đội ngũ cán bộ, đảng viên",
    ),
    (
        "Phòng Nghiệp vụ Kinh tế - Ngân sách",
        "Siết chặt kỷ luật, kỷ cương, thực hiện nghiêm các nguyên tắc của Đảng, xử lý kịp thời, chính xác "
        "đảng viên vi phạm",
    ),
    (
        "Phòng Nghiệp vụ Văn hoá - Xã hội",
        'Tăng cường kiểm tra giám sát của Đảng để góp phần ngăn chặn, đẩy lùi sự suy thoái "tự diễn biến", '
        '"tự chuyển hoá"',
    ),
    (
        "Phòng Tổng hợp và Thông tin - Dân nguyện",
        "Đổi mới nội dung, hình thức để nâng cao chất lượng sinh hoạt chi bộ; tự phê bình và phê bình, khắc "
        "phục tình trạng nể nang, ngại va chạm trong sinh hoạt chi bộ",
    ),
]


def _h(level, number, text):
    return {"type": "heading", "level": level, "number": number, "text": text}


def _p(text, number=None, style="body"):
    block = {"type": "paragraph", "text": text, "style": style}
    if number:
        block["number"] = number
    return block


BODY = [
    _p(
        "Thực hiện Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khoá XII (Nghị quyết "
        "04-NQ/TW) và Kế hoạch của Ban Thường vụ Đảng uỷ Khối các cơ quan tỉnh, Đảng uỷ Cơ quan Văn phòng "
        "Đoàn ĐBQH và HĐND tỉnh xây dựng kế hoạch tổ chức sinh hoạt chuyên đề như sau:"
    ),
    _h(1, "I.", "MỤC ĐÍCH, YÊU CẦU"),
    _h(2, "1.", "Mục đích"),
    _p(
        "Giúp cán bộ, đảng viên nhận thức sâu sắc ý nghĩa, tầm quan trọng của việc xây dựng, chỉnh đốn "
        "Đảng; nhận diện rõ các biểu hiện suy thoái, **tự diễn biến**, **tự chuyển hoá** trong cơ quan, "
        "đơn vị để chủ động phòng ngừa, khắc phục."
    ),
    _h(2, "2.", "Yêu cầu"),
    _p(
        "Sinh hoạt chuyên đề phải thiết thực, gắn với chức năng, nhiệm vụ của từng phòng; mỗi chi bộ, mỗi "
        "đảng viên nêu rõ biểu hiện, nguyên nhân, giải pháp và cam kết khắc phục; *nói đi đôi với làm*."
    ),
    _h(1, "II.", "NỘI DUNG"),
    _p(
        "Trước khi sinh hoạt chuyên đề ở cấp Đảng bộ, các chi bộ tổ chức sinh hoạt chuyên đề theo các "
        "nội dung Đảng uỷ phân công:"
    ),
    {
        "type": "table",
        "columns": ["TT", "Chi bộ", "Nội dung sinh hoạt chuyên đề"],
        "rows": [[str(i + 1), f"Chi bộ {unit}", topic] for i, (unit, topic) in enumerate(CELL_TOPICS)],
        "widths": [1, 4, 9],
    },
    _p(
        "Mỗi chi bộ chuẩn bị một bài tham luận trình bày tại buổi sinh hoạt chuyên đề của Đảng bộ, nêu "
        "các biểu hiện suy thoái chi bộ nhận thấy và đề xuất giải pháp cụ thể."
    ),
    _h(1, "III.", "TỔ CHỨC THỰC HIỆN"),
    _p(
        "Các đồng chí Đảng uỷ viên phụ trách chi bộ dự, chỉ đạo buổi sinh hoạt chuyên đề của chi bộ; buổi "
        "sinh hoạt nào chưa đạt yêu cầu phải tổ chức lại.",
        "1.",
    ),
    _p(
        "Các chi bộ hoàn thành sinh hoạt chuyên đề và gửi bài tham luận về Văn phòng Đảng uỷ trước ngày 20 "
        "tháng 12 năm 2016.",
        "2.",
    ),
    _p(
        "Văn phòng Đảng uỷ tổng hợp, tham mưu Đảng uỷ tổ chức sinh hoạt chuyên đề cấp Đảng bộ và dự thảo "
        "nghị quyết chuyên đề.",
        "3.",
    ),
]
RECIPIENTS = [
    "Ban Thường vụ Đảng uỷ Khối (để b/c),",
    "Các đồng chí Đảng uỷ viên,",
    "Các chi bộ trực thuộc,",
    "Lưu Văn phòng Đảng uỷ.",
]
# Members who have not acknowledged yet (the demo login "dangvien" is one of them).
NOT_YET = {"Huỳnh Thị Ngọc Ánh"}


def build(story: dict) -> dict:
    committee = story["committee"]
    members = story["members"]
    plan = OfficialDocument.objects.filter(organization=committee, summary=SUMMARY).first()
    if plan is None:
        plan = create_document(
            actor=SYSTEM,
            organization=committee,
            document_type=DocumentType.objects.get(code="KH"),
            term=Term.objects.get(organization=committee, name="Nhiệm kỳ 2015 – 2020"),
            summary=SUMMARY,
            body=BODY,
            recipients=RECIPIENTS,
        )
    if plan.state == DocumentState.DRAFT:
        plan = issue_document(
            actor=SYSTEM, document=plan, issued_on=ISSUED_ON, signer=members["Nguyễn Đức Thành"]
        )
        disseminate(actor=SYSTEM, document=plan, audience=Audience.SUBTREE)
        names = sorted(members)
        for index, name in enumerate(names):
            if index % 5 < 3 and name not in NOT_YET:  # three members in five: about 60 %
                acknowledge(actor=SYSTEM, document=plan, member=members[name])
    story["plan"] = plan
    return story
