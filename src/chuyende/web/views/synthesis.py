"""The synthesis page of the office: group cards (target paragraph, stance counts, members and
cells represented, campaign, whole-draft comments placed), a group's comments paged, and the
corrections (merge, split, move, representative, "đã xem", paragraph of a whole-draft comment)
through htmx. Thin: every change is a domain function."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from chuyende.common.errors import DomainError, NotFound
from chuyende.consultations import domain
from chuyende.consultations.access import get_comment_of, get_group_of
from chuyende.consultations.enums import BlockKind, CommentStatus, Stance
from chuyende.consultations.models import Block, CommentGroup
from chuyende.consultations.synthesis.keys import fast_fold
from chuyende.web.mixins import form_id
from chuyende.web.views.consultations import OfficeMixin

CARDS = 50
COMMENTS = 20
PICKS = 12


def _paragraphs(consultation) -> list[tuple[str, str]]:
    blocks = Block.objects.filter(version_id=consultation.version_id, kind=BlockKind.PARAGRAPH)
    return [
        (uid, label or text[:50])
        for uid, label, text in blocks.order_by("position").values_list("uid", "label", "text")
    ]


def _card_context(consultation, group, paragraphs) -> dict:
    labels = dict(paragraphs)
    stances = dict(Stance.choices)
    return {
        "consultation": consultation, "group": group, "paragraph_label": labels.get(group.block_uid, ""),
        "stance_counts": [(stances.get(k, k), n) for k, n in sorted(group.stance_counts.items())],
    }  # fmt: skip


class GroupsView(OfficeMixin, TemplateView):
    """Group cards, largest first; `?doan=<uid>` keeps one paragraph, `?chua-xem=1` the unseen."""

    template_name = "web/consultations/groups.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consultation = self.consultation()
        groups = CommentGroup.objects.filter(consultation=consultation).order_by("-size", "pk")
        block = self.request.GET.get("doan", "")
        if block:
            groups = groups.filter(block_uid=block)
        if self.request.GET.get("chua-xem"):
            groups = groups.filter(seen_at__isnull=True)
        page = Paginator(groups, CARDS).get_page(self.request.GET.get("page"))
        paragraphs = _paragraphs(consultation)
        context.update(
            consultation=consultation, page=page, paragraphs=paragraphs, block=block,
            cards=[_card_context(consultation, g, paragraphs) for g in page.object_list],
            run=consultation.runs.first(), unseen=self.request.GET.get("chua-xem", ""),
        )  # fmt: skip
        return context


class GroupCommentsView(OfficeMixin, View):
    """The fragment listing one group's comments, COMMENTS a page, with their actions."""

    def get(self, request, pk, group_pk):
        consultation = self.consultation()
        group = _group(consultation, group_pk)
        comments = group.comments.filter(status=CommentStatus.ACTIVE).select_related("cell").order_by("pk")
        page = Paginator(comments, COMMENTS).get_page(request.GET.get("page"))
        return render(request, "web/consultations/group_comments.html", {
            "consultation": consultation, "group": group, "page": page, "paragraphs": _paragraphs(consultation),
        })  # fmt: skip


def _group(consultation, group_pk):
    from django.http import Http404

    try:
        return get_group_of(consultation, group_pk)
    except NotFound as error:
        raise Http404(error.message) from None


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class GroupPickerView(OfficeMixin, View):
    """The fragment of groups to choose from when merging a group (`?name=other`) or moving a
    comment (`?name=target`): radio buttons showing each group's number, target paragraph,
    stance, size and representative text. `q` searches the representative text without regard
    to accents (every word must appear) or, as digits, the group's number; groups of the same
    paragraph come first, then the others, largest first, `PICKS` at most."""

    def get(self, request, pk, group_pk):
        consultation = self.consultation()
        group = _group(consultation, group_pk)
        name = "target" if request.GET.get("name") == "target" else "other"
        query = request.GET.get("q", "").strip()
        terms = fast_fold(query).split()
        others = (
            CommentGroup.objects.filter(consultation=consultation)
            .exclude(pk=group.pk)
            .order_by("-size", "pk")
        )
        fields = ("pk", "block_uid", "stance", "size", "representative_text")
        picks: list[tuple] = []
        if typed_id := form_id(query):
            picks = list(others.filter(pk=typed_id).values_list(*fields))
        for part in (others.filter(block_uid=group.block_uid), others.exclude(block_uid=group.block_uid)):
            for row in part.values_list(*fields).iterator(chunk_size=500):
                if len(picks) >= PICKS:
                    break
                folded = fast_fold(row[4])
                if row[0] not in {p[0] for p in picks} and all(t in folded for t in terms):
                    picks.append(row)
        labels, stances = dict(_paragraphs(consultation)), dict(Stance.choices)
        return render(request, "web/consultations/group_picker.html", {
            "name": name, "query": query,
            "picks": [{"pk": p, "paragraph": labels.get(b, ""), "stance": stances.get(s, s), "size": n, "text": t}
                      for p, b, s, n, t in picks],
        })  # fmt: skip


class GroupActionView(OfficeMixin, View):
    """POST `action` = merge | split | representative | seen | unseen | move | place on one group.
    With htmx the answer is the group's card (or an empty body when the group is gone)."""

    def post(self, request, pk, group_pk):
        consultation = self.consultation()
        group = _group(consultation, group_pk)
        action = request.POST.get("action", "")
        error = None
        try:
            group = self._apply(request, consultation, group, action)
            done = _("Đã cập nhật nhóm ý kiến.")
        except (DomainError, NotFound) as refusal:
            error, done = refusal.message, None
        if request.headers.get("HX-Request"):
            if group is None or not CommentGroup.objects.filter(pk=group.pk).exists():
                return HttpResponse("")
            group.refresh_from_db()
            context = _card_context(consultation, group, _paragraphs(consultation))
            context.update(error=error, done=done)
            return render(request, "web/consultations/group_card.html", context)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        return HttpResponseRedirect(reverse("consultation-groups", args=[consultation.pk]))

    def _apply(self, request, consultation, group, action):
        actor, post = request.user, request.POST
        if action == "merge":
            other = get_group_of(consultation, _int(post.get("other")))
            return domain.merge_groups(actor=actor, group=group, other=other)
        if action == "split":
            ids = [i for i in (_int(v) for v in post.getlist("comments")) if i is not None]
            domain.split_group(actor=actor, group=group, comment_ids=ids)
            return group
        if action == "representative":
            comment = get_comment_of(consultation, _int(post.get("comment")))
            return domain.choose_representative(actor=actor, group=group, comment=comment)
        if action in ("seen", "unseen"):
            return domain.mark_seen(actor=actor, group=group, seen=action == "seen")
        if action == "move":
            comment = get_comment_of(consultation, _int(post.get("comment")))
            target = get_group_of(consultation, _int(post.get("target")))
            domain.move_comment(actor=actor, comment=comment, group=target)
            return group
        if action == "place":
            comment = get_comment_of(consultation, _int(post.get("comment")))
            domain.place_comment(actor=actor, comment=comment, block_uid=post.get("block_uid", ""))
            return group
        raise DomainError(_("Thao tác không hợp lệ."))


class GroupsXlsxView(OfficeMixin, View):
    def get(self, request, pk):
        from chuyende.consultations.synthesis.export import groups_xlsx

        response = HttpResponse(
            groups_xlsx(self.consultation()),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="nhom-y-kien.xlsx"'
        return response
