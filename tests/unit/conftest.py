"""Unit-test fixtures: one client fixture that runs every test once synchronously and once async."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sekha import ClientConfig, SekhaClient, SyncSekhaClient

API_KEY = "sk-test-" + "k" * 40
BASE = "http://localhost:8080"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def config() -> ClientConfig:
    return ClientConfig(api_key=API_KEY, retry_backoff=0.001, retry_backoff_max=0.002)


Run = Callable[..., Any]


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, config: ClientConfig) -> Iterator[Run]:
    """``run("method", *args)`` calls the method on a SyncSekhaClient or a SekhaClient alike.

    Async generators are drained into a list, so paging and streaming methods compare equally.
    """
    if request.param == "sync":
        with SyncSekhaClient(config) as client:

            def call_sync(name: str, *args: Any, **kwargs: Any) -> Any:
                result = getattr(client, name)(*args, **kwargs)
                return list(result) if inspect.isgenerator(result) else result

            yield call_sync
        return
    loop = asyncio.new_event_loop()
    aclient = SekhaClient(config)

    async def drain(agen: Any) -> list[Any]:
        return [item async for item in agen]

    def call_async(name: str, *args: Any, **kwargs: Any) -> Any:
        result = getattr(aclient, name)(*args, **kwargs)
        if inspect.isasyncgen(result):
            return loop.run_until_complete(drain(result))
        return loop.run_until_complete(result)

    try:
        yield call_async
    finally:
        loop.run_until_complete(aclient.aclose())
        loop.close()
