import threading

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction

from chuyende.common.actors import SYSTEM
from chuyende.documents.domain import allocate_number, issue_document
from chuyende.documents.models import DocumentType, OfficialDocument
from chuyende.orgs.enums import Role
from tests import factories as f

from .helpers import ISSUED_ON, draft, ensure_document_types, term_for


def test_allocate_number_outside_a_transaction_is_refused(transactional_db):
    ensure_document_types()
    committee = f.organization()
    with pytest.raises(RuntimeError):
        allocate_number(
            organization=committee,
            document_type=DocumentType.objects.get(code="NQ"),
            term=term_for(committee),
        )


@pytest.mark.django_db
def test_unique_constraint_refuses_a_duplicate_number():
    committee = f.organization()
    term = term_for(committee)
    first, second = draft(committee, term, "NQ"), draft(committee, term, "NQ")
    OfficialDocument.objects.filter(pk=first.pk).update(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficialDocument.objects.filter(pk=second.pk).update(number=1)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_issuing_gives_gap_free_unique_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks across connections)")
    ensure_document_types()
    committee = f.organization(body_code="ĐU")
    term = term_for(committee)
    signer = f.member(f.cell(committee))
    f.role(f.user(member=signer), committee, Role.SECRETARY)
    documents = [draft(committee, term, "NQ") for _ in range(20)]
    barrier = threading.Barrier(5)
    errors: list[BaseException] = []

    def worker(chunk):
        try:
            barrier.wait()
            for document in chunk:
                issue_document(actor=SYSTEM, document=document, issued_on=ISSUED_ON, signer=signer)
        except BaseException as error:  # reported below, in the main thread
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(documents[i::5],)) for i in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(OfficialDocument.objects.filter(organization=committee).values_list("number", flat=True))
    assert numbers == list(range(1, 21))
    symbols = set(
        OfficialDocument.objects.filter(organization=committee).values_list("number_symbol", flat=True)
    )
    assert "05-NQ/ĐU" in symbols and len(symbols) == 20
