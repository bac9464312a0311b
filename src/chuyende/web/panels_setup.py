"""The first lines of "Việc cần làm tiếp theo" for an office that starts from nothing (found by the
newcomer's walk: the administrator signed in to an empty database and the home page was blank).

The site administrator is led through the set-up, one step at a time and each with its page: the
organization tree, then for the first committees that have cells (before any cell: the top-level
ones) their members, the secretary (the signer of
every paper), the term (document numbers restart in each term) and the members' logins. A leader
or clerk who manages a committee is shown the same steps for their committees (but not the
logins, which stay a list on the accounts page) and, once the committee is set up, "write the
plan" while the committee has no plan in progress. Bounded: one query for a few committees and
what each lacks (the administrator: one more per committee, for the logins not yet activated)."""

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chuyende.meetings.enums import PlanState
from chuyende.meetings.models import Plan
from chuyende.meetings.rules import can_manage_plan
from chuyende.orgs.domain.accounts import pending_q
from chuyende.orgs.enums import MANAGING_ROLES, OrganizationKind, Role
from chuyende.orgs.models import Member, Organization, RoleAssignment, Term
from chuyende.orgs.rules import held_roles, in_force_q

EACH = 3  # committees looked at
MakeTask = Callable[[str, str, str], Any]  # (text, url, action) → one line of the panel


def _committees(user) -> list[Any]:  # Organizations with the has_* annotations
    """The top-level committees (superuser) or the committees the user manages, each with what
    its set-up still lacks — one query, whatever the size of the tree."""
    if user.is_superuser:
        # The committees whose cells hold the sessions (the first few of the tree): a superior
        # kept only as the top of the tree (the demo's "Đảng bộ Khối") is not asked for a secretary.
        # Before any cell exists, the top-level committees.
        committees = Organization.objects.filter(kind=OrganizationKind.COMMITTEE, is_active=True)
        with_cells = committees.filter(
            Exists(
                Organization.objects.filter(parent=OuterRef("pk"), kind=OrganizationKind.CELL, is_active=True)
            )
        )
        first = list(with_cells.order_by("path").values_list("pk", flat=True)[:EACH])
        found = committees.filter(pk__in=first) if first else committees.filter(parent__isnull=True)
    else:
        ids = {held.organization_id for held in held_roles(user) if held.role in MANAGING_ROLES}
        if not ids:
            return []
        found = Organization.objects.filter(pk__in=ids, kind=OrganizationKind.COMMITTEE, is_active=True)
    in_progress = [PlanState.DRAFT, PlanState.PUBLISHED]
    return list(
        found.annotate(
            has_members=Exists(
                Member.objects.filter(cell__path__startswith=OuterRef("path"), is_active=True)
            ),
            has_secretary=Exists(
                RoleAssignment.objects.filter(in_force_q(), organization=OuterRef("pk"), role=Role.SECRETARY)
            ),
            has_term=Exists(Term.objects.filter(organization=OuterRef("pk"))),
            has_cells=Exists(
                Organization.objects.filter(parent=OuterRef("pk"), kind=OrganizationKind.CELL, is_active=True)
            ),
            has_plan=Exists(Plan.objects.filter(organization=OuterRef("pk"), state__in=in_progress)),
        ).order_by("path")[:EACH]
    )


def setup_tasks(user, task: MakeTask) -> list[Any]:
    """`task(text, url, action)` builds one line (the caller's Task)."""
    tasks: list[Any] = []
    committees = _committees(user)
    if user.is_superuser and not committees and not Organization.objects.exists():
        tasks.append(task(_("Hệ thống chưa có tổ chức nào. Bước đầu tiên: nhập cây tổ chức (đảng bộ và các chi bộ) "
                            "từ tệp Excel/CSV theo tệp mẫu."), reverse("org-import"), _("Nhập cây tổ chức")))  # fmt: skip
        tasks.append(task(_("Hoặc thêm từng tổ chức bằng tay, bắt đầu từ tổ chức cấp cao nhất."),
                          reverse("org-create-root"), _("Thêm tổ chức cấp cao nhất")))  # fmt: skip
        return tasks
    for committee in committees:
        name = committee.name
        if not committee.has_members:
            tasks.append(task(_("%(org)s chưa có đảng viên nào: nhập danh sách đảng viên từ tệp Excel/CSV "
                                "(mỗi đảng viên được tạo sẵn tài khoản chưa kích hoạt).") % {"org": name},
                              reverse("member-import", args=[committee.pk]), _("Nhập danh sách đảng viên")))  # fmt: skip
            continue
        if not committee.has_secretary:
            tasks.append(task(_("%(org)s chưa phân công Bí thư: phân công vai trò (Bí thư, Cán bộ văn phòng, "
                                "bí thư các chi bộ…) để có người ký văn bản và người làm từng việc.") % {"org": name},
                              reverse("org-roles", args=[committee.pk]), _("Phân công vai trò")))  # fmt: skip
        if not committee.has_term:
            tasks.append(task(_("%(org)s chưa có nhiệm kỳ: số văn bản được đánh lại từ 01 trong mỗi nhiệm kỳ.")
                              % {"org": name}, reverse("org-term-create", args=[committee.pk]), _("Thêm nhiệm kỳ")))  # fmt: skip
        if user.is_superuser:
            subtree = Member.objects.filter(cell__path__startswith=committee.path, is_active=True)
            if pending := subtree.filter(pending_q()).count():
                tasks.append(task(ngettext("%(n)s đảng viên của %(org)s chưa kích hoạt tài khoản: in phiếu mã kích hoạt "
                                           "hoặc gửi thư kích hoạt.",
                                           "%(n)s đảng viên của %(org)s chưa kích hoạt tài khoản: in phiếu mã kích hoạt "
                                           "hoặc gửi thư kích hoạt.", pending) % {"n": pending, "org": name},
                                  reverse("org-accounts", args=[committee.pk]), _("Cấp tài khoản")))  # fmt: skip
        # Set up (a secretary to sign), with cells, and no plan in progress: the office's next step
        # is the plan. Not the administrator's: the plan is the committee's own work.
        elif (
            committee.has_secretary
            and committee.has_cells
            and not committee.has_plan
            and can_manage_plan(user, committee)
        ):
            tasks.append(task(_("%(org)s chưa có kế hoạch sinh hoạt chuyên đề nào đang thực hiện: lập kế hoạch, "
                                "phân công chuyên đề cho từng chi bộ rồi ban hành.") % {"org": name},
                              reverse("plan-create") + f"?org={committee.pk}", _("Lập kế hoạch")))  # fmt: skip
    return tasks
