import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chuyende.archive.domain import create_volume, index_item
from chuyende.archive.sources import minutes_item, paper_item
from chuyende.common.actors import SYSTEM
from chuyende.meetings import domain as meetings
from tests.meetings import helpers as mh
from tests.world import build_world

from .helpers import item
from .papers import paper_with_versions


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def archive(world, settings):
    """Indexed items across the world: a committee resolution (public to its cells), cell A's
    approved minutes and finalized paper, another committee's paper; a committee volume."""
    settings.ARCHIVE_RENDER_PROCESSES = 1  # the page tests compile tiny volumes inline
    index_item(item("document:900", world.committee, "Nghị quyết về xây dựng và chỉnh đốn Đảng."))
    meeting = mh.meeting(world, title="Sinh hoạt chuyên đề tháng 12")
    meetings.add_material(actor=SYSTEM, meeting=meeting, title="Báo cáo chuyên đề",
                          upload=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao", content_type="application/pdf"))  # fmt: skip
    mh.hold(meeting, [world.member_a, world.member_a2])
    minutes = mh.approved_minutes(meeting, conclusion="Chi bộ thống nhất khắc phục biểu hiện nể nang.")
    index_item(minutes_item(minutes))
    paper = paper_with_versions(world.cell_a, [["Đảng viên đăng ký nêu gương, tự phê bình và phê bình."]])
    index_item(paper_item(paper.current_version))
    other = paper_with_versions(
        world.cell_x, [["Chi bộ Phòng Hành chính đăng ký nêu gương."]], title="Bài khác"
    )
    index_item(paper_item(other.current_version))
    volume = create_volume(organization=world.committee, title="Tập tham luận năm 2016", year=2016,
                           item_keys=[f"paper:{paper.current_version_id}"], actor=SYSTEM)  # fmt: skip
    return {"meeting": meeting, "minutes": minutes, "paper": paper, "other": other, "volume": volume}
