"""The bearer key: checked on every request first, required on ``/api/v1`` and ``/mcp``.

:class:`Authenticate` compares the key (in constant time) and marks the request; the rate
limiter then charges authenticated and other requests to separate budgets; :class:`RequireKey`
finally refuses (401 JSON) protected requests that were not authenticated. ``/health`` and
``/metrics`` answer without the key (``/health`` only says whether the server is up).
"""

from __future__ import annotations

import hmac

from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import error_response
from .middleware import AUTHENTICATED

PROTECTED_PREFIXES = ("/api/", "/mcp/")
_PROBLEM = "sekha.auth_problem"  # scope key: why the request is not authenticated


def is_protected(path: str) -> bool:
    return path.startswith(PROTECTED_PREFIXES) or path in ("/api", "/mcp")


def is_authenticated(scope: Scope) -> bool:
    return bool(scope.get(AUTHENTICATED))


class Authenticate:
    """Marks each request authenticated when it carries ``Authorization: Bearer <key>``."""

    def __init__(self, app: ASGIApp, api_key: str) -> None:
        self.app = app
        self._key = api_key.encode("utf-8")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            problem = self._problem(next((v for k, v in scope["headers"] if k == b"authorization"), None))
            scope[AUTHENTICATED] = problem is None
            scope[_PROBLEM] = problem
        await self.app(scope, receive, send)

    def _problem(self, header: bytes | None) -> str | None:
        if header is None:
            return "Missing authorization header: send `Authorization: Bearer <key>`"
        scheme, _, token = header.partition(b" ")
        if scheme.lower() != b"bearer" or not token.strip():
            return "Invalid authorization format: expected `Bearer <key>`"
        if not hmac.compare_digest(token.strip(), self._key):
            return "Invalid API key"
        return None


class RequireKey:
    """Refuses protected requests that :class:`Authenticate` did not mark."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_protected(scope["path"]) and not is_authenticated(scope):
            challenge = {"WWW-Authenticate": 'Bearer realm="sekha"'}
            await error_response(401, str(scope[_PROBLEM]), challenge)(scope, receive, send)
            return
        await self.app(scope, receive, send)
