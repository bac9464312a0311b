from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed

from ..enums import OrganizationKind
from ..models import Organization, Term
from ..models.organization import PATH_SEGMENT_WIDTH, path_segment
from ..rules import can_manage_organization

EDITABLE_FIELDS = [
    "name", "short_name", "header_name", "superior_header_name", "body_code", "signing_authority",
    "place_name", "unit_name", "unit_function", "is_active",
]  # fmt: skip
MAX_DEPTH = 255 // PATH_SEGMENT_WIDTH


def audit_partition(organization: Organization) -> str:
    return "org:" + organization.grassroots_path


def create_organization(
    *, actor, parent: Organization | None, kind: str, name: str, **fields
) -> Organization:
    """Creates a node under `parent` (a root when None) and fixes its materialized path.

    Only a superuser may create a root; otherwise the actor must manage the parent.
    """
    if parent is None and not getattr(actor, "is_superuser", False):
        raise NotAllowed(_("Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất."))
    if parent is not None:
        if not can_manage_organization(actor, parent):
            raise NotAllowed(_("Bạn không có quyền tạo tổ chức trực thuộc đơn vị này."))
        if parent.kind == OrganizationKind.CELL:
            raise DomainError(_("Chi bộ không có tổ chức trực thuộc."))
        if parent.depth + 1 >= MAX_DEPTH:
            raise DomainError(_("Cây tổ chức đã đạt số cấp tối đa."))
    if kind not in OrganizationKind.values:
        raise DomainError(_("Loại tổ chức không hợp lệ."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    with transaction.atomic():
        organization = Organization(parent=parent, kind=kind, name=name, **fields)
        organization.path = f"tmp-{id(organization)}"
        organization.depth = 0 if parent is None else parent.depth + 1
        organization.save()
        organization.path = (parent.path if parent else "") + path_segment(organization.pk)
        Organization.objects.filter(pk=organization.pk).update(path=organization.path)
        audit.record(
            "organization.create",
            organization,
            actor=actor,
            partition=audit_partition(organization),
            changes={"name": name, "kind": kind, "parent": parent.pk if parent else None},
        )
    return organization


def update_organization(*, actor, organization: Organization, **changes) -> Organization:
    """Changes the descriptive fields of a node (names, codes, unit); the tree position stays."""
    if not can_manage_organization(actor, organization):
        raise NotAllowed(_("Bạn không có quyền sửa thông tin tổ chức này."))
    before = audit.set_fields(organization, changes, EDITABLE_FIELDS)
    changed = audit.diff(organization, before, EDITABLE_FIELDS)
    if not changed:
        return organization
    with transaction.atomic():
        organization.save(update_fields=list(changed))
        audit.record(
            "organization.update",
            organization,
            actor=actor,
            partition=audit_partition(organization),
            changes=changed,
        )
    return organization


def create_term(
    *, actor, organization: Organization, name: str, starts_on: date, ends_on: date | None = None
) -> Term:
    """Opens a term (nhiệm kỳ) of a committee. Terms of one committee never overlap."""
    if not can_manage_organization(actor, organization):
        raise NotAllowed(_("Bạn không có quyền quản lý nhiệm kỳ của tổ chức này."))
    if ends_on is not None and ends_on <= starts_on:
        raise DomainError(_("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."))
    with transaction.atomic():
        for term in Term.objects.select_for_update().filter(organization=organization):
            term_end = term.ends_on or date.max
            new_end = ends_on or date.max
            if term.starts_on <= new_end and starts_on <= term_end:
                raise DomainError(
                    _("Nhiệm kỳ mới trùng thời gian với nhiệm kỳ “%(name)s”.") % {"name": term.name}
                )
        term = Term.objects.create(organization=organization, name=name, starts_on=starts_on, ends_on=ends_on)
        audit.record(
            "term.create",
            term,
            actor=actor,
            partition=audit_partition(organization),
            changes={"name": name, "starts_on": starts_on, "ends_on": ends_on},
        )
    return term


def current_term(organization: Organization, day: date) -> Term | None:
    """The term of `organization` covering `day`, if one is recorded."""
    for term in organization.terms.all():
        if term.covers(day):
            return term
    return None
