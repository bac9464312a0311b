"""Scoped lookups for papers: a paper outside what the user may see is not found."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuyende.common.errors import NotFound
from chuyende.orgs.access import oversight_roots
from chuyende.orgs.rules import member_of, subtree_q

from .enums import PaperState
from .models import PaperComment, PaperFile, PositionPaper


def papers_for(user) -> QuerySet[PositionPaper]:
    """Papers of cells the user oversees, their own cell's papers (drafts too), and the submitted
    papers of every cell of their cell's committee."""
    condition = subtree_q(oversight_roots(user), field="organization__path")
    member = member_of(user)
    if member is not None and member.is_active:
        condition |= Q(organization_id=member.cell_id)
        committee = member.cell.parent
        if committee is not None:
            condition |= subtree_q([committee.path], field="organization__path") & ~Q(state=PaperState.DRAFT)
    return PositionPaper.objects.filter(condition).select_related("organization")


def get_paper_for(user, paper_id) -> PositionPaper:
    try:
        return papers_for(user).get(pk=paper_id)
    except (PositionPaper.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy bài tham luận này hoặc bạn không có quyền xem.")) from None


def get_comment_for(user, comment_id) -> PaperComment:
    try:
        return PaperComment.objects.select_related("paper__organization", "author").get(
            pk=comment_id, paper__in=papers_for(user)
        )
    except (PaperComment.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy góp ý này hoặc bạn không có quyền xem.")) from None


def get_paper_file_for(user, file_id) -> PaperFile:
    """An uploaded original of a paper, for whoever may open the paper's page."""
    message = _("Không tìm thấy tệp này hoặc bạn không có quyền xem.")
    stored = PaperFile.objects.filter(pk=file_id).first() if str(file_id).isdigit() else None
    if stored is None:
        raise NotFound(message)
    try:
        stored.paper = get_paper_for(user, stored.paper_id)
    except NotFound:
        raise NotFound(message) from None
    return stored
