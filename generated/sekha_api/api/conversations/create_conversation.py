from typing import Any

import httpx

from ... import errors
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
) -> CreatedConversation | None:
    if response.status_code == 201:
        response_201 = CreatedConversation.from_dict(response.json())

        return response_201
    if client.raise_on_unexpected_status and not 200 <= response.status_code <= 299:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CreatedConversation]:
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
    body: NewConversation,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreatedConversation]:
    """Store a conversation with its messages.

    Answers 201 with the stored conversation; `message_count` is the number of messages sent.
    The real controller ignores `Idempotency-Key`; the local controller stores at most one
    conversation per key.

    Args:
        idempotency_key (str | Unset):
        body (NewConversation): A conversation to store. Both controllers require `label` and
            `folder` on the wire (422 without them); clients fill in their configured defaults for
            whichever is left out.

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[CreatedConversation]: ``parsed`` is None for an error status.
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
) -> CreatedConversation | None:
    """Store a conversation with its messages.

    Answers 201 with the stored conversation; `message_count` is the number of messages sent.
    The real controller ignores `Idempotency-Key`; the local controller stores at most one
    conversation per key.

    Args:
        idempotency_key (str | Unset):
        body (NewConversation): A conversation to store. Both controllers require `label` and
            `folder` on the wire (422 without them); clients fill in their configured defaults for
            whichever is left out.

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        CreatedConversation | None: None for an error status.
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
) -> Response[CreatedConversation]:
    """Store a conversation with its messages.

    Answers 201 with the stored conversation; `message_count` is the number of messages sent.
    The real controller ignores `Idempotency-Key`; the local controller stores at most one
    conversation per key.

    Args:
        idempotency_key (str | Unset):
        body (NewConversation): A conversation to store. Both controllers require `label` and
            `folder` on the wire (422 without them); clients fill in their configured defaults for
            whichever is left out.

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[CreatedConversation]: ``parsed`` is None for an error status.
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
) -> CreatedConversation | None:
    """Store a conversation with its messages.

    Answers 201 with the stored conversation; `message_count` is the number of messages sent.
    The real controller ignores `Idempotency-Key`; the local controller stores at most one
    conversation per key.

    Args:
        idempotency_key (str | Unset):
        body (NewConversation): A conversation to store. Both controllers require `label` and
            `folder` on the wire (422 without them); clients fill in their configured defaults for
            whichever is left out.

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        CreatedConversation | None: None for an error status.
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
