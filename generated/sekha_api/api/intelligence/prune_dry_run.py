from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.prune_request import PruneRequest
from ...models.prune_response import PruneResponse
from ...types import Response


def _get_kwargs(
    *,
    body: PruneRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/prune/dry-run",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PruneResponse | None:
    if response.status_code == 200:
        response_200 = PruneResponse.from_dict(response.json())

        return response_200
    if client.raise_on_unexpected_status and not 200 <= response.status_code <= 299:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PruneResponse]:
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
    body: PruneRequest,
) -> Response[PruneResponse]:
    """Suggest active conversations untouched for `threshold_days` that could be archived.

    Args:
        body (PruneRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[PruneResponse]: ``parsed`` is None for an error status.
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
    body: PruneRequest,
) -> PruneResponse | None:
    """Suggest active conversations untouched for `threshold_days` that could be archived.

    Args:
        body (PruneRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        PruneResponse | None: None for an error status.
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PruneRequest,
) -> Response[PruneResponse]:
    """Suggest active conversations untouched for `threshold_days` that could be archived.

    Args:
        body (PruneRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[PruneResponse]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PruneRequest,
) -> PruneResponse | None:
    """Suggest active conversations untouched for `threshold_days` that could be archived.

    Args:
        body (PruneRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        PruneResponse | None: None for an error status.
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
