"""Seeded fault storms between concurrent sync and async clients and a live local controller.

Whatever the proxy does to requests and responses: no conversation is stored twice, every write
the SDK acknowledged is on the server with all its messages, nothing is half-stored, every
failure the caller sees is a SekhaError of the right kind, and no call outlives its retry budget.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sekha import (
    ClientConfig,
    NewConversation,
    SekhaAPIError,
    SekhaClient,
    SekhaConnectionError,
    SekhaDecodeError,
    SekhaError,
    SyncSekhaClient,
)
from tests.live import ServerProcess
from tests.reliability.faults import Fault, FaultProxy
from tests.runner import FLAVOURS, client_runner

pytestmark = pytest.mark.slow

TIMEOUT = 0.8
MAX_RETRIES = 3
MAX_WAIT = 3.0
# httpx applies the timeout to each phase of an attempt (pool, connect, write, read), so that is
# what an attempt may take at worst: a bound that a busy machine cannot break, unlike a guess.
ATTEMPT_BUDGET = 4 * TIMEOUT
# One fault forced on one call: a timeout a busy machine never reaches by accident, so the call
# meets the forced fault and nothing else.
FORCED_TIMEOUT = 5.0
CALL_BUDGET = (MAX_RETRIES + 1) * ATTEMPT_BUDGET + MAX_WAIT + 1.5  # every attempt times out, plus all waits
SYNC_WORKERS = 3
ASYNC_WORKERS = 6
CYCLES = 6


class Ledger:
    """What the clients were told, collected from every worker."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.acknowledged: dict[str, uuid.UUID] = {}
        self.errors: Counter[str] = Counter()
        self.unexpected: list[BaseException] = []
        self.slowest = 0.0

    def timed(self, started: float) -> None:
        with self.lock:
            self.slowest = max(self.slowest, time.monotonic() - started)

    def failed(self, exc: BaseException) -> None:
        with self.lock:
            if isinstance(exc, SekhaError):
                self.errors[type(exc).__name__] += 1
            else:
                self.unexpected.append(exc)


def _conversation(marker: str) -> NewConversation:
    return NewConversation(
        label=marker,
        folder="/storm",
        messages=[
            {"role": "user", "content": f"storm question {marker}"},
            {"role": "assistant", "content": f"storm answer {marker} with ünïcode ✓"},
        ],
    )


def _attempt(ledger: Ledger, call: Any) -> Any:
    """Run one call, recording how long it took and what, if anything, it raised."""
    started = time.monotonic()
    try:
        return call()
    except BaseException as exc:  # the assertion is that only SekhaErrors arrive here
        ledger.failed(exc)
        return None
    finally:
        ledger.timed(started)


async def _attempt_async(ledger: Ledger, call: Any) -> Any:
    started = time.monotonic()
    try:
        return await call()
    except BaseException as exc:
        ledger.failed(exc)
        return None
    finally:
        ledger.timed(started)


def _sync_worker(config: ClientConfig, ledger: Ledger, worker: int) -> None:
    with SyncSekhaClient(config) as client:
        for cycle in range(CYCLES):
            marker = f"m-{worker}-{cycle}-{uuid.uuid4().hex[:6]}"
            stored = _attempt(ledger, lambda: client.create_conversation(_conversation(marker)))  # noqa: B023
            if stored is not None:
                with ledger.lock:
                    ledger.acknowledged[marker] = stored.id
                _attempt(ledger, lambda: client.update_label(stored.id, marker + "-renamed", folder="/storm"))  # noqa: B023
            _attempt(ledger, lambda: client.smart_query("storm question", limit=5))
            _attempt(ledger, lambda: client.full_text_search("storm", limit=5))
            _attempt(ledger, lambda: client.list_conversations(folder="/storm", page_size=5))


async def _async_worker(config: ClientConfig, ledger: Ledger, worker: int) -> None:
    async with SekhaClient(config) as client:
        for cycle in range(CYCLES):
            marker = f"a-{worker}-{cycle}-{uuid.uuid4().hex[:6]}"
            stored = await _attempt_async(ledger, lambda: client.create_conversation(_conversation(marker)))  # noqa: B023
            if stored is not None:
                with ledger.lock:
                    ledger.acknowledged[marker] = stored.id
                await _attempt_async(ledger, lambda: client.get_conversation(stored.id))  # noqa: B023
            await _attempt_async(ledger, lambda: client.smart_query("storm answer", limit=5))
            await _attempt_async(ledger, lambda: client.count_conversations(folder="/storm"))


def _storm(config: ClientConfig, ledger: Ledger) -> None:
    async def async_side() -> None:
        await asyncio.gather(*(_async_worker(config, ledger, n) for n in range(ASYNC_WORKERS)))

    threads = [threading.Thread(target=_sync_worker, args=(config, ledger, n)) for n in range(SYNC_WORKERS)]
    threads.append(threading.Thread(target=asyncio.run, args=(async_side(),)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _stored_by_marker(server: ServerProcess) -> dict[str, list[dict[str, Any]]]:
    with SyncSekhaClient(server.config(rate_limit_requests=None)) as direct:
        document = json.loads(direct.export(format="json"))
    found: dict[str, list[dict[str, Any]]] = {}
    for conversation in document:
        first = conversation["messages"][0]["content"] if conversation["messages"] else ""
        if first.startswith("storm question "):
            found.setdefault(first.removeprefix("storm question "), []).append(conversation)
    return found


@pytest.mark.parametrize("seed", [11, 29])
def test_fault_storm_loses_and_duplicates_nothing(server: ServerProcess, seed: int, tmp_path: Path) -> None:
    with FaultProxy(server.base_url, rate=0.35, seed=seed, slow_seconds=TIMEOUT * 2) as proxy:
        config = ClientConfig(
            api_key=server.api_key,
            base_url=proxy.url,
            timeout=TIMEOUT,
            max_retries=MAX_RETRIES,
            retry_backoff=0.01,
            retry_backoff_max=0.05,
            retry_max_wait=MAX_WAIT,
            rate_limit_requests=None,
        )
        ledger = Ledger()
        _storm(config, ledger)

    assert ledger.unexpected == []
    assert sum(proxy.injected[f] for f in Fault if f is not Fault.NONE) > 50
    assert ledger.slowest <= CALL_BUDGET

    stored = _stored_by_marker(server)
    duplicates = {marker: len(copies) for marker, copies in stored.items() if len(copies) > 1}
    assert duplicates == {}
    for marker, conversation_id in ledger.acknowledged.items():
        (copy,) = stored[marker]
        assert copy["id"] == str(conversation_id)
        assert [m["content"] for m in copy["messages"]] == [
            f"storm question {marker}",
            f"storm answer {marker} with ünïcode ✓",
        ]
    for copies in stored.values():
        assert all(len(c["messages"]) == 2 for c in copies)  # nothing half-stored


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (Fault.RESET_BEFORE, SekhaConnectionError),
        (Fault.RESET_AFTER, SekhaConnectionError),
        (Fault.RESET_MID_BODY, SekhaConnectionError),
        (Fault.SLOW, SekhaConnectionError),
        (Fault.TRUNCATED_JSON, SekhaDecodeError),
        (Fault.EMPTY_200, SekhaDecodeError),
        (Fault.HTML_PAGE, SekhaAPIError),
        (Fault.ERROR_500, SekhaAPIError),
    ],
)
def test_a_create_hit_by_a_fault_is_reported_and_never_stored_twice_by_a_server_without_keys(
    server: ServerProcess, fault: Fault, expected: type[SekhaError]
) -> None:
    """Without honoured keys (the real controller), a create that may have arrived is not retried."""
    marker = f"one-{fault.name}-{uuid.uuid4().hex[:6]}"
    with FaultProxy(server.base_url, rate=0.0, slow_seconds=FORCED_TIMEOUT * 2, capabilities=False) as proxy:
        proxy.force(fault)
        config = ClientConfig(
            api_key=server.api_key, base_url=proxy.url, timeout=FORCED_TIMEOUT, retry_backoff=0.01
        )
        with SyncSekhaClient(config) as client, pytest.raises(expected):
            client.create_conversation(_conversation(marker))
    with SyncSekhaClient(server.config(rate_limit_requests=None)) as direct:
        assert direct.list_conversations(label=marker).total <= 1


@pytest.mark.parametrize(
    "fault",
    [
        Fault.RESET_BEFORE,
        Fault.RESET_AFTER,
        Fault.RESET_MID_BODY,
        Fault.SLOW,
        Fault.HTML_PAGE,
        Fault.ERROR_500,
        Fault.ERROR_503,
    ],
)
def test_a_create_hit_by_a_fault_is_stored_exactly_once_where_keys_are_honoured(
    server: ServerProcess, fault: Fault
) -> None:
    """The local controller replays a repeated Idempotency-Key: the retry stores nothing new."""
    marker = f"once-{fault.name}-{uuid.uuid4().hex[:6]}"
    with FaultProxy(server.base_url, rate=0.0, slow_seconds=TIMEOUT * 2) as proxy:
        proxy.force(fault)
        config = ClientConfig(api_key=server.api_key, base_url=proxy.url, timeout=TIMEOUT, retry_backoff=0.01)
        with SyncSekhaClient(config) as client:
            stored = client.create_conversation(_conversation(marker))
    with SyncSekhaClient(server.config(rate_limit_requests=None)) as direct:
        (row,) = direct.list_conversations(label=marker).results
        assert row.id == stored.id


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_creates_right_after_a_500_that_dropped_the_connection_are_all_stored_once(
    server: ServerProcess, flavour: str
) -> None:
    """The next create reuses the dropped connection and hears a reset; nothing was stored, so
    the client sends it again with the same key (the local controller honours it)."""
    rounds = 30
    markers = [f"after500-{n}-{uuid.uuid4().hex[:6]}" for n in range(2 * rounds)]
    with FaultProxy(server.base_url, rate=0.0) as proxy:
        config = ClientConfig(api_key=server.api_key, base_url=proxy.url, timeout=TIMEOUT, retry_backoff=0.01)
        with client_runner(flavour, config) as run:
            for first, second in zip(markers[::2], markers[1::2], strict=True):
                proxy.force(Fault.ERROR_500_CLOSE)
                run("create_conversation", _conversation(first))  # answered 500 (never forwarded)
                run("create_conversation", _conversation(second))  # the next create, on that connection
    with SyncSekhaClient(server.config(rate_limit_requests=None)) as direct:
        for marker in markers:
            assert direct.list_conversations(label=marker).total == 1


@pytest.mark.parametrize(
    "fault",
    [
        Fault.RATE_LIMIT,
        Fault.RATE_LIMIT_SECONDS,
        Fault.RATE_LIMIT_DATE,
        Fault.ERROR_502,
        Fault.ERROR_503,
        Fault.ERROR_504,
        Fault.RESET_BEFORE,
        Fault.RESET_MID_BODY,
        Fault.SLOW,
    ],
)
def test_reads_ride_out_each_transient_fault(server: ServerProcess, fault: Fault) -> None:
    with FaultProxy(server.base_url, rate=0.0, slow_seconds=FORCED_TIMEOUT * 2) as proxy:
        proxy.force(fault)
        config = ClientConfig(
            api_key=server.api_key, base_url=proxy.url, timeout=FORCED_TIMEOUT, retry_backoff=0.01
        )
        with SyncSekhaClient(config) as client:
            assert client.count_conversations() >= 0
        assert proxy.injected[fault] == 1
