"""Retry sequences through the real transport, with the mocked controller answering each attempt."""

from __future__ import annotations

import httpx
import pytest
from pytest_httpx import HTTPXMock

from sekha import ClientConfig, SekhaRateLimitError, SekhaServerError, SekhaTimeoutError, SyncSekhaClient
from sekha._async import transport as async_transport
from sekha._sync import transport as sync_transport
from tests.fixtures import body
from tests.unit.conftest import API_KEY, BASE, Run

CONV = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"
CREATE = BASE + "/api/v1/conversations"
MESSAGES = [{"role": "user", "content": "remember this"}]


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the transport's waits instead of sleeping through them."""
    waits: list[float] = []

    async def fake_async_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(sync_transport.time, "sleep", waits.append)
    monkeypatch.setattr(async_transport.anyio, "sleep", fake_async_sleep)
    return waits


def test_503_then_429_then_200_succeeds(run: Run, httpx_mock: HTTPXMock, sleeps: list[float]) -> None:
    url = BASE + f"/api/v1/conversations/{CONV}"
    httpx_mock.add_response(url=url, status_code=503)
    httpx_mock.add_response(url=url, status_code=429, text="Rate limit exceeded. Please try again later.")
    httpx_mock.add_response(url=url, json=body("get_conversation_200"))
    assert run("get_conversation", CONV).label == "Project Planning"
    assert len(httpx_mock.get_requests()) == 3
    assert len([s for s in sleeps if s > 0 or s == 0]) >= 2


def test_retry_after_is_honoured(run: Run, httpx_mock: HTTPXMock, sleeps: list[float]) -> None:
    httpx_mock.add_response(url=BASE + "/health", status_code=429, headers={"Retry-After": "3"})
    httpx_mock.add_response(url=BASE + "/health", json=body("health_200"))
    assert run("health").healthy
    assert 3.0 in sleeps


def test_retry_after_beyond_the_cap_is_reported_not_slept(
    run: Run, httpx_mock: HTTPXMock, sleeps: list[float]
) -> None:
    httpx_mock.add_response(url=BASE + "/health", status_code=429, headers={"Retry-After": "3600"})
    with pytest.raises(SekhaRateLimitError) as caught:
        run("health")
    assert caught.value.retry_after == 3600.0
    assert all(s < 3600 for s in sleeps)


def test_the_retry_cap_is_respected(run: Run, httpx_mock: HTTPXMock, sleeps: list[float]) -> None:
    httpx_mock.add_response(url=BASE + "/metrics", status_code=503, is_reusable=True)
    with pytest.raises(SekhaServerError):
        run("metrics")
    assert len(httpx_mock.get_requests()) == 4  # the first attempt and max_retries=3 more


def test_create_timing_out_after_sending_is_not_retried(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout("no answer"), url=CREATE)
    with pytest.raises(SekhaTimeoutError):
        run("create", MESSAGES, "L", "/f")
    assert len(httpx_mock.get_requests()) == 1


def test_create_answered_500_is_not_retried(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=CREATE, status_code=500, json={"error": "Database error: locked", "code": 500}
    )
    with pytest.raises(SekhaServerError):
        run("create", MESSAGES, "L", "/f")
    assert len(httpx_mock.get_requests()) == 1


def test_create_is_retried_when_it_never_left_with_the_same_idempotency_key(
    run: Run, httpx_mock: HTTPXMock, sleeps: list[float]
) -> None:
    httpx_mock.add_exception(httpx.ConnectError("refused"), url=CREATE)
    httpx_mock.add_response(url=CREATE, status_code=429)
    httpx_mock.add_response(url=CREATE, status_code=201, json=body("create_conversation_201"))
    assert run("create", MESSAGES, "L", "/f").message_count == 2
    keys = {r.headers["idempotency-key"] for r in httpx_mock.get_requests()}
    assert len(httpx_mock.get_requests()) == 3 and len(keys) == 1


def test_a_caller_supplied_idempotency_key_is_sent(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=CREATE, status_code=201, json=body("create_conversation_201"))
    from sekha import NewConversation

    run("create_conversation", NewConversation(messages=MESSAGES), idempotency_key="import-42")
    assert httpx_mock.get_requests()[0].headers["idempotency-key"] == "import-42"


def test_a_body_cut_off_midway_is_retried_for_reads(
    run: Run, httpx_mock: HTTPXMock, sleeps: list[float]
) -> None:
    httpx_mock.add_exception(httpx.RemoteProtocolError("peer closed connection"), url=BASE + "/metrics")
    httpx_mock.add_response(url=BASE + "/metrics", text="sekha_conversations_total 0\n")
    assert "total 0" in run("metrics")


def test_generated_functions_get_the_same_transport(httpx_mock: HTTPXMock, sleeps: list[float]) -> None:
    from sekha import api_client
    from sekha_api.api.system import metrics

    httpx_mock.add_response(url=BASE + "/metrics", status_code=502)
    httpx_mock.add_response(url=BASE + "/metrics", text="ok")
    client = api_client(ClientConfig(api_key=API_KEY))
    with client:
        assert metrics.sync(client=client) == "ok"
    assert httpx_mock.get_requests()[-1].headers["authorization"] == f"Bearer {API_KEY}"


@pytest.mark.anyio
async def test_async_generated_functions_get_the_same_transport(
    httpx_mock: HTTPXMock, sleeps: list[float]
) -> None:
    from sekha import api_client
    from sekha_api.api.system import metrics

    httpx_mock.add_response(url=BASE + "/metrics", status_code=503)
    httpx_mock.add_response(url=BASE + "/metrics", text="ok")
    async with api_client(ClientConfig(api_key=API_KEY)) as client:
        assert await metrics.asyncio(client=client) == "ok"


def test_total_time_stays_within_the_retry_budget(httpx_mock: HTTPXMock, sleeps: list[float]) -> None:
    """The waits between attempts never add up past retry_max_wait (summed as the transport
    sleeps them, so a slow machine cannot make this pass or fail)."""
    httpx_mock.add_response(url=BASE + "/metrics", status_code=503, is_reusable=True)
    config = ClientConfig(
        api_key=API_KEY, max_retries=10, retry_backoff=0.05, retry_backoff_max=0.2, retry_max_wait=0.3
    )
    with SyncSekhaClient(config) as client, pytest.raises(SekhaServerError):
        client.metrics()
    assert sleeps and sum(sleeps) <= 0.3
    assert len(httpx_mock.get_requests()) == len(sleeps) + 1  # one wait before each retry
