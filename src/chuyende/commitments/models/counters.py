from django.db import models

from ..enums import Phase


class ProgressCounter(models.Model):
    """Pre-aggregated items of approved commitments, per organization (a cell and every
    committee above it), deadline and phase. Maintained by `domain.counters` in the same
    transaction as each item change; rebuildable from the items at any time.

    A roll-up of a node reads the rows of its children (depth + 1, path range): at most
    children × distinct deadlines × 3 rows whatever the number of members and items, and the
    day-dependent statuses (overdue, due soon) come from comparing `deadline` with today.
    """

    org_path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    deadline = models.DateField()
    phase = models.CharField(max_length=10, choices=Phase.choices)
    items = models.IntegerField(default=0)
    percent_sum = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org_path", "deadline", "phase"], name="counter_unique_key")
        ]
        indexes = [
            models.Index(
                fields=["depth", "org_path", "phase", "deadline", "items", "percent_sum"],
                name="counter_rollup_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_path} {self.deadline} {self.phase}: {self.items}"
