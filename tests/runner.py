"""Run one test body through both clients: ``run("method", *args)`` works the same sync or async."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Callable, Iterator
from typing import Any

from sekha import ClientConfig, SekhaClient, SyncSekhaClient

Run = Callable[..., Any]
FLAVOURS = ["sync", "async"]


@contextlib.contextmanager
def client_runner(flavour: str, config: ClientConfig) -> Iterator[Run]:
    """Yield ``run``; generators (paging, streaming) come back drained into lists."""
    if flavour == "sync":
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
        return loop.run_until_complete(drain(result) if inspect.isasyncgen(result) else result)

    try:
        yield call_async
    finally:
        loop.run_until_complete(aclient.aclose())
        loop.close()
