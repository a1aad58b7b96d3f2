"""Capabilities: what the server announces in /health, read once per client and kept."""

from __future__ import annotations

import httpx
import pytest
from pytest_httpx import HTTPXMock

from sekha import ClientConfig, SekhaConnectionError
from sekha_api.models import Capabilities
from tests.fixtures import body
from tests.runner import FLAVOURS, client_runner
from tests.unit.conftest import BASE, Run

HEALTH = BASE + "/health"


def local_health(**capabilities: object) -> dict[str, object]:
    """The local controller's health report: the real controller's body plus ``capabilities``."""
    return {**body("health_200"), "capabilities": capabilities}


def test_the_real_controller_announces_nothing(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=HEALTH, json=body("health_200"))
    first = run("capabilities")
    assert isinstance(first, Capabilities)
    assert not first.supports("list_cursor")
    assert not first.supports("idempotency_keys")
    assert not first.supports("bulk_export")
    assert run("capabilities") is first  # kept: one request for the client's life
    assert len(httpx_mock.get_requests()) == 1


def test_announced_extensions_are_supported_and_kept(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=HEALTH, json=local_health(list_cursor=True, bulk_export=False))
    capabilities = run("capabilities")
    assert capabilities.supports("list_cursor")
    assert capabilities.list_cursor is True
    assert not capabilities.supports("bulk_export")
    assert not capabilities.supports("idempotency_keys")  # absent is not announced
    run("capabilities")
    assert len(httpx_mock.get_requests()) == 1


def test_unknown_names_are_kept_and_malformed_values_are_not_announcements(
    run: Run, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(url=HEALTH, json=local_health(future_extension=True, list_cursor="yes"))
    capabilities = run("capabilities")
    assert capabilities.supports("future_extension")
    assert not capabilities.supports("list_cursor")


def test_health_teaches_the_capabilities(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=HEALTH, json=local_health(idempotency_keys=True))
    assert run("health").healthy
    assert run("capabilities").supports("idempotency_keys")
    assert len(httpx_mock.get_requests()) == 1


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_an_empty_503_reads_as_none_for_now_and_is_asked_again(flavour: str, httpx_mock: HTTPXMock) -> None:
    config = ClientConfig(api_key="sk-test-" + "k" * 40, max_retries=0)
    httpx_mock.add_response(url=HEALTH, status_code=503)  # the real controller with Chroma down
    httpx_mock.add_response(url=HEALTH, json=local_health(list_cursor=True))
    with client_runner(flavour, config) as run:
        assert not run("capabilities").supports("list_cursor")
        assert run("capabilities").supports("list_cursor")
        assert run("capabilities").supports("list_cursor")
    assert len(httpx_mock.get_requests()) == 2  # the 503 taught nothing; the report is kept


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_failed_read_raises_and_is_not_kept(flavour: str, httpx_mock: HTTPXMock) -> None:
    config = ClientConfig(api_key="sk-test-" + "k" * 40, max_retries=0)
    httpx_mock.add_exception(httpx.ConnectError("refused"), url=HEALTH)
    httpx_mock.add_response(url=HEALTH, json=local_health(bulk_export=True))
    with client_runner(flavour, config) as run:
        with pytest.raises(SekhaConnectionError):
            run("capabilities")
        assert run("capabilities").supports("bulk_export")
