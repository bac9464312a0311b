from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    COMMITTEE = "committee", _("Đảng bộ")
    CELL = "cell", _("Chi bộ")


class MemberStatus(models.TextChoices):
    FULL = "full", _("Chính thức")
    PROBATIONARY = "probationary", _("Dự bị")


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
    STANDING_MEMBER = "standing_member", _("Ủy viên Ban Thường vụ")
    COMMITTEE_MEMBER = "committee_member", _("Cấp ủy viên")
    OFFICE_CLERK = "office_clerk", _("Cán bộ văn phòng")
    SUPERVISOR = "supervisor", _("Cấp ủy viên phụ trách, theo dõi")
    MEMBER = "member", _("Đảng viên")


# Roles that lead an organization: they manage its data and everything below it.
MANAGING_ROLES = frozenset({Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.STANDING_MEMBER, Role.OFFICE_CLERK})
# Roles that may look at everything below them (members, minutes, roll-ups) without managing it.
OVERSIGHT_ROLES = MANAGING_ROLES | {Role.COMMITTEE_MEMBER, Role.SUPERVISOR}
