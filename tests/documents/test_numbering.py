import threading
import time

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


def _race_on_sqlite(transaction_mode: str, threads: int = 4, each: int = 5):
    """`threads` connections allocate `each` numbers of one series at the same moment, each
    keeping its issuing transaction open a little after taking the number (as issuing does while
    it renders and saves). Returns (numbers handed out, errors)."""
    ensure_document_types()
    committee = f.organization(body_code="ĐU")
    term = term_for(committee)
    document_type = DocumentType.objects.get(code="NQ")
    options = connection.settings_dict["OPTIONS"]
    saved = options.get("transaction_mode")
    options["transaction_mode"] = transaction_mode  # read by each thread's new connection
    barrier = threading.Barrier(threads)
    numbers: list[int] = []
    errors: list[BaseException] = []

    def worker():
        try:
            barrier.wait()
            for _ in range(each):
                with transaction.atomic():
                    number = allocate_number(organization=committee, document_type=document_type, term=term)
                    time.sleep(0.01)
                numbers.append(number)
        except BaseException as error:  # reported by the caller, in the main thread
            errors.append(error)
        finally:
            connection.close()

    try:
        workers = [threading.Thread(target=worker) for _ in range(threads)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
    finally:
        options["transaction_mode"] = saved
    return numbers, errors


@pytest.mark.sqlite_file
@pytest.mark.django_db(transaction=True)
def test_sqlite_register_never_hands_out_a_number_twice():
    """On SQLite `select_for_update` is a no-op: the register's lock is the IMMEDIATE transaction
    (settings: OPTIONS transaction_mode), which takes the write lock before the series is read."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite lock; PostgreSQL's row lock is tested above")
    assert not connection.is_in_memory_db(), "needs a file database (the sqlite_file marker)"
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    numbers, errors = _race_on_sqlite("IMMEDIATE")
    assert errors == []
    assert sorted(numbers) == list(range(1, 21))


@pytest.mark.sqlite_file
@pytest.mark.django_db(transaction=True)
def test_the_race_above_is_lost_without_the_immediate_transaction():
    """The control that shows the test above would notice: with DEFERRED transactions two issuers
    read the same last number and one of them fails (or, worse, both take it)."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite lock")
    numbers, errors = _race_on_sqlite("DEFERRED")
    assert errors or len(set(numbers)) < len(numbers)
