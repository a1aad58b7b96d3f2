from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.conversation_count import ConversationCount
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    label: str | Unset = UNSET,
    folder: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["label"] = label

    params["folder"] = folder

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/conversations/count",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConversationCount | None:
    if response.status_code == 200:
        response_200 = ConversationCount.from_dict(response.json())

        return response_200
    if client.raise_on_unexpected_status and not 200 <= response.status_code <= 299:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ConversationCount]:
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
    label: str | Unset = UNSET,
    folder: str | Unset = UNSET,
) -> Response[ConversationCount]:
    """Count conversations, optionally by label or by folder.

    The real controller counts labels that contain the value (SQL LIKE) and folders that
    equal it; with both filters it answers 200 `{count: 0, error}`.

    Args:
        label (str | Unset):
        folder (str | Unset):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[ConversationCount]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        label=label,
        folder=folder,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    label: str | Unset = UNSET,
    folder: str | Unset = UNSET,
) -> ConversationCount | None:
    """Count conversations, optionally by label or by folder.

    The real controller counts labels that contain the value (SQL LIKE) and folders that
    equal it; with both filters it answers 200 `{count: 0, error}`.

    Args:
        label (str | Unset):
        folder (str | Unset):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        ConversationCount | None: None for an error status.
    """

    return sync_detailed(
        client=client,
        label=label,
        folder=folder,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    label: str | Unset = UNSET,
    folder: str | Unset = UNSET,
) -> Response[ConversationCount]:
    """Count conversations, optionally by label or by folder.

    The real controller counts labels that contain the value (SQL LIKE) and folders that
    equal it; with both filters it answers 200 `{count: 0, error}`.

    Args:
        label (str | Unset):
        folder (str | Unset):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[ConversationCount]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        label=label,
        folder=folder,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    label: str | Unset = UNSET,
    folder: str | Unset = UNSET,
) -> ConversationCount | None:
    """Count conversations, optionally by label or by folder.

    The real controller counts labels that contain the value (SQL LIKE) and folders that
    equal it; with both filters it answers 200 `{count: 0, error}`.

    Args:
        label (str | Unset):
        folder (str | Unset):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        ConversationCount | None: None for an error status.
    """

    return (
        await asyncio_detailed(
            client=client,
            label=label,
            folder=folder,
        )
    ).parsed
