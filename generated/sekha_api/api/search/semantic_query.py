from http import HTTPStatus
from typing import Any

import httpx

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
) -> QueryResponse | str:
    if response.status_code == 200:
        response_200 = QueryResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = response.text
        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 415:
        response_415 = response.text
        return response_415

    if response.status_code == 422:
        response_422 = response.text
        return response_422

    if response.status_code == 429:
        response_429 = response.text
        return response_429

    if response.status_code == 500:
        response_500 = response.text
        return response_500

    if response.status_code == 503:
        response_503 = response.text
        return response_503

    response_default = response.text
    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[QueryResponse | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: QueryRequest,
) -> Response[QueryResponse | str]:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[QueryResponse | str]
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
) -> QueryResponse | str | None:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        QueryResponse | str
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: QueryRequest,
) -> Response[QueryResponse | str]:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[QueryResponse | str]
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
) -> QueryResponse | str | None:
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        QueryResponse | str
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
