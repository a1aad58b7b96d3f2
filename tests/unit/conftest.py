"""Unit-test fixtures: one client fixture that runs every test once synchronously and once async."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sekha import ClientConfig
from tests.runner import FLAVOURS, Run, client_runner

__all__ = ["API_KEY", "BASE", "Run"]

API_KEY = "sk-test-" + "k" * 40
BASE = "http://localhost:8080"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def config() -> ClientConfig:
    return ClientConfig(api_key=API_KEY, retry_backoff=0.001, retry_backoff_max=0.002)


@pytest.fixture(params=FLAVOURS)
def run(request: pytest.FixtureRequest, config: ClientConfig) -> Iterator[Run]:
    """Each test using ``run`` runs once through SyncSekhaClient and once through SekhaClient."""
    with client_runner(request.param, config) as call:
        yield call
