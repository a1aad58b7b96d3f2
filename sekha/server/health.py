"""``/health``: each component reports its own state; the route adds them up.

A component is a callable returning a :data:`Check`: ``{"status": "ok" | "degraded" | "error",
...facts}``. Any ``error`` makes the server unhealthy (503); any ``degraded`` makes it degraded
(still 200). Without the key, ``/health`` says only that: the overall status, no facts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from .embedding import Embedder
from .indexer import Indexer
from .redact import redact
from .store import Store
from .writer import GroupWriter

Check = dict[str, Any]
Component = Callable[[], Check]

OK, DEGRADED, ERROR = "ok", "degraded", "error"


def overall(checks: Mapping[str, Check]) -> str:
    statuses = {check["status"] for check in checks.values()}
    if ERROR in statuses:
        return "unhealthy"
    return "degraded" if DEGRADED in statuses else "healthy"


def database(store: Store) -> Component:
    """Reads work, writes work (a failed write is probed again until it succeeds), schema version."""

    def check() -> Check:
        facts: Check = {"schema_version": store.schema_version}
        try:
            store.ping()
            if store.failure is not None:
                store.probe()  # clears the failure when storage works again
        except Exception as exc:
            if store.failure is None:
                return {"status": ERROR, "error": redact(f"{type(exc).__name__}: {exc}"), **facts}
        if store.failure is not None:
            failure, since = store.failure
            when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(since))
            return {"status": ERROR, "error": f"{failure.message} (last failure {when})", **facts}
        return {"status": OK, **facts}

    return check


def writer(group_writer: GroupWriter) -> Component:
    def check() -> Check:
        if group_writer.failure is not None:
            return {"status": ERROR, "error": group_writer.failure}
        if not group_writer.alive:
            return {"status": ERROR, "error": "the write thread is not running"}
        return {"status": OK}

    return check


def embedder(model: Embedder, index: Indexer) -> Component:
    def check() -> Check:
        error = index.last_error
        if error is None:
            return {"status": OK, "model": model.name}
        return {"status": DEGRADED, "model": model.name, "error": redact(error)}

    return check
