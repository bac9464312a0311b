"""Creating bound volumes and starting their compilation (the work is in `archive/volume/build.py`)."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.meetings.enums import PlanState
from chuyende.orgs.models import Organization

from ..indexing import index_item
from ..models import Volume, VolumeBuild
from ..rules import can_compile_volume, can_compose_volume
from ..sources import get_item, volume_item
from ..tasks import compile_volume_task


def _ensure_open(volume: Volume) -> None:
    if volume.plan is not None and volume.plan.state == PlanState.CLOSED:
        raise DomainError(
            _("Kế hoạch đã kết thúc: tập tham luận chỉ còn được xem, không sửa hoặc biên soạn lại.")
        )


MAX_ITEMS = 500


def audit_partition(organization: Organization) -> str:
    return "org:" + organization.grassroots_path


def check_keys(organization: Organization, item_keys: list[str]) -> None:
    """Every key names an existing item of the volume's organization (subtree), once."""
    if len(item_keys) > MAX_ITEMS:
        raise DomainError(_("Một tập có tối đa %(n)s tài liệu.") % {"n": MAX_ITEMS})
    if len(set(item_keys)) != len(item_keys):
        raise DomainError(_("Một tài liệu được chọn hai lần."))
    for key in item_keys:
        try:
            item = get_item(key)
        except LookupError:
            raise DomainError(_("Không tìm thấy tài liệu %(key)s.") % {"key": key}) from None
        if not item.organization.path.startswith(organization.path):
            raise DomainError(_("Tài liệu %(key)s không thuộc tổ chức của tập.") % {"key": key})


def create_volume(*, actor, organization: Organization, title: str, year: int, item_keys: Sequence[str] = (),
                  preface: str = "", plan=None) -> Volume:  # fmt: skip
    """Creates a volume of `organization` with its items in binding order (none: an empty volume
    to compose). Permission first (who manages the organization), then the title, year and keys."""
    if not can_compose_volume(actor, organization):
        raise NotAllowed(_("Chỉ văn phòng của tổ chức mới lập tập tham luận."))
    if not title.strip():
        raise DomainError(_("Tập tham luận phải có tên."))
    if not 1945 <= year <= 2200:
        raise DomainError(_("Năm không hợp lệ."))
    check_keys(organization, list(item_keys))
    with transaction.atomic():
        volume = Volume.objects.create(organization=organization, title=title.strip(), year=year,
                                       preface=preface.strip(), item_keys=list(item_keys), plan=plan)  # fmt: skip
        audit.record("archive.volume_created", volume, actor=actor, partition=audit_partition(organization))
    index_item(volume_item(volume))
    return volume


def start_build(*, volume: Volume, actor) -> VolumeBuild:
    """Queues a compilation (the task runs inline without a worker) and returns its build row.
    Permission first (those who oversee the volume's organization), then the plan's state."""
    if not can_compile_volume(actor, volume):
        raise NotAllowed(_("Bạn không có quyền biên soạn tập tham luận này."))
    _ensure_open(volume)
    if not volume.item_keys:
        raise DomainError(_("Tập tham luận chưa có tài liệu nào: hãy chọn nội dung trước khi biên soạn."))
    build = VolumeBuild.objects.create(volume=volume)
    audit.record("archive.volume_build_started", volume, actor=actor)
    transaction.on_commit(lambda: compile_volume_task.enqueue(build.pk))
    return build
