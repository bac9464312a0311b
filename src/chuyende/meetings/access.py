"""Scoped lookups for plans and meetings: an object outside what the user may see is not found."""

from django.db.models import Q, QuerySet

from chuyende.common.errors import NotFound
from chuyende.orgs.access import oversight_roots
from chuyende.orgs.rules import member_of, subtree_q

from .enums import MeetingKind
from .models import Meeting, Plan


def meetings_for(user) -> QuerySet[Meeting]:
    """Meetings in the user's oversight subtrees, their own cell's meetings, and committee-level
    meetings of the committees above their cell."""
    condition = subtree_q(oversight_roots(user), field="organization__path")
    member = member_of(user)
    if member is not None and member.is_active:
        condition |= Q(organization_id=member.cell_id)
        condition |= Q(organization_id__in=member.cell.ancestor_ids(), kind=MeetingKind.COMMITTEE)
    return Meeting.objects.filter(condition).select_related("organization")


def get_meeting_for(user, meeting_id) -> Meeting:
    try:
        return meetings_for(user).get(pk=meeting_id)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy buổi sinh hoạt này hoặc bạn không có quyền xem.") from None


def plans_for(user) -> QuerySet[Plan]:
    """Plans of committees the user oversees, and plans of the committees above their cell
    once published."""
    condition = subtree_q(oversight_roots(user), field="organization__path")
    member = member_of(user)
    if member is not None and member.is_active:
        condition |= Q(organization_id__in=member.cell.ancestor_ids()) & ~Q(state="draft")
    return Plan.objects.filter(condition).select_related("organization")


def get_plan_for(user, plan_id) -> Plan:
    try:
        return plans_for(user).get(pk=plan_id)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy kế hoạch này hoặc bạn không có quyền xem.") from None
