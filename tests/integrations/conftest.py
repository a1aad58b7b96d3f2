"""A live local controller for the integration tests, and an async client of it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from sekha import SekhaClient
from tests.live import ServerProcess


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path_factory.mktemp("integrations") / "data").start()
    yield server
    server.stop()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def client(live: ServerProcess) -> AsyncIterator[SekhaClient]:
    async with SekhaClient(live.config(rate_limit_requests=None)) as sdk:
        yield sdk
