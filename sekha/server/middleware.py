"""The ASGI layers every request passes before a route: counting, the error boundary, the Host
check and the rate limits (authentication is in :mod:`sekha.server.auth`)."""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Iterable

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_response
from .metrics import Metrics
from .parsing import ClientGoneError
from .ratelimit import RateLimiter

log = logging.getLogger("sekha.server")

KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
CLIENT_CLOSED = 499  # nginx's status for "the client hung up first"; counted, never sent
AUTHENTICATED = "sekha.authenticated"  # scope key set by BearerAuth: True when the key matched


class RequestMetrics:
    """Counts every request by method, route template and status; label values are bounded."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = CLIENT_CLOSED  # unless a response starts

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"] if scope["method"] in KNOWN_METHODS else "other"
            self.metrics.observe_request(method, route, status, time.perf_counter() - started)


class ErrorBoundary:
    """The last word on exceptions no route handled.

    A client that hung up mid-request gets nothing (there is nobody to answer) and is logged at
    debug level; anything else is a bug, logged once at ERROR with its traceback, answered 500
    JSON with ``Connection: close`` (the request may not have been read to its end).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except (ClientGoneError, ClientDisconnect):
            log.debug("client closed the connection during %s %s", scope["method"], scope["path"])
        except Exception as exc:
            log.error(
                "unhandled error on %s %s: %s",
                scope["method"],
                scope["path"],
                type(exc).__name__,
                exc_info=exc,
            )
            if started:
                raise  # the response is half sent: only closing the connection can tell the client
            response = error_response(500, f"Internal error: {type(exc).__name__}", {"Connection": "close"})
            await response(scope, receive, send)


def _host_name(header: str) -> str:
    """The host of a ``Host`` header value, lower-cased, without port, brackets or final dot."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    name, sep, port = value.rpartition(":")
    if sep and port.isdigit():
        value = name
    return value.rstrip(".")


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class HostCheck:
    """Refuses (421) requests whose ``Host`` names neither the address they reached nor an
    allowed name: a web page whose DNS name was rebound to 127.0.0.1 cannot talk to us.

    ``localhost`` is a name of every loopback address; other names must be allowed explicitly
    (``--allow-host``). A request without a ``Host`` header (HTTP/1.0) is let through.
    """

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(_host_name(name) for name in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            header = next((v for k, v in scope["headers"] if k == b"host"), None)
            if header is not None and not self._accepts(header.decode("latin-1"), scope):
                response = error_response(
                    421,
                    "this server does not answer to that Host name; connect to its address, or "
                    "start it with --allow-host NAME for a name you trust",
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _accepts(self, header: str, scope: Scope) -> bool:
        host = _host_name(header)
        server = scope.get("server")
        local = str(server[0]).lower() if server else None
        if host in self.allowed or host == local:
            return True
        return host == "localhost" and local is not None and _is_loopback(local)


class RateLimit:
    """Per-client (peer address) limits, one budget for authenticated requests and another for
    the rest, so requests without the key cannot use up the budget of those with it; 429 JSON
    with ``Retry-After`` in seconds."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, anonymous: RateLimiter, metrics: Metrics) -> None:
        self.app = app
        self.limiter = limiter
        self.anonymous = anonymous
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            client = scope.get("client")
            bucket = self.limiter if scope.get(AUTHENTICATED) else self.anonymous
            wait = bucket.check(client[0] if client else "unknown")
            if wait:
                await self.refuse(scope, receive, send, wait)
                return
        await self.app(scope, receive, send)

    async def refuse(self, scope: Scope, receive: Receive, send: Send, wait: int) -> None:
        self.metrics.inc("sekha_rate_limited_total")
        response = error_response(429, f"Rate limit exceeded; retry in {wait} s", {"Retry-After": str(wait)})
        await response(scope, receive, send)
