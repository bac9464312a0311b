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


def peek_number_symbol(*, organization: Organization, document_type: DocumentType, term: Term) -> str:
    """What the next issue in this series would print ("02-KH/ĐU"), for the confirmation before
    issuing. A reading only: `allocate_number` takes the number when the document is issued, so a
    concurrent issue may still take it first (the issued number is the one the register gives)."""
    from chuyende.documents.rendering.model import format_number_symbol

    last = (
        NumberSeries.objects.filter(organization=organization, document_type=document_type, term=term)
        .values_list("last_number", flat=True)
        .first()
    )
    return format_number_symbol((last or 0) + 1, document_type.code, organization.body_code)


def next_number_symbol(document) -> str:
    """`peek_number_symbol` for a draft document."""
    return peek_number_symbol(
        organization=document.organization, document_type=document.document_type, term=document.term
    )
