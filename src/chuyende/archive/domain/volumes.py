"""Creating bound volumes and starting their compilation (the work is in `archive/volume/build.py`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.meetings.enums import PlanState

from ..indexing import index_item
from ..models import Volume, VolumeBuild
from ..rules import can_compile_volume
from ..sources import get_item, volume_item
from ..tasks import compile_volume_task


def _ensure_open(volume: Volume) -> None:
    if volume.plan is not None and volume.plan.state == PlanState.CLOSED:
        raise DomainError(
            _("Kế hoạch đã kết thúc: tập tham luận chỉ còn được xem, không sửa hoặc biên soạn lại.")
        )


def create_volume(*, organization, title: str, year: int, item_keys: list[str], preface: str = "",
                  plan=None, actor) -> Volume:  # fmt: skip
    """Creates a volume with its items in binding order; every key must name an existing item."""
    for key in item_keys:
        try:
            get_item(key)
        except LookupError:
            raise DomainError(_("Không tìm thấy tài liệu %(key)s.") % {"key": key}) from None
    volume = Volume.objects.create(organization=organization, title=title, year=year, preface=preface,
                                   item_keys=item_keys, plan=plan)  # fmt: skip
    audit.record("archive.volume_created", volume, actor=actor)
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
