"""Who sees which archived items: the organization tree decides (design.md rule 3).

A user sees everything inside their oversight subtrees and their own cell; from the organizations
above their cell they see what is addressed to everyone (issued documents and bound volumes), not
the minutes or papers of other cells.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuyende.common.errors import DomainError, NotAllowed, NotFound
from chuyende.common.limits import MAX_ID, MAX_YEAR, MIN_YEAR
from chuyende.orgs.access import oversight_roots
from chuyende.orgs.rules import member_of, subtree_q

from .enums import PUBLIC_KINDS, BuildStatus, ItemKind
from .models import SearchEntry, Volume, VolumeBuild
from .rules import can_compose_volume


def archive_scope(user, *, path_field: str = "organization_path", org_field: str = "organization") -> Q:
    """A Q on a model with an organization path (SearchEntry) limiting it to `user`'s scope."""
    roots = list(oversight_roots(user))
    member = member_of(user)
    condition = Q(pk__in=[])
    if member is not None:
        roots.append(member.cell.path)
        condition = Q(**{f"{org_field}_id__in": member.cell.ancestor_ids(), "kind__in": PUBLIC_KINDS})
    return subtree_q(roots, field=path_field) | condition


def volumes_for(user) -> QuerySet[Volume]:
    """Volumes of the organizations the user oversees, and those of their cell's committees
    (volumes are addressed to everyone below, like issued documents)."""
    condition = subtree_q(oversight_roots(user), field="organization__path")
    member = member_of(user)
    if member is not None:
        condition |= subtree_q([member.cell.path], field="organization__path")
        condition |= Q(organization_id__in=member.cell.ancestor_ids())
    return Volume.objects.filter(condition).select_related("organization", "plan")


def get_volume_for(user, volume_id) -> Volume:
    try:
        return volumes_for(user).get(pk=volume_id)
    except (Volume.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy tập tham luận này hoặc bạn không có quyền xem.")) from None


def get_build_for(user, build_id, *, done: bool = False) -> VolumeBuild:
    """A build (progress, files) of a volume the user sees, as the volume page shows it; `done`:
    only a finished one. Missing, hidden and unfinished are one answer."""
    builds = VolumeBuild.objects.filter(volume__in=volumes_for(user).values("pk"))
    builds = builds.filter(status=BuildStatus.DONE) if done else builds.defer("pdf", "docx")
    try:
        return builds.get(pk=build_id)
    except (VolumeBuild.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy lần biên soạn này hoặc bạn không có quyền xem.")) from None


def get_composable_volume_for(user, volume_id) -> Volume:
    """A volume `user` composes (the office). One answer for page and API: not visible → not found
    (404); visible but not the office → refused with the reason (403)."""
    volume = get_volume_for(user, volume_id)
    if not can_compose_volume(user, volume.organization):
        raise NotAllowed(_("Chỉ văn phòng của tổ chức mới biên tập tập tham luận."))
    return volume


@dataclass(frozen=True)
class ArchiveFilters:
    """The filters of the archive listing; None means "all"."""

    year: int | None = None
    kind: str | None = None
    organization: int | None = None


def _whole_number(value, low: int, high: int, message: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise DomainError(message) from None
    if not low <= number <= high:
        raise DomainError(message)
    return number


def archive_filters(*, year=None, kind=None, organization=None) -> ArchiveFilters:
    """The listing's filters from a query string (the page) or typed parameters (the API) alike:
    empty means no filter; anything else must be a year in range, a known kind of item and an
    organization id, or the listing is refused with a Vietnamese message naming the bad value."""
    kind = kind.strip() if isinstance(kind, str) else kind
    if kind and kind not in ItemKind.values:
        raise DomainError(_("Không có loại tài liệu “%(kind)s” trong lưu trữ.") % {"kind": kind})
    return ArchiveFilters(
        year=_whole_number(
            year, MIN_YEAR, MAX_YEAR,
            _("Năm phải là một số từ %(low)s đến %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR},
        ),
        kind=kind or None,
        organization=_whole_number(organization, 1, MAX_ID, _("Mã tổ chức không hợp lệ.")),
    )  # fmt: skip


def archive_items_for(user, filters: ArchiveFilters = ArchiveFilters()) -> QuerySet[SearchEntry]:
    """Archived items `user` may see, one row per item (its first paragraph carries the item's
    title, year and link), filtered and in the listing's order: newest year first, then kind and
    title. The archive page and GET /api/archive/items both list through this."""
    rows = SearchEntry.objects.filter(archive_scope(user), position=0)
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.organization:
        rows = rows.filter(organization_id=filters.organization)
    return rows.order_by("-year", "kind", "title", "item_key")
