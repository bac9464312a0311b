"""Composing a bound volume: the office picks and orders what goes in (plan, resolution, papers,
comment-handling report, minutes, commitments summary). Each item follows the latest final
version of what it names unless pinned (see `archive.sources.get_item`)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.consultations.models import Consultation
from chuyende.documents.enums import DocumentState
from chuyende.documents.models import OfficialDocument
from chuyende.meetings.enums import MinutesState
from chuyende.meetings.models import Minutes
from chuyende.orgs.models import Organization
from chuyende.orgs.rules import subtree_q
from chuyende.papers.models import PositionPaper

from ..indexing import index_item
from ..models import Volume
from ..rules import can_compose_volume
from ..sources import PIN, get_item
from .volumes import _ensure_open, audit_partition, check_keys, create_volume


@dataclass(frozen=True)
class Candidate:
    """Something that may be bound: `key` follows the latest final version; `pinned_key` names
    the version as it is now (empty when following and pinning are the same thing)."""

    group: str
    key: str
    title: str
    pinned_key: str = ""
    pinned_label: str = ""


def candidates(organization: Organization, year: int) -> list[Candidate]:
    """What the organization's volume may contain, by group, newest records only (a replaced
    document or corrected minutes are reached through the record they replaced)."""
    within = subtree_q([organization.path], field="organization__path")
    rows: list[Candidate] = []
    documents = (
        OfficialDocument.objects.filter(within, state=DocumentState.ISSUED, replaced_by__isnull=True)
        .select_related("document_type")
        .order_by("issued_on", "pk")
    )
    for d in documents:
        group = {"KH": _("Kế hoạch"), "NQ": _("Nghị quyết")}.get(d.document_type.code, _("Văn bản"))
        rows.append(Candidate(group, f"document:{d.pk}", f"{d.document_type.name} {d.number_symbol} — {d.summary}",
                              f"document:{d.pk}{PIN}", _("giữ bản này")))  # fmt: skip
    papers = PositionPaper.objects.filter(within, current_version__isnull=False).select_related(
        "organization", "current_version"
    )
    for p in papers.order_by("organization__path", "pk"):
        version = p.current_version
        assert version is not None  # filtered: current_version__isnull=False
        rows.append(Candidate(_("Bài tham luận"), f"paperof:{p.pk}", f"{version.title} — {p.organization.name}",
                              f"paper:{version.pk}", _("giữ bản %(n)s") % {"n": version.number}))  # fmt: skip
    for c in Consultation.objects.filter(organization=organization).order_by("opens_at", "pk"):
        rows.append(Candidate(_("Tiếp thu, giải trình"), f"consultation:{c.pk}", c.title))
    minutes = (
        Minutes.objects.filter(
            subtree_q([organization.path], field="meeting__organization__path"),
            state=MinutesState.APPROVED, corrected_by__isnull=True,
        ).select_related("meeting__organization").order_by("meeting__starts_at", "pk")
    )  # fmt: skip
    for m in minutes:
        rows.append(Candidate(_("Biên bản"), f"minutes:{m.pk}", f"{m.meeting.title} — {m.meeting.organization.name}",
                              f"minutes:{m.pk}{PIN}", _("giữ bản này")))  # fmt: skip
    cells = Organization.objects.filter(subtree_q([organization.path]), kind="cell").order_by("path")
    for cell in cells:
        rows.append(Candidate(_("Tổng hợp cam kết"), f"commitments:{cell.pk}:{year}",
                              _("Tổng hợp cam kết khắc phục %(year)s: %(cell)s") % {"year": year, "cell": cell.name}))  # fmt: skip
    return rows


def compose_volume(*, actor, volume: Volume, item_keys: list[str], title: str, preface: str) -> Volume:
    """Sets the title, preface and the ordered items of a volume; the next compile binds them."""
    if not can_compose_volume(actor, volume.organization):
        raise NotAllowed(_("Chỉ văn phòng của tổ chức mới biên tập tập tham luận."))
    _ensure_open(volume)
    if not title.strip():
        raise DomainError(_("Tập tham luận phải có tên."))
    check_keys(volume.organization, item_keys)
    with transaction.atomic():
        before = {"item_keys": volume.item_keys, "title": volume.title, "preface": volume.preface}
        volume.item_keys, volume.title, volume.preface = list(item_keys), title.strip(), preface.strip()
        volume.save(update_fields=["item_keys", "title", "preface"])
        audit.record(
            "archive.volume_composed", volume, actor=actor, partition=audit_partition(volume.organization),
            changes=audit.diff(volume, before, ["item_keys", "title", "preface"]),
        )  # fmt: skip
    index_item(get_item(f"volume:{volume.pk}"))
    return volume


def new_volume(*, actor, organization: Organization, title: str, year: int) -> Volume:
    """An empty volume of `organization` for `year`, to be composed."""
    return create_volume(actor=actor, organization=organization, title=title, year=year)
