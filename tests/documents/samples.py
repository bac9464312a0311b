"""Realistic documents for rendering tests and the benchmark (domain.md §1: the 2016 plan)."""

from datetime import date

from chuyende.common.dates import place_and_date
from chuyende.documents.rendering.model import (
    Document,
    Header,
    Heading,
    Paragraph,
    Run,
    Signature,
    Table,
)

SUPERIOR_BODY = "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"
ISSUING_BODY = "ĐẢNG UỶ CƠ QUAN VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND TỈNH"
NUMBER_LINE = "Số 05-KH/ĐU"
PLACE_AND_DATE = "Nha Trang, ngày 05 tháng 12 năm 2016"
TYPE_NAME = "KẾ HOẠCH"
SUMMARY = (
    "tổ chức sinh hoạt chuyên đề về xây dựng và chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái "
    "về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hoá” "
    "trong nội bộ"
)
SIGNATURE = Signature(authority="T/M ĐẢNG UỶ", position="BÍ THƯ", name="Nguyễn Đức Thành")
RECIPIENTS = (
    "Ban Thường vụ Đảng uỷ Khối (để b/c),",
    "Các đồng chí Đảng uỷ viên,",
    "Các chi bộ trực thuộc,",
    "Lưu Văn phòng Đảng uỷ.",
)
CELL_TOPICS = (
    ("Chi bộ Phòng Công tác ĐBQH", "Thực hiện quy định về trách nhiệm nêu gương của cán bộ, đảng viên"),
    (
        "Chi bộ Phòng Nghiệp vụ Pháp chế",
        "Công tác tuyên truyền, giáo dục rèn luyện phong cách làm việc khoa học, cụ thể, sâu sát cơ sở "
        "cho đội ngũ cán bộ, đảng viên",
    ),
    (
        "Chi bộ Phòng Nghiệp vụ Kinh tế - Ngân sách",
        "Siết chặt kỷ luật, kỷ cương, thực hiện nghiêm các nguyên tắc của Đảng, xử lý kịp thời, "
        "chính xác đảng viên vi phạm",
    ),
    (
        "Chi bộ Phòng Nghiệp vụ Văn hoá - Xã hội",
        "Tăng cường kiểm tra giám sát của Đảng để góp phần ngăn chặn, đẩy lùi sự suy thoái “tự diễn "
        "biến”, “tự chuyển hoá”",
    ),
    (
        "Chi bộ Phòng Tổng hợp và Thông tin - Dân nguyện",
        "Đổi mới nội dung, hình thức để nâng cao chất lượng sinh hoạt chi bộ; tự phê bình và phê bình, "
        "khắc phục tình trạng nể nang, ngại va chạm trong sinh hoạt chi bộ",
    ),
)
FIRST_PARAGRAPH = (
    "Thực hiện Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khoá XII và Kế hoạch của "
    "Ban Thường vụ Đảng uỷ Khối các cơ quan tỉnh, Đảng uỷ Cơ quan Văn phòng Đoàn ĐBQH và HĐND tỉnh "
    "xây dựng kế hoạch tổ chức sinh hoạt chuyên đề như sau:"
)


def sample_plan(*, extra_paragraphs: int = 0, draft: bool = False) -> Document:
    """The committee's plan for the thematic session; `extra_paragraphs` makes it longer."""
    filler = [
        Paragraph(
            f"Nội dung bổ sung số {index + 1}: các chi bộ bám sát hướng dẫn của Đảng uỷ, chuẩn bị chu "
            "đáo tài liệu, phân công đảng viên chuẩn bị ý kiến phát biểu, gắn việc kiểm điểm với "
            "cam kết khắc phục của từng cán bộ, đảng viên, từng chi bộ theo lộ trình cụ thể.",
            number=f"{index + 1}.",
        )
        for index in range(extra_paragraphs)
    ]
    return Document(
        header=Header(
            superior_body=SUPERIOR_BODY,
            issuing_body=ISSUING_BODY,
            number_symbol=None if draft else "05-KH/ĐU",
            draft_symbol="KH/ĐU",
            place_and_date=place_and_date("Nha Trang", date(2016, 12, 5)),
        ),
        marks=("DỰ THẢO",) if draft else (),
        type_name=TYPE_NAME,
        summary=SUMMARY,
        blocks=[
            Paragraph(FIRST_PARAGRAPH),
            Heading(1, "MỤC ĐÍCH, YÊU CẦU", number="I."),
            Paragraph(
                "Nâng cao nhận thức của cán bộ, đảng viên về ý nghĩa, tầm quan trọng của việc ngăn chặn, "
                "đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống.",
                number="1.",
            ),
            Paragraph(
                [
                    Run("Sinh hoạt chuyên đề phải "),
                    Run("thiết thực, hiệu quả", bold=True),
                    Run(", tránh hình thức; "),
                    Run("nói đi đôi với làm", italic=True),
                    Run("."),
                ],
                number="2.",
            ),
            Heading(1, "NỘI DUNG", number="II."),
            Paragraph(
                "Các chi bộ tổ chức sinh hoạt chuyên đề trước, theo chủ đề Đảng uỷ phân công:", number="1."
            ),
            Table(columns=("TT", "Chi bộ", "Chủ đề"), rows=_topic_rows(), widths=(1, 5, 9)),
            Paragraph(
                "Đảng uỷ tổ chức sinh hoạt chuyên đề toàn Đảng bộ; mỗi chi bộ trình bày bài tham luận.",
                number="2.",
            ),
            *filler,
            Heading(1, "TỔ CHỨC THỰC HIỆN", number="III."),
            Paragraph("Văn phòng Đảng uỷ theo dõi, tổng hợp, báo cáo kết quả.", style="bullet"),
            Paragraph(
                "Các chi bộ chưa đạt yêu cầu phải tổ chức sinh hoạt lại.", style="bullet", anchor="III-2"
            ),
        ],
        signature=SIGNATURE,
        recipients=RECIPIENTS,
    )


def _topic_rows() -> list[list[str]]:
    return [[str(index), cell, topic] for index, (cell, topic) in enumerate(CELL_TOPICS, start=1)]
