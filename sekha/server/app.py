"""``create_app``: the Starlette application with its middleware, error handlers and lifespan."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .api import ROUTES
from .auth import BearerAuth
from .config import Settings
from .embedding import Embedder, build_embedder
from .errors import ApiError, error_response
from .indexer import Indexer
from .intelligence import ChatClient
from .metrics import Metrics
from .ratelimit import RateLimiter
from .state import AppState
from .store import Store
from .writer import GroupWriter

log = logging.getLogger("sekha.server")

_REASONS = {404: "Not found", 405: "Method not allowed"}


class RateLimit:
    """Per-client (peer address) limit; 429 JSON with ``Retry-After`` in seconds."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter, metrics: Metrics) -> None:
        self.app = app
        self.limiter = limiter
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            client = scope.get("client")
            wait = self.limiter.check(client[0] if client else "unknown")
            if wait:
                self.metrics.inc("sekha_rate_limited_total")
                response = error_response(
                    429, f"Rate limit exceeded; retry in {wait} s", {"Retry-After": str(wait)}
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class RequestMetrics:
    """Counts every answered request by method, route template and status."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", "unmatched")
            self.metrics.observe_request(scope["method"], template, status, time.perf_counter() - started)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.message, exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = _REASONS.get(exc.status_code, exc.detail)
    if exc.status_code == 404:
        message = f"No route for {request.method} {request.url.path}"
    elif exc.status_code == 405:
        message = f"Method {request.method} is not allowed on {request.url.path}"
    return error_response(exc.status_code, message, exc.headers)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error(
        "unhandled error on %s %s: %s", request.method, request.url.path, type(exc).__name__, exc_info=exc
    )
    return error_response(500, f"Internal error: {type(exc).__name__}")


def create_app(settings: Settings, embedder: Embedder | None = None) -> Starlette:
    """The local controller as an ASGI app; storage and the indexer open in its lifespan."""
    metrics = Metrics()
    limiter = RateLimiter(settings.rate_limit_per_minute)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store = await run_in_threadpool(Store, settings.db_path)
        model = (
            embedder if embedder is not None else await run_in_threadpool(build_embedder, settings.embedder)
        )
        indexer = Indexer(store, model, metrics)
        indexer.start()  # loads the stored vectors on its own thread: /health answers meanwhile
        writer = GroupWriter(store)
        writer.start()
        chat = (
            ChatClient(settings.chat_url, settings.chat_model or "gpt-4o-mini") if settings.chat_url else None
        )
        app.state.sekha = AppState(settings, store, model, indexer, metrics, limiter, chat, writer)
        try:
            yield
        finally:
            await run_in_threadpool(writer.stop)
            await run_in_threadpool(indexer.stop, settings.flush_timeout_seconds)
            await run_in_threadpool(store.close)

    handlers: dict[Any, Any] = {ApiError: _api_error, HTTPException: _http_error, Exception: _server_error}
    app = Starlette(
        routes=ROUTES,
        lifespan=lifespan,
        exception_handlers=handlers,
        middleware=[
            Middleware(RequestMetrics, metrics=metrics),
            Middleware(RateLimit, limiter=limiter, metrics=metrics),
            Middleware(BearerAuth, api_key=settings.api_key),
        ],
    )
    app.router.redirect_slashes = False
    return app
