"""Read-heavy roll-ups and search on a PostgreSQL read replica, when one is configured.

`DATABASE_REPLICA_URL` adds the `replica` alias (settings.py). Reads run there only inside
`on_replica()` — the roll-ups and the archive search, which a few seconds of replication lag
cannot mislead (they are reports, not the page that just saved something). Everything else reads
and writes on `default`, so a user always sees their own writes. Without a replica the context
does nothing.
"""

import threading
from contextlib import ContextDecorator

from django.db import connections

REPLICA = "replica"
_state = threading.local()


def read_alias() -> str:
    """The alias reads use now: `replica` inside `on_replica()` when it is configured."""
    if getattr(_state, "depth", 0) and REPLICA in connections.settings:
        return REPLICA
    return "default"


class on_replica(ContextDecorator):  # noqa: N801 - used like a function: `with on_replica():`
    """Sends the ORM reads (and raw queries that ask `read_alias()`) of the block to the replica."""

    def __enter__(self):
        _state.depth = getattr(_state, "depth", 0) + 1
        return self

    def __exit__(self, *exc):
        _state.depth -= 1
        return False


class ReplicaRouter:
    """Reads inside `on_replica()` go to the replica; writes and migrations stay on default."""

    def db_for_read(self, model, **hints):
        alias = read_alias()
        return alias if alias == REPLICA else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as default

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
