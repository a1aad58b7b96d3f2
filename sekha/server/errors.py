"""One error type for every 4xx/5xx the local controller produces, always JSON ``{error, code}``."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse


class ApiError(Exception):
    """A request the controller refuses; rendered as ``{"error": message, "code": status}``."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def error_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "code": status}, status_code=status, headers=headers)


def not_found(conversation_id: str) -> ApiError:
    return ApiError(404, f"Conversation {conversation_id} not found")
