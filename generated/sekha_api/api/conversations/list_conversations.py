from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.conversation_page import ConversationPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    label: str | Unset = UNSET,
    folder: str | Unset = UNSET,
    pinned: bool | Unset = UNSET,
    archived: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["page"] = page

    params["page_size"] = page_size

    params["label"] = label

    params["folder"] = folder

    params["pinned"] = pinned

    params["archived"] = archived

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/conversations",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConversationPage | None:
    if response.status_code == 200:
        response_200 = ConversationPage.from_dict(response.json())

        return response_200
    if client.raise_on_unexpected_status and not 200 <= response.status_code <= 299:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ConversationPage]:
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
    cursor: str | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    label: str | Unset = UNSET,
    folder: str | Unset = UNSET,
    pinned: bool | Unset = UNSET,
    archived: bool | Unset = UNSET,
) -> Response[ConversationPage]:
    """List conversations, newest update first.

    Rows are conversations dressed as search hits: `message_id` is the nil UUID, `score` is 1.0,
    `content` is the label and `metadata` holds `{folder, status, importance_score}`.
    Pages are 1-based. The real controller returns nothing as soon as any filter is given;
    the local controller applies them (exact label, exact folder, pinned, archived).
    With `cursor` (extension `list_cursor`) the list runs in creation order instead, keyed on
    an immutable order, and each page names the `next_cursor`: paging that way never skips
    or repeats a conversation that exists throughout, whatever changes meanwhile.

    Args:
        cursor (str | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        label (str | Unset):
        folder (str | Unset):
        pinned (bool | Unset):
        archived (bool | Unset):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[ConversationPage]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        page=page,
        page_size=page_size,
        label=label,
        folder=folder,
        pinned=pinned,
        archived=archived,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    cursor: str | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    label: str | Unset = UNSET,
    folder: str | Unset = UNSET,
    pinned: bool | Unset = UNSET,
    archived: bool | Unset = UNSET,
) -> ConversationPage | None:
    """List conversations, newest update first.

    Rows are conversations dressed as search hits: `message_id` is the nil UUID, `score` is 1.0,
    `content` is the label and `metadata` holds `{folder, status, importance_score}`.
    Pages are 1-based. The real controller returns nothing as soon as any filter is given;
    the local controller applies them (exact label, exact folder, pinned, archived).
    With `cursor` (extension `list_cursor`) the list runs in creation order instead, keyed on
    an immutable order, and each page names the `next_cursor`: paging that way never skips
    or repeats a conversation that exists throughout, whatever changes meanwhile.

    Args:
        cursor (str | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        label (str | Unset):
        folder (str | Unset):
        pinned (bool | Unset):
        archived (bool | Unset):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        ConversationPage | None: None for an error status.
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        page=page,
        page_size=page_size,
        label=label,
        folder=folder,
        pinned=pinned,
        archived=archived,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    cursor: str | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    label: str | Unset = UNSET,
    folder: str | Unset = UNSET,
    pinned: bool | Unset = UNSET,
    archived: bool | Unset = UNSET,
) -> Response[ConversationPage]:
    """List conversations, newest update first.

    Rows are conversations dressed as search hits: `message_id` is the nil UUID, `score` is 1.0,
    `content` is the label and `metadata` holds `{folder, status, importance_score}`.
    Pages are 1-based. The real controller returns nothing as soon as any filter is given;
    the local controller applies them (exact label, exact folder, pinned, archived).
    With `cursor` (extension `list_cursor`) the list runs in creation order instead, keyed on
    an immutable order, and each page names the `next_cursor`: paging that way never skips
    or repeats a conversation that exists throughout, whatever changes meanwhile.

    Args:
        cursor (str | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        label (str | Unset):
        folder (str | Unset):
        pinned (bool | Unset):
        archived (bool | Unset):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[ConversationPage]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        page=page,
        page_size=page_size,
        label=label,
        folder=folder,
        pinned=pinned,
        archived=archived,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    cursor: str | Unset = UNSET,
    page: int | Unset = 1,
    page_size: int | Unset = 50,
    label: str | Unset = UNSET,
    folder: str | Unset = UNSET,
    pinned: bool | Unset = UNSET,
    archived: bool | Unset = UNSET,
) -> ConversationPage | None:
    """List conversations, newest update first.

    Rows are conversations dressed as search hits: `message_id` is the nil UUID, `score` is 1.0,
    `content` is the label and `metadata` holds `{folder, status, importance_score}`.
    Pages are 1-based. The real controller returns nothing as soon as any filter is given;
    the local controller applies them (exact label, exact folder, pinned, archived).
    With `cursor` (extension `list_cursor`) the list runs in creation order instead, keyed on
    an immutable order, and each page names the `next_cursor`: paging that way never skips
    or repeats a conversation that exists throughout, whatever changes meanwhile.

    Args:
        cursor (str | Unset):
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        label (str | Unset):
        folder (str | Unset):
        pinned (bool | Unset):
        archived (bool | Unset):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        ConversationPage | None: None for an error status.
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            page=page,
            page_size=page_size,
            label=label,
            folder=folder,
            pinned=pinned,
            archived=archived,
        )
    ).parsed
