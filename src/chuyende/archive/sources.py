"""Source adapters: every app's archivable records as `ArchiveItem`s.

The archive, search and volume code read only `ArchiveItem`, so a new source (position papers when
the papers app lands) is one more function here. Keys are "<kind>:<pk>".

Sources: issued official documents (documents app), every submitted version of a position paper
(papers app; "paper:<version pk>", anchors are the paragraphs' stable anchors), approved minutes
(meetings app), the comment-handling table of a consultation (consultations app), and the bound
volumes themselves (their cover, preface and contents).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from chuyende.common.dates import place_and_date
from chuyende.consultations.models import Consultation
from chuyende.consultations.report import appendix_rows
from chuyende.documents.compose import to_render_model
from chuyende.documents.enums import DocumentState
from chuyende.documents.models import OfficialDocument
from chuyende.documents.rendering import Document, Header, Heading, Paragraph, Table
from chuyende.meetings.documents import minutes_document
from chuyende.meetings.enums import MinutesState
from chuyende.meetings.models import Meeting, Minutes
from chuyende.orgs.models import Organization
from chuyende.papers.enums import BlockKind, PaperState
from chuyende.papers.models import PaperVersion, PositionPaper

from .enums import ItemKind
from .models import Volume


@dataclass(frozen=True)
class ArchiveItem:
    """An archivable record as the archive sees it."""

    key: str
    kind: str
    title: str
    organization: Organization
    year: int
    document: Document
    url: str = ""
    # (anchor, text) pairs when the source has its own stable anchors (paper paragraphs);
    # otherwise anchors are the paragraph's position ("p3").
    anchored: tuple[tuple[str, str], ...] = ()

    def paragraphs(self) -> list[tuple[str, str]]:
        """(anchor, text) for every searchable paragraph, in reading order."""
        if self.anchored:
            return [(anchor, text) for anchor, text in self.anchored if text.strip()]
        return [(f"p{index}", text) for index, text in enumerate(_texts(self.document)) if text.strip()]


def _texts(doc: Document) -> Iterator[str]:
    yield doc.summary
    for block in (*doc.blocks, *doc.appendix):
        if isinstance(block, Paragraph | Heading):
            yield block.text if isinstance(block, Paragraph) else block.full_text
        elif isinstance(block, Table):
            for row in block.rows:
                yield " — ".join(row)


def document_item(document: OfficialDocument) -> ArchiveItem:
    return ArchiveItem(
        key=f"{ItemKind.DOCUMENT}:{document.pk}",
        kind=ItemKind.DOCUMENT,
        title=f"{document.document_type.name} {document.number_symbol} — {document.summary}",
        organization=document.organization,
        year=document.issued_on.year if document.issued_on else document.created_at.year,
        document=to_render_model(document),
        url=f"/van-ban/{document.pk}/",
    )


def minutes_item(minutes: Minutes) -> ArchiveItem:
    meeting = minutes.meeting
    return ArchiveItem(
        key=f"{ItemKind.MINUTES}:{minutes.pk}",
        kind=ItemKind.MINUTES,
        title=f"Biên bản: {meeting.title}",
        organization=meeting.organization,
        year=meeting.starts_at.year,
        document=minutes_document(meeting, minutes),
        url=f"/sinh-hoat/{meeting.pk}/bien-ban/",
    )


def paper_document(version: PaperVersion) -> Document:
    """A version of a position paper as a rendering model: its blocks, each paragraph anchored."""
    organization = version.paper.organization
    blocks: list = []
    for paragraph in version.paragraphs.all():
        if paragraph.kind == BlockKind.HEADING:
            level = min(max(paragraph.level, 1), 3)
            blocks.append(Heading(level, paragraph.text, number=paragraph.label or None))  # type: ignore[arg-type]
        else:
            blocks.append(Paragraph(paragraph.text, number=paragraph.label or None, anchor=paragraph.anchor))
    return Document(
        header=Header(
            organization.superior_header_name,
            organization.header_name or organization.name,
            None,
            place_and_date(organization.place_name, paper_date(version)),
            numbered=False,  # a position paper carries no number of the register
        ),
        type_name="BÀI THAM LUẬN",
        summary=version.title,
        blocks=blocks or [Paragraph("")],
    )


def paper_date(version: PaperVersion) -> date:
    """The day the paper belongs to: the cell's session on its topic (a paper of the December 2016
    sessions is dated then, whenever it was typed in), else the day the version was submitted."""
    paper = version.paper
    if paper.assignment_id:
        meeting = (
            Meeting.objects.filter(assignment_id=paper.assignment_id, organization_id=paper.organization_id)
            .order_by("starts_at")
            .first()
        )
        if meeting is not None:
            return timezone.localdate(meeting.starts_at)
    return timezone.localdate(version.created_at)


def paper_item(version: PaperVersion) -> ArchiveItem:
    """One version of a position paper; the link opens the paper at the paragraph."""
    paper = version.paper
    return ArchiveItem(
        key=f"{ItemKind.PAPER}:{version.pk}",
        kind=ItemKind.PAPER,
        title=f"Tham luận: {version.title} (bản {version.number})",
        organization=paper.organization,
        year=version.created_at.year,
        document=paper_document(version),
        url=f"/tham-luan/{paper.pk}/",
        anchored=tuple((p.anchor, p.text) for p in version.paragraphs.all()),
    )


def finalized_version(paper: PositionPaper) -> PaperVersion | None:
    """The version bound into volumes: the current version of a finalized paper."""
    if paper.state != PaperState.FINALIZED:
        return None
    return paper.current_version


def volume_item(volume: Volume) -> ArchiveItem:
    """A bound volume as an archive item: its title, preface and the titles of its contents."""
    organization = volume.organization
    titles = []
    for key in volume.item_keys:
        try:
            titles.append(get_item(key).title)
        except LookupError:
            continue
    preface = [p for p in volume.preface.split("\n\n") if p.strip()]
    document = Document(
        header=Header(
            organization.superior_header_name,
            organization.header_name or organization.name,
            None,
            f"{organization.place_name}, năm {volume.year}",
            numbered=False,
        ),  # fmt: skip
        type_name="TẬP THAM LUẬN",
        summary=volume.title,
        blocks=[Paragraph(text) for text in (*preface, *titles)] or [Paragraph("")],
    )
    return ArchiveItem(
        key=f"{ItemKind.VOLUME}:{volume.pk}",
        kind=ItemKind.VOLUME,
        title=f"Tập tham luận: {volume.title}",
        organization=organization,
        year=volume.year,
        document=document,
        url=f"/luu-tru/quyen/{volume.pk}/",
    )


def _versions():
    return PaperVersion.objects.select_related("paper__organization").prefetch_related("paragraphs")


def handling_table(consultation: Consultation) -> Table:
    """The appendix table of the report on the handling of comments (domain.md §4)."""
    # The report's rows, one per disposition, exactly as the signed report prints them.
    rows = [list(row[:5]) for row in appendix_rows(consultation)]
    columns = ["TT", "Nội dung dự thảo", "Ý kiến góp ý (người/đơn vị)", "Tiếp thu / Không tiếp thu",
               "Giải trình / Nội dung chỉnh sửa"]  # fmt: skip
    return Table(columns=columns, rows=rows or [["", "", "", "", ""]])


def consultation_item(consultation: Consultation) -> ArchiveItem:
    organization = consultation.organization
    document = Document(
        header=Header(
            organization.superior_header_name,
            organization.header_name,
            None,
            place_and_date(organization.place_name, timezone.localdate(consultation.closes_at)),
            numbered=False,
        ),  # fmt: skip
        type_name="BẢNG TỔNG HỢP TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý",
        summary=consultation.title,
        blocks=[handling_table(consultation)],
    )
    return ArchiveItem(
        key=f"{ItemKind.CONSULTATION}:{consultation.pk}",
        kind=ItemKind.CONSULTATION,
        title=f"Tiếp thu, giải trình ý kiến: {consultation.title}",
        organization=organization,
        year=consultation.opens_at.year,
        document=document,
    )


def all_items() -> Iterator[ArchiveItem]:
    """Every archivable record, for a full re-index."""
    issued = OfficialDocument.objects.filter(state=DocumentState.ISSUED)
    for document in issued.select_related("organization", "document_type", "signer"):
        yield document_item(document)
    approved = Minutes.objects.filter(state=MinutesState.APPROVED)
    for minutes in approved.select_related("meeting__organization"):
        yield minutes_item(minutes)
    for version in _versions().order_by("pk"):
        yield paper_item(version)
    for volume in Volume.objects.select_related("organization"):
        yield volume_item(volume)


def new_items(indexed: set[str]) -> Iterator[ArchiveItem]:
    """Archivable records whose key is not in `indexed` (the keys already in the search index):
    a document issued, minutes approved, a paper version submitted or a volume created since the
    last indexing. Records are skipped by key before their render model is built."""

    def fresh(queryset, kind):
        known = [int(key.partition(":")[2]) for key in indexed if key.startswith(f"{kind}:")]
        return queryset.exclude(pk__in=known).order_by("pk")

    issued = OfficialDocument.objects.filter(state=DocumentState.ISSUED)
    for document in fresh(issued, ItemKind.DOCUMENT).select_related(
        "organization", "document_type", "signer"
    ):
        yield document_item(document)
    approved = Minutes.objects.filter(state=MinutesState.APPROVED)
    for minutes in fresh(approved, ItemKind.MINUTES).select_related("meeting__organization"):
        yield minutes_item(minutes)
    for version in fresh(_versions(), ItemKind.PAPER):
        yield paper_item(version)
    for volume in fresh(Volume.objects.select_related("organization"), ItemKind.VOLUME):
        yield volume_item(volume)


PIN = "!"


def latest_document(document: OfficialDocument) -> OfficialDocument:
    """The document that replaced `document`, and so on: what a volume following it binds."""
    seen = {document.pk}
    while document.replaced_by_id and document.replaced_by_id not in seen:
        seen.add(document.replaced_by_id)
        document = OfficialDocument.objects.select_related("organization").get(pk=document.replaced_by_id)
    return document


def latest_minutes(minutes: Minutes) -> Minutes:
    """The newest approved correction of `minutes` (each correction is a new numbered row)."""
    while True:
        newer = (
            Minutes.objects.select_related("meeting__organization")
            .filter(corrects=minutes, state=MinutesState.APPROVED)
            .first()
        )
        if newer is None:
            return minutes
        minutes = newer


def latest_paper_version(paper: PositionPaper) -> PaperVersion:
    """The version of a paper a volume follows: its current version (the finalized one once the
    paper is final; a revision submitted later replaces it, which is how a new version reaches
    the volume)."""
    if paper.current_version_id is None:
        raise LookupError(f"paperof:{paper.pk}")
    return _versions().get(pk=paper.current_version_id)


def commitments_item(cell: Organization, year: int) -> ArchiveItem:
    """The year's commitments summary of a cell (the BC kiểm điểm's table of items)."""
    from datetime import date

    from chuyende.commitments.documents import year_end_report

    return ArchiveItem(
        key=f"commitments:{cell.pk}:{year}",
        kind=ItemKind.DOCUMENT,
        title=f"Tổng hợp cam kết khắc phục {year}: {cell.short_name or cell.name}",
        organization=cell,
        year=year,
        document=year_end_report(cell, year, date(year, 12, 31)),
    )


def get_item(key: str) -> ArchiveItem:
    """The item behind a key; raises LookupError for an unknown kind or a missing record.

    A volume binds the latest final version of what a key names — the document that replaced an
    issued one, the newest approved correction of minutes, the latest final version of a paper
    ("paperof:<paper>") — unless the key is pinned: "paper:<version>" names one version, and a
    trailing "!" ("document:12!", "minutes:3!") pins the record itself.
    """
    pinned = key.endswith(PIN)
    kind, _, pk = key.removesuffix(PIN).partition(":")
    try:
        if kind == ItemKind.DOCUMENT:
            document = OfficialDocument.objects.select_related("organization").get(pk=pk)
            return document_item(document if pinned else latest_document(document))
        if kind == ItemKind.MINUTES:
            minutes = Minutes.objects.select_related("meeting__organization").get(pk=pk)
            return minutes_item(minutes if pinned else latest_minutes(minutes))
        if kind == ItemKind.CONSULTATION:
            return consultation_item(Consultation.objects.select_related("organization").get(pk=pk))
        if kind == ItemKind.PAPER:
            return paper_item(_versions().get(pk=pk))
        if kind == "paperof":
            return paper_item(latest_paper_version(PositionPaper.objects.get(pk=pk)))
        if kind == "commitments":
            cell_pk, _, year = pk.partition(":")
            return commitments_item(Organization.objects.get(pk=cell_pk, kind="cell"), int(year))
        if kind == ItemKind.VOLUME:
            return volume_item(Volume.objects.select_related("organization").get(pk=pk))
    except (
        OfficialDocument.DoesNotExist,
        Minutes.DoesNotExist,
        Consultation.DoesNotExist,
        PaperVersion.DoesNotExist,
        PositionPaper.DoesNotExist,
        Organization.DoesNotExist,
        Volume.DoesNotExist,
        ValueError,
    ):
        raise LookupError(key) from None
    raise LookupError(key)
