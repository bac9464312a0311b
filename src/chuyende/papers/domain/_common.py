from django.db.models import F
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import ConflictError, DomainError
from chuyende.orgs.domain.organizations import audit_partition

from ..enums import PaperState
from ..models import PositionPaper


def record(action: str, obj, *, actor, paper: PositionPaper, changes=None):
    """Audit entry in the chain of the paper's grassroots committee."""
    return audit.record(
        action, obj, actor=actor, partition=audit_partition(paper.organization), changes=changes
    )


def claim_version(paper: PositionPaper, version: int | None) -> None:
    """Bumps the paper's lock number if it still equals `version` (None: the in-memory number);
    otherwise someone else wrote first and the write is refused."""
    expected = paper.version if version is None else version
    if PositionPaper.objects.filter(pk=paper.pk, version=expected).update(version=F("version") + 1) != 1:
        raise ConflictError(
            _("Bài tham luận vừa được người khác sửa. Hãy tải lại trang để xem bản mới rồi sửa tiếp.")
        )
    paper.version = expected + 1


def ensure_not_finalized(paper: PositionPaper) -> None:
    if paper.state == PaperState.FINALIZED:
        raise DomainError(_("Bài tham luận đã hoàn thiện, không thay đổi được nữa."))
