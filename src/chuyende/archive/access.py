"""Who sees which archived items: the organization tree decides (design.md rule 3).

A user sees everything inside their oversight subtrees and their own cell; from the organizations
above their cell they see what is addressed to everyone (issued documents and bound volumes), not
the minutes or papers of other cells.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuyende.common.errors import NotFound
from chuyende.orgs.access import oversight_roots
from chuyende.orgs.rules import in_any_subtree, member_of, subtree_q

from .models import ItemKind, Volume

PUBLIC_KINDS = (ItemKind.DOCUMENT, ItemKind.VOLUME)


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


def can_compile_volume(user, volume: Volume) -> bool:
    """Compiling is for those who oversee the volume's organization (its committee and above)."""
    return in_any_subtree(volume.organization.path, oversight_roots(user))
