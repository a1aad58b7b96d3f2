"""The generated ``sekha_api`` functions, sent through the SDK's transport, for direct use.

    from sekha_api.api.conversations import get_conversation

    async with SekhaClient(config) as client:
        conversation = await get_conversation.asyncio(client=client.api, id=conversation_id)
        again = get_conversation.sync(client=client.api, id=conversation_id)

Either flavour gets the client's key, timeouts, retries and rate limiter, and closes with it.
Generated functions answer ``None`` (``*_detailed``: a ``Response`` with the status and raw
body) for an error status, where the clients raise the SDK's exceptions instead.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeAlias, TypeVar

import attrs
import httpx

from sekha._async import transport as async_transport
from sekha._capabilities import Announced
from sekha._ratelimit import TokenBucket
from sekha._sync import transport as sync_transport
from sekha.config import ClientConfig
from sekha.errors import SekhaClientClosedError
from sekha_api.client import Client
from sekha_api.types import Response

__all__ = ["ApiClient", "AsyncOperation", "Operation", "api_client"]

T = TypeVar("T")
CLOSED = "this client has been closed; make a new one (or keep calls inside its `with` block)"
Operation: TypeAlias = Callable[..., Response[T]]
"""A generated ``sync_detailed`` function."""
AsyncOperation: TypeAlias = Callable[..., Awaitable[Response[T]]]
"""A generated ``asyncio_detailed`` function."""


@attrs.define(kw_only=True)
class ApiClient(Client):
    """The ``client=`` argument of generated functions: one connection pool per flavour.

    Each pool is made on first use with the SDK's transport (retries, rate limit, key,
    timeouts). ``aclose()`` closes both; ``close()`` closes the sync pool, and the async one
    when it keeps no idle connections (as for a synchronous client's ``api``), so after
    async calls on a standalone client close it with ``aclose()`` or ``async with``.
    """

    _config: ClientConfig = attrs.field(alias="config")
    _limiter: TokenBucket | None = attrs.field(alias="limiter")
    _announced: Announced = attrs.field(factory=Announced, alias="announced")
    _keep_async_connections: bool = attrs.field(default=True, alias="keep_async_connections")
    _sync_closed: bool = attrs.field(default=False, init=False)
    _async_closed: bool = attrs.field(default=False, init=False)
    _making: threading.Lock = attrs.field(factory=threading.Lock, init=False, repr=False)

    @classmethod
    def wrapping(
        cls,
        config: ClientConfig,
        limiter: TokenBucket | None,
        http: httpx.Client | httpx.AsyncClient,
        *,
        announced: Announced,
    ) -> ApiClient:
        """The ``api`` of an SDK client: its own pool for its flavour, a pool made on demand for the other.

        Both share the client's limiter and what it learnt of the server's capabilities. A
        synchronous client cannot wait for an async pool to close, so that one keeps no
        connections alive.
        """
        is_async = isinstance(http, httpx.AsyncClient)
        client = cls(
            base_url=config.base_url,
            config=config,
            limiter=limiter,
            announced=announced,
            keep_async_connections=is_async,
        )
        if isinstance(http, httpx.AsyncClient):
            client.set_async_httpx_client(http)
        else:
            client.set_httpx_client(http)
        return client

    def get_httpx_client(self) -> httpx.Client:
        if self._sync_closed:
            raise SekhaClientClosedError(CLOSED)
        with self._making:  # concurrent first calls make one pool, not one each
            if self._client is None:
                self._client = sync_transport.new_http_client(
                    self._config, self._limiter, announced=self._announced
                )
            return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        if self._async_closed:
            raise SekhaClientClosedError(CLOSED)
        with self._making:
            if self._async_client is None:
                self._async_client = async_transport.new_http_client(
                    self._config,
                    self._limiter,
                    announced=self._announced,
                    keep_alive=self._keep_async_connections,
                )
            return self._async_client

    def close(self) -> None:
        self._sync_closed = True
        if self._client is not None:
            self._client.close()
        if not self._keep_async_connections:
            self._async_closed = True  # its connections closed after each request: nothing to wait for

    async def aclose(self) -> None:
        self._async_closed = True
        if self._async_client is not None:
            await self._async_client.aclose()
        self.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *args: object, **kwargs: Any) -> None:
        self.close()

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(self, *args: object, **kwargs: Any) -> None:
        await self.aclose()


def api_client(config: ClientConfig) -> ApiClient:
    """A standalone client for generated functions, with SekhaClient's key, timeouts, retries and
    rate limit (one limiter for both flavours); close it with ``with`` or ``async with``."""
    return ApiClient(
        base_url=config.base_url, config=config, limiter=TokenBucket.optional(config.rate_limit_requests)
    )
