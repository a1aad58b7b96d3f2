from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.update_folder_request import UpdateFolderRequest
from ...types import Response


def _get_kwargs(
    id: UUID,
    *,
    body: UpdateFolderRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/conversations/{id}/folder".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | None:
    if response.status_code == 200:
        return None
    if client.raise_on_unexpected_status and not 200 <= response.status_code <= 299:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any]:
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
    body: UpdateFolderRequest,
) -> Response[Any]:
    """Move a conversation to another folder.

    The real controller also overwrites the label with the folder value.

    Args:
        id (UUID):
        body (UpdateFolderRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[Any]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateFolderRequest,
) -> Response[Any]:
    """Move a conversation to another folder.

    The real controller also overwrites the label with the folder value.

    Args:
        id (UUID):
        body (UpdateFolderRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[Any]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)
