"""Retries and rate limiting beneath httpx, so every request gets them, generated functions included.

The sync twin, ``sekha/_sync/transport.py``, is derived from this file by ``scripts/unasync.py``.
"""

from __future__ import annotations

import logging
import uuid

import anyio
import httpx

from sekha._contract import retry_class_of
from sekha._ratelimit import TokenBucket
from sekha._retry import Failure, RetryClass, RetrySettings, next_delay
from sekha._version import __version__
from sekha.config import ClientConfig
from sekha.errors import parse_retry_after

__all__ = ["AsyncRetryTransport", "new_http_client"]

logger = logging.getLogger("sekha")

IDEMPOTENCY_HEADER = "Idempotency-Key"
KEEPALIVE_CONNECTIONS = 20


def _failure_of(exc: httpx.TransportError) -> Failure | None:
    """What a transport error says about whether the server may have seen the request."""
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return Failure.NOT_SENT
    if isinstance(exc, httpx.TimeoutException):
        return Failure.TIMEOUT
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        return Failure.BROKEN
    return None  # a local mistake (bad URL, protocol misuse): trying again cannot help


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wraps a transport with the contract's retry policy and a client-wide rate limiter.

    Each attempt's body is read here, inside the retry loop, so a connection that breaks halfway
    through a response counts as a failed attempt instead of surfacing after the decision.
    """

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport,
        *,
        settings: RetrySettings,
        limiter: TokenBucket | None,
    ) -> None:
        self._transport = transport
        self._settings = settings
        self._limiter = limiter

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        retry_class = retry_class_of(request.method, request.url.path)
        if retry_class is RetryClass.UNSAFE and IDEMPOTENCY_HEADER not in request.headers:
            request.headers[IDEMPOTENCY_HEADER] = uuid.uuid4().hex  # the same key for every attempt
        attempt = 0
        waited = 0.0
        while True:
            if self._limiter is not None:
                hold = self._limiter.reserve()
                if hold > 0:
                    await anyio.sleep(hold)
            attempt += 1
            try:
                response = await self._transport.handle_async_request(request)
                try:
                    await response.aread()
                finally:
                    await response.aclose()
            except httpx.TransportError as exc:
                failure = _failure_of(exc)
                delay = None
                if failure is not None:
                    delay = next_delay(
                        retry_class=retry_class,
                        attempt=attempt,
                        waited=waited,
                        settings=self._settings,
                        failure=failure,
                    )
                if delay is None:
                    raise
                outcome = type(exc).__name__
            else:
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                delay = next_delay(
                    retry_class=retry_class,
                    attempt=attempt,
                    waited=waited,
                    settings=self._settings,
                    status=response.status_code,
                    retry_after=retry_after,
                )
                if response.status_code == 429 and self._limiter is not None:
                    self._limiter.pause(delay if delay is not None else (retry_after or 0.0))
                if delay is None:
                    return response
                outcome = str(response.status_code)
            logger.info(
                "sekha: %s %s got %s; attempt %d of %d in %.2fs",
                request.method,
                request.url.path,
                outcome,
                attempt + 1,
                self._settings.max_retries + 1,
                delay,
            )
            await anyio.sleep(delay)
            waited += delay

    async def aclose(self) -> None:
        await self._transport.aclose()


def new_http_client(
    config: ClientConfig, limiter: TokenBucket | None, *, keep_alive: bool = True
) -> httpx.AsyncClient:
    """The pooled httpx client a SekhaClient keeps for its whole life.

    ``keep_alive=False`` closes each connection after its response, for a pool whose owner
    cannot wait for it to close.
    """
    settings = RetrySettings(
        max_retries=config.max_retries,
        backoff=config.retry_backoff,
        backoff_max=config.retry_backoff_max,
        max_wait=config.retry_max_wait,
    )
    limits = httpx.Limits(max_keepalive_connections=KEEPALIVE_CONNECTIONS if keep_alive else 0)
    pool = httpx.AsyncHTTPTransport(verify=config.verify, limits=limits)
    return httpx.AsyncClient(
        base_url=config.base_url,
        headers={"Authorization": f"Bearer {config.api_key}", "User-Agent": f"sekha-python/{__version__}"},
        timeout=httpx.Timeout(config.timeout),
        transport=AsyncRetryTransport(pool, settings=settings, limiter=limiter),
    )
