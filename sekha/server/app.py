"""``create_app``: the Starlette application with its middleware, error handlers and lifespan."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response

from .api import ROUTES
from .auth import Authenticate, RequireKey
from .errors import ApiError, error_response
from .middleware import ErrorBoundary, HostCheck, RateLimit, RequestMetrics
from .sqlerrors import explain
from .state import AppState
from .writer import WriterStoppedError

log = logging.getLogger("sekha.server")

_REASONS = {404: "Not found", 405: "Method not allowed"}


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


async def _storage_error(request: Request, exc: Exception) -> Response:
    """A full disk is 507, other storage failures 503, each saying what to do; a SQLite error
    that is not the storage's fault is a bug (500, logged with its traceback)."""
    assert isinstance(exc, sqlite3.Error)
    state: AppState = request.app.state.sekha
    failure = explain(exc, state.store.path)
    if failure is None:
        raise exc
    log.error("storage failure on %s %s: %s", request.method, request.url.path, exc)
    headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after else None
    return error_response(failure.status, failure.message, headers)


async def _writer_stopped(request: Request, exc: Exception) -> Response:
    return error_response(503, str(exc))


def create_app(state: AppState) -> Starlette:
    """The local controller as an ASGI app over opened ``state``; its lifespan starts the
    background threads and, at the end, closes everything (see :meth:`AppState.close`)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state.start()
        try:
            yield
        finally:
            await run_in_threadpool(state.close)

    handlers: dict[Any, Any] = {
        ApiError: _api_error,
        HTTPException: _http_error,
        sqlite3.Error: _storage_error,
        WriterStoppedError: _writer_stopped,
    }
    settings = state.settings
    app = Starlette(
        routes=ROUTES,
        lifespan=lifespan,
        exception_handlers=handlers,
        middleware=[
            Middleware(RequestMetrics, metrics=state.metrics),
            Middleware(ErrorBoundary),
            Middleware(HostCheck, allowed=settings.allowed_hosts),
            Middleware(Authenticate, api_key=settings.api_key),
            Middleware(RateLimit, limiter=state.limiter, anonymous=state.anonymous, metrics=state.metrics),
            Middleware(RequireKey),
        ],
    )
    app.state.sekha = state
    app.router.redirect_slashes = False
    return app
