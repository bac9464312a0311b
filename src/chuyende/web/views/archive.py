"""Pages of the archive: browse by year, organization and type; search; a bound volume with its
recompile progress and downloads; a meeting's export package. The domain and `archive.access`
decide; these views only parse, call and render."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from chuyende.archive.access import archive_filters, archive_items_for, archive_scope, get_volume_for
from chuyende.archive.domain import start_build
from chuyende.archive.enums import BuildStatus, ItemKind
from chuyende.archive.interfaces.export import meeting_package
from chuyende.archive.models import SearchEntry, VolumeBuild
from chuyende.archive.rules import can_compile_volume, can_compose_volume
from chuyende.archive.search import search
from chuyende.archive.sources import get_item
from chuyende.common.errors import DomainError
from chuyende.meetings.access import get_meeting_for
from chuyende.meetings.enums import PlanState
from chuyende.orgs.models import Organization
from chuyende.web.mixins import or_404


class ArchiveBrowseView(LoginRequiredMixin, TemplateView):
    """Archived items the user may see, filtered by year, type and organization."""

    template_name = "web/archive/browse.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET
        try:
            filters = archive_filters(
                year=query.get("year"), kind=query.get("kind"), organization=query.get("org")
            )
        except DomainError as error:
            # A hand-edited address: say what is wrong and show everything rather than nothing.
            messages.error(self.request, error.message)
            filters = archive_filters()
        items = archive_items_for(self.request.user)
        selected = archive_items_for(self.request.user, filters)
        context.update(
            items=selected.select_related("organization")[:200],
            years=list(items.order_by("-year").values_list("year", flat=True).distinct()),
            kinds=ItemKind.choices,
            organizations=Organization.objects.filter(pk__in=items.values("organization_id")).order_by(
                "path"
            ),
            year=filters.year,
            kind=filters.kind,
            organization=filters.organization,
        )
        return context


class ArchiveSearchView(LoginRequiredMixin, TemplateView):
    """Full-text search; an htmx request gets only the results fragment."""

    template_name = "web/archive/search.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["web/archive/search.html#results"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:200]
        hits = search(query, scope=archive_scope(self.request.user), limit=50) if query else []
        context.update(query=query, hits=hits)
        return context


def _followed(key: str) -> tuple[str, str, str]:
    try:
        item = get_item(key)
    except LookupError:
        return (key, _("Không còn tài liệu %(key)s") % {"key": key}, "")
    return (key, item.title, item.url)


def _progress(request, volume, build):
    return render(request, "web/archive/volume.html#progress", {"volume": volume, "build": build})


class VolumeDetailView(LoginRequiredMixin, TemplateView):
    """A volume: its items in binding order, the latest build and, for those who oversee it, the
    recompile button."""

    template_name = "web/archive/volume.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        volume = or_404(get_volume_for, self.request.user, kwargs["pk"])
        rows = SearchEntry.objects.filter(item_key__in=volume.item_keys, position=0)
        known = {key: (title, url) for key, title, url in rows.values_list("item_key", "title", "url")}
        # Keys that follow the latest version ("paperof:…") are not in the index: read their source.
        items = [(key, *known[key]) if key in known else _followed(key) for key in volume.item_keys]
        context.update(
            volume=volume,
            items=items,
            can_compose=can_compose_volume(self.request.user, volume.organization),
            build=volume.builds.defer("pdf", "docx").first(),
            can_compile=can_compile_volume(self.request.user, volume),
            read_only=bool(volume.plan_id and volume.plan.state == PlanState.CLOSED),
        )
        return context


class VolumeCompileView(LoginRequiredMixin, View):
    """Starts a recompile ("Biên soạn tập" / "Biên soạn lại"); htmx gets the progress bar, others the page. A refusal
    (closed plan) goes back to the volume page with the message: this URL only takes POST."""

    def post(self, request, pk):
        volume = or_404(get_volume_for, request.user, pk)
        if not can_compile_volume(request.user, volume):
            raise PermissionDenied(_("Bạn không có quyền biên soạn tập tham luận này."))
        try:
            build = start_build(volume=volume, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse("archive-volume", args=[volume.pk])
                return response
            return redirect("archive-volume", pk=volume.pk)
        if request.headers.get("HX-Request"):
            return _progress(request, volume, build)
        return redirect("archive-volume", pk=volume.pk)


class VolumeProgressView(LoginRequiredMixin, View):
    """The progress bar of one build, polled every second until the build is done or failed."""

    def get(self, request, pk, build_id):
        volume = or_404(get_volume_for, request.user, pk)
        build = volume.builds.defer("pdf", "docx").filter(pk=build_id).first()
        if build is None:
            raise Http404(_("Không tìm thấy lần biên soạn này."))
        return _progress(request, volume, build)


class VolumeDownloadView(LoginRequiredMixin, View):
    """The PDF or DOCX of a finished build."""

    types = {"pdf": "application/pdf",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}  # fmt: skip

    def get(self, request, pk, build_id, fmt):
        volume = or_404(get_volume_for, request.user, pk)
        if fmt not in self.types:
            raise Http404(_("Không có định dạng này."))
        build = (
            VolumeBuild.objects.filter(volume=volume, pk=build_id, status=BuildStatus.DONE).only(fmt).first()
        )
        if build is None:
            raise Http404(_("Tập chưa được biên soạn xong."))
        response = HttpResponse(bytes(getattr(build, fmt)), content_type=self.types[fmt])
        response["Content-Disposition"] = f'attachment; filename="tap-tham-luan-{volume.pk}.{fmt}"'
        return response


class MeetingPackageView(LoginRequiredMixin, View):
    """The export package of a meeting for the national member handbook app."""

    def get(self, request, meeting_id):
        meeting = or_404(get_meeting_for, request.user, meeting_id)
        response = HttpResponse(meeting_package(meeting), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="sinh-hoat-{meeting.pk}.zip"'
        return response
