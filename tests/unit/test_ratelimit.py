"""The client-side limiter: exact schedule with a fake clock, and real concurrency under load."""

from __future__ import annotations

import threading
import time

import anyio
import pytest
from pytest_httpx import HTTPXMock

from sekha import ClientConfig, SekhaClient, SyncSekhaClient
from sekha._ratelimit import TokenBucket
from tests.unit.conftest import API_KEY, BASE


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_steady_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(600, clock=clock)  # 10/s, bursts of 10
    waits = [bucket.reserve() for _ in range(13)]
    assert waits[:10] == [0.0] * 10
    assert waits[10:] == pytest.approx([0.1, 0.2, 0.3])


def test_pause_holds_everyone_then_resumes_without_a_burst() -> None:
    clock = FakeClock()
    bucket = TokenBucket(600, clock=clock)
    bucket.pause(5.0)
    assert [bucket.reserve() for _ in range(3)] == pytest.approx([5.0, 5.1, 5.2])


def test_idle_time_refills_up_to_the_burst_only() -> None:
    clock = FakeClock()
    bucket = TokenBucket(60, clock=clock)  # 1/s, bursts of 1
    assert bucket.reserve() == 0.0
    clock.now += 3600
    assert [bucket.reserve() for _ in range(2)] == pytest.approx([0.0, 1.0])


def _within_rate(stamps: list[float], per_second: float, burst: int) -> bool:
    stamps = sorted(stamps)
    return all(
        sum(1 for t in stamps[i:] if t - start <= window) <= burst + window * per_second + 1
        for i, start in enumerate(stamps)
        for window in (0.25, 0.5, 1.0)
    )


@pytest.mark.anyio
async def test_fifty_concurrent_tasks_never_exceed_the_rate(httpx_mock: HTTPXMock) -> None:
    stamps: list[float] = []

    def record(request: object) -> object:
        import httpx

        stamps.append(time.monotonic())
        return httpx.Response(200, text="ok")

    httpx_mock.add_callback(record, url=BASE + "/metrics", is_reusable=True)
    config = ClientConfig(api_key=API_KEY, rate_limit_requests=1200)  # 20/s, bursts of 20
    async with SekhaClient(config) as client, anyio.create_task_group() as group:
        for _ in range(50):
            group.start_soon(client.metrics)
    assert len(stamps) == 50
    assert max(stamps) - min(stamps) >= (50 - 20) / 20 * 0.9
    assert _within_rate(stamps, 20, 20)


def test_threads_share_one_limiter(httpx_mock: HTTPXMock) -> None:
    stamps: list[float] = []
    lock = threading.Lock()

    def record(request: object) -> object:
        import httpx

        with lock:
            stamps.append(time.monotonic())
        return httpx.Response(200, text="ok")

    httpx_mock.add_callback(record, url=BASE + "/metrics", is_reusable=True)
    with SyncSekhaClient(ClientConfig(api_key=API_KEY, rate_limit_requests=1200)) as client:
        threads = [threading.Thread(target=client.metrics) for _ in range(30)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(stamps) == 30 and _within_rate(stamps, 20, 20)


def test_a_429_pauses_the_whole_client(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=BASE + "/metrics", status_code=429, headers={"Retry-After": "0.3"})
    httpx_mock.add_response(url=BASE + "/metrics", text="ok", is_reusable=True)
    with SyncSekhaClient(ClientConfig(api_key=API_KEY)) as client:
        started = time.monotonic()
        assert client.metrics() == "ok"
        assert time.monotonic() - started >= 0.3
