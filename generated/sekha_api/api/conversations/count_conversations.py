from http import HTTPStatus
from typing import Any

import httpx

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
) -> ConversationCount | str:
    if response.status_code == 200:
        response_200 = ConversationCount.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = response.text
        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

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
) -> Response[ConversationCount | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    label: str | Unset = UNSET,
    folder: str | Unset = UNSET,
) -> Response[ConversationCount | str]:
    """Count conversations, optionally by label or by folder.

     The real controller counts labels that contain the value (SQL LIKE) and folders that
    equal it; with both filters it answers 200 `{count: 0, error}`.

    Args:
        label (str | Unset):
        folder (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConversationCount | str]
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
) -> ConversationCount | str | None:
    """Count conversations, optionally by label or by folder.

     The real controller counts labels that contain the value (SQL LIKE) and folders that
    equal it; with both filters it answers 200 `{count: 0, error}`.

    Args:
        label (str | Unset):
        folder (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConversationCount | str
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
) -> Response[ConversationCount | str]:
    """Count conversations, optionally by label or by folder.

     The real controller counts labels that contain the value (SQL LIKE) and folders that
    equal it; with both filters it answers 200 `{count: 0, error}`.

    Args:
        label (str | Unset):
        folder (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConversationCount | str]
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
) -> ConversationCount | str | None:
    """Count conversations, optionally by label or by folder.

     The real controller counts labels that contain the value (SQL LIKE) and folders that
    equal it; with both filters it answers 200 `{count: 0, error}`.

    Args:
        label (str | Unset):
        folder (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConversationCount | str
    """

    return (
        await asyncio_detailed(
            client=client,
            label=label,
            folder=folder,
        )
    ).parsed
