from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    label: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["label"] = label

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/export",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> str | None:
    if response.status_code == 200:
        response_200 = cast(str, response.text)
        return response_200
    if client.raise_on_unexpected_status and not 200 <= response.status_code <= 299:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[str]:
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
    cursor: str | Unset = UNSET,
) -> Response[str]:
    """Stream every conversation with its messages (extension `bulk_export`).

    Newline-delimited JSON, one `BulkExportItem` per conversation in creation order (keyed
    on an immutable order, so every conversation that exists throughout appears exactly
    once, whatever changes meanwhile), then one `BulkExportEnd`. A stream that stops before
    its `BulkExportEnd` was cut off: ask again with the last item's `cursor` to go on. The
    real controller has no such route (404); clients export one conversation at a time there.

    Args:
        label (str | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[str]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        label=label,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    label: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> str | None:
    """Stream every conversation with its messages (extension `bulk_export`).

    Newline-delimited JSON, one `BulkExportItem` per conversation in creation order (keyed
    on an immutable order, so every conversation that exists throughout appears exactly
    once, whatever changes meanwhile), then one `BulkExportEnd`. A stream that stops before
    its `BulkExportEnd` was cut off: ask again with the last item's `cursor` to go on. The
    real controller has no such route (404); clients export one conversation at a time there.

    Args:
        label (str | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        str | None: None for an error status.
    """

    return sync_detailed(
        client=client,
        label=label,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    label: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[str]:
    """Stream every conversation with its messages (extension `bulk_export`).

    Newline-delimited JSON, one `BulkExportItem` per conversation in creation order (keyed
    on an immutable order, so every conversation that exists throughout appears exactly
    once, whatever changes meanwhile), then one `BulkExportEnd`. A stream that stops before
    its `BulkExportEnd` was cut off: ask again with the last item's `cursor` to go on. The
    real controller has no such route (404); clients export one conversation at a time there.

    Args:
        label (str | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[str]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        label=label,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    label: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> str | None:
    """Stream every conversation with its messages (extension `bulk_export`).

    Newline-delimited JSON, one `BulkExportItem` per conversation in creation order (keyed
    on an immutable order, so every conversation that exists throughout appears exactly
    once, whatever changes meanwhile), then one `BulkExportEnd`. A stream that stops before
    its `BulkExportEnd` was cut off: ask again with the last item's `cursor` to go on. The
    real controller has no such route (404); clients export one conversation at a time there.

    Args:
        label (str | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        str | None: None for an error status.
    """

    return (
        await asyncio_detailed(
            client=client,
            label=label,
            cursor=cursor,
        )
    ).parsed
