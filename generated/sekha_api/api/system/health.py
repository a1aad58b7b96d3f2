from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.health import Health
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/health",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Health | None:
    if response.status_code == 200:
        response_200 = Health.from_dict(response.json())

        return response_200
    if client.raise_on_unexpected_status and not 200 <= response.status_code <= 299:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Health]:
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
) -> Response[Health]:
    """Component health; open to everyone.

    200 with each component's state when all are healthy. 503 when one is not: the real
    controller sends an empty body, the local controller the same JSON with the failing state.
    The local controller shows the components (`checks`) only to a request with the bearer
    key; without it `checks` is empty and the answer says only whether the server is up.
    It names the extensions it implements in `capabilities`, with or without the key.

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[Health]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> Health | None:
    """Component health; open to everyone.

    200 with each component's state when all are healthy. 503 when one is not: the real
    controller sends an empty body, the local controller the same JSON with the failing state.
    The local controller shows the components (`checks`) only to a request with the bearer
    key; without it `checks` is empty and the answer says only whether the server is up.
    It names the extensions it implements in `capabilities`, with or without the key.

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Health | None: None for an error status.
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Health]:
    """Component health; open to everyone.

    200 with each component's state when all are healthy. 503 when one is not: the real
    controller sends an empty body, the local controller the same JSON with the failing state.
    The local controller shows the components (`checks`) only to a request with the bearer
    key; without it `checks` is empty and the answer says only whether the server is up.
    It names the extensions it implements in `capabilities`, with or without the key.

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[Health]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> Health | None:
    """Component health; open to everyone.

    200 with each component's state when all are healthy. 503 when one is not: the real
    controller sends an empty body, the local controller the same JSON with the failing state.
    The local controller shows the components (`checks`) only to a request with the bearer
    key; without it `checks` is empty and the answer says only whether the server is up.
    It names the extensions it implements in `capabilities`, with or without the key.

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Health | None: None for an error status.
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
