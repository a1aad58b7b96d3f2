"""httpcore network streams that end each operation at the attempt's deadline (``sekha._deadline``).

The sync twin, ``sekha/_sync/deadline.py``, is derived from this file by ``scripts/unasync.py``.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from sekha._deadline import remaining

__all__ = ["with_deadlines"]


class AsyncDeadlineStream(httpcore.AsyncNetworkStream):
    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, remaining(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, remaining(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._stream.start_tls(
            ssl_context, server_hostname, remaining(timeout, httpcore.ConnectTimeout)
        )
        return AsyncDeadlineStream(stream)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class AsyncDeadlineBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._backend.connect_tcp(
            host, port, remaining(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return AsyncDeadlineStream(stream)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._backend.connect_unix_socket(
            path, remaining(timeout, httpcore.ConnectTimeout), socket_options
        )
        return AsyncDeadlineStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def with_deadlines(transport: httpx.AsyncHTTPTransport) -> httpx.AsyncHTTPTransport:
    """Route a transport's connections through deadline-aware streams.

    httpx builds its httpcore pool without a way to pass a network backend, so the pool's
    backend is swapped before the first connection is made (tested: tests/unit/test_deadline.py).
    """
    pool = transport._pool
    backend = getattr(pool, "_network_backend", None)
    if not isinstance(backend, httpcore.AsyncNetworkBackend):
        raise RuntimeError("this httpcore version keeps no network backend on its pool; sekha needs one")
    pool._network_backend = AsyncDeadlineBackend(backend)
    return transport
