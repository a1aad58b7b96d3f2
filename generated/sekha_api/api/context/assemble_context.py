from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.context_request import ContextRequest
from ...models.stored_message import StoredMessage
from ...types import Response


def _get_kwargs(
    *,
    body: ContextRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/context/assemble",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> list[StoredMessage] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = StoredMessage.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200
    if client.raise_on_unexpected_status and not 200 <= response.status_code <= 299:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[list[StoredMessage]]:
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
    body: ContextRequest,
) -> Response[list[StoredMessage]]:
    """Pick the messages that best serve a query within a token budget.

    Answers a bare JSON array of messages, best first, each with `metadata.citation`
    `{label, folder, timestamp}`. `preferred_labels` and `context_budget` are required.
    The real controller recalls every pinned conversation and the last week of each preferred
    label whatever the query, and budgets bytes / 4 of the contents with 15% spare; the local
    controller announces how it does better (`context_scope`, `context_relevance`, `context_order`).

    Args:
        body (ContextRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[list[StoredMessage]]: ``parsed`` is None for an error status.
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
    body: ContextRequest,
) -> list[StoredMessage] | None:
    """Pick the messages that best serve a query within a token budget.

    Answers a bare JSON array of messages, best first, each with `metadata.citation`
    `{label, folder, timestamp}`. `preferred_labels` and `context_budget` are required.
    The real controller recalls every pinned conversation and the last week of each preferred
    label whatever the query, and budgets bytes / 4 of the contents with 15% spare; the local
    controller announces how it does better (`context_scope`, `context_relevance`, `context_order`).

    Args:
        body (ContextRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        list[StoredMessage] | None: None for an error status.
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ContextRequest,
) -> Response[list[StoredMessage]]:
    """Pick the messages that best serve a query within a token budget.

    Answers a bare JSON array of messages, best first, each with `metadata.citation`
    `{label, folder, timestamp}`. `preferred_labels` and `context_budget` are required.
    The real controller recalls every pinned conversation and the last week of each preferred
    label whatever the query, and budgets bytes / 4 of the contents with 15% spare; the local
    controller announces how it does better (`context_scope`, `context_relevance`, `context_order`).

    Args:
        body (ContextRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[list[StoredMessage]]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ContextRequest,
) -> list[StoredMessage] | None:
    """Pick the messages that best serve a query within a token budget.

    Answers a bare JSON array of messages, best first, each with `metadata.citation`
    `{label, folder, timestamp}`. `preferred_labels` and `context_budget` are required.
    The real controller recalls every pinned conversation and the last week of each preferred
    label whatever the query, and budgets bytes / 4 of the contents with 15% spare; the local
    controller announces how it does better (`context_scope`, `context_relevance`, `context_order`).

    Args:
        body (ContextRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        list[StoredMessage] | None: None for an error status.
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
