"""Permission predicates of the archive. Which rows a user may see is `archive.access`."""

from chuyende.orgs.access import oversight_roots
from chuyende.orgs.models import Organization
from chuyende.orgs.rules import can_manage_organization, in_any_subtree

from .models import Volume


def can_compile_volume(user, volume: Volume) -> bool:
    """Compiling is for those who oversee the volume's organization (its committee and above)."""
    return in_any_subtree(volume.organization.path, oversight_roots(user))


def can_compose_volume(user, organization: Organization) -> bool:
    """Creating a volume and choosing its contents is for who manages the organization."""
    return can_manage_organization(user, organization)
