"""Schemas of the consultations API."""

from datetime import date, datetime

from ninja import Field, Schema

from chuyende.api.schemas import InputSchema, stale_schema
from chuyende.consultations.enums import Channel, TargetKind


class BlockOut(Schema):
    uid: str
    kind: str
    label: str
    text: str
    section_uid: str


class DraftVersionOut(Schema):
    id: int
    number: int
    revision: int
    published: bool
    blocks: list[BlockOut]


DraftVersionStale = stale_schema("DraftVersionStale", DraftVersionOut)


class DraftIn(InputSchema):
    """The draft's text as `lines`, or pasted whole as `text`; its frame (letterhead, signature,
    recipients) is left out either way."""

    organization_id: int
    title: str
    lines: list[str] = []
    text: str = Field("", max_length=200_000)


class PreviewIn(Schema):
    text: str = Field(..., max_length=200_000)


class OutlineOut(Schema):
    kind: str
    label: str
    text: str
    depth: int


class FrameOut(Schema):
    kind: str
    text: str


class PreviewOut(Schema):
    blocks: list[OutlineOut]
    frame: list[FrameOut]


class StepOut(Schema):
    action: str
    allowed: bool
    blockers: list[str]


class LinkIn(Schema):
    changed_version_id: int
    changed_block_uid: str


class DraftOut(Schema):
    id: int
    title: str
    organization_id: int
    versions: list[DraftVersionOut]


class BlockEdit(InputSchema):
    text: str
    expected_revision: int


class ConsultationIn(InputSchema):
    version_id: int
    title: str
    opens_at: datetime
    closes_at: datetime
    organization_ids: list[int] = []
    member_ids: list[int] = []


class ConsultationOut(Schema):
    id: int
    title: str
    organization_id: int
    version_id: int
    opens_at: datetime
    closes_at: datetime
    status: str


class ConsultationCommentIn(InputSchema):
    stance: str
    text: str = ""
    idempotency_key: str
    target: str = TargetKind.DRAFT
    block_uid: str = ""
    proposed_wording: str = ""
    channel: str = Channel.ONLINE
    cell_id: int | None = None
    agreeing_members: int = 0
    submitter_name: str = ""


class CommentEdit(InputSchema):
    stance: str
    text: str
    proposed_wording: str = ""
    expected_revision: int


class ConsultationCommentOut(Schema):
    id: int
    channel: str
    target: str
    block_uid: str
    section_uid: str
    quoted_text: str
    stance: str
    text: str
    proposed_wording: str
    status: str
    revision: int
    cell_id: int | None
    agreeing_members: int
    submitter_name: str
    group_id: int | None
    disposition_id: int | None


class CommentCurrent(ConsultationCommentOut):
    """One's own comment as stored (edited elsewhere: another tab, the phone), for a stale save."""

    updated_at: datetime


CommentStale = stale_schema("CommentStale", CommentCurrent)


class TargetOut(Schema):
    kind: str  # paragraph, section or draft
    block_uid: str
    label: str


class GroupOut(Schema):
    id: int
    target: TargetOut
    block_uid: str
    stance: str
    size: int
    comment_ids: list[int]
    placed_comment_ids: list[int]  # whole-draft comments suggested for this paragraph
    representative_id: int | None
    representative_text: str
    stance_counts: dict[str, int]
    members: int
    cells: int
    campaign: int
    campaign_text: str
    edited: bool
    seen: bool


class GroupPage(Schema):
    count: int
    items: list[GroupOut]


class GroupRef(Schema):
    id: int
    block_uid: str
    stance: str
    size: int
    members: int
    cells: int
    representative_id: int | None
    representative_text: str
    edited: bool
    seen_at: datetime | None


class GroupComment(Schema):
    id: int
    stance: str
    text: str
    proposed_wording: str
    block_uid: str
    section_uid: str
    suggested_block_uid: str
    placement_confirmed: bool
    cell_id: int | None
    agreeing_members: int
    channel: str


class GroupCommentsPage(Schema):
    count: int
    items: list[GroupComment]


class MergeIn(Schema):
    other_id: int


class SplitIn(Schema):
    comment_ids: list[int]


class CommentRefIn(Schema):
    comment_id: int


class SeenIn(Schema):
    seen: bool = True


class MoveIn(Schema):
    group_id: int


class PlaceIn(Schema):
    block_uid: str
    group_id: int | None = None


class PlacementOut(Schema):
    id: int
    group_id: int | None
    suggested_block_uid: str
    placement_confirmed: bool


class DispositionIn(InputSchema):
    decision: str
    explanation: str
    comment_ids: list[int] = []
    group_id: int | None = None
    changed_version_id: int | None = None
    changed_block_uid: str = ""


class DispositionOut(Schema):
    id: int
    decision: str
    explanation: str
    comments: int


class RunOut(Schema):
    id: int
    status: str
    progress: int
    cancel_requested: bool
    total: int
    reused: int
    result: dict


class DiffOut(Schema):
    status: str
    uid: str
    label: str
    old_text: str
    new_text: str
    words: list[tuple[str, str]]


class ConsultationIssueIn(InputSchema):
    term_id: int
    signer_member_id: int
    issued_on: date | None = None


class IssuedOut(Schema):
    document_id: int
    number_symbol: str
