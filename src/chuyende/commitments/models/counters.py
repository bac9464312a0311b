from django.db import models

from ..enums import Phase


class ProgressCounter(models.Model):
    """Pre-aggregated items of approved commitments, per organization (a cell and every
    committee above it), deadline and phase. Maintained by `domain.counters` in the same
    transaction as each item change; rebuildable from the items at any time.

    A roll-up of a node reads the rows of its children (depth + 1, path range): at most
    children × distinct deadlines × 3 rows whatever the number of members and items, and the
    day-dependent statuses (overdue, due soon) come from comparing `deadline` with today.

    Two granularities keep that read small: a MONTH row (deadline = first day of the month) for
    every item, and a DAY row for open items only. Totals, done and verified come from month rows;
    overdue is "open month rows before this month + open day rows of this month before today";
    due soon reads day rows of the next two weeks. A province then reads ~children × 40 rows.
    """

    MONTH = "M"
    DAY = "D"

    org_path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    bucket = models.CharField(max_length=1)
    deadline = models.DateField()
    phase = models.CharField(max_length=10, choices=Phase.choices)
    items = models.IntegerField(default=0)
    percent_sum = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org_path", "bucket", "deadline", "phase"], name="counter_unique_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["depth", "org_path", "bucket", "deadline", "phase", "items", "percent_sum"],
                name="counter_rollup_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_path} {self.bucket}{self.deadline} {self.phase}: {self.items}"
