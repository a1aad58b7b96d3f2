from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.query_request import QueryRequest
from ...models.query_response import QueryResponse
from ...types import Response


def _get_kwargs(
    *,
    body: QueryRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/query",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> QueryResponse | None:
    if response.status_code == 200:
        response_200 = QueryResponse.from_dict(response.json())

        return response_200
    if client.raise_on_unexpected_status and not 200 <= response.status_code <= 299:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[QueryResponse]:
    try:
        parsed = _parse_response(client=client, response=response)
    except (
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OverflowError,
        RecursionError,
    ) as exc:
        # the body is not what the contract says: malformed, mistyped, or nested too deep to read
        raise errors.UnexpectedBody(response) from exc
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
        request=response.request,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: QueryRequest,
) -> Response[QueryResponse]:
    """Semantic search over message embeddings.

    `score` is a cosine distance (0..2, lower is closer). The real controller ignores `offset`
    and `filters`, reports `total` as the number returned and `page` as ceil(offset/limit),
    and answers 200 with no results when its embedder or vector store is down. The local
    controller applies both (`filters` takes `label`, `folder`, `pinned`, `archived`,
    `status`, `include_archived`, `conversation_id`), reports `total` as every embedded match
    and `page` as offset // limit + 1, and answers 503 when a URL embedder is down.

    Args:
        body (QueryRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[QueryResponse]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: QueryRequest,
) -> QueryResponse | None:
    """Semantic search over message embeddings.

    `score` is a cosine distance (0..2, lower is closer). The real controller ignores `offset`
    and `filters`, reports `total` as the number returned and `page` as ceil(offset/limit),
    and answers 200 with no results when its embedder or vector store is down. The local
    controller applies both (`filters` takes `label`, `folder`, `pinned`, `archived`,
    `status`, `include_archived`, `conversation_id`), reports `total` as every embedded match
    and `page` as offset // limit + 1, and answers 503 when a URL embedder is down.

    Args:
        body (QueryRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        QueryResponse | None: None for an error status.
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: QueryRequest,
) -> Response[QueryResponse]:
    """Semantic search over message embeddings.

    `score` is a cosine distance (0..2, lower is closer). The real controller ignores `offset`
    and `filters`, reports `total` as the number returned and `page` as ceil(offset/limit),
    and answers 200 with no results when its embedder or vector store is down. The local
    controller applies both (`filters` takes `label`, `folder`, `pinned`, `archived`,
    `status`, `include_archived`, `conversation_id`), reports `total` as every embedded match
    and `page` as offset // limit + 1, and answers 503 when a URL embedder is down.

    Args:
        body (QueryRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[QueryResponse]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: QueryRequest,
) -> QueryResponse | None:
    """Semantic search over message embeddings.

    `score` is a cosine distance (0..2, lower is closer). The real controller ignores `offset`
    and `filters`, reports `total` as the number returned and `page` as ceil(offset/limit),
    and answers 200 with no results when its embedder or vector store is down. The local
    controller applies both (`filters` takes `label`, `folder`, `pinned`, `archived`,
    `status`, `include_archived`, `conversation_id`), reports `total` as every embedded match
    and `page` as offset // limit + 1, and answers 503 when a URL embedder is down.

    Args:
        body (QueryRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        QueryResponse | None: None for an error status.
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
