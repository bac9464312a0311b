from datetime import date

from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from chuyende.api.schemas import BoundedPageNumberPagination, InputSchema, changes_of
from chuyende.common.errors import NotFound
from chuyende.orgs.access import (
    get_member_for,
    get_organization_for,
    members_for,
    organizations_for,
    oversight_roots,
)
from chuyende.orgs.domain import (
    create_member,
    preview_member_import,
    start_member_import,
    update_member,
)
from chuyende.orgs.domain.search import search_members
from chuyende.orgs.enums import Role
from chuyende.orgs.models import Member, MemberImport
from chuyende.orgs.rules import can_import_members, can_view_member_details, held_roles, member_of, subtree_q

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    id: int
    parent_id: int | None
    kind: str
    name: str
    short_name: str
    header_name: str
    superior_header_name: str
    body_code: str
    place_name: str
    unit_name: str
    unit_function: str
    code: str
    is_active: bool
    closed_on: date | None = None
    depth: int


class MemberOut(Schema):
    id: int
    full_name: str
    status: str
    cell_id: int
    cell_name: str
    position: str


class MemberDetailOut(MemberOut):
    party_card_number: str | None
    email: str
    phone: str


class MemberIn(InputSchema):
    full_name: str
    cell_id: int
    status: str = "full"
    party_card_number: str | None = None
    position: str = ""
    email: str = ""
    phone: str = ""


class MemberPatch(InputSchema):
    full_name: str | None = None
    cell_id: int | None = None
    status: str | None = None
    party_card_number: str | None = None
    position: str | None = None
    email: str | None = None
    phone: str | None = None
    is_active: bool | None = None


class RoleOut(Schema):
    role: str
    role_label: str
    organization_id: int


class MeOut(Schema):
    username: str
    member: MemberDetailOut | None
    roles: list[RoleOut]
    oversight_organization_ids: list[int]


class ImportOut(Schema):
    id: int
    file_name: str
    status: str
    progress: int
    error: str
    counts: dict
    rows: list[dict]


def _member_out(member: Member, detailed: bool) -> dict:
    data = {
        "id": member.pk,
        "full_name": member.full_name,
        "status": member.status,
        "cell_id": member.cell_id,
        "cell_name": member.cell.name,
        "position": member.position,
    }
    if detailed:
        data.update(party_card_number=member.party_card_number, email=member.email, phone=member.phone)
    return data


def _import_out(member_import: MemberImport) -> dict:
    return {
        "id": member_import.pk,
        "file_name": member_import.file_name,
        "status": member_import.status,
        "progress": member_import.progress,
        "error": member_import.error,
        "counts": member_import.summary.get("counts", {}),
        "rows": member_import.summary.get("rows", []),
    }


@router.get("/me", response=MeOut, tags=["auth"])
def me(request):
    """Who is calling: the member record and the roles held."""
    member = member_of(request.user)
    roots = oversight_roots(request.user)
    return {
        "username": request.user.get_username(),
        "member": _member_out(member, True) if member else None,
        "roles": [
            {"role": r.role, "role_label": str(Role(r.role).label), "organization_id": r.organization_id}
            for r in held_roles(request.user)
        ],
        "oversight_organization_ids": [int(path[-9:]) for path in roots],
    }


@router.get("/organizations", response=list[OrganizationOut])
@paginate(BoundedPageNumberPagination, page_size=100)
def list_organizations(request, parent_id: int | None = None):
    """Organizations the caller may see; `parent_id` lists the children of one node."""
    organizations = organizations_for(request.user).order_by("path")
    if parent_id is not None:
        organizations = organizations.filter(parent_id=parent_id)
    return organizations


@router.get("/organizations/{organization_id}", response=OrganizationOut)
def get_organization(request, organization_id: int):
    return get_organization_for(request.user, organization_id)


@router.get("/members", response=list[MemberOut])
@paginate(BoundedPageNumberPagination, page_size=50)
def list_members(request, q: str = "", organization_id: int | None = None, include_inactive: bool = False):
    """Members the caller may see, in Vietnamese name order; `q` matches with or without accents."""
    members = members_for(request.user)
    if not include_inactive:
        members = members.filter(is_active=True)
    if organization_id is not None:
        organization = get_organization_for(request.user, organization_id)
        members = members.filter(subtree_q([organization.path], field="cell__path"))
    members = search_members(members, q).order_by("sort_key", "pk")
    return [_member_out(m, False) for m in members]


@router.get("/members/{member_id}", response=MemberOut | MemberDetailOut)
def get_member(request, member_id: int):
    """A member; contact details only for the member and those who oversee their cell."""
    member = get_member_for(request.user, member_id)
    detailed = can_view_member_details(request.user, member)
    return _member_out(member, detailed)


@router.post("/members", response={201: MemberDetailOut})
def add_member(request, payload: MemberIn):
    cell = get_organization_for(request.user, payload.cell_id)
    data = payload.dict(exclude={"cell_id", "full_name"})
    member = create_member(actor=request.user, cell=cell, full_name=payload.full_name, login=True, **data)
    return Status(201, _member_out(member, True))


@router.patch("/members/{member_id}", response=MemberDetailOut)
def change_member(request, member_id: int, payload: MemberPatch):
    member = get_member_for(request.user, member_id)
    changes = changes_of(payload, Member)
    if "cell_id" in changes:
        changes["cell"] = get_organization_for(request.user, changes.pop("cell_id"))
    member = update_member(actor=request.user, member=member, **changes)
    return _member_out(member, True)


@router.post("/organizations/{organization_id}/member-imports", response={201: ImportOut})
def upload_member_list(request, organization_id: int, file: File[UploadedFile]):
    """Uploads an .xlsx or .csv list and returns the row-by-row preview; nothing is written yet."""
    organization = get_organization_for(request.user, organization_id)
    member_import = preview_member_import(
        actor=request.user, organization=organization, file_name=file.name or "", content=file.read()
    )
    return Status(201, _import_out(member_import))


@router.post("/member-imports/{import_id}/apply", response=ImportOut)
def apply_member_list(request, import_id: int):
    """Starts applying a previewed list as a task (inline with no worker) and answers its state:
    "applying" with `progress`, then "applied" (repeating the call changes nothing)."""
    try:
        member_import = MemberImport.objects.select_related("organization").get(pk=import_id)
    except MemberImport.DoesNotExist:
        raise NotFound(_("Không tìm thấy lần nhập này.")) from None
    if not can_import_members(request.user, member_import.organization):
        raise NotFound(_("Không tìm thấy lần nhập này."))
    started = start_member_import(actor=request.user, member_import=member_import)
    started.refresh_from_db()
    return _import_out(started)


@router.get("/member-imports/{import_id}", response=ImportOut)
def get_member_import(request, import_id: int):
    """A member list's preview, or the progress of applying it."""
    try:
        member_import = MemberImport.objects.select_related("organization").get(pk=import_id)
    except MemberImport.DoesNotExist:
        raise NotFound(_("Không tìm thấy lần nhập này.")) from None
    if not can_import_members(request.user, member_import.organization):
        raise NotFound(_("Không tìm thấy lần nhập này."))
    return _import_out(member_import)
