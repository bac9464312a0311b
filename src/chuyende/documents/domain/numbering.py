from django.db import transaction

from chuyende.orgs.models import Organization, Term

from ..models import DocumentType, NumberSeries


def allocate_number(*, organization: Organization, document_type: DocumentType, term: Term) -> int:
    """Hands out the next number of the series organization × type × term (01, 02, …).

    Must run inside the issuing transaction: the series row stays locked until it commits, so a
    concurrent issuer of the same series waits and then gets the next number, and a rolled-back
    issue gives its number back — the register has no gaps. Other series are not blocked.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_number must run inside the issuing transaction")
    # get_or_create survives two first issuers racing: the loser's INSERT hits the unique
    # constraint inside a savepoint and it reads the winner's row instead.
    NumberSeries.objects.get_or_create(organization=organization, document_type=document_type, term=term)
    series = NumberSeries.objects.select_for_update().get(
        organization=organization, document_type=document_type, term=term
    )
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number
