"""Generated papers for volume and search tests, from the seed article's own sentences."""

from chuyende.archive.sources import ArchiveItem
from chuyende.archive.volume.parts import Cover, Part
from chuyende.documents.rendering import Document, Header, Heading, Paragraph

SENTENCES = [
    "Đảng uỷ đã xây dựng kế hoạch, trong đó nêu rõ mục đích, ý nghĩa và tầm quan trọng việc tổ chức sinh hoạt.",
    "Khắc phục tình trạng suy thoái về tư tưởng, đạo đức, lối sống, biểu hiện “tự diễn biến”, “tự chuyển hoá” trong nội bộ.",
    "Siết chặt kỷ luật, kỷ cương, thực hiện nghiêm các nguyên tắc của Đảng, xử lý kịp thời, chính xác đảng viên vi phạm.",
    "Đổi mới nội dung, hình thức để nâng cao chất lượng sinh hoạt chi bộ; tự phê bình và phê bình.",
]

COVER = Cover(
    "Xây dựng và chỉnh đốn Đảng",
    "ĐẢNG BỘ CƠ QUAN VĂN PHÒNG",
    "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
    "Bình Định, 2016",
)


def paper(number: int, paragraphs: int = 12, extra: str = "") -> Document:
    blocks = []
    for section, label in enumerate(("I.", "II.")):
        blocks.append(Heading(1, f"Nội dung {section + 1} của bài {number}", number=label))
        blocks += [
            Paragraph(f"{SENTENCES[(k + number) % 4]} {extra}", anchor=f"b{number}-{section}-{k}")
            for k in range(paragraphs)
        ]
    return Document(
        header=Header(
            "ĐẢNG BỘ CƠ QUAN VĂN PHÒNG", f"CHI BỘ SỐ {number}", None, "Bình Định, ngày 20 tháng 12 năm 2016"
        ),
        type_name="BÀI THAM LUẬN",
        summary=f"Tham luận của chi bộ số {number}",
        blocks=blocks,
    )


def parts(count: int = 3, paragraphs: int = 12) -> list[Part]:
    return [
        Part(f"paper:{n}", f"Bài tham luận của chi bộ số {n}", paper(n, paragraphs))
        for n in range(1, count + 1)
    ]


def item(key: str, organization, text: str, *, kind: str = "document", year: int = 2016) -> ArchiveItem:
    document = Document(
        header=Header("", organization.name, None, ""),
        type_name="NGHỊ QUYẾT",
        summary=key,
        blocks=[Paragraph(line) for line in text.split("\n")],
    )
    return ArchiveItem(key, kind, f"Tài liệu {key}", organization, year, document, url=f"/luu-tru/{key}/")
