"""Who may sign an organization's documents, and the signature block that follows.

Signing authority is data: the secretary (Bí thư) and deputy secretaries (Phó Bí thư) appointed
on the organization itself (a `RoleAssignment` with its dates) sign on behalf of its committee
("T/M ĐẢNG UỶ / BÍ THƯ"; a deputy "T/M ĐẢNG UỶ / K/T BÍ THƯ / PHÓ BÍ THƯ", Guideline 36-HD/VPTW
writes the slash form "K/T"). The assignment's `title` replaces the position line when set
("PHÓ BÍ THƯ THƯỜNG TRỰC"). The person who clicks "Ban hành" is never taken as the signer: the
issuing pages offer `signers_for(...)`, the clerk records whom the signer is, and the documents
engine refuses anyone else (`signature_block`).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import F
from django.utils.translation import gettext as _

from chuyende.common.errors import DomainError

from ..enums import Role
from ..models import Member, Organization, RoleAssignment
from ..rules import in_force_q

SIGNING_ROLES = (Role.SECRETARY, Role.DEPUTY_SECRETARY)
DEFAULT_POSITION = {Role.SECRETARY: "BÍ THƯ", Role.DEPUTY_SECRETARY: "PHÓ BÍ THƯ"}
ON_BEHALF = "T/M"
DEPUTY = "K/T"


@dataclass(frozen=True)
class SignatureBlock:
    """A person who may sign for `organization`, with the lines printed above their name."""

    member: Member
    role: str
    signing_form: str  # "T/M" (the secretary) or "K/T" (a deputy signing for the secretary)
    authority: tuple[str, ...]
    position: str

    @property
    def label(self) -> str:
        return f"{self.member.full_name} — {self.position.capitalize()}"


def collective_name(organization: Organization) -> str:
    """The body named after "T/M": the organization's own setting, or ĐẢNG UỶ / CHI BỘ."""
    return organization.signing_authority or ("CHI BỘ" if organization.is_cell else "ĐẢNG UỶ")


def authority_lines(organization: Organization, signing_form: str) -> tuple[str, ...]:
    on_behalf = f"{ON_BEHALF} {collective_name(organization)}"
    if signing_form == DEPUTY:
        return (on_behalf, "K/T BÍ THƯ")
    if signing_form == ON_BEHALF:
        return (on_behalf,)
    return ()


def signers_for(organization: Organization, *, on: date | None = None) -> list[SignatureBlock]:
    """Everyone who may sign for `organization` on `on` (default today): its secretary first, then
    its deputies, each with their signature block. One query."""
    assignments = (
        RoleAssignment.objects.filter(
            in_force_q(on), organization=organization, role__in=SIGNING_ROLES, user__member__isnull=False
        )
        .select_related("user__member")
        .order_by(F("starts_on").desc(nulls_last=True), "-pk")
    )
    blocks: list[SignatureBlock] = []
    for assignment in assignments:
        form = ON_BEHALF if assignment.role == Role.SECRETARY else DEPUTY
        blocks.append(
            SignatureBlock(
                member=assignment.user.member,
                role=assignment.role,
                signing_form=form,
                authority=authority_lines(organization, form),
                position=(assignment.title or DEFAULT_POSITION[Role(assignment.role)]).upper(),
            )
        )
    blocks.sort(key=lambda block: SIGNING_ROLES.index(Role(block.role)))
    return blocks


def signature_block(
    organization: Organization, member: Member | None, *, on: date | None = None
) -> SignatureBlock:
    """The signature block of `member` for `organization` on `on`; DomainError when they hold no
    signing role there that day."""
    if member is None:
        raise DomainError(_("Chưa chọn người ký văn bản."))
    for block in signers_for(organization, on=on):
        if block.member.pk == member.pk:
            return block
    raise DomainError(
        _("Đồng chí %(name)s không giữ chức vụ có thẩm quyền ký văn bản của %(organization)s vào ngày này.")
        % {"name": member.full_name, "organization": organization.name}
    )
