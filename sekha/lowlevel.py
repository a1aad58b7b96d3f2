"""The generated ``sekha_api`` client, wired with the SDK's transport for direct use."""

from __future__ import annotations

from sekha._async import transport as async_transport
from sekha._ratelimit import TokenBucket
from sekha._sync import transport as sync_transport
from sekha.config import ClientConfig
from sekha_api.client import Client as ApiClient

__all__ = ["api_client"]


def api_client(config: ClientConfig) -> ApiClient:
    """A ``sekha_api`` client with the same auth, timeouts, retries and rate limit as SekhaClient.

    For calling generated functions directly: ``get_conversation.sync(client=api_client(cfg), id=…)``
    or ``await … .asyncio(…)``. The sync and async sides share one rate limiter. Close it with
    ``with``/``async with`` as the generated client documents.
    """
    limiter = TokenBucket.optional(config.rate_limit_requests)
    client = ApiClient(base_url=config.base_url)
    client.set_httpx_client(sync_transport.new_http_client(config, limiter))
    client.set_async_httpx_client(async_transport.new_http_client(config, limiter))
    return client
