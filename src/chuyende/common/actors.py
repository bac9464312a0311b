"""The actor of writes made by the system itself (demo loader, scheduled tasks, CLI)."""


class SystemActor:
    """Passes permission checks like a superuser and is recorded in the audit log by name."""

    is_superuser = True
    is_authenticated = False
    pk = None

    def __str__(self) -> str:
        return "hệ thống"


SYSTEM = SystemActor()
