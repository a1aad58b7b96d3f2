"""Bearer-key check for ``/api/v1`` and ``/mcp``; ``/health`` and ``/metrics`` stay open."""

from __future__ import annotations

import hmac

from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import error_response

PROTECTED_PREFIXES = ("/api/", "/mcp/")


def _is_protected(path: str) -> bool:
    return path.startswith(PROTECTED_PREFIXES) or path in ("/api", "/mcp")


class BearerAuth:
    """Refuses (401 JSON) requests without ``Authorization: Bearer <key>``, comparing in constant time."""

    def __init__(self, app: ASGIApp, api_key: str) -> None:
        self.app = app
        self._key = api_key.encode("utf-8")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_protected(scope["path"]):
            await self.app(scope, receive, send)
            return
        header = next((v for k, v in scope["headers"] if k == b"authorization"), None)
        challenge = {"WWW-Authenticate": 'Bearer realm="sekha"'}
        if header is None:
            response = error_response(
                401, "Missing authorization header: send `Authorization: Bearer <key>`", challenge
            )
        else:
            scheme, _, token = header.partition(b" ")
            if scheme.lower() != b"bearer" or not token.strip():
                response = error_response(
                    401, "Invalid authorization format: expected `Bearer <key>`", challenge
                )
            elif not hmac.compare_digest(token.strip(), self._key):
                response = error_response(401, "Invalid API key", challenge)
            else:
                await self.app(scope, receive, send)
                return
        await response(scope, receive, send)
