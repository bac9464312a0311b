"""Scoped lookups of commitments: out of scope reads exactly like a missing id."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuyende.common.errors import NotAllowed, NotFound
from chuyende.documents.models import OfficialDocument
from chuyende.meetings.access import get_plan_for
from chuyende.meetings.models import Plan
from chuyende.orgs.access import get_organization_for, oversight_roots
from chuyende.orgs.models import Member, Organization
from chuyende.orgs.rules import member_of, subtree_q

from .models import Commitment, CommitmentItem, Evidence, ProgressReport


def commitments_for(user) -> QuerySet[Commitment]:
    """Commitments the user may open: everything in their oversight subtrees, their own, and
    their cell's own (cell-owned) commitments."""
    condition = subtree_q(oversight_roots(user), field="cell_path")
    member = member_of(user)
    if member is not None:
        condition |= Q(owner_member=member) | Q(cell_id=member.cell_id, owner_member__isnull=True)
    return Commitment.objects.filter(condition).select_related("cell", "owner_member")


def get_commitment_for(user, commitment_id) -> Commitment:
    try:
        return commitments_for(user).get(pk=commitment_id)
    except (Commitment.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy cam kết này hoặc bạn không có quyền xem.")) from None


def get_item_for(user, item_id) -> CommitmentItem:
    try:
        item = CommitmentItem.objects.select_related("commitment__cell", "responsible").get(pk=item_id)
    except (CommitmentItem.DoesNotExist, ValueError, TypeError):
        item = None
    if item is None or not commitments_for(user).filter(pk=item.commitment_id).exists():
        raise NotFound(_("Không tìm thấy nội dung cam kết này hoặc bạn không có quyền xem."))
    return item


def get_report_for(user, report_id) -> ProgressReport:
    try:
        report = ProgressReport.objects.select_related("item__commitment__cell").get(pk=report_id)
    except (ProgressReport.DoesNotExist, ValueError, TypeError):
        report = None
    if report is None or not commitments_for(user).filter(pk=report.item.commitment_id).exists():
        raise NotFound(_("Không tìm thấy báo cáo này hoặc bạn không có quyền xem."))
    return report


def get_commitment_owner_for(user, cell_id=None) -> tuple[Organization, Member | None]:
    """Whose commitment `user` is drafting: the cell's own when `cell_id` is given (a cell secretary),
    otherwise the member's own in their cell. The page and the API both ask here."""
    if cell_id:
        return get_organization_for(user, cell_id), None
    member = member_of(user)
    if member is None:
        raise NotAllowed(_("Chỉ đảng viên mới soạn cam kết của mình."))
    return member.cell, member


def resolutions_for_cell(cell: Organization) -> QuerySet[OfficialDocument]:
    """Issued documents a commitment of `cell` may answer: those of the cell and the committees above."""
    return OfficialDocument.objects.filter(organization_id__in=cell.ancestor_ids(), issued_on__isnull=False)


def get_commitment_links_for(
    user, cell: Organization, *, plan_id=None, resolution_id=None
) -> tuple[Plan | None, OfficialDocument | None]:
    """The plan and the resolution a new commitment of `cell` links to, read through the user's scope:
    an id that is not visible (or not of the cell's committees) reads as not found."""
    plan = get_plan_for(user, plan_id) if plan_id else None
    resolution = None
    if resolution_id:
        try:
            resolution = resolutions_for_cell(cell).get(pk=resolution_id)
        except (OfficialDocument.DoesNotExist, ValueError, TypeError):
            raise NotFound(_("Không tìm thấy nghị quyết này hoặc bạn không có quyền xem.")) from None
    return plan, resolution


def get_evidence_for(user, evidence_id) -> Evidence:
    """An evidence file of a progress report, for whoever may open the report's commitment."""
    evidence = (
        Evidence.objects.filter(pk=evidence_id).select_related("report").first()
        if str(evidence_id).isdigit()
        else None
    )
    if evidence is None:
        raise NotFound(_("Không tìm thấy tệp minh chứng này hoặc bạn không có quyền xem."))
    try:
        get_report_for(user, evidence.report_id)
    except NotFound:
        raise NotFound(_("Không tìm thấy tệp minh chứng này hoặc bạn không có quyền xem.")) from None
    return evidence
