"""Shared builders for document tests: a world with a term, and documents made through the domain."""

from datetime import date

from chuyende.common.actors import SYSTEM
from chuyende.documents.domain import create_document, disseminate, issue_document
from chuyende.documents.enums import Audience
from chuyende.documents.models import DocumentType
from chuyende.orgs.domain import create_term

ISSUED_ON = date(2016, 12, 5)


def term_for(organization, name="Nhiệm kỳ 2015 – 2020"):
    return create_term(
        actor=SYSTEM,
        organization=organization,
        name=name,
        starts_on=date(2015, 6, 1),
        ends_on=date(2020, 6, 30),
    )


def draft(organization, term, code="KH", *, actor=SYSTEM, summary="tổ chức sinh hoạt chuyên đề", **fields):
    return create_document(
        actor=actor,
        organization=organization,
        document_type=DocumentType.objects.get(code=code),
        term=term,
        summary=summary,
        **fields,
    )


def issued(organization, term, signer, code="KH", *, actor=SYSTEM, **fields):
    return issue_document(
        actor=actor, document=draft(organization, term, code, **fields), issued_on=ISSUED_ON, signer=signer
    )


def sent_to_subtree(document, actor=SYSTEM):
    return disseminate(actor=actor, document=document, audience=Audience.SUBTREE)


def ensure_document_types():
    """Transactional tests flush the tables, data-migration rows included: load them again."""
    from importlib import import_module

    from django.apps import apps

    import_module("chuyende.documents.migrations.0002_load_document_types").load(apps, None)


def login(client, world, role):
    """Logs the test client in as the world's user with `role`; returns the client."""
    client.force_login(world.users[role])
    return client
