"""Builders for consultation tests: a published resolution draft put to the committee's members."""

import io
from datetime import timedelta

import docx
from django.utils import timezone

from chuyende.common.actors import SYSTEM
from chuyende.consultations.domain import create_draft, open_consultation, publish_version
from chuyende.consultations.structure import parse_lines

RESOLUTION_LINES = [
    "Phần I. ĐÁNH GIÁ TÌNH HÌNH",
    "1. Công tác xây dựng Đảng về chính trị, tư tưởng, đạo đức được quan tâm.",
    "2. Một bộ phận đảng viên còn biểu hiện phai nhạt lý tưởng, ngại học tập lý luận chính trị.",
    "Phần II. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP",
    "Điều 1. Mục tiêu",
    "1. Ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống.",
    "2. Nâng cao năng lực lãnh đạo và sức chiến đấu của chi bộ.",
    "Điều 2. Giải pháp",
    "a) Tăng cường giáo dục chính trị, tư tưởng cho đảng viên.",
    "b) Thực hiện nghiêm tự phê bình và phê bình trong sinh hoạt chi bộ.",
]


def published_draft(organization, lines=RESOLUTION_LINES, title="Dự thảo Nghị quyết chuyên đề"):
    draft = create_draft(actor=SYSTEM, organization=organization, title=title, blocks=parse_lines(lines))
    version = draft.versions.get()
    publish_version(actor=SYSTEM, version=version)
    return draft, version


def consultation_for(world, *, opens_delta=timedelta(days=-1), closes_delta=timedelta(days=7), **audience):
    _, version = published_draft(world.committee)
    now = timezone.now()
    if not audience:
        audience = {"organizations": [world.committee]}
    return open_consultation(
        actor=SYSTEM, version=version, title="Lấy ý kiến dự thảo Nghị quyết", opens_at=now + opens_delta,
        closes_at=now + closes_delta, **audience,
    )  # fmt: skip


def paragraph(consultation, number=1):
    """The uid of the `number`-th plain paragraph of the consulted version."""
    blocks = consultation.version.blocks.filter(kind="paragraph").order_by("position")
    return blocks[number - 1]


SHORT_DRAFT_LINES = ["I. MỤC TIÊU", "1. Nâng cao chất lượng sinh hoạt.", "2. Siết chặt kỷ luật."]


def docx_upload(lines=SHORT_DRAFT_LINES, name="du-thao.docx") -> io.BytesIO:
    """A .docx with one paragraph per line, as an upload: a named buffer read from its start."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer
