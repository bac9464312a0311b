"""Use cases of plans and meetings: every write goes through one of these functions."""

from .attendance import attendance_locked, attendance_summary, record_attendance
from .editing import check_can_edit_meeting, check_can_edit_plan
from .grading import (
    check_can_confirm_grade,
    check_can_propose_grade,
    confirm_grade,
    propose_grade,
    template_for,
)
from .issuance import (
    attach_plan_document,
    check_can_issue_plan,
    draft_plan_document,
    issue_plan,
    plan_issue_preview,
)
from .meetings import (
    add_material,
    calendar_feed_for,
    cancel_meeting,
    check_can_add_material,
    check_can_cancel,
    check_can_publish_materials,
    check_can_schedule,
    publish_materials,
    schedule_meeting,
    update_meeting,
)
from .minutes import (
    approve_minutes,
    check_can_write_minutes,
    correct_minutes,
    current_minutes,
    draft_minutes,
    update_minutes,
)
from .plans import (
    assign_topic,
    check_can_assign_topic,
    check_can_create_plan,
    check_can_set_plan_state,
    create_plan,
    set_plan_state,
    update_plan,
)

__all__ = [
    "add_material",
    "approve_minutes",
    "assign_topic",
    "attach_plan_document",
    "attendance_locked",
    "attendance_summary",
    "calendar_feed_for",
    "cancel_meeting",
    "check_can_add_material",
    "check_can_assign_topic",
    "check_can_cancel",
    "check_can_confirm_grade",
    "check_can_create_plan",
    "check_can_edit_meeting",
    "check_can_edit_plan",
    "check_can_issue_plan",
    "check_can_propose_grade",
    "check_can_publish_materials",
    "check_can_schedule",
    "check_can_set_plan_state",
    "check_can_write_minutes",
    "confirm_grade",
    "correct_minutes",
    "create_plan",
    "current_minutes",
    "draft_minutes",
    "draft_plan_document",
    "issue_plan",
    "plan_issue_preview",
    "propose_grade",
    "publish_materials",
    "record_attendance",
    "schedule_meeting",
    "set_plan_state",
    "template_for",
    "update_meeting",
    "update_minutes",
    "update_plan",
]
