"""Compiling a volume build: the work of `compile_volume_task`, below the domain.

The domain (`domain/volumes.py`) checks and records a build request and queues the task; the task
calls `build_volume` here. Nothing here imports the domain or the tasks, so the three never form a
cycle.
"""

import hashlib
from collections.abc import Iterator, MutableMapping

from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common.errors import DomainError

from ..enums import BuildStatus
from ..models import RenderedPart, Volume, VolumeBuild
from ..sources import get_item
from .docx import render_volume_docx
from .parts import Cover, Part
from .pdf import assemble


class DbPartCache(MutableMapping[str, bytes]):
    """Rendered parts stored in `RenderedPart`, so a recompile in another process reuses them."""

    def __getitem__(self, key: str) -> bytes:
        row = RenderedPart.objects.filter(pk=key).values_list("pdf", flat=True).first()
        if row is None:
            raise KeyError(key)
        return bytes(row)

    def __setitem__(self, key: str, value: bytes) -> None:
        RenderedPart.objects.update_or_create(content_hash=key, defaults={"pdf": value})

    def __delitem__(self, key: str) -> None:
        RenderedPart.objects.filter(pk=key).delete()

    def __contains__(self, key: object) -> bool:
        return RenderedPart.objects.filter(pk=key).exists()

    def __iter__(self) -> Iterator[str]:
        return iter(RenderedPart.objects.values_list("pk", flat=True))

    def __len__(self) -> int:
        return RenderedPart.objects.count()


def volume_parts(volume: Volume) -> tuple[Cover, list[Part]]:
    """The cover and the ordered parts of `volume`, read from the sources now."""
    org = volume.organization
    cover = Cover(volume.title, org.header_name or org.name, org.superior_header_name,
                  f"{org.place_name}, {volume.year}")  # fmt: skip
    parts = []
    if volume.preface.strip():
        parts.append(
            Part("preface", "Lời nói đầu", text=tuple(p for p in volume.preface.split("\n\n") if p.strip()))
        )
    for key in volume.item_keys:
        item = get_item(key)
        parts.append(Part(key, item.title, document=item.document))
    return cover, parts


def build_volume(build: VolumeBuild, *, executor=None) -> VolumeBuild:
    """Compiles the volume of `build`: PDF and DOCX, progress saved as it goes; marks it done or failed."""
    build.status, build.progress = BuildStatus.RUNNING, 0
    build.save(update_fields=["status", "progress"])

    def progress(percent: int) -> None:
        VolumeBuild.objects.filter(pk=build.pk).update(progress=min(percent, 99))

    try:
        cover, parts = volume_parts(build.volume)
        compiled = assemble(cover, parts, cache=DbPartCache(), executor=executor, progress=progress)
        build.docx = render_volume_docx(cover, parts, compiled.starts)
    except Exception as error:  # the page must show the failure rather than spin forever
        # The page shows `error`: a domain refusal says why; anything else is the library's English
        # text, which goes to the log (the task re-raises) and not to the person.
        build.status = BuildStatus.FAILED
        build.error = (
            error.message
            if isinstance(error, DomainError)
            else _("Không dựng được tệp của tập. Hãy biên soạn lại; nếu vẫn lỗi, báo quản trị hệ thống.")
        )
        build.finished_at = timezone.now()
        build.save(update_fields=["status", "error", "finished_at"])
        raise
    build.pdf = compiled.pdf
    build.sha256 = hashlib.sha256(compiled.pdf).hexdigest()
    build.page_count, build.starts = compiled.page_count, list(compiled.starts)
    build.parts_rendered, build.parts_reused = compiled.rendered, compiled.reused
    build.status, build.progress, build.finished_at = BuildStatus.DONE, 100, timezone.now()
    build.save()
    return build
