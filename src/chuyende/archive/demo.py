"""Demo step: the committee's 2016 volume compiled, and the whole archive indexed for search."""

from chuyende.common.actors import SYSTEM
from chuyende.documents.enums import DocumentState
from chuyende.documents.models import OfficialDocument
from chuyende.meetings.enums import MinutesState
from chuyende.meetings.models import Minutes
from chuyende.orgs.rules import subtree_q

from .domain import build_volume, create_volume, reindex_all
from .models import Volume, VolumeBuild

PREFACE = (
    "Thực hiện Nghị quyết Trung ương 4 (khoá XII), Đảng bộ Cơ quan Văn phòng Đoàn ĐBQH và HĐND tỉnh "
    "đã tổ chức sinh hoạt chuyên đề về xây dựng và chỉnh đốn Đảng; khắc phục tình trạng suy thoái về "
    "tư tưởng, đạo đức, lối sống, biểu hiện “tự diễn biến”, “tự chuyển hoá” trong nội bộ.\n\n"
    "Tập tham luận này tập hợp nghị quyết, kế hoạch và biên bản sinh hoạt chuyên đề của các chi bộ, "
    "lưu giữ làm tài liệu nghiên cứu, học tập."
)


def build(story: dict) -> dict:
    """Creates (once) and compiles the volume, then indexes every archived item."""
    committee = story["committee"]
    volume = Volume.objects.filter(organization=committee, year=2016).first()
    if volume is None:
        documents = OfficialDocument.objects.filter(organization=committee, state=DocumentState.ISSUED)
        minutes = Minutes.objects.filter(
            subtree_q([committee.path], field="meeting__organization__path"), state=MinutesState.APPROVED
        ).order_by("meeting__starts_at", "pk")
        keys = [f"document:{pk}" for pk in documents.order_by("issued_on", "pk").values_list("pk", flat=True)]
        keys += [f"minutes:{pk}" for pk in minutes.values_list("pk", flat=True)]
        volume = create_volume(
            organization=committee,
            title="Xây dựng và chỉnh đốn Đảng; khắc phục tình trạng suy thoái “tự diễn biến”, “tự chuyển hoá”",
            year=2016,
            preface=PREFACE,
            item_keys=keys,
            actor=SYSTEM,
        )
    if not volume.builds.filter(status="done").exists():
        build_volume(VolumeBuild.objects.create(volume=volume))
    reindex_all()
    story["volume"] = volume
    return story
