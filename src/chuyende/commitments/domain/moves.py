"""Following a member who changes cell. Registered into `orgs.domain.members.MEMBER_MOVED_HANDLERS`
by `CommitmentsConfig.ready()` (orgs may not import commitments; no signals for core workflow)."""

from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.orgs.domain.organizations import audit_partition
from chuyende.orgs.models import Member, Organization

from ..models import Commitment, CommitmentItem, ProgressCounter
from .counters import counted, shift


def follow_member_move(*, member: Member, old_cell: Organization, new_cell: Organization, actor) -> None:
    """Moves the member's own commitments to `new_cell`: their `cell` and the denormalized
    `cell_path` on the commitments and on every item, and shifts the roll-up counters of approved
    items from the old branch of the tree to the new one. Writes one audit entry per commitment.
    Runs inside the caller's transaction. Items the member is responsible for in the old cell's
    own commitments stay with that cell (they are the cell's)."""
    commitments = list(
        Commitment.objects.select_for_update().filter(owner_member=member).exclude(cell=new_cell)
    )
    if not commitments:
        return
    ids = [c.pk for c in commitments]
    items = list(CommitmentItem.objects.filter(commitment_id__in=ids).select_related("commitment"))
    before = [counted(item) for item in items]
    Commitment.objects.filter(pk__in=ids).update(cell=new_cell, cell_path=new_cell.path)
    CommitmentItem.objects.filter(commitment_id__in=ids).update(cell_path=new_cell.path)
    for item in items:
        item.cell_path = new_cell.path
    shift(zip(before, [counted(item) for item in items], strict=True))
    for commitment in commitments:
        audit.record("commitment.move", commitment, actor=actor, partition=audit_partition(new_cell),
                     changes={"cell": [old_cell.pk, new_cell.pk], "member": member.pk})  # fmt: skip


def refuse_subtree_move(organization: Organization) -> str | None:
    """Registered into `orgs.domain.organizations.ORGANIZATION_MOVE_GUARDS`: commitments and the
    roll-up counters carry the paths of their cells, so a subtree that has any stays in place."""
    prefix = organization.path
    if (
        Commitment.objects.filter(cell_path__startswith=prefix).exists()
        or ProgressCounter.objects.filter(org_path__startswith=prefix).exists()
    ):
        return _(
            "%(organization)s đã có cam kết khắc phục được tổng hợp theo cây tổ chức; không chuyển được."
        ) % {"organization": organization.name}
    return None
