"""uvicorn's HTTP/1.1 protocol with the limits it lacks: a deadline for each request's headers
and a cap on open connections.

uvicorn closes idle kept-alive connections, but a connection that never sends a complete
request line and headers (idle from the start, or dripping bytes) stays open for ever, and
nothing bounds how many there are: enough of them exhaust the file descriptors and the server
can accept nobody. Here the headers must be complete within ``header_timeout``, and past
``max_connections`` the connection idle the longest is closed to make room; when every
connection has a request in progress, the newcomer is answered 503 and closed.

Bodies are bounded at the application level (:func:`sekha.server.parsing.read_body`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from .config import Limits

log = logging.getLogger("sekha.server")

_REFUSAL_BODY = json.dumps(
    {"error": "the server has too many open connections; retry shortly", "code": 503}
).encode()
_REFUSAL = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
    b"retry-after: 1\r\nconnection: close\r\ncontent-length: "
    + str(len(_REFUSAL_BODY)).encode()
    + b"\r\n\r\n"
    + _REFUSAL_BODY
)
_WARN_EVERY = 60.0


class GuardedProtocol(H11Protocol):
    """One connection. ``limits`` is bound by :func:`guarded_protocol`."""

    limits: Limits = Limits()
    _last_warning = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._idle_since = time.monotonic()
        if len(self.connections) > self.limits.max_connections and not self._evict_idlest():
            self._refuse()
            return
        self._arm_head_timer()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._between_requests():
            if self._head_timer is None:  # the client has started on its next request
                self._arm_head_timer()
        else:
            self._cancel_head_timer()

    def on_response_complete(self) -> None:
        self._idle_since = time.monotonic()
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _between_requests(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm_head_timer(self) -> None:
        self._head_timer = self.loop.call_later(self.limits.header_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self._between_requests() and not self.transport.is_closing():
            self.transport.close()

    def _evict_idlest(self) -> bool:
        """Close the connection that has waited longest for a request; False if none is waiting."""
        idle: list[Any] = [
            c
            for c in self.connections
            if c is not self and isinstance(c, GuardedProtocol) and c._between_requests()
        ]
        if not idle:
            return False
        victim = min(idle, key=lambda c: c._idle_since)
        victim._cancel_head_timer()
        victim.transport.close()
        self.connections.discard(victim)
        return True

    def _refuse(self) -> None:
        now = time.monotonic()
        if now - GuardedProtocol._last_warning > _WARN_EVERY:
            GuardedProtocol._last_warning = now
            log.warning(
                "%d connections are open, each with a request in progress: refusing new ones (503)",
                len(self.connections) - 1,
            )
        self.transport.write(_REFUSAL)
        self.transport.close()
        self.connections.discard(self)


def guarded_protocol(limits: Limits) -> type[GuardedProtocol]:
    """The protocol class for uvicorn's ``http=`` setting, with ``limits`` bound."""
    return type("GuardedProtocol", (GuardedProtocol,), {"limits": limits})
