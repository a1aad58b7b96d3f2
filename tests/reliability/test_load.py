"""Load: 50 concurrent clients, half sync threads and half async tasks, against one local controller."""

from __future__ import annotations

import asyncio
import math
import threading
import time
from typing import Any

import httpx
import pytest

from sekha import ClientConfig, SekhaClient, SekhaError, SekhaRateLimitError, SyncSekhaClient
from tests.live import ServerProcess

pytestmark = pytest.mark.slow

CLIENTS = 50
REQUESTS_EACH = 12
RATE_PER_MINUTE = 600  # 10 a second, bursts of 10


class Stamps(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wraps a client's connection pool and notes when each request actually left, and when
    the client's rate limiter had booked it to leave.

    The limiter's guarantee is about the bookings; on a busy machine a request leaves some time
    after its booking, never before, so the rate is checked on the bookings and the departures
    are checked against them.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.sent: list[float] = []
        self.booked: list[float] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(time.monotonic())
        return self.inner.handle_request(request)  # type: ignore[no-any-return]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(time.monotonic())
        return await self.inner.handle_async_request(request)  # type: ignore[no-any-return]


def _record(client: SyncSekhaClient | SekhaClient) -> Stamps:
    retrying = client._http._transport  # type: ignore[union-attr]
    stamps = Stamps(retrying._transport)
    retrying._transport = stamps
    limiter = retrying._limiter
    reserve = limiter.reserve

    def booking(within: float = math.inf) -> float | None:
        wait = reserve(within)
        if wait is not None:
            stamps.booked.append(time.monotonic() + wait)
        return wait

    limiter.reserve = booking
    return stamps


def _within_rate(sent: list[float], per_second: float, burst: int) -> bool:
    """No window of any length holds more than the burst plus the rate over that window."""
    sent = sorted(sent)
    return all(
        (j - i + 1) <= burst + (sent[j] - sent[i]) * per_second + 1e-6
        for i in range(len(sent))
        for j in range(i, len(sent))
    )


def _operations(n: int, marker: str) -> list[tuple[str, tuple[Any, ...]]]:
    plan: list[tuple[str, tuple[Any, ...]]] = [
        ("create", ([{"role": "user", "content": f"load test message {marker} {n}"}], marker, "/load")),
        ("smart_query", ("load test message",)),
        ("full_text_search", ("load",)),
        ("list_conversations", ()),
        ("count_conversations", ()),
        ("health", ()),
    ]
    return [plan[(n + i) % len(plan)] for i in range(REQUESTS_EACH)]


def test_fifty_clients_see_no_errors_and_each_keeps_its_rate(server: ServerProcess) -> None:
    config = server.config(rate_limit_requests=RATE_PER_MINUTE, timeout=30.0)
    errors: list[BaseException] = []
    stamps: list[Stamps] = []
    lock = threading.Lock()

    def sync_client(n: int) -> None:
        with SyncSekhaClient(config) as client:
            recorder = _record(client)
            with lock:
                stamps.append(recorder)
            for name, args in _operations(n, f"s{n}"):
                try:
                    getattr(client, name)(*args)
                except BaseException as exc:
                    errors.append(exc)

    async def async_client(n: int) -> None:
        async with SekhaClient(config) as client:
            recorder = _record(client)
            with lock:
                stamps.append(recorder)
            for name, args in _operations(n, f"a{n}"):
                try:
                    await getattr(client, name)(*args)
                except BaseException as exc:
                    errors.append(exc)

    async def async_side() -> None:
        await asyncio.gather(*(async_client(n) for n in range(CLIENTS // 2)))

    threads = [threading.Thread(target=sync_client, args=(n,)) for n in range(CLIENTS // 2)]
    threads.append(threading.Thread(target=asyncio.run, args=(async_side(),)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert len(stamps) == CLIENTS
    assert sum(len(s.sent) for s in stamps) == CLIENTS * REQUESTS_EACH
    for recorder in stamps:
        assert len(recorder.booked) == len(recorder.sent)
        assert _within_rate(recorder.booked, RATE_PER_MINUTE / 60, burst=10)
        # No request left before its booking (a millisecond allowed for sleep's clock rounding).
        assert all(
            sent >= booked - 1e-3
            for sent, booked in zip(sorted(recorder.sent), sorted(recorder.booked), strict=True)
        )
        assert max(recorder.sent) - min(recorder.sent) >= (REQUESTS_EACH - 10) / 10 * 0.95


def test_the_server_limiter_answers_429_with_retry_after_to_a_client_that_ignores_it(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    live = ServerProcess(tmp_path_factory.mktemp("limited"), rate_limit=30).start()
    try:
        headers = {"Authorization": f"Bearer {live.api_key}"}
        with httpx.Client(base_url=live.base_url, headers=headers) as raw:
            statuses = [raw.get("/api/v1/conversations/count") for _ in range(40)]
        limited = [r for r in statuses if r.status_code == 429]
        assert limited, [r.status_code for r in statuses]
        assert all(r.status_code in (200, 429) for r in statuses)
        for response in limited:
            assert float(response.headers["retry-after"]) > 0
            assert response.json()["code"] == 429
        # The SDK, honouring Retry-After, gets through or says it was rate limited, never anything else.
        config = ClientConfig(api_key=live.api_key, base_url=live.base_url, max_retries=1, retry_max_wait=5)
        outcome: object
        with SyncSekhaClient(config) as client:
            try:
                outcome = client.count_conversations()
            except SekhaError as exc:
                outcome = exc
        assert outcome == 0 or (isinstance(outcome, SekhaRateLimitError) and outcome.retry_after)
    finally:
        live.stop()
