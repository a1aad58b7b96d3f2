"""``/health``: each component reports its own state; the route adds them up.

A component is a callable returning a :data:`Check`: ``{"status": "ok" | "degraded" | "error",
...facts}``. Any ``error`` makes the server unhealthy (503); any ``degraded`` makes it degraded
(still 200). Without the key, ``/health`` says only that: the overall status, no facts.
"""

from __future__ import annotations

import contextlib
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


FAILURE_HOLD = 60.0  # seconds a storage failure stays reported after writes work again


def database(store: Store) -> Component:
    """Reads work, and writes have not failed lately for lack of disk space or an I/O error.

    A storage failure is reported until writes have worked again for :data:`FAILURE_HOLD`
    seconds (a nearly full disk takes small writes and refuses large ones); with no writes at
    all since, a tiny write probes whether the storage has recovered.
    """

    def check() -> Check:
        facts: Check = {"schema_version": store.schema_version}
        try:
            store.ping()
        except Exception as exc:
            if store.failure is None:
                return {"status": ERROR, "error": redact(f"{type(exc).__name__}: {exc}"), **facts}
        if store.failure is None:
            return {"status": OK, **facts}
        failure, since = store.failure
        if store.last_write < since and time.time() - since >= FAILURE_HOLD:
            with contextlib.suppress(Exception):
                store.probe()
        if store.last_write < since or time.time() - since < FAILURE_HOLD:
            when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(since))
            return {"status": ERROR, "error": f"{failure.message} (last at {when})", **facts}
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


def indexer(index: Indexer, store: Store) -> Component:
    """The embedding worker: running or not, how far behind it is, what it gave up on."""

    def check() -> Check:
        if not index.alive:
            return {"status": ERROR, "error": "the embedding worker is not running"}
        _, _, pending = store.message_counts()
        return {"status": OK, "pending": pending, **index.health()}

    return check


def embedder(model: Embedder, index: Indexer) -> Component:
    def check() -> Check:
        error = index.last_error
        ready = bool(getattr(model, "ready", True))  # the default model loads after the server starts
        if error is None:
            return {"status": OK, "model": model.name, "ready": ready}
        return {"status": DEGRADED, "model": model.name, "ready": ready, "error": redact(error)}

    return check
