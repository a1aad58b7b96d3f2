"""Retries and rate limiting beneath httpx, so every request gets them, generated functions included.

The sync twin, ``sekha/_sync/transport.py``, is derived from this file by ``scripts/unasync.py``.
"""

from __future__ import annotations

import logging
import uuid
from time import monotonic

import anyio
import attrs
import httpx

from sekha._async.deadline import with_deadlines
from sekha._capabilities import Announced
from sekha._contract import Route, route_of
from sekha._deadline import attempt_deadline
from sekha._ratelimit import TokenBucket
from sekha._retry import Failure, RetryClass, RetrySettings, next_delay
from sekha._version import __version__
from sekha.config import ClientConfig
from sekha.errors import SekhaClientClosedError, SekhaRateLimitError, parse_retry_after

__all__ = ["SENT_BEFORE", "STREAM", "AsyncRetryTransport", "new_http_client"]

logger = logging.getLogger("sekha")

IDEMPOTENCY_HEADER = "Idempotency-Key"
KEEPALIVE_CONNECTIONS = 20
STREAM = "sekha.stream"
"""Request extension: a success's body is left for the caller to stream (only its headers are awaited)."""
SENT_BEFORE = "sekha.sent_before"
"""Request extension the transport sets: an earlier attempt may have been acted on by the server."""
_PROBE_HEADERS = frozenset({"authorization", "user-agent"})
PROBE_ATTEMPTS = 2
CLOSED_DURING_CALL = "the client was closed while this call was under way; make a new client to go on"


def _failure_of(exc: httpx.TransportError) -> Failure | None:
    """What a transport error says about whether the server may have seen the request."""
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout | httpx.WriteError):
        return Failure.NOT_SENT  # never connected, or the request could not be written whole
    if isinstance(exc, httpx.TimeoutException):
        return Failure.TIMEOUT
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        return Failure.BROKEN
    return None  # a local mistake (bad URL, protocol misuse): trying again cannot help


@attrs.frozen
class Outcome:
    """How one attempt ended: a response, or a transport failure."""

    attempt: int
    waited: float
    response: httpx.Response | None = None
    failure: Failure | None = None
    error: httpx.TransportError | None = None

    @property
    def status(self) -> int | None:
        return None if self.response is None else self.response.status_code

    @property
    def retry_after(self) -> float | None:
        return None if self.response is None else parse_retry_after(self.response.headers.get("retry-after"))

    @property
    def may_have_acted(self) -> bool:
        """The server may have done what was asked (no answer, or a 5xx that may hide it)."""
        status = self.status
        return self.failure in (Failure.TIMEOUT, Failure.BROKEN) or (status is not None and status >= 500)

    def delay(
        self, retry: RetryClass, settings: RetrySettings, *, waited: float | None = None
    ) -> float | None:
        return next_delay(
            retry_class=retry,
            attempt=self.attempt,
            waited=self.waited if waited is None else waited,
            settings=settings,
            status=self.status,
            failure=self.failure,
            retry_after=self.retry_after,
        )

    def result(self) -> httpx.Response:
        """The response to hand back, or the failure to raise."""
        if self.response is None:
            assert self.error is not None
            raise self.error
        return self.response

    def __str__(self) -> str:
        return type(self.error).__name__ if self.response is None else str(self.response.status_code)


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wraps a transport with the contract's retry policy and a client-wide rate limiter.

    Each attempt's body is read here, inside the retry loop and inside the attempt's deadline,
    so a connection that breaks or dribbles halfway through a response counts as a failed
    attempt instead of surfacing after the decision.
    """

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport,
        *,
        settings: RetrySettings,
        limiter: TokenBucket | None,
        announced: Announced | None = None,
        health_url: str | None = None,
    ) -> None:
        self._transport = transport
        self._settings = settings
        self._limiter = limiter
        self._announced = announced
        self._health_url = health_url
        self._closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        route = route_of(request.method, request.url.path)
        if route.replayable and IDEMPOTENCY_HEADER not in request.headers:
            request.headers[IDEMPOTENCY_HEADER] = uuid.uuid4().hex  # the same key for every attempt
        retry_class = route.retry
        attempt = 0
        waited = 0.0
        while True:
            if self._closed:  # closed while this call waited to try again
                raise SekhaClientClosedError(CLOSED_DURING_CALL)
            waited += await self._hold(request, self._settings.max_wait - waited)
            attempt += 1
            try:
                response = await self._attempt(request)
            except httpx.TransportError as exc:
                outcome = Outcome(attempt, waited, failure=_failure_of(exc), error=exc)
                if outcome.failure is None:
                    raise
            else:
                outcome = Outcome(attempt, waited, response=response)
            delay = outcome.delay(retry_class, self._settings)
            if (
                delay is None
                and retry_class is RetryClass.UNSAFE
                and outcome.delay(RetryClass.IDEMPOTENT, self._settings) is not None
            ):
                started = monotonic()
                if await self._replays_creates(request, route, self._settings.max_wait - waited):
                    retry_class = RetryClass.IDEMPOTENT  # a repeat with this key stores nothing new
                waited += monotonic() - started
                delay = outcome.delay(retry_class, self._settings, waited=waited)
            if outcome.status == 429 and self._limiter is not None:
                pause = outcome.retry_after if outcome.retry_after is not None else (delay or 0.0)
                self._limiter.pause(min(pause, self._settings.max_wait))
            if delay is None:
                return outcome.result()
            if outcome.may_have_acted:
                request.extensions[SENT_BEFORE] = True
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

    async def _hold(self, request: httpx.Request, within: float) -> float:
        """Wait for the rate limiter; raise when it would hold the call beyond its waiting budget."""
        if self._limiter is None:
            return 0.0
        hold = self._limiter.reserve(within=max(0.0, within))
        if hold is None:
            rate = round(self._limiter.rate_per_second * 60)
            raise SekhaRateLimitError(
                f"the client's rate limit ({rate} requests a minute) would hold {request.method} "
                f"{request.url.path} longer than the {max(0.0, within):.1f} s left of its retry_max_wait; "
                "send fewer requests at once, or raise rate_limit_requests or retry_max_wait",
                retry_after=None,
            )
        if hold > 0:
            await anyio.sleep(hold)
        return hold

    async def _attempt(self, request: httpx.Request, seconds: float | None = None) -> httpx.Response:
        """One try, all of it (connect, send, headers and body) within ``seconds`` (the timeout)."""
        with attempt_deadline(self._settings.timeout if seconds is None else seconds):
            response = await self._transport.handle_async_request(request)
            if request.extensions.get(STREAM) is True and 200 <= response.status_code <= 299:
                return response  # the caller reads the body as it arrives
            try:
                await response.aread()
            finally:
                await response.aclose()
        return response

    async def _replays_creates(self, request: httpx.Request, route: Route, within: float) -> bool:
        """Whether the server announced that it honours ``Idempotency-Key`` on this route.

        Learnt from the first health report this client reads; when none has been read yet,
        ``/health`` is asked, within ``within`` seconds (what is left of the call's waiting
        budget). A second try covers a pooled connection the server had already dropped. Not
        knowing means no: the create is then treated as the real controller requires.
        """
        if not route.replayable or self._announced is None:
            return False
        known = self._announced.known
        if known is None and self._health_url is not None:
            probe = httpx.Request(
                "GET",
                self._health_url,
                headers=[(k, v) for k, v in request.headers.items() if k.lower() in _PROBE_HEADERS],
            )
            deadline = monotonic() + within
            for _ in range(PROBE_ATTEMPTS):
                hold = 0.0 if self._limiter is None else self._limiter.reserve(within=deadline - monotonic())
                if hold is None:
                    break
                await anyio.sleep(hold)
                left = deadline - monotonic()
                if left <= 0:
                    break
                try:
                    answer = await self._attempt(probe, min(self._settings.timeout, left))
                except httpx.TransportError:
                    continue
                known = self._announced.learn(answer.content)
                break
        return known is not None and known.supports("idempotency_keys")

    async def aclose(self) -> None:
        self._closed = True
        await self._transport.aclose()


def new_http_client(
    config: ClientConfig,
    limiter: TokenBucket | None,
    *,
    announced: Announced | None = None,
    keep_alive: bool = True,
) -> httpx.AsyncClient:
    """The pooled httpx client a SekhaClient keeps for its whole life.

    ``announced`` is what the client learnt of the server's capabilities (shared with its other
    pools). ``keep_alive=False`` closes each connection after its response, for a pool whose
    owner cannot wait for it to close.
    """
    settings = RetrySettings(
        max_retries=config.max_retries,
        backoff=config.retry_backoff,
        backoff_max=config.retry_backoff_max,
        max_wait=config.retry_max_wait,
        timeout=config.timeout,
    )
    limits = httpx.Limits(max_keepalive_connections=KEEPALIVE_CONNECTIONS if keep_alive else 0)
    pool = with_deadlines(httpx.AsyncHTTPTransport(verify=config.verify, limits=limits))
    transport = AsyncRetryTransport(
        pool,
        settings=settings,
        limiter=limiter,
        announced=announced,
        health_url=f"{config.base_url}/health",
    )
    return httpx.AsyncClient(
        base_url=config.base_url,
        headers={"Authorization": f"Bearer {config.api_key}", "User-Agent": f"sekha-python/{__version__}"},
        timeout=httpx.Timeout(config.timeout),
        transport=transport,
    )
