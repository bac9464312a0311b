"""Scoped lookups of consultations: out of scope and missing are both "not found"."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuyende.common.errors import NotAllowed, NotFound
from chuyende.orgs.access import oversight_roots
from chuyende.orgs.rules import member_of, subtree_q

from .models import Comment, Consultation, Draft, DraftVersion
from .rules import can_handle_comments


def consultations_for(user) -> QuerySet[Consultation]:
    """Consultations the user oversees, plus those whose audience includes them."""
    condition = subtree_q(oversight_roots(user), field="organization__path")
    member = member_of(user)
    if member is not None and member.is_active:
        condition |= Q(audience_organizations__path__in=member.cell.ancestor_paths())
        condition |= Q(audience_members=member)
    ids = Consultation.objects.filter(condition).values("pk")
    return Consultation.objects.filter(pk__in=ids).select_related("organization", "version__draft")


def consultation_not_found() -> NotFound:
    """The one answer, page and API, for a consultation that is missing or outside what the user
    may see: the two must not be told apart (same status, same words)."""
    return NotFound(_("Không tìm thấy đợt lấy ý kiến này hoặc bạn không có quyền xem."))


def get_consultation_for(user, consultation_id) -> Consultation:
    try:
        return consultations_for(user).get(pk=consultation_id)
    except (Consultation.DoesNotExist, ValueError, TypeError):
        raise consultation_not_found() from None


def can_see_consultation(user, consultation: Consultation) -> bool:
    """Whether `get_consultation_for` would find it: the same query, so the two never disagree."""
    return consultations_for(user).filter(pk=consultation.pk).exists()


def get_office_consultation_for(user, consultation_id) -> Consultation:
    """A consultation whose comments `user` handles (the office). One answer for page and API: not
    visible → not found (404); visible but not the office → refused with the reason (403)."""
    consultation = get_consultation_for(user, consultation_id)
    if not can_handle_comments(user, consultation):
        raise NotAllowed(_("Chỉ văn phòng của tổ chức mới xem và xử lý toàn bộ ý kiến."))
    return consultation


def drafts_for(user) -> QuerySet[Draft]:
    return Draft.objects.filter(subtree_q(oversight_roots(user), field="organization__path"))


def get_draft_for(user, draft_id) -> Draft:
    try:
        return drafts_for(user).select_related("organization").get(pk=draft_id)
    except (Draft.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy dự thảo này hoặc bạn không có quyền xem.")) from None


def get_version_for(user, version_id) -> DraftVersion:
    """A version of a draft the user may see (`drafts_for`): missing and hidden are one answer."""
    try:
        return DraftVersion.objects.select_related("draft__organization").get(
            pk=version_id, draft__in=drafts_for(user)
        )
    except (DraftVersion.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy phiên bản này.")) from None


def get_own_comment(user, comment_id) -> Comment:
    """A comment the user submitted (members edit or withdraw only their own)."""
    try:
        return Comment.objects.select_related("consultation").get(pk=comment_id, author=user)
    except (Comment.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy ý kiến này.")) from None


def get_group_of(consultation: Consultation, group_id):
    """A group of this consultation (the caller has checked the office's right to it)."""
    from .models import CommentGroup

    try:
        return CommentGroup.objects.select_related("consultation").get(pk=group_id, consultation=consultation)
    except (CommentGroup.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy nhóm ý kiến này.")) from None


def get_comment_of(consultation: Consultation, comment_id) -> Comment:
    """A comment of this consultation (the caller has checked the office's right to it)."""
    try:
        return Comment.objects.select_related("consultation").get(pk=comment_id, consultation=consultation)
    except (Comment.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy ý kiến này.")) from None
