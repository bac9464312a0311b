"""How often each manifestation is named in the commitments of a subtree: the papers'
statistics shape (`papers.domain.statistics`), counted over commitment items."""

from chuyende.orgs.models import Organization
from chuyende.orgs.rules import subtree_q
from chuyende.papers.domain.statistics import ManifestationCount, count_by_manifestation, default_tag_set
from chuyende.papers.models import TagSet

from ..enums import CommitmentState
from ..models import CommitmentItem


def manifestation_counts(
    organization: Organization, tag_set: TagSet | None = None
) -> list[ManifestationCount]:
    """For each manifestation of `tag_set` (default: the first active set), the number of items of
    approved commitments under `organization` that name it (withdrawn items excluded), overall and
    per cell id. One aggregate query over the denormalized `cell_path`. Changes nothing."""
    tag_set = tag_set or default_tag_set()
    if tag_set is None:
        return []
    rows = CommitmentItem.manifestations.through.objects.filter(
        subtree_q([organization.path], field="commitmentitem__cell_path"),
        commitmentitem__withdrawn=False,
        commitmentitem__commitment__state=CommitmentState.APPROVED,
    )
    return count_by_manifestation(
        rows, tagged="commitmentitem_id", cell="commitmentitem__commitment__cell_id", tag_set=tag_set
    )
