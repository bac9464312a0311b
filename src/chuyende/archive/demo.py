"""Demo step: the committee's 2016 volume (resolution, plan, finalized papers in session order,
minutes) compiled, and the whole archive indexed for search."""

from chuyende.documents.enums import DocumentState
from chuyende.documents.models import OfficialDocument
from chuyende.meetings.enums import MinutesState
from chuyende.meetings.models import Minutes
from chuyende.orgs.rules import subtree_q
from chuyende.papers.enums import PaperState
from chuyende.papers.models import PositionPaper, SessionAgendaItem

from .domain import build_volume, create_volume, reindex_all
from .models import Volume, VolumeBuild

PREFACE = (
    "Thực hiện Nghị quyết Trung ương 4 (khoá XII), Đảng bộ Cơ quan Văn phòng Đoàn ĐBQH và HĐND tỉnh "
    "đã tổ chức sinh hoạt chuyên đề về xây dựng và chỉnh đốn Đảng; khắc phục tình trạng suy thoái về "
    "tư tưởng, đạo đức, lối sống, biểu hiện “tự diễn biến”, “tự chuyển hoá” trong nội bộ.\n\n"
    "Tập tham luận này tập hợp nghị quyết, kế hoạch và biên bản sinh hoạt chuyên đề của các chi bộ, "
    "lưu giữ làm tài liệu nghiên cứu, học tập."
)


def finalized_papers(committee) -> list[int]:
    """Version ids of the finalized papers of the committee's cells, in the order they were
    presented at the session (papers not on an agenda follow, by cell)."""
    papers = PositionPaper.objects.filter(
        subtree_q([committee.path], field="organization__path"),
        state=PaperState.FINALIZED,
        current_version__isnull=False,
    ).order_by("organization__path", "pk")
    agenda = {
        paper_id: position
        for paper_id, position in SessionAgendaItem.objects.filter(paper__in=papers)
        .order_by("meeting__starts_at", "position")
        .values_list("paper_id", "position")
    }
    ordered = sorted(papers, key=lambda p: (p.pk not in agenda, agenda.get(p.pk, 0)))
    return [pk for paper in ordered if (pk := paper.current_version_id) is not None]


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
        keys += [f"paper:{pk}" for pk in finalized_papers(committee)]
        keys += [f"minutes:{pk}" for pk in minutes.values_list("pk", flat=True)]
        volume = create_volume(
            organization=committee,
            title="Xây dựng và chỉnh đốn Đảng; khắc phục tình trạng suy thoái “tự diễn biến”, “tự chuyển hoá”",
            year=2016,
            preface=PREFACE,
            item_keys=keys,
            actor=story["users"]["vanphong"],  # the committee's office composes its volume
        )
    if not volume.builds.filter(status="done").exists():
        build_volume(VolumeBuild.objects.create(volume=volume))
    reindex_all()
    story["volume"] = volume
    return story
