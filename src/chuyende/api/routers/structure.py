"""Organization structure through the API: nodes, terms and role assignments.

These operations share paths with routers/orgs.py (GET and POST /organizations), and Django
resolves one URL pattern per path, so they are registered on the same router."""

from datetime import date

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Schema, Status
from ninja.files import UploadedFile

from chuyende.api.schemas import InputSchema, changes_of
from chuyende.common.errors import NotFound
from chuyende.orgs.access import get_member_for, get_organization_for
from chuyende.orgs.domain import (
    assign_role,
    create_organization,
    create_term,
    end_role,
    grant_role,
    revoke_role,
    update_organization,
)
from chuyende.orgs.domain.organizations import close_organization, move_organization, reopen_organization
from chuyende.orgs.domain.roles import check_can_appoint
from chuyende.orgs.domain.tree_import import (
    can_import_tree,
    preview_organization_import,
    start_organization_import,
)
from chuyende.orgs.enums import Role
from chuyende.orgs.interfaces.tree_template import tree_template_xlsx
from chuyende.orgs.models import Organization, OrganizationImport, RoleAssignment
from chuyende.orgs.rules import can_manage_organization, can_oversee_organization

from .orgs import OrganizationOut, router

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class OrganizationIn(InputSchema):
    parent_id: int | None = None
    kind: str
    name: str
    header_name: str = ""
    body_code: str = ""
    place_name: str = ""
    code: str = ""
    short_name: str = ""
    superior_header_name: str = ""
    signing_authority: str = ""
    unit_name: str = ""
    unit_function: str = ""


class OrganizationPatch(InputSchema):
    name: str | None = None
    short_name: str | None = None
    header_name: str | None = None
    superior_header_name: str | None = None
    body_code: str | None = None
    signing_authority: str | None = None
    place_name: str | None = None
    unit_name: str | None = None
    unit_function: str | None = None
    code: str | None = None
    is_active: bool | None = None


class OrganizationMoveIn(InputSchema):
    parent_id: int | None = None


class CloseIn(InputSchema):
    closed_on: date


class TermIn(InputSchema):
    name: str
    starts_on: date
    ends_on: date | None = None


class TermOut(Schema):
    id: int
    organization_id: int
    name: str
    starts_on: date
    ends_on: date | None = None


class RoleIn(InputSchema):
    """Whom to appoint: `member_id` (as the page does; a login is created when missing) or the
    `username` of an existing login."""

    member_id: int | None = None
    username: str | None = None
    role: str
    title: str = ""
    starts_on: date | None = None
    ends_on: date | None = None


class EndRoleIn(InputSchema):
    ends_on: date


class RoleAssignmentOut(Schema):
    id: int
    username: str
    member_id: int | None
    member_name: str
    role: str
    role_label: str
    title: str
    organization_id: int
    starts_on: date | None
    ends_on: date | None
    in_force: bool


def _assignment_out(assignment: RoleAssignment) -> dict:
    member = getattr(assignment.user, "member", None)
    today = timezone.localdate()
    return {
        "id": assignment.pk,
        "username": assignment.user.get_username(),
        "member_id": member.pk if member else None,
        "member_name": member.full_name if member else "",
        "role": assignment.role,
        "role_label": str(Role(assignment.role).label),
        "title": assignment.title,
        "organization_id": assignment.organization_id,
        "starts_on": assignment.starts_on,
        "ends_on": assignment.ends_on,
        "in_force": (assignment.starts_on is None or assignment.starts_on <= today)
        and (assignment.ends_on is None or assignment.ends_on >= today),
    }


class TreeImportOut(Schema):
    id: int
    organization_id: int | None
    file_name: str
    status: str
    progress: int
    error: str
    counts: dict
    rows: list[dict]


def _tree_import_out(tree_import: OrganizationImport) -> dict:
    return {
        "id": tree_import.pk,
        "organization_id": tree_import.organization_id,
        "file_name": tree_import.file_name,
        "status": tree_import.status,
        "progress": tree_import.progress,
        "error": tree_import.error,
        "counts": tree_import.summary.get("counts", {}),
        "rows": tree_import.summary.get("rows", []),
    }


@router.post("/organizations", response={201: OrganizationOut})
def add_organization(request, payload: OrganizationIn):
    """Creates a committee or cell under `parent_id` (managers of the parent only), or a root when
    `parent_id` is null (superusers only). Empty letterhead fields get their defaults."""
    parent = get_organization_for(request.user, payload.parent_id) if payload.parent_id is not None else None
    data = payload.dict(exclude={"parent_id", "kind", "name"})
    organization = create_organization(
        actor=request.user, parent=parent, kind=payload.kind, name=payload.name, **data
    )
    return Status(201, organization)


@router.patch("/organizations/{organization_id}", response=OrganizationOut)
def change_organization(request, organization_id: int, payload: OrganizationPatch):
    organization = get_organization_for(request.user, organization_id)
    return update_organization(
        actor=request.user, organization=organization, **changes_of(payload, Organization)
    )


@router.post("/organizations/{organization_id}/move", response=OrganizationOut)
def move_organization_endpoint(request, organization_id: int, payload: OrganizationMoveIn):
    """Places the organization and its subtree under `parent_id` (null: a root, superusers only)."""
    organization = get_organization_for(request.user, organization_id)
    parent = get_organization_for(request.user, payload.parent_id) if payload.parent_id is not None else None
    return move_organization(actor=request.user, organization=organization, new_parent=parent)


@router.post("/organizations/{organization_id}/close", response=OrganizationOut)
def close_organization_endpoint(request, organization_id: int, payload: CloseIn):
    """Closes the organization on `closed_on` (decided by the level above); its roles end that day."""
    organization = get_organization_for(request.user, organization_id)
    return close_organization(actor=request.user, organization=organization, closed_on=payload.closed_on)


@router.post("/organizations/{organization_id}/reopen", response=OrganizationOut)
def reopen_organization_endpoint(request, organization_id: int):
    """Reopens a closed organization (decided by the level above, like closing); roles that ended
    on closing stay ended."""
    organization = get_organization_for(request.user, organization_id)
    return reopen_organization(actor=request.user, organization=organization)


@router.get("/organizations/{organization_id}/terms", response=list[TermOut])
def list_terms(request, organization_id: int):
    return list(get_organization_for(request.user, organization_id).terms.all())


@router.post("/organizations/{organization_id}/terms", response={201: TermOut})
def add_term(request, organization_id: int, payload: TermIn):
    organization = get_organization_for(request.user, organization_id)
    return Status(201, create_term(actor=request.user, organization=organization, **payload.dict()))


@router.get("/organizations/{organization_id}/roles", response=list[RoleAssignmentOut])
def list_roles(request, organization_id: int):
    """Who holds or held which role on this node, with the dates (ended appointments are kept as
    history; `in_force` tells today's). Visible to those who oversee it."""
    organization = get_organization_for(request.user, organization_id)
    if not can_oversee_organization(request.user, organization):
        raise NotFound(_("Không tìm thấy tổ chức này hoặc bạn không có quyền xem."))
    assignments = (
        RoleAssignment.objects.filter(organization=organization).select_related("user").order_by("pk")
    )
    return [_assignment_out(a) for a in assignments]


@router.post("/organizations/{organization_id}/roles", response={201: RoleAssignmentOut})
def add_role(request, organization_id: int, payload: RoleIn):
    """Appoints a member (`member_id`, within what the caller may see) or a login (`username`)."""
    organization = get_organization_for(request.user, organization_id)
    check_can_appoint(request.user, organization)  # permission before looking the person up
    if payload.member_id is not None:
        member = get_member_for(request.user, payload.member_id)
        assignment = grant_role(
            actor=request.user,
            member=member,
            organization=organization,
            role=payload.role,
            title=payload.title,
            starts_on=payload.starts_on or timezone.localdate(),
            ends_on=payload.ends_on,
        )
        return Status(201, _assignment_out(assignment))
    user = get_user_model().objects.filter(username=payload.username or "").first()
    if user is None:
        raise NotFound(_("Không có tài khoản “%(username)s”.") % {"username": payload.username or ""})
    assignment = assign_role(
        actor=request.user,
        user=user,
        organization=organization,
        role=payload.role,
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, _assignment_out(assignment))


def _managed_assignment(request, assignment_id: int) -> RoleAssignment:
    assignment = (
        RoleAssignment.objects.select_related("organization", "user__member").filter(pk=assignment_id).first()
    )
    if assignment is None or not can_manage_organization(request.user, assignment.organization):
        raise NotFound(_("Không tìm thấy phân công này."))
    return assignment


@router.post("/role-assignments/{assignment_id}/end", response=RoleAssignmentOut)
def end_role_endpoint(request, assignment_id: int, payload: EndRoleIn):
    """Sets the last day of an appointment; it stays in the history."""
    assignment = _managed_assignment(request, assignment_id)
    return _assignment_out(end_role(actor=request.user, assignment=assignment, ends_on=payload.ends_on))


@router.delete("/role-assignments/{assignment_id}", response={204: None})
def remove_role(request, assignment_id: int):
    """Takes the role away from today (it ends yesterday); the appointment is kept as history."""
    assignment = _managed_assignment(request, assignment_id)
    revoke_role(actor=request.user, assignment=assignment)
    return Status(204, None)


@router.get("/organization-imports/template.xlsx", response={200: None})
def organization_import_template(request):
    """The XLSX template of the tree import (columns and an example tree)."""
    response = HttpResponse(tree_template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="cay-to-chuc-mau.xlsx"'
    return response


@router.post("/organization-imports", response={201: TreeImportOut})
def upload_organization_tree(request, file: File[UploadedFile], organization_id: int | None = None):
    """Uploads a tree (.xlsx or .csv; one row per organization) into `organization_id` (omitted:
    the whole site, superusers only) and returns the row-by-row preview; nothing is written yet."""
    place = get_organization_for(request.user, organization_id) if organization_id is not None else None
    tree_import = preview_organization_import(
        actor=request.user, place=place, file_name=file.name or "", content=file.read()
    )
    return Status(201, _tree_import_out(tree_import))


def _tree_import(request, import_id: int) -> OrganizationImport:
    tree_import = OrganizationImport.objects.select_related("organization").filter(pk=import_id).first()
    if tree_import is None or not can_import_tree(request.user, tree_import.organization):
        raise NotFound(_("Không tìm thấy lần nhập này."))
    return tree_import


@router.get("/organization-imports/{import_id}", response=TreeImportOut)
def get_organization_tree_import(request, import_id: int):
    return _tree_import_out(_tree_import(request, import_id))


@router.post("/organization-imports/{import_id}/apply", response=TreeImportOut)
def apply_organization_tree(request, import_id: int):
    """Starts applying a previewed tree as a task (inline with no worker) and answers its state:
    "applying" with `progress` (poll GET /organization-imports/{id}), then "applied"; "failed" with
    `error` may be started again. Refused while a row has an error; repeating changes nothing."""
    started = start_organization_import(actor=request.user, tree_import=_tree_import(request, import_id))
    started.refresh_from_db()
    return _tree_import_out(started)
