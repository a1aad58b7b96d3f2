"""Each attempt has one deadline; every network operation gets at most what is left of it."""

from __future__ import annotations

import time

import httpcore
import httpx
import pytest

from sekha import ClientConfig
from sekha._async import deadline as async_deadline
from sekha._async import transport as async_transport
from sekha._deadline import attempt_deadline, remaining
from sekha._sync import deadline as sync_deadline
from sekha._sync import transport as sync_transport


def test_outside_an_attempt_timeouts_are_untouched() -> None:
    assert remaining(5.0, httpcore.ReadTimeout) == 5.0
    assert remaining(None, httpcore.ReadTimeout) is None


def test_inside_an_attempt_each_operation_gets_what_is_left() -> None:
    with attempt_deadline(2.0):
        assert remaining(30.0, httpcore.ReadTimeout) == pytest.approx(2.0, abs=0.5)
        assert remaining(0.5, httpcore.ReadTimeout) == 0.5
        assert remaining(None, httpcore.ReadTimeout) == pytest.approx(2.0, abs=0.5)
    assert remaining(30.0, httpcore.ReadTimeout) == 30.0  # the deadline ends with the attempt


def test_an_expired_attempt_raises_the_operations_timeout() -> None:
    with attempt_deadline(0.0):
        time.sleep(0.001)
        with pytest.raises(httpcore.ReadTimeout):
            remaining(30.0, httpcore.ReadTimeout)
        with pytest.raises(httpcore.ConnectTimeout):
            remaining(30.0, httpcore.ConnectTimeout)


def test_both_flavours_connect_through_deadline_streams() -> None:
    """httpx gives no public way to pass a network backend; this fails loudly if its pool changes."""
    config = ClientConfig(api_key="sk-test-" + "k" * 40)
    sync_client = sync_transport.new_http_client(config, None)
    async_client = async_transport.new_http_client(config, None)
    for client, backend in (
        (sync_client, sync_deadline.DeadlineBackend),
        (async_client, async_deadline.AsyncDeadlineBackend),
    ):
        pool = client._transport._transport._pool  # type: ignore[attr-defined]
        assert isinstance(pool._network_backend, backend)
    sync_client.close()


def test_a_pool_without_a_backend_is_refused_with_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    transport = httpx.HTTPTransport()
    monkeypatch.delattr(transport._pool, "_network_backend")
    with pytest.raises(RuntimeError, match="network backend"):
        sync_deadline.with_deadlines(transport)
