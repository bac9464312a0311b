"""Which official documents a user may open, and which acknowledgement figures they may see: the
scoped lookups (`get_*_for`) of documents. The predicates are in `documents.rules`."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuyende.common.errors import NotFound
from chuyende.orgs.access import oversight_roots
from chuyende.orgs.enums import MANAGING_ROLES
from chuyende.orgs.models import Organization
from chuyende.orgs.rules import can_oversee_organization, member_of, role_paths, subtree_q

from .enums import DocumentState
from .models import OfficialDocument, Recipient


def rollup_roots(user, document: OfficialDocument) -> list[str]:
    """Subtrees of the audience whose acknowledgement figures `user` may see: the whole issuing
    organization for those who oversee it, otherwise the subtrees (e.g. a cell) they oversee."""
    if can_oversee_organization(user, document.organization):
        return [document.organization.path]
    return [root for root in oversight_roots(user) if root.startswith(document.organization.path)]


def rollup_scope(user, document: OfficialDocument, organization_id: int | None = None) -> list[str]:
    """The subtrees whose acknowledgement roll-up `user` asks for: the roots they may see
    (`rollup_roots`), or — drilling down — one organization inside one of those roots. An
    organization outside them is refused as not found (its existence is not revealed)."""
    roots = rollup_roots(user, document)
    if organization_id is None:
        return roots
    path = (
        Organization.objects.filter(pk=organization_id).values_list("path", flat=True).first()
        if isinstance(organization_id, int) and 0 < organization_id < 2**63
        else None
    )
    if path is None or not any(path.startswith(root) for root in roots):
        raise NotFound(_("Không tìm thấy tổ chức này hoặc bạn không theo dõi tổ chức này."))
    return [path]


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
