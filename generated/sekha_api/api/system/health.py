from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.health_response import HealthResponse
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/health",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HealthResponse | str:
    if response.status_code == 200:
        response_200 = HealthResponse.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = response.text
        return response_429

    if response.status_code == 503:
        response_503 = response.text
        return response_503

    response_default = response.text
    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HealthResponse | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[HealthResponse | str]:
    """Component health; open to everyone.

     200 with each component's state when all are healthy. 503 when one is not: the real
    controller sends an empty body, the local controller the same JSON with the failing state.
    The local controller shows the components (`checks`) only to a request with the bearer
    key; without it `checks` is empty and the answer says only whether the server is up.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HealthResponse | str]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> HealthResponse | str | None:
    """Component health; open to everyone.

     200 with each component's state when all are healthy. 503 when one is not: the real
    controller sends an empty body, the local controller the same JSON with the failing state.
    The local controller shows the components (`checks`) only to a request with the bearer
    key; without it `checks` is empty and the answer says only whether the server is up.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HealthResponse | str
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[HealthResponse | str]:
    """Component health; open to everyone.

     200 with each component's state when all are healthy. 503 when one is not: the real
    controller sends an empty body, the local controller the same JSON with the failing state.
    The local controller shows the components (`checks`) only to a request with the bearer
    key; without it `checks` is empty and the answer says only whether the server is up.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HealthResponse | str]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> HealthResponse | str | None:
    """Component health; open to everyone.

     200 with each component's state when all are healthy. 503 when one is not: the real
    controller sends an empty body, the local controller the same JSON with the failing state.
    The local controller shows the components (`checks`) only to a request with the bearer
    key; without it `checks` is empty and the answer says only whether the server is up.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HealthResponse | str
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
