"""The exceptions the SDK raises, and the one place every failure is mapped to them.

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
    ├── SekhaUnsupportedError         the server has no way to do what was asked
    ├── SekhaConfigError              a setting the client cannot work with (also a ValueError)
    ├── SekhaClientClosedError        the client was closed (also a RuntimeError)
    └── SekhaMissingExtraError        a part of sekha that needs an extra which is not installed

``SekhaUnsupportedWarning`` is a warning, not an error: the server did the write but could not keep
all of it (original timestamps sent to the real controller, say).

The controller answers errors in several shapes — JSON ``{error, code}``, JSON ``{error}``, plain
text, or nothing at all — and :func:`error_from_response` turns every one of them into the same
tree, so callers only ever catch ``SekhaError`` subclasses. The clients send every failure
through the functions at the end of this module: error statuses, failed transports, bodies that
do not parse, and the controller's errors inside a 200.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import time
from collections.abc import Iterator
from http import HTTPStatus
from typing import Any, Protocol, TypeVar

import httpx

from sekha_api.errors import UnexpectedBody
from sekha_api.types import Response

__all__ = [
    "LOCAL_EXTRA_INSTALL",
    "SekhaAPIError",
    "SekhaAuthError",
    "SekhaClientClosedError",
    "SekhaConfigError",
    "SekhaConnectionError",
    "SekhaDecodeError",
    "SekhaError",
    "SekhaMissingExtraError",
    "SekhaNotFoundError",
    "SekhaRateLimitError",
    "SekhaServerError",
    "SekhaTimeoutError",
    "SekhaUnsupportedError",
    "SekhaUnsupportedWarning",
    "SekhaValidationError",
    "ToolResult",
    "body_of",
    "decode_error",
    "error_from_response",
    "needs_local_extra",
    "parse_retry_after",
    "refused",
    "tool_data",
    "transport_error",
    "undecodable",
]

LOCAL_EXTRA_INSTALL = 'pip install "sekha-memory[local]"'
"""The command that adds the local controller to an installed sekha."""
LOCAL_EXTRA_INSTALL_FROM_CLONE = 'pip install -e ".[local]"'

T = TypeVar("T")
Data = TypeVar("Data", covariant=True)


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


class SekhaUnsupportedWarning(UserWarning):
    """The controller cannot keep part of what was sent (original timestamps, say): the rest was
    done as the real controller does it, and the message says what was lost."""


class SekhaConfigError(SekhaError, ValueError):
    """A setting the client cannot work with; the message names it and says what would do."""


class SekhaClientClosedError(SekhaError, RuntimeError):
    """The client was closed before or while this call ran; make a new client to go on."""


class SekhaMissingExtraError(SekhaError, ImportError):
    """This needs an optional part of sekha that is not installed; the message says how to add it."""

    def __init__(self, message: str, *, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name


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


MAX_RETRY_AFTER = 86_400.0
"""The longest ``Retry-After`` believed: a day. Longer, infinite or negative values are ignored."""


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header given as seconds or as an HTTP date.

    None when there is no usable value: absent, unreadable, negative, not finite, or more than
    :data:`MAX_RETRY_AFTER`. A date in the past means "now" (0.0).
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        seconds = max(0.0, when.timestamp() - (time.time() if now is None else now))
    if not 0.0 <= seconds <= MAX_RETRY_AFTER:  # also false for NaN and infinity
        return None
    return seconds


@contextlib.contextmanager
def needs_local_extra(what: str, extra: str = "local") -> Iterator[None]:
    """Turn the import of an optional part failing for a missing dependency into advice: the
    ``local`` extra (the local controller) unless another ``extra`` is named."""
    try:
        yield
    except ImportError as exc:
        missing = exc.name or "a dependency"
        if missing.partition(".")[0] in {"sekha", "sekha_api"}:
            raise  # our own module failed to import: a bug, not a missing extra
        raise SekhaMissingExtraError(
            f'{what} needs the {extra} extra ({missing} is missing): pip install "sekha-memory[{extra}]"'
            f' (from a clone of the repository: pip install -e ".[{extra}]")',
            name=missing,
        ) from exc


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:  # a status outside the registry
        return "Error"


def _message_and_body(response: httpx.Response | Response[Any]) -> tuple[str, Any]:
    """Read any of the controller's error shapes: JSON with or without `code`, text, or empty."""
    text = response.content.decode("utf-8", errors="replace")
    if not text.strip():
        return _reason(response.status_code), None
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested too deep to read: keep the text
        return _clipped(text.strip()), text
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return _clipped(body["error"]), body
    return _clipped(text.strip()), body


SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
REDACTED = "[redacted]"
MAX_MESSAGE = 500
"""Characters of an error body kept in an exception's message (``body`` keeps all of it)."""


def _without_secrets(request: httpx.Request) -> httpx.Request:
    """A copy of a request to keep in an exception: the same method, URL and body, no credentials."""
    headers = [
        (name, REDACTED if name.lower() in SECRET_HEADERS else value)
        for name, value in request.headers.multi_items()
    ]
    try:
        content = request.content
    except httpx.RequestNotRead:
        content = b""
    return httpx.Request(request.method, request.url, headers=headers, content=content)


def request_of(response: object) -> httpx.Request | None:
    """The request behind a response or error, with its credentials removed, for an exception.

    None when httpx does not know it (hand-built responses may have none).
    """
    try:
        request = getattr(response, "request", None)
    except RuntimeError:
        return None
    return _without_secrets(request) if isinstance(request, httpx.Request) else None


def _clipped(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + f"… ({len(text)} characters)"


def error_from_response(response: httpx.Response | Response[Any]) -> SekhaAPIError:
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


def transport_error(exc: httpx.HTTPError) -> SekhaConnectionError:
    """The exception for a request that did not complete.

    httpx's exception, kept as the cause, has its request swapped for the copy without credentials.
    """
    request = request_of(exc)
    if request is not None:
        exc.request = request
    what = f"{request.method} {request.url.path}" if request is not None else "the request"
    if isinstance(exc, httpx.TimeoutException):
        return SekhaTimeoutError(f"{what} timed out ({type(exc).__name__})", request=request)
    detail = str(exc) or type(exc).__name__
    return SekhaConnectionError(f"{what} failed: {detail}", request=request)


def undecodable(
    response: httpx.Response | Response[Any], problem: str, *, raw: str | None = None
) -> SekhaDecodeError:
    """A success response (or, streamed, the ``raw`` part of one) that is not what the contract says."""
    request = request_of(response)
    where = f" to {request.method} {request.url.path}" if request is not None else ""
    return SekhaDecodeError(
        f"the {response.status_code} response{where} {problem}",
        raw=response.text if raw is None else raw,
        status_code=response.status_code,
        request=request,
    )


def decode_error(exc: UnexpectedBody) -> SekhaDecodeError:
    """The exception for a success response whose body the generated model could not read."""
    cause = exc.__cause__
    reason = f" ({type(cause).__name__}: {_clipped(str(cause))})" if cause is not None else ""
    request = request_of(exc.response)
    if request is not None:
        exc.response.request = request  # kept as the cause: no credentials in it either
    return undecodable(exc.response, f"is not what the contract describes{reason}")


def body_of(response: Response[T]) -> T:
    """The parsed body of a success response, which the route's contract promises."""
    if response.parsed is None:
        raise undecodable(response, "has no body the contract describes")
    return response.parsed


def refused(message: str, response: Response[Any], body: Any) -> SekhaValidationError:
    """The controller's own refusal inside a 200 (a count with both filters, a failed MCP tool)."""
    return SekhaValidationError(
        message, status_code=response.status_code, body=body, request=request_of(response)
    )


class ToolResult(Protocol[Data]):
    """The envelope every MCP tool answers with, even when it failed."""

    @property
    def success(self) -> bool: ...

    @property
    def data(self) -> Data | None: ...

    @property
    def error(self) -> str | None: ...


def tool_data(response: Response[ToolResult[T]]) -> T:
    """The data of an MCP tool's answer; a failure reported inside the 200 raises."""
    envelope = body_of(response)
    if not envelope.success:
        message = envelope.error or "the tool failed"
        raise refused(message, response, {"success": False, "error": message})
    if envelope.data is None:
        raise undecodable(response, "reports success without data")
    return envelope.data
