"""Retry sequences through the real transport, with the mocked controller answering each attempt."""

from __future__ import annotations

import httpx
import pytest
from pytest_httpx import HTTPXMock

from sekha import (
    ClientConfig,
    SekhaNotFoundError,
    SekhaRateLimitError,
    SekhaServerError,
    SekhaTimeoutError,
    SyncSekhaClient,
)
from sekha._async import transport as async_transport
from sekha._sync import transport as sync_transport
from tests.fixtures import body
from tests.runner import FLAVOURS, client_runner
from tests.unit.conftest import API_KEY, BASE, Run

CONV = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"
CREATE = BASE + "/api/v1/conversations"
HEALTH = BASE + "/health"
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
    httpx_mock.add_response(url=HEALTH, json=body("health_200"))  # the real controller: no capabilities
    with pytest.raises(SekhaTimeoutError):
        run("create", MESSAGES, "L", "/f")
    assert [r.method for r in httpx_mock.get_requests()] == ["POST", "GET"]  # one create, one question


def test_create_answered_500_is_not_retried(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=CREATE, status_code=500, json={"error": "Database error: locked", "code": 500}
    )
    httpx_mock.add_response(url=HEALTH, json=body("health_200"))
    with pytest.raises(SekhaServerError):
        run("create", MESSAGES, "L", "/f")
    assert [r.method for r in httpx_mock.get_requests()] == ["POST", "GET"]


# --- a create the server can replay (Idempotency-Key honoured) is retried after any failure -------


def local_health(**capabilities: bool) -> dict[str, object]:
    return {**body("health_200"), "capabilities": capabilities}


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("no answer"),
        httpx.ReadError("[Errno 104] Connection reset by peer"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        500,
        503,
    ],
    ids=["timeout", "reset", "disconnected", "500", "503"],
)
def test_a_create_the_server_replays_is_retried_with_the_same_key(
    run: Run, httpx_mock: HTTPXMock, sleeps: list[float], failure: Exception | int
) -> None:
    if isinstance(failure, int):
        httpx_mock.add_response(url=CREATE, status_code=failure, json={"error": "x", "code": failure})
    else:
        httpx_mock.add_exception(failure, url=CREATE)
    httpx_mock.add_response(url=HEALTH, json=local_health(idempotency_keys=True))
    httpx_mock.add_response(url=CREATE, status_code=201, json=body("create_conversation_201"))
    assert run("create", MESSAGES, "L", "/f").message_count == 2
    creates = httpx_mock.get_requests(url=CREATE)
    assert len(creates) == 2
    assert len({r.headers["idempotency-key"] for r in creates}) == 1


def test_the_server_is_asked_once_per_client(run: Run, httpx_mock: HTTPXMock, sleeps: list[float]) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout("no answer"), url=CREATE)
    httpx_mock.add_response(url=HEALTH, json=local_health(idempotency_keys=True))
    httpx_mock.add_response(url=CREATE, status_code=201, json=body("create_conversation_201"))
    httpx_mock.add_exception(httpx.ReadTimeout("no answer"), url=CREATE)
    httpx_mock.add_response(url=CREATE, status_code=201, json=body("create_conversation_201"))
    run("create", MESSAGES, "L", "/f")
    run("create", MESSAGES, "L", "/f")
    assert len(httpx_mock.get_requests(url=HEALTH)) == 1
    assert len(httpx_mock.get_requests(url=CREATE)) == 4


def test_an_unanswered_question_keeps_the_conservative_rule(
    run: Run, httpx_mock: HTTPXMock, sleeps: list[float]
) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout("no answer"), url=CREATE)
    httpx_mock.add_exception(httpx.ConnectError("refused"), url=HEALTH)
    httpx_mock.add_exception(httpx.ConnectError("refused"), url=HEALTH)  # asked twice, then given up
    with pytest.raises(SekhaTimeoutError):
        run("create", MESSAGES, "L", "/f")
    httpx_mock.add_exception(httpx.ReadTimeout("no answer"), url=CREATE)
    httpx_mock.add_response(url=HEALTH, json=local_health(idempotency_keys=True))
    httpx_mock.add_response(url=CREATE, status_code=201, json=body("create_conversation_201"))
    assert run("create", MESSAGES, "L", "/f").message_count == 2  # the failure taught nothing: asked again


def test_mcp_store_is_replayed_too(run: Run, httpx_mock: HTTPXMock, sleeps: list[float]) -> None:
    store = BASE + "/mcp/tools/memory_store"
    httpx_mock.add_exception(httpx.ReadTimeout("no answer"), url=store)
    httpx_mock.add_response(url=HEALTH, json=local_health(idempotency_keys=True))
    httpx_mock.add_response(url=store, json=body("mcp_store_200"))
    run("memory_store", MESSAGES, "L", "/f")
    keys = {r.headers["idempotency-key"] for r in httpx_mock.get_requests(url=store)}
    assert len(keys) == 1 and len(httpx_mock.get_requests(url=store)) == 2


def test_a_request_that_could_not_be_written_is_retried_for_every_operation(
    run: Run, httpx_mock: HTTPXMock, sleeps: list[float]
) -> None:
    """A write that fails leaves the server an incomplete request it cannot act on."""
    httpx_mock.add_exception(httpx.WriteError("[Errno 32] Broken pipe"), url=CREATE)
    httpx_mock.add_response(url=CREATE, status_code=201, json=body("create_conversation_201"))
    assert run("create", MESSAGES, "L", "/f").message_count == 2
    assert len(httpx_mock.get_requests()) == 2  # no question needed


# --- retry classes --------------------------------------------------------------------------------


def test_a_summary_is_not_asked_for_twice_after_it_may_have_been_made(
    run: Run, httpx_mock: HTTPXMock
) -> None:
    """Each attempt stores a summary row and may pay an LLM: it is retried only when never sent."""
    httpx_mock.add_exception(httpx.ReadTimeout("no answer"), url=BASE + "/api/v1/summarize")
    with pytest.raises(SekhaTimeoutError):
        run("generate_summary", CONV, "daily")
    sent = httpx_mock.get_requests()
    assert len(sent) == 1 and "idempotency-key" not in sent[0].headers


@pytest.mark.parametrize(
    "first",
    [httpx.ReadTimeout("answer lost"), httpx.RemoteProtocolError("Server disconnected"), 500, 502],
    ids=["timeout", "disconnected", "500", "502"],
)
def test_a_delete_whose_answer_was_lost_is_a_success(
    run: Run, httpx_mock: HTTPXMock, sleeps: list[float], first: Exception | int
) -> None:
    url = BASE + f"/api/v1/conversations/{CONV}"
    if isinstance(first, int):
        httpx_mock.add_response(method="DELETE", url=url, status_code=first)
    else:
        httpx_mock.add_exception(first, method="DELETE", url=url)
    httpx_mock.add_response(method="DELETE", url=url, status_code=404, json=body("not_found_404"))
    assert run("delete_conversation", CONV) is None


@pytest.mark.parametrize("first", [None, 429, httpx.ConnectError("refused")], ids=["alone", "429", "refused"])
def test_a_delete_of_nothing_is_still_not_found(
    run: Run, httpx_mock: HTTPXMock, sleeps: list[float], first: Exception | int | None
) -> None:
    """Only an attempt the server may have acted on explains a 404 away."""
    url = BASE + f"/api/v1/conversations/{CONV}"
    if isinstance(first, int):
        httpx_mock.add_response(method="DELETE", url=url, status_code=first)
    elif first is not None:
        httpx_mock.add_exception(first, method="DELETE", url=url)
    httpx_mock.add_response(method="DELETE", url=url, status_code=404, json=body("not_found_404"))
    with pytest.raises(SekhaNotFoundError):
        run("delete_conversation", CONV)


# --- Retry-After and the client's rate limiter ---------------------------------------------------


def test_a_day_long_retry_after_is_reported_and_does_not_freeze_the_next_call(
    run: Run, httpx_mock: HTTPXMock, sleeps: list[float], config: ClientConfig
) -> None:
    httpx_mock.add_response(url=HEALTH, status_code=429, headers={"Retry-After": "86400"})
    httpx_mock.add_response(url=BASE + "/metrics", text="ok")
    with pytest.raises(SekhaRateLimitError) as caught:
        run("health")
    assert caught.value.retry_after == 86400.0
    assert run("metrics") == "ok"
    assert max(sleeps) <= config.retry_max_wait  # paused at most one call's budget, never a day


@pytest.mark.parametrize("value", ["inf", "Infinity", "1e309", "nan", "-5", "86401"])
def test_a_retry_after_no_one_should_wait_for_is_ignored(
    run: Run, httpx_mock: HTTPXMock, sleeps: list[float], config: ClientConfig, value: str
) -> None:
    httpx_mock.add_response(url=HEALTH, status_code=429, headers={"Retry-After": value})
    httpx_mock.add_response(url=HEALTH, json=body("health_200"))
    httpx_mock.add_response(url=BASE + "/metrics", text="ok")
    assert run("health").healthy  # retried after the usual backoff
    assert run("metrics") == "ok"
    assert all(0 <= s <= config.retry_max_wait for s in sleeps)


def test_a_saturated_limiter_fails_the_call_instead_of_outliving_its_budget(
    httpx_mock: HTTPXMock, sleeps: list[float]
) -> None:
    config = ClientConfig(api_key=API_KEY, rate_limit_requests=1, retry_max_wait=1.0)
    httpx_mock.add_response(url=BASE + "/metrics", text="ok")
    for flavour in FLAVOURS:
        with client_runner(flavour, config) as run:
            assert run("metrics") == "ok"
            with pytest.raises(SekhaRateLimitError, match=r"rate limit .* retry_max_wait"):
                run("metrics")  # the next slot is a minute away: more than the call may wait
        httpx_mock.add_response(url=BASE + "/metrics", text="ok")
    assert all(s <= 1.0 for s in sleeps)
    assert len(httpx_mock.get_requests()) == 2
    httpx_mock.reset()


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
