from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.summarize_request import SummarizeRequest
from ...models.summary import Summary
from ...types import Response


def _get_kwargs(
    *,
    body: SummarizeRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/summarize",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Summary | None:
    if response.status_code == 200:
        response_200 = Summary.from_dict(response.json())

        return response_200
    if client.raise_on_unexpected_status and not 200 <= response.status_code <= 299:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Summary]:
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
    body: SummarizeRequest,
) -> Response[Summary]:
    """Summarise a conversation at a daily, weekly or monthly level.

    The real controller answers 500 (not 404) for an unknown conversation and echoes the
    requested level even when it fell back to a lower one. Each call may ask an LLM (which
    may be paid for) and stores a summary row, so a repeat is not free: `unsafe`.

    Args:
        body (SummarizeRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[Summary]: ``parsed`` is None for an error status.
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
    body: SummarizeRequest,
) -> Summary | None:
    """Summarise a conversation at a daily, weekly or monthly level.

    The real controller answers 500 (not 404) for an unknown conversation and echoes the
    requested level even when it fell back to a lower one. Each call may ask an LLM (which
    may be paid for) and stores a summary row, so a repeat is not free: `unsafe`.

    Args:
        body (SummarizeRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Summary | None: None for an error status.
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SummarizeRequest,
) -> Response[Summary]:
    """Summarise a conversation at a daily, weekly or monthly level.

    The real controller answers 500 (not 404) for an unknown conversation and echoes the
    requested level even when it fell back to a lower one. Each call may ask an LLM (which
    may be paid for) and stores a summary row, so a repeat is not free: `unsafe`.

    Args:
        body (SummarizeRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Response[Summary]: ``parsed`` is None for an error status.
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SummarizeRequest,
) -> Summary | None:
    """Summarise a conversation at a daily, weekly or monthly level.

    The real controller answers 500 (not 404) for an unknown conversation and echoes the
    requested level even when it fell back to a lower one. Each call may ask an LLM (which
    may be paid for) and stores a summary row, so a repeat is not free: `unsafe`.

    Args:
        body (SummarizeRequest):

    Raises:
        errors.UnexpectedBody: If a success status comes with a body the contract does not describe.
        errors.UnexpectedStatus: If the status is an error and Client.raise_on_unexpected_status is True.
        httpx.HTTPError: If the request does not complete (httpx.TimeoutException past Client.timeout).

    Returns:
        Summary | None: None for an error status.
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
