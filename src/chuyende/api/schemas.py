"""What every endpoint shares about its input: a body is a JSON object, nothing is null that the
model cannot store, numbers stay within what the database and the domain mean, and a page number
stays within what a database can skip to. A bad input is a 4xx with a Vietnamese message, never
a server error."""

from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.pagination import PageNumberPagination
from ninja.schema import DjangoGetter
from pydantic import model_validator

from chuyende.common.errors import ConflictError, DomainError
from chuyende.common.limits import MAX_ID, MAX_YEAR, MIN_YEAR

MAX_PAGE = 100_000

Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
VersionNumber = Annotated[int, Field(ge=1, le=2**31 - 1)]
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]


class InputSchema(Schema):
    """A request body (or an item in it). Ninja's Schema reads attributes from any object, so
    without this a JSON array or a number would pass for an object whose fields all default."""

    @model_validator(mode="before")
    @classmethod
    def _json_object_only(cls, data: Any) -> Any:
        # Ninja's own validator runs first and wraps the input in a DjangoGetter.
        raw = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(raw, dict):
            raise ValueError(_("Dữ liệu gửi lên phải là một đối tượng JSON ({...})."))
        return data


class BoundedPageNumberPagination(PageNumberPagination):
    """Page numbers past MAX_PAGE are refused: an offset beyond 64 bits breaks the database driver,
    and no list here has 5 million rows to page through."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=500)


def changes_of(payload: Schema, model, *, exclude: set[str] | frozenset[str] = frozenset()) -> dict:
    """The fields a PATCH body sets (`exclude_unset`), refusing `null` for a field that `model`
    cannot store as NULL: "not given" and "make it empty" are different requests."""
    changes = payload.dict(exclude_unset=True, exclude=set(exclude))
    for name, value in changes.items():
        if value is None and not _nullable(model, name):
            raise DomainError(
                _("Trường “%(field)s” không nhận giá trị null; bỏ trường này đi nếu không đổi nó.")
                % {"field": name}
            )
    return changes


def _nullable(model, name: str) -> bool:
    for candidate in (name, name.removesuffix("_id"), name.removesuffix("_ids")):
        try:
            return bool(model._meta.get_field(candidate).null)
        except Exception:  # FieldDoesNotExist: try the next spelling
            continue
    return False


def stale_schema(name: str, current: type[Schema]) -> type[Schema]:
    """The documented body of a refused stale save (409): `detail`, the Vietnamese message, and
    `current`, what is stored now — what the other person saved, with its version (and update time
    where the object keeps one) — so a client can show both versions side by side, as the pages do,
    and send again with the current version after merging."""
    doc = (
        "A stale save, refused (409): someone saved since the version sent was read. `detail` is the "
        "Vietnamese message; `current` is what is stored now (the other person's values, with its "
        "`version`), to show beside one's own and to send again with after merging."
    )
    annotations = {"detail": str, "current": current}
    return type(name, (Schema,), {"__annotations__": annotations, "__doc__": doc, "__module__": __name__})


def stale(error: ConflictError, current) -> Status:
    """The 409 answer of `stale_schema`: the domain's message and the stored object."""
    return Status(409, {"detail": error.message, "current": current})
