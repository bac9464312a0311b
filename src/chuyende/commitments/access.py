"""Scoped lookups of commitments: out of scope reads exactly like a missing id."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuyende.common.errors import NotFound
from chuyende.orgs.access import oversight_roots
from chuyende.orgs.rules import member_of, subtree_q

from .models import Commitment, CommitmentItem, ProgressReport


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
