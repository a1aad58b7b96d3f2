from typing import Any

import httpx

from ... import errors
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
) -> FullTextSearchResponse | None:
    if response.status_code == 200:
        response_200 = FullTextSearchResponse.from_dict(response.json())

        return response_200
    if client.raise_on_unexpected_status and not 200 <= response.status_code <= 299:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[FullTextSearchResponse]:
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
    body: FullTextSearchRequest,
) -> Response[FullTextSearchResponse]:
    """Full-text search (SQLite FTS5, porter stemming).

    The real controller passes `query` to FTS5 MATCH verbatim (invalid syntax answers 500) and
    returns rows in insertion order, with `total` the number returned; the local controller
    ranks by bm25, accepts any text, and counts every match in `total`.

    Args:
        body (FullTextSearchRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[FullTextSearchResponse]: ``parsed`` is None for an error status.
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
) -> FullTextSearchResponse | None:
    """Full-text search (SQLite FTS5, porter stemming).

    The real controller passes `query` to FTS5 MATCH verbatim (invalid syntax answers 500) and
    returns rows in insertion order, with `total` the number returned; the local controller
    ranks by bm25, accepts any text, and counts every match in `total`.

    Args:
        body (FullTextSearchRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        FullTextSearchResponse | None: None for an error status.
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FullTextSearchRequest,
) -> Response[FullTextSearchResponse]:
    """Full-text search (SQLite FTS5, porter stemming).

    The real controller passes `query` to FTS5 MATCH verbatim (invalid syntax answers 500) and
    returns rows in insertion order, with `total` the number returned; the local controller
    ranks by bm25, accepts any text, and counts every match in `total`.

    Args:
        body (FullTextSearchRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[FullTextSearchResponse]: ``parsed`` is None for an error status.
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
) -> FullTextSearchResponse | None:
    """Full-text search (SQLite FTS5, porter stemming).

    The real controller passes `query` to FTS5 MATCH verbatim (invalid syntax answers 500) and
    returns rows in insertion order, with `total` the number returned; the local controller
    ranks by bm25, accepts any text, and counts every match in `total`.

    Args:
        body (FullTextSearchRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        FullTextSearchResponse | None: None for an error status.
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
