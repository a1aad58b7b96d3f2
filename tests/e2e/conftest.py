"""End-to-end fixtures: one live `sekha serve` shared by the session, and a client per flavour."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live import ServerProcess, unique, wait_for
from tests.runner import FLAVOURS, Run, client_runner

__all__ = ["Run", "ServerProcess", "unique", "wait_for"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path_factory.mktemp("sekha-e2e")).start()
    yield server
    server.stop()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(params=FLAVOURS)
def run(request: pytest.FixtureRequest, live_server: ServerProcess) -> Iterator[Run]:
    """``run("method", *args)`` on a SyncSekhaClient or a SekhaClient talking to the live server."""
    with client_runner(request.param, live_server.config(rate_limit_requests=None)) as call:
        yield call
