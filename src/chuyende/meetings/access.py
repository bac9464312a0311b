"""Scoped lookups for plans and meetings: an object outside what the user may see is not found."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuyende.common.errors import NotFound
from chuyende.orgs.access import oversight_roots
from chuyende.orgs.models.organization import PATH_SEGMENT_WIDTH
from chuyende.orgs.rules import member_of, subtree_q

from .enums import MeetingKind, PlanState
from .models import Material, Meeting, Plan, TopicAssignment
from .rules import can_manage_meeting


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
        raise NotFound(_("Không tìm thấy buổi sinh hoạt này hoặc bạn không có quyền xem.")) from None


def plans_for(user) -> QuerySet[Plan]:
    """Plans of committees the user oversees, and, once published, plans of the committees above
    their own cell or above the organizations they oversee (a cell secretary sees the plan that
    assigns their cell a topic)."""
    roots = oversight_roots(user)
    condition = subtree_q(roots, field="organization__path")
    above = {
        int(root[i : i + PATH_SEGMENT_WIDTH])
        for root in roots
        for i in range(0, len(root), PATH_SEGMENT_WIDTH)
    }
    member = member_of(user)
    if member is not None and member.is_active:
        above |= set(member.cell.ancestor_ids())
    condition |= Q(organization_id__in=above) & ~Q(state=PlanState.DRAFT)
    return Plan.objects.filter(condition).select_related("organization")


def get_plan_for(user, plan_id) -> Plan:
    try:
        return plans_for(user).get(pk=plan_id)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy kế hoạch này hoặc bạn không có quyền xem.")) from None


def get_assignment_for(user, assignment_id, *, organization) -> TopicAssignment:
    """The sub-topic `organization` (a cell) was given in a plan the user may see; used when a
    meeting or a paper is started from its assignment."""
    try:
        return organization.topic_assignments.filter(plan__in=plans_for(user)).get(pk=assignment_id)
    except (TopicAssignment.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy phân công chuyên đề này hoặc bạn không có quyền xem.")) from None


def get_material_for(user, material_id) -> Material:
    """A meeting's material for whoever may open the meeting: once published, or before that for
    those who manage the meeting (they prepare it)."""
    message = _("Không tìm thấy tài liệu này hoặc bạn không có quyền xem.")
    material = Material.objects.filter(pk=material_id).first() if str(material_id).isdigit() else None
    if material is None:
        raise NotFound(message)
    try:
        meeting = get_meeting_for(user, material.meeting_id)
    except NotFound:
        raise NotFound(message) from None
    if meeting.materials_published_at is None and not can_manage_meeting(user, meeting.organization):
        raise NotFound(_("Tài liệu chưa được phát hành."))
    material.meeting = meeting
    return material
