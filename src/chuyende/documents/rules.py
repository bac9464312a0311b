"""Permission predicates for official documents (the scoped lookups are `documents.access`).

Managers (secretaries, deputies, standing members, office staff) of the issuing organization, or of
one above it, write: create, edit, issue, withdraw, disseminate, prepare reminders. Those who
oversee the issuing organization read its issued documents and the roll-up. A plain member reads
what was disseminated to them and acknowledges it for themselves only. Drafts stay with managers.
"""

from chuyende.common.actors import SystemActor
from chuyende.orgs.models import Member, Organization
from chuyende.orgs.rules import can_manage_organization, can_oversee_organization, member_of

from .enums import DocumentState
from .models import OfficialDocument, Recipient


def can_manage_documents(user, organization: Organization) -> bool:
    return can_manage_organization(user, organization)


def is_recipient(user, document: OfficialDocument) -> bool:
    member = member_of(user)
    return member is not None and Recipient.objects.filter(document=document, member=member).exists()


def can_view_document(user, document: OfficialDocument) -> bool:
    if can_manage_documents(user, document.organization):
        return True
    if document.state == DocumentState.DRAFT:
        return False
    return can_oversee_organization(user, document.organization) or is_recipient(user, document)


def can_acknowledge(user, member: Member) -> bool:
    """Only the member themselves acknowledges: nobody studies a document on someone else's behalf."""
    if isinstance(user, SystemActor):  # the demo, or an import of a paper sign-off sheet
        return True
    own = member_of(user)
    return own is not None and own.pk == member.pk
