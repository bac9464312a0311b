"""Who sees which archived items: the organization tree decides (design.md rule 3).

A user sees everything inside their oversight subtrees and their own cell; from the organizations
above their cell they see what is addressed to everyone (issued documents and bound volumes), not
the minutes or papers of other cells.
"""

from django.db.models import Q

from chuyende.orgs.access import oversight_roots
from chuyende.orgs.rules import member_of, subtree_q

from .models import ItemKind

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
