"""Drafts and their versions: create, import from DOCX, edit with optimistic locking, publish,
start the next version."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.archives import check_office_file
from chuyende.common.errors import ConflictError, DomainError, NotAllowed
from chuyende.orgs.models import Organization

from ..enums import BlockKind
from ..models import Block, Draft, DraftVersion
from ..models.draft import new_uid
from ..rules import can_manage_drafts
from ..structure import ParsedBlock, carry_over_uids, parse_docx


def audit_partition(organization: Organization) -> str:
    return "org:" + organization.grassroots_path


def _write_blocks(version: DraftVersion, blocks: list[ParsedBlock]) -> list[Block]:
    rows, section = [], ""
    for position, parsed in enumerate(blocks, start=1):
        uid = parsed.uid or new_uid()
        if parsed.kind != BlockKind.PARAGRAPH:
            section = uid
        rows.append(
            Block(
                version=version, uid=uid, kind=parsed.kind, position=position,
                section_uid=section, label=parsed.label, text=parsed.text,
            )
        )  # fmt: skip
    Block.objects.filter(version=version).delete()
    return Block.objects.bulk_create(rows)


def _check_blocks(blocks: list[ParsedBlock]) -> None:
    if not blocks:
        raise DomainError(_("Dự thảo phải có ít nhất một đoạn."))
    uids = [b.uid for b in blocks if b.uid]
    if len(uids) != len(set(uids)):
        raise DomainError(_("Mã đoạn bị trùng trong dự thảo."))
    if any(b.kind not in BlockKind.values or not b.text.strip() for b in blocks):
        raise DomainError(_("Có đoạn trống hoặc không hợp lệ."))


def create_draft(*, actor, organization: Organization, title: str, blocks: list[ParsedBlock]) -> Draft:
    """Creates a draft and its first working version with `blocks` (each gets a new stable id)."""
    if not can_manage_drafts(actor, organization):
        raise NotAllowed(_("Bạn không có quyền soạn dự thảo của tổ chức này."))
    if not title.strip():
        raise DomainError(_("Dự thảo phải có tên."))
    _check_blocks(blocks)
    with transaction.atomic():
        draft = Draft.objects.create(
            organization=organization, title=title.strip(), created_by=actor if actor.pk else None
        )
        version = DraftVersion.objects.create(draft=draft, number=1)
        _write_blocks(version, blocks)
        audit.record(
            "draft.create", draft, actor=actor, partition=audit_partition(organization),
            changes={"title": draft.title, "blocks": len(blocks)},
        )  # fmt: skip
    return draft


def import_docx(*, actor, organization: Organization, title: str, content: bytes) -> Draft:
    """Creates a draft from a DOCX file, detecting Phần/Mục/Điều headings and numbered paragraphs."""
    if not can_manage_drafts(actor, organization):
        raise NotAllowed(_("Bạn không có quyền soạn dự thảo của tổ chức này."))
    check_office_file(content, "dự thảo.docx")  # sizes and ratios before python-docx opens it
    try:
        blocks = parse_docx(content)
    except Exception as error:  # python-docx raises several types for a file that is not DOCX
        raise DomainError(_("Không đọc được tệp DOCX.")) from error
    return create_draft(actor=actor, organization=organization, title=title, blocks=blocks)


def working_version(draft: Draft) -> DraftVersion | None:
    return draft.versions.filter(published_at__isnull=True).order_by("-number").first()


def latest_published(draft: Draft) -> DraftVersion | None:
    return draft.versions.filter(published_at__isnull=False).order_by("-number").first()


def _bump_revision(version: DraftVersion, expected_revision: int) -> None:
    """Optimistic lock: one conditional UPDATE; zero rows means someone saved in between."""
    if version.is_published:
        raise DomainError(_("Phiên bản đã công bố không thể sửa; hãy tạo phiên bản mới."))
    updated = DraftVersion.objects.filter(
        pk=version.pk, revision=expected_revision, published_at__isnull=True
    ).update(revision=F("revision") + 1)
    if not updated:
        raise ConflictError(
            _("Dự thảo vừa được người khác sửa. Hãy tải lại trang để xem nội dung mới rồi sửa tiếp.")
        )
    version.revision = expected_revision + 1


def edit_block(*, actor, version: DraftVersion, uid: str, text: str, expected_revision: int) -> Block:
    """Changes the text of one block of the working version."""
    if not can_manage_drafts(actor, version.draft.organization):
        raise NotAllowed(_("Bạn không có quyền sửa dự thảo này."))
    if not text.strip():
        raise DomainError(_("Nội dung đoạn không được để trống."))
    with transaction.atomic():
        _bump_revision(version, expected_revision)
        block = Block.objects.select_for_update().filter(version=version, uid=uid).first()
        if block is None:
            raise DomainError(_("Không tìm thấy đoạn này trong dự thảo."))
        before = {"text": block.text}
        block.text = text.strip()
        block.save(update_fields=["text"])
        audit.record(
            "draft.edit_block", block, actor=actor, partition=audit_partition(version.draft.organization),
            changes=audit.diff(block, before, ["text"]),
        )  # fmt: skip
    return block


def replace_blocks(
    *, actor, version: DraftVersion, blocks: list[ParsedBlock], expected_revision: int
) -> None:
    """Replaces the whole content of the working version; blocks without a uid inherit one from the
    block whose text they carry over, so comments stay attached."""
    if not can_manage_drafts(actor, version.draft.organization):
        raise NotAllowed(_("Bạn không có quyền sửa dự thảo này."))
    old = [ParsedBlock(b.kind, b.label, b.text, b.uid) for b in version.blocks.order_by("position")]
    carry_over_uids(old, blocks)
    _check_blocks(blocks)
    with transaction.atomic():
        _bump_revision(version, expected_revision)
        _write_blocks(version, blocks)
        audit.record(
            "draft.replace", version, actor=actor, partition=audit_partition(version.draft.organization),
            changes={"blocks": len(blocks)},
        )  # fmt: skip


def publish_version(*, actor, version: DraftVersion) -> DraftVersion:
    """Freezes the working version: from now on it never changes."""
    if not can_manage_drafts(actor, version.draft.organization):
        raise NotAllowed(_("Bạn không có quyền công bố dự thảo này."))
    with transaction.atomic():
        updated = DraftVersion.objects.filter(pk=version.pk, published_at__isnull=True).update(
            published_at=timezone.now()
        )
        if not updated:
            raise DomainError(_("Phiên bản này đã được công bố."))
        version.refresh_from_db()
        audit.record(
            "draft.publish", version, actor=actor, partition=audit_partition(version.draft.organization),
            changes={"number": version.number},
        )  # fmt: skip
    return version


def start_next_version(*, actor, draft: Draft) -> DraftVersion:
    """A new working version copied from the latest published one, every block keeping its id."""
    if not can_manage_drafts(actor, draft.organization):
        raise NotAllowed(_("Bạn không có quyền sửa dự thảo này."))
    if working_version(draft) is not None:
        raise DomainError(_("Dự thảo đang có một phiên bản chưa công bố."))
    source = latest_published(draft)
    with transaction.atomic():
        version = DraftVersion.objects.create(draft=draft, number=(source.number if source else 0) + 1)
        if source is not None:
            blocks = [ParsedBlock(b.kind, b.label, b.text, b.uid) for b in source.blocks.order_by("position")]
            _write_blocks(version, blocks)
        audit.record(
            "draft.new_version", version, actor=actor, partition=audit_partition(draft.organization),
            changes={"number": version.number},
        )  # fmt: skip
    return version
