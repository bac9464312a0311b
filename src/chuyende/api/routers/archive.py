from django.http import HttpResponse
from ninja import Router, Schema, Status

from chuyende.api.schemas import ObjectId, Year
from chuyende.archive.access import (
    archive_filters,
    archive_items_for,
    archive_scope,
    get_build_for,
    get_composable_volume_for,
    get_volume_for,
)
from chuyende.archive.domain import start_build
from chuyende.archive.domain.composition import candidates, compose_volume, new_volume
from chuyende.archive.interfaces.export import meeting_package
from chuyende.archive.search import search
from chuyende.meetings.access import get_meeting_for
from chuyende.orgs.access import get_organization_for

router = Router(tags=["archive"])


class HitOut(Schema):
    item_key: str
    kind: str
    title: str
    year: int
    url: str
    anchor: str
    snippet: str
    exact: bool


class ArchiveItemOut(Schema):
    item_key: str
    kind: str
    title: str
    year: int
    organization_id: int


class BuildOut(Schema):
    id: int
    volume_id: int
    status: str
    progress: int
    page_count: int
    sha256: str
    parts_rendered: int
    parts_reused: int


@router.get("/search", response=list[HitOut])
def search_archive(request, q: str, limit: int = 20):
    """Full-text search over what the user may see; accents optional."""
    return search(q, scope=archive_scope(request.user), limit=min(max(limit, 1), 100))


@router.get("/items", response=list[ArchiveItemOut])
def browse(request, year: Year | None = None, kind: str | None = None, organization: ObjectId | None = None):
    """Archived items by year, type and organization (one row per item), the same filters and
    order as the archive page (`archive.access.archive_items_for`)."""
    filters = archive_filters(year=year, kind=kind, organization=organization)
    return list(
        archive_items_for(request.user, filters).values(
            "item_key", "kind", "title", "year", "organization_id"
        )[:500]
    )


@router.post("/volumes/{volume_id}/builds", response={202: BuildOut})
def build(request, volume_id: int):
    """Starts compiling a volume; poll the build for progress. A volume the user sees but may not
    compile is refused with the reason (403), as on the page."""
    volume = get_volume_for(request.user, volume_id)
    return Status(202, start_build(volume=volume, actor=request.user))


@router.get("/builds/{build_id}", response=BuildOut)
def build_status(request, build_id: int):
    """A build of a volume the user sees (the volume page shows its progress to the same people)."""
    return get_build_for(request.user, build_id)


@router.get("/builds/{build_id}/volume.pdf")
def build_pdf(request, build_id: int):
    build = get_build_for(request.user, build_id, done=True)
    return HttpResponse(bytes(build.pdf), content_type="application/pdf")


@router.get("/meetings/{meeting_id}/package.zip")
def package(request, meeting_id: int):
    """The handbook-app package of one meeting: materials, approved minutes, manifest."""
    meeting = get_meeting_for(request.user, meeting_id)
    response = HttpResponse(meeting_package(meeting), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="sinh-hoat-{meeting.pk}.zip"'
    return response


class CandidateOut(Schema):
    group: str
    key: str
    title: str
    pinned_key: str
    pinned_label: str


class VolumeIn(Schema):
    organization_id: int
    title: str
    year: int


class CompositionIn(Schema):
    title: str
    preface: str = ""
    item_keys: list[str]


class VolumeOut(Schema):
    id: int
    organization_id: int
    title: str
    year: int
    preface: str
    item_keys: list[str]


@router.post("/volumes", response={201: VolumeOut})
def create_volume(request, payload: VolumeIn):
    """An empty volume to compose."""
    organization = get_organization_for(request.user, payload.organization_id)
    volume = new_volume(actor=request.user, organization=organization, title=payload.title, year=payload.year)
    return Status(201, volume)


@router.get("/volumes/{volume_id}/candidates", response=list[CandidateOut])
def volume_candidates(request, volume_id: int):
    """What may be bound: `key` follows the latest final version, `pinned_key` keeps this one."""
    volume = get_composable_volume_for(request.user, volume_id)
    return [c.__dict__ for c in candidates(volume.organization, volume.year)]


@router.put("/volumes/{volume_id}/items", response=VolumeOut)
def compose(request, volume_id: int, payload: CompositionIn):
    """Sets the volume's title, preface and ordered items; the next build binds them."""
    volume = get_composable_volume_for(request.user, volume_id)
    return compose_volume(
        actor=request.user, volume=volume, item_keys=payload.item_keys, title=payload.title,
        preface=payload.preface,
    )  # fmt: skip
