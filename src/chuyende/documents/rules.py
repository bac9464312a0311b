"""Permission predicates and scoped lookups for official documents.

Managers (secretaries, deputies, standing members, office staff) of the issuing organization, or of
one above it, write: create, edit, issue, withdraw, disseminate, prepare reminders. Those who
oversee the issuing organization read its issued documents and the roll-up. A plain member reads
what was disseminated to them and acknowledges it for themselves only. Drafts stay with managers.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuyende.common.actors import SystemActor
from chuyende.common.errors import NotFound
from chuyende.orgs.access import oversight_roots
from chuyende.orgs.enums import MANAGING_ROLES
from chuyende.orgs.models import Member, Organization
from chuyende.orgs.rules import (
    can_manage_organization,
    can_oversee_organization,
    member_of,
    role_paths,
    subtree_q,
)

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


def rollup_roots(user, document: OfficialDocument) -> list[str]:
    """Subtrees of the audience whose acknowledgement figures `user` may see: the whole issuing
    organization for those who oversee it, otherwise the subtrees (e.g. a cell) they oversee."""
    if can_oversee_organization(user, document.organization):
        return [document.organization.path]
    return [root for root in oversight_roots(user) if root.startswith(document.organization.path)]


def documents_for(user) -> QuerySet[OfficialDocument]:
    """Documents `user` may open: all of the organizations they manage, issued ones of those they
    oversee, and those disseminated to them."""
    if getattr(user, "is_superuser", False):
        return OfficialDocument.objects.all()
    condition = subtree_q(role_paths(user, MANAGING_ROLES), field="organization__path")
    published = subtree_q(oversight_roots(user), field="organization__path")
    member = member_of(user)
    if member is not None:
        published |= Q(pk__in=Recipient.objects.filter(member=member).values("document_id"))
    condition |= published & ~Q(state=DocumentState.DRAFT)
    return OfficialDocument.objects.filter(condition)


def get_document_for(user, document_id) -> OfficialDocument:
    try:
        return (
            documents_for(user)
            .select_related("organization", "document_type", "term", "signer")
            .get(pk=document_id)
        )
    except (OfficialDocument.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy văn bản này hoặc bạn không có quyền xem.")) from None
