"""How often each manifestation is named, per cell and overall. Papers count here; commitments
reuse `count_by_manifestation` with their own rows so both statistics have one shape."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from chuyende.orgs.models import Organization
from chuyende.orgs.rules import subtree_q

from ..enums import PaperState
from ..models import Manifestation, PositionPaper, TagSet


@dataclass
class ManifestationCount:
    manifestation: Manifestation
    total: int = 0
    by_cell: dict[int, int] = field(default_factory=dict)


def default_tag_set() -> TagSet | None:
    """The tag set statistics use when none is chosen: the first active one."""
    return TagSet.objects.filter(is_active=True).first()


def count_by_manifestation(
    through_rows: QuerySet, *, tagged: str, cell: str, tag_set: TagSet
) -> list[ManifestationCount]:
    """Counts distinct `tagged` objects per manifestation of `tag_set` and per cell (`cell` is the
    lookup of the cell id from a through-table row) in one aggregate query, plus one query for the
    manifestations. `through_rows` is a many-to-many through queryset already narrowed to what
    counts (subtree, states)."""
    rows = (
        through_rows.filter(manifestation__tag_set=tag_set)
        .values("manifestation_id", cell)
        .annotate(n=Count(tagged, distinct=True))
        .order_by()
    )
    by_manifestation: dict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        by_manifestation[row["manifestation_id"]][row[cell]] = row["n"]
    return [
        ManifestationCount(m, sum(by_manifestation[m.pk].values()), by_manifestation[m.pk])
        for m in tag_set.manifestations.order_by("order")
    ]


def manifestation_counts(
    organization: Organization, tag_set: TagSet | None = None
) -> list[ManifestationCount]:
    """For each manifestation of `tag_set` (default: the first active set), the number of papers of
    cells under `organization` that name it (drafts excluded), overall and per cell id. The counts
    come from one aggregate query."""
    tag_set = tag_set or default_tag_set()
    if tag_set is None:
        return []
    through = PositionPaper.manifestations.through
    rows = through.objects.filter(
        subtree_q([organization.path], field="positionpaper__organization__path")
    ).exclude(positionpaper__state=PaperState.DRAFT)
    return count_by_manifestation(
        rows, tagged="positionpaper_id", cell="positionpaper__organization_id", tag_set=tag_set
    )
