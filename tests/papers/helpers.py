"""Builders for paper tests: every object goes through the domain functions."""

import io
import itertools
from datetime import datetime, timedelta

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chuyende.common.actors import SYSTEM
from chuyende.meetings import domain as meetings
from chuyende.meetings.enums import MeetingKind
from chuyende.papers import domain
from chuyende.papers.enums import PaperState

_keys = itertools.count(1)

TEXT = """# I. Những biểu hiện suy thoái

Một bộ phận đảng viên còn nể nang, né tránh, ngại va chạm trong tự phê bình và phê bình.

Việc học tập nghị quyết có lúc còn hình thức, chưa gắn với nhiệm vụ của phòng.

# II. Giải pháp

Chi bộ đổi mới nội dung sinh hoạt, mỗi đảng viên đăng ký cam kết khắc phục có thời hạn."""


def key() -> str:
    return f"key-{next(_keys)}"


def paper(world, *, cell=None, actor=None, text=TEXT, **fields):
    actor = actor or world.users["member"]
    fields.setdefault("title", "Bài tham luận của Chi bộ Phòng Nghiệp vụ Pháp chế")
    return domain.create_paper(actor=actor, cell=cell or world.cell_a, text=text, **fields)


def submitted_paper(world, **kwargs):
    p = paper(world, **kwargs)
    return domain.set_paper_state(actor=world.users["member"], paper=p, state=PaperState.SUBMITTED)


def anchors(p):
    return list(p.current_version.paragraphs.values_list("anchor", flat=True))


def committee_meeting(world, starts_at=None):
    starts_at = starts_at or timezone.make_aware(datetime(2016, 12, 26, 8))
    return meetings.schedule_meeting(
        actor=SYSTEM,
        organization=world.committee,
        kind=MeetingKind.COMMITTEE,
        title="Sinh hoạt chuyên đề toàn Đảng bộ",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        confirm_short_notice=True,
    )


def docx_upload(build, name="tham-luan.docx") -> SimpleUploadedFile:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
