"""Errors raised by domain functions; pages and the API turn them into a Vietnamese message."""


class DomainError(Exception):
    """A rule of the domain refused the operation. `message` is shown to the user as is."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    """The actor lacks the role the operation needs."""

    status_code = 403


class NotFound(DomainError):
    """The object does not exist or is outside what the user may see (the two are not told apart)."""

    status_code = 404


class ConflictError(DomainError):
    """Someone else changed the object since it was read (stale version number)."""

    status_code = 409


class NeedsConfirmation(DomainError):
    """A rule warns instead of refusing (a deadline already past, a meeting too soon for its
    materials): nothing is saved until the person confirms — a checkbox on the page, a flag in the
    API. Never accepted silently."""
