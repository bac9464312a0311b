"""Organization structure through the API: nodes, terms and role assignments.

These operations share paths with routers/orgs.py (GET and POST /organizations), and Django
resolves one URL pattern per path, so they are registered on the same router."""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from ninja import Schema, Status

from chuyende.api.schemas import InputSchema, changes_of
from chuyende.common.errors import NotFound
from chuyende.orgs.access import get_organization_for
from chuyende.orgs.domain import (
    assign_role,
    create_organization,
    create_term,
    revoke_role,
    update_organization,
)
from chuyende.orgs.models import Organization, RoleAssignment
from chuyende.orgs.rules import can_manage_organization, can_oversee_organization

from .orgs import OrganizationOut, router


class OrganizationIn(InputSchema):
    parent_id: int
    kind: str
    name: str
    header_name: str
    body_code: str
    place_name: str
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
    is_active: bool | None = None


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
    username: str
    role: str
    title: str = ""


class RoleAssignmentOut(Schema):
    id: int
    username: str
    role: str
    title: str
    organization_id: int


def _assignment_out(assignment: RoleAssignment) -> dict:
    return {
        "id": assignment.pk,
        "username": assignment.user.get_username(),
        "role": assignment.role,
        "title": assignment.title,
        "organization_id": assignment.organization_id,
    }


@router.post("/organizations", response={201: OrganizationOut})
def add_organization(request, payload: OrganizationIn):
    """Creates a committee or cell under `parent_id` (managers of the parent only)."""
    parent = get_organization_for(request.user, payload.parent_id)
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


@router.get("/organizations/{organization_id}/terms", response=list[TermOut])
def list_terms(request, organization_id: int):
    return list(get_organization_for(request.user, organization_id).terms.all())


@router.post("/organizations/{organization_id}/terms", response={201: TermOut})
def add_term(request, organization_id: int, payload: TermIn):
    organization = get_organization_for(request.user, organization_id)
    return Status(201, create_term(actor=request.user, organization=organization, **payload.dict()))


@router.get("/organizations/{organization_id}/roles", response=list[RoleAssignmentOut])
def list_roles(request, organization_id: int):
    """Who holds which role on this node (visible to those who oversee it)."""
    organization = get_organization_for(request.user, organization_id)
    if not can_oversee_organization(request.user, organization):
        raise NotFound(_("Không tìm thấy tổ chức này hoặc bạn không có quyền xem."))
    assignments = RoleAssignment.objects.filter(organization=organization).select_related("user")
    return [_assignment_out(a) for a in assignments]


@router.post("/organizations/{organization_id}/roles", response={201: RoleAssignmentOut})
def add_role(request, organization_id: int, payload: RoleIn):
    organization = get_organization_for(request.user, organization_id)
    user = get_user_model().objects.filter(username=payload.username).first()
    if user is None:
        raise NotFound(_("Không có tài khoản “%(username)s”.") % {"username": payload.username})
    assignment = assign_role(
        actor=request.user, user=user, organization=organization, role=payload.role, title=payload.title
    )
    return Status(201, _assignment_out(assignment))


@router.delete("/role-assignments/{assignment_id}", response={204: None})
def remove_role(request, assignment_id: int):
    assignment = (
        RoleAssignment.objects.select_related("organization", "user").filter(pk=assignment_id).first()
    )
    if assignment is None or not can_manage_organization(request.user, assignment.organization):
        raise NotFound(_("Không tìm thấy phân công này."))
    revoke_role(actor=request.user, assignment=assignment)
    return Status(204, None)
