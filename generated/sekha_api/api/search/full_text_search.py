from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.full_text_search_request import FullTextSearchRequest
from ...models.full_text_search_response import FullTextSearchResponse
from ...types import Response


def _get_kwargs(
    *,
    body: FullTextSearchRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/search/fts",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FullTextSearchResponse | str:
    if response.status_code == 200:
        response_200 = FullTextSearchResponse.from_dict(response.json())

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

    response_default = response.text
    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[FullTextSearchResponse | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FullTextSearchRequest,
) -> Response[FullTextSearchResponse | str]:
    """Full-text search (SQLite FTS5, porter stemming).

     The real controller passes `query` to FTS5 MATCH verbatim (invalid syntax answers 500) and
    returns rows in insertion order, with `total` the number returned; the local controller
    ranks by bm25, accepts any text, and counts every match in `total`.

    Args:
        body (FullTextSearchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FullTextSearchResponse | str]
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
    body: FullTextSearchRequest,
) -> FullTextSearchResponse | str | None:
    """Full-text search (SQLite FTS5, porter stemming).

     The real controller passes `query` to FTS5 MATCH verbatim (invalid syntax answers 500) and
    returns rows in insertion order, with `total` the number returned; the local controller
    ranks by bm25, accepts any text, and counts every match in `total`.

    Args:
        body (FullTextSearchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FullTextSearchResponse | str
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FullTextSearchRequest,
) -> Response[FullTextSearchResponse | str]:
    """Full-text search (SQLite FTS5, porter stemming).

     The real controller passes `query` to FTS5 MATCH verbatim (invalid syntax answers 500) and
    returns rows in insertion order, with `total` the number returned; the local controller
    ranks by bm25, accepts any text, and counts every match in `total`.

    Args:
        body (FullTextSearchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FullTextSearchResponse | str]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: FullTextSearchRequest,
) -> FullTextSearchResponse | str | None:
    """Full-text search (SQLite FTS5, porter stemming).

     The real controller passes `query` to FTS5 MATCH verbatim (invalid syntax answers 500) and
    returns rows in insertion order, with `total` the number returned; the local controller
    ranks by bm25, accepts any text, and counts every match in `total`.

    Args:
        body (FullTextSearchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FullTextSearchResponse | str
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
