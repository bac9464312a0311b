"""Composing a bound volume by hand: a new volume, then the composition page where the office
ticks and orders its items (each follows the latest final version unless pinned)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from chuyende.archive.access import get_composable_volume_for
from chuyende.archive.domain.composition import candidates, compose_volume, new_volume
from chuyende.archive.sources import get_item
from chuyende.common.errors import DomainError
from chuyende.orgs.access import get_organization_for
from chuyende.web.mixins import or_403

from .drafts import ManagedOrganizationRequiredMixin, _managed_organizations


class VolumeCreateForm(forms.Form):
    organization = forms.IntegerField(widget=forms.Select, label=gettext_lazy("Tổ chức"))
    title = forms.CharField(max_length=300, label=gettext_lazy("Tên tập"))
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=1945, max_value=2200)


class VolumeCreateView(ManagedOrganizationRequiredMixin, LoginRequiredMixin, TemplateView):
    template_name = "web/archive/volume_create.html"
    refusal = gettext_lazy("Chỉ văn phòng của tổ chức mới lập tập tham luận.")

    def _form(self, data=None):
        form = VolumeCreateForm(data, initial={"year": timezone.localdate().year})
        form.fields["organization"].widget.choices = [
            (o.pk, o.name) for o in _managed_organizations(self.request.user)
        ]
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        return context

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                organization = get_organization_for(request.user, data["organization"])
                volume = new_volume(
                    actor=request.user, organization=organization, title=data["title"], year=data["year"]
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                return HttpResponseRedirect(reverse("archive-compose", args=[volume.pk]))
        return self.render_to_response(self.get_context_data(form=form))


def _title(key: str) -> str:
    try:
        return get_item(key).title
    except LookupError:
        return key


class VolumeComposeView(LoginRequiredMixin, TemplateView):
    """Rows: what the volume has now (in order), then every other candidate by group. POST takes
    the ticked rows (`pick`), sorted by their order number (`order:<key>`), pinned where `pin:<key>`
    is ticked."""

    template_name = "web/archive/volume_compose.html"

    def volume(self):
        return or_403(get_composable_volume_for, self.request.user, self.kwargs["pk"])

    def _rows(self, volume):
        found = candidates(volume.organization, volume.year)
        by_key = {c.key: c for c in found} | {c.pinned_key: c for c in found if c.pinned_key}
        rows, used = [], set()
        for position, key in enumerate(volume.item_keys, start=1):
            candidate = by_key.get(key)
            if candidate is None:  # pinned to an older version: keep it as its own row
                rows.append({"key": key, "group": _("Đã chọn"), "title": _title(key), "picked": True,
                             "order": position, "pin_key": "", "pinned": False})  # fmt: skip
                continue
            used.add(candidate.key)
            rows.append({"key": candidate.key, "group": candidate.group, "title": candidate.title, "picked": True,
                         "order": position, "pin_key": candidate.pinned_key, "pin_label": candidate.pinned_label,
                         "pinned": key == candidate.pinned_key})  # fmt: skip
        for candidate in found:
            if candidate.key not in used:
                rows.append({"key": candidate.key, "group": candidate.group, "title": candidate.title,
                             "picked": False, "order": "", "pin_key": candidate.pinned_key,
                             "pin_label": candidate.pinned_label, "pinned": False})  # fmt: skip
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        volume = self.volume()
        context.update(volume=volume, rows=self._rows(volume))
        return context

    def post(self, request, pk):
        volume = self.volume()
        pins = {c.key: c.pinned_key for c in candidates(volume.organization, volume.year) if c.pinned_key}
        picked = []
        for index, key in enumerate(request.POST.getlist("pick")):
            try:
                order = int(request.POST.get(f"order:{key}") or 10_000)
            except ValueError:
                order = 10_000
            final = pins[key] if request.POST.get(f"pin:{key}") and key in pins else key
            picked.append((order, index, final))
        keys = [key for _order, _index, key in sorted(picked)]
        try:
            compose_volume(
                actor=request.user, volume=volume, item_keys=keys,
                title=request.POST.get("title", volume.title), preface=request.POST.get("preface", volume.preface),
            )  # fmt: skip
            messages.success(request, _("Đã lưu nội dung tập: %(n)s tài liệu.") % {"n": len(keys)})
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(reverse("archive-compose", args=[volume.pk]))
        return HttpResponseRedirect(reverse("archive-volume", args=[volume.pk]))
