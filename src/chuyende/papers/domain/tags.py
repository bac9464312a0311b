"""Looking up manifestation tags by their codes (API payloads, demo data)."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from chuyende.common.errors import DomainError

from ..models import Manifestation


def manifestations_by_code(codes: Iterable[str]) -> list[Manifestation]:
    """The manifestations of the active tag sets with these codes, in the order given (duplicates
    dropped). Refuses the whole list when a code is unknown. Changes nothing."""
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return []
    found = {m.code: m for m in Manifestation.objects.filter(code__in=wanted, tag_set__is_active=True)}
    if len(found) != len(wanted):
        missing = ", ".join(c for c in wanted if c not in found)
        raise DomainError(_("Có mã biểu hiện không tồn tại: %(missing)s.") % {"missing": missing})
    return [found[c] for c in wanted]
