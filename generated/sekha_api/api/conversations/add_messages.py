from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.conversation import Conversation
from ...models.new_messages import NewMessages
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    body: NewMessages,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/conversations/{id}/messages".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Conversation | None:
    if response.status_code == 200:
        response_200 = Conversation.from_dict(response.json())

        return response_200
    if client.raise_on_unexpected_status and not 200 <= response.status_code <= 299:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Conversation]:
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
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: NewMessages,
    idempotency_key: str | Unset = UNSET,
) -> Response[Conversation]:
    """Add messages to the end of a stored conversation (local controller).

    An extension: the real controller cannot add messages to a conversation (create a new
    conversation instead). The messages are stored after the conversation's others, the
    conversation's `updated_at` moves to now, and the answer is the conversation with its
    new `message_count`. A repeated `Idempotency-Key` adds nothing and answers as the first did.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (NewMessages): Messages to add to the end of a stored conversation (at least one).

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[Conversation]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: NewMessages,
    idempotency_key: str | Unset = UNSET,
) -> Conversation | None:
    """Add messages to the end of a stored conversation (local controller).

    An extension: the real controller cannot add messages to a conversation (create a new
    conversation instead). The messages are stored after the conversation's others, the
    conversation's `updated_at` moves to now, and the answer is the conversation with its
    new `message_count`. A repeated `Idempotency-Key` adds nothing and answers as the first did.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (NewMessages): Messages to add to the end of a stored conversation (at least one).

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Conversation | None: None for an error status.
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: NewMessages,
    idempotency_key: str | Unset = UNSET,
) -> Response[Conversation]:
    """Add messages to the end of a stored conversation (local controller).

    An extension: the real controller cannot add messages to a conversation (create a new
    conversation instead). The messages are stored after the conversation's others, the
    conversation's `updated_at` moves to now, and the answer is the conversation with its
    new `message_count`. A repeated `Idempotency-Key` adds nothing and answers as the first did.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (NewMessages): Messages to add to the end of a stored conversation (at least one).

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[Conversation]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: NewMessages,
    idempotency_key: str | Unset = UNSET,
) -> Conversation | None:
    """Add messages to the end of a stored conversation (local controller).

    An extension: the real controller cannot add messages to a conversation (create a new
    conversation instead). The messages are stored after the conversation's others, the
    conversation's `updated_at` moves to now, and the answer is the conversation with its
    new `message_count`. A repeated `Idempotency-Key` adds nothing and answers as the first did.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (NewMessages): Messages to add to the end of a stored conversation (at least one).

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Conversation | None: None for an error status.
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
