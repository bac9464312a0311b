"""What a recorded revision changed: the item snapshots before and after, compared by item id.
Pure functions over `CommitmentRevision.before/after`; nothing is read or written."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

FIELD_LABELS = {
    "shortcoming": _("Hạn chế, khuyết điểm"),
    "manifestation_codes": _("Biểu hiện"),
    "remedy": _("Biện pháp khắc phục"),
    "sign_of_done": _("Kết quả đo được"),
    "deadline": _("Thời hạn"),
    "responsible": _("Người chịu trách nhiệm"),
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ItemChange:
    kind: str  # "added", "withdrawn" or "changed"
    shortcoming: str
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str({"added": _("Thêm"), "withdrawn": _("Rút"), "changed": _("Sửa")}[self.kind])


def _show(name: str, value, names: dict[int, str]) -> str:
    if value in (None, "", []):
        return "—"
    if name == "deadline":
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if name == "manifestation_codes":
        return ", ".join(value)
    if name == "responsible":
        return names.get(value, f"#{value}")
    return str(value)


def revision_changes(
    before: list[dict], after: list[dict], names: dict[int, str] | None = None
) -> list[ItemChange]:
    """Items added, withdrawn and changed (field by field, old → new) between two snapshots, in
    the order of `after`. `names` maps member ids to names for the responsible person."""
    names = names or {}
    old = {row["id"]: row for row in before}
    changes = []
    for row in after:
        previous = old.get(row["id"])
        if row.get("withdrawn"):
            if previous is not None and not previous.get("withdrawn"):
                changes.append(ItemChange("withdrawn", row["shortcoming"]))
            continue
        if previous is None or previous.get("withdrawn"):
            changes.append(ItemChange("added", row["shortcoming"]))
            continue
        fields = [
            FieldChange(str(label), _show(name, previous.get(name), names), _show(name, row.get(name), names))
            for name, label in FIELD_LABELS.items()
            if previous.get(name) != row.get(name)
        ]
        if fields:
            changes.append(ItemChange("changed", row["shortcoming"], fields))
    return changes
