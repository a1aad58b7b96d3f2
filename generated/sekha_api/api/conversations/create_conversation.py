from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.created_conversation import CreatedConversation
from ...models.new_conversation import NewConversation
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: NewConversation,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/conversations",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreatedConversation | str:
    if response.status_code == 201:
        response_201 = CreatedConversation.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = response.text
        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 413:
        response_413 = response.text
        return response_413

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
) -> Response[CreatedConversation | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: NewConversation,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreatedConversation | str]:
    """Store a conversation with its messages.

     Answers 201 with the stored conversation; `message_count` is the number of messages sent.
    The real controller ignores `Idempotency-Key`; the local controller stores at most one
    conversation per key.

    Args:
        idempotency_key (str | Unset):
        body (NewConversation): A conversation to store. Both controllers require `label` and
            `folder` on the wire (422
            without them); clients fill in their configured defaults for whichever is left out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatedConversation | str]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: NewConversation,
    idempotency_key: str | Unset = UNSET,
) -> CreatedConversation | str | None:
    """Store a conversation with its messages.

     Answers 201 with the stored conversation; `message_count` is the number of messages sent.
    The real controller ignores `Idempotency-Key`; the local controller stores at most one
    conversation per key.

    Args:
        idempotency_key (str | Unset):
        body (NewConversation): A conversation to store. Both controllers require `label` and
            `folder` on the wire (422
            without them); clients fill in their configured defaults for whichever is left out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatedConversation | str
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: NewConversation,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreatedConversation | str]:
    """Store a conversation with its messages.

     Answers 201 with the stored conversation; `message_count` is the number of messages sent.
    The real controller ignores `Idempotency-Key`; the local controller stores at most one
    conversation per key.

    Args:
        idempotency_key (str | Unset):
        body (NewConversation): A conversation to store. Both controllers require `label` and
            `folder` on the wire (422
            without them); clients fill in their configured defaults for whichever is left out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatedConversation | str]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: NewConversation,
    idempotency_key: str | Unset = UNSET,
) -> CreatedConversation | str | None:
    """Store a conversation with its messages.

     Answers 201 with the stored conversation; `message_count` is the number of messages sent.
    The real controller ignores `Idempotency-Key`; the local controller stores at most one
    conversation per key.

    Args:
        idempotency_key (str | Unset):
        body (NewConversation): A conversation to store. Both controllers require `label` and
            `folder` on the wire (422
            without them); clients fill in their configured defaults for whichever is left out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatedConversation | str
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
