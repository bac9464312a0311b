"""Source adapters: every app's archivable records as `ArchiveItem`s.

The archive, search and volume code read only `ArchiveItem`, so a new source (position papers when
the papers app lands) is one more function here. Keys are "<kind>:<pk>".

Sources today: issued official documents (documents app), approved minutes (meetings app), the
comment-handling table of a consultation (consultations app), and compiled volumes. Position papers
have no model yet (papers branch); `ArchiveItem`s built directly (tests, bench) stand in for them.
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

from .models import ItemKind


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

    def paragraphs(self) -> list[tuple[str, str]]:
        """(anchor, text) for every searchable paragraph, in reading order."""
        out = [(f"p{index}", text) for index, text in enumerate(_texts(self.document)) if text.strip()]
        return out


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
            comment.disposition.get_decision_display(),
            comment.disposition.explanation,
        ]
        for index, comment in enumerate(comments, start=1)
    ]
    columns = ["TT", "Nội dung dự thảo", "Ý kiến góp ý", "Tiếp thu / Không tiếp thu", "Giải trình"]
    return Table(columns=columns, rows=rows or [["", "", "", "", ""]], widths=[1, 4, 5, 3, 5])


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
    except (OfficialDocument.DoesNotExist, Minutes.DoesNotExist, Consultation.DoesNotExist, ValueError):
        raise LookupError(key) from None
    raise LookupError(key)
