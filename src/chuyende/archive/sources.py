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

from chuyende.consultations.models import Comment, Consultation
from chuyende.documents.compose import to_render_model
from chuyende.documents.enums import DocumentState
from chuyende.documents.models import OfficialDocument
from chuyende.documents.rendering import Document, Header, Heading, Paragraph, Table
from chuyende.meetings.documents import minutes_document
from chuyende.meetings.enums import MinutesState
from chuyende.meetings.models import Minutes
from chuyende.orgs.models import Organization
from chuyende.papers.enums import BlockKind, PaperState
from chuyende.papers.models import PaperVersion, PositionPaper

from .models import ItemKind, Volume


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
            f"{organization.place_name}, năm {version.created_at.year}",
        ),
        type_name="BÀI THAM LUẬN",
        summary=version.title,
        blocks=blocks or [Paragraph("")],
    )


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
            f"{organization.place_name}, {volume.year}",
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
    comments = (
        Comment.objects.filter(consultation=consultation, disposition__isnull=False)
        .select_related("disposition")
        .order_by("pk")
    )
    rows = [
        [
            str(index),
            comment.quoted_text or "—",
            f"{comment.text} ({comment.submitter_name or '—'})",
            comment.disposition.get_decision_display(),  # type: ignore[union-attr]  # filtered: not null
            comment.disposition.explanation,  # type: ignore[union-attr]
        ]
        for index, comment in enumerate(comments, start=1)
    ]
    columns = ["TT", "Nội dung dự thảo", "Ý kiến góp ý", "Tiếp thu / Không tiếp thu", "Giải trình"]
    return Table(columns=columns, rows=rows or [["", "", "", "", ""]])


def consultation_item(consultation: Consultation) -> ArchiveItem:
    organization = consultation.organization
    document = Document(
        header=Header(organization.superior_header_name, organization.header_name, None, ""),
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


def get_item(key: str) -> ArchiveItem:
    """The item behind a key; raises LookupError for an unknown kind or a missing record."""
    kind, _, pk = key.partition(":")
    try:
        if kind == ItemKind.DOCUMENT:
            return document_item(OfficialDocument.objects.select_related("organization").get(pk=pk))
        if kind == ItemKind.MINUTES:
            return minutes_item(Minutes.objects.select_related("meeting__organization").get(pk=pk))
        if kind == ItemKind.CONSULTATION:
            return consultation_item(Consultation.objects.select_related("organization").get(pk=pk))
        if kind == ItemKind.PAPER:
            return paper_item(_versions().get(pk=pk))
        if kind == ItemKind.VOLUME:
            return volume_item(Volume.objects.select_related("organization").get(pk=pk))
    except (
        OfficialDocument.DoesNotExist,
        Minutes.DoesNotExist,
        Consultation.DoesNotExist,
        PaperVersion.DoesNotExist,
        Volume.DoesNotExist,
        ValueError,
    ):
        raise LookupError(key) from None
    raise LookupError(key)
