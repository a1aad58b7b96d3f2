"""The exceptions the SDK raises, and the one place HTTP error responses are mapped to them.

    SekhaError
    ├── SekhaAPIError                 the server answered with an error status
    │   ├── SekhaValidationError      400, 413, 415, 422, or rejected client-side before sending
    │   ├── SekhaAuthError            401, 403
    │   ├── SekhaNotFoundError        404, or an id that is not a UUID
    │   ├── SekhaRateLimitError       429 (``retry_after`` in seconds when the server said)
    │   └── SekhaServerError          5xx
    ├── SekhaConnectionError          the request did not complete (refused, reset, DNS …)
    │   └── SekhaTimeoutError         it took longer than the configured timeout
    ├── SekhaDecodeError              a success response whose body is not what the contract says
    └── SekhaUnsupportedError         the server has no way to do what was asked

The controller answers errors in several shapes — JSON ``{error, code}``, JSON ``{error}``, plain
text, or nothing at all — and :func:`error_from_response` turns every one of them into the same
tree, so callers only ever catch ``SekhaError`` subclasses.
"""

from __future__ import annotations

import email.utils
import json
import time
from typing import Any

import httpx

__all__ = [
    "SekhaAPIError",
    "SekhaAuthError",
    "SekhaConnectionError",
    "SekhaDecodeError",
    "SekhaError",
    "SekhaNotFoundError",
    "SekhaRateLimitError",
    "SekhaServerError",
    "SekhaTimeoutError",
    "SekhaUnsupportedError",
    "SekhaValidationError",
    "error_from_response",
    "parse_retry_after",
]


class SekhaError(Exception):
    """Root of every exception the SDK raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SekhaAPIError(SekhaError):
    """The server answered with an error status (or a request was refused before sending)."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        body: Any = None,
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body
        self.request = request

    def __str__(self) -> str:
        where = f" ({self.request.method} {self.request.url.path})" if self.request is not None else ""
        status = f"{self.status_code} " if self.status_code is not None else ""
        return f"{status}{self.message}{where}"


class SekhaValidationError(SekhaAPIError):
    """The request was malformed: rejected by the server (400/413/415/422) or by the SDK itself."""


class SekhaAuthError(SekhaAPIError):
    """The API key is missing, malformed or wrong (401/403)."""


class SekhaNotFoundError(SekhaAPIError):
    """No such conversation (404), or an id that cannot name one because it is not a UUID."""


class SekhaRateLimitError(SekhaAPIError):
    """Too many requests (429) and retrying did not help within the configured limits."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class SekhaServerError(SekhaAPIError):
    """The server failed (5xx)."""


class SekhaConnectionError(SekhaError):
    """The request did not complete: the server could not be reached or dropped the connection."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.request = request


class SekhaTimeoutError(SekhaConnectionError):
    """The server did not answer within the configured timeout."""


class SekhaDecodeError(SekhaError):
    """A success response whose body could not be read as the contract promises; ``raw`` keeps it."""

    def __init__(self, message: str, *, raw: str, status_code: int, request: httpx.Request | None) -> None:
        super().__init__(message)
        self.raw = raw
        self.status_code = status_code
        self.request = request


class SekhaUnsupportedError(SekhaError):
    """The controller offers no way to do this (for example, it ignored a field it accepted)."""


_BY_STATUS: dict[int, type[SekhaAPIError]] = {
    400: SekhaValidationError,
    401: SekhaAuthError,
    403: SekhaAuthError,
    404: SekhaNotFoundError,
    413: SekhaValidationError,
    415: SekhaValidationError,
    422: SekhaValidationError,
    429: SekhaRateLimitError,
}


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header given as seconds or as an HTTP date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


def _message_and_body(response: httpx.Response) -> tuple[str, Any]:
    """Read any of the controller's error shapes: JSON with or without `code`, text, or empty."""
    text = response.text
    if not text.strip():
        return (response.reason_phrase or "Error"), None
    try:
        body = json.loads(text)
    except ValueError:
        return text.strip(), text
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return body["error"], body
    return text.strip(), body


def request_of(response: httpx.Response) -> httpx.Request | None:
    """The request behind a response, if httpx knows it (hand-built responses may have none)."""
    try:
        return response.request
    except RuntimeError:
        return None


def error_from_response(response: httpx.Response) -> SekhaAPIError:
    """The exception for an error response; the only place statuses become exception types."""
    message, body = _message_and_body(response)
    status = response.status_code
    kind = _BY_STATUS.get(status)
    if kind is None:
        kind = SekhaServerError if status >= 500 else SekhaAPIError
    request = request_of(response)
    if kind is SekhaRateLimitError:
        return SekhaRateLimitError(
            message,
            retry_after=parse_retry_after(response.headers.get("retry-after")),
            status_code=status,
            body=body,
            request=request,
        )
    return kind(message, status_code=status, body=body, request=request)
