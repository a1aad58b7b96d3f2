"""``client.api`` and ``sekha.api_client``: generated functions, sync and async, over the SDK's transport."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

import attrs
import pytest
from pytest_httpx import HTTPXMock

from sekha import (
    ApiClient,
    ClientConfig,
    MessageDto,
    NewConversation,
    SekhaClient,
    SyncSekhaClient,
    api_client,
)
from sekha_api import models
from sekha_api.api.conversations import count_conversations, create_conversation, get_conversation
from sekha_api.api.search import semantic_query
from sekha_api.api.system import health, metrics
from tests.fixtures import controller_bodies
from tests.unit.conftest import API_KEY, BASE

CONV = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"


@attrs.frozen
class Operation:
    """A generated function, its arguments, the route it answers on and what it must return."""

    module: Any
    arguments: dict[str, Any]
    method: str
    path: str
    fixture: str
    check: Callable[[Any], bool]


OPERATIONS = [
    Operation(
        get_conversation,
        {"id": UUID(CONV)},
        "GET",
        f"/api/v1/conversations/{CONV}",
        "get_conversation_200",
        lambda c: isinstance(c, models.Conversation) and c.label == "Project Planning",
    ),
    Operation(
        create_conversation,
        {"body": NewConversation(messages=[MessageDto("user", "hi")], label="L", folder="/f")},
        "POST",
        "/api/v1/conversations",
        "create_conversation_201",
        lambda c: c.conversation_id == UUID(CONV) and c.created_at.tzinfo is not None,
    ),
    Operation(
        semantic_query,
        {"body": models.QueryRequest(query="rust")},
        "POST",
        "/api/v1/query",
        "semantic_query_200",
        lambda r: r.results[0].similarity > 0.5,
    ),
    Operation(
        count_conversations,
        {"label": "Project"},
        "GET",
        "/api/v1/conversations/count?label=Project",
        "count_label_200",
        lambda r: r.count == 1,
    ),
    Operation(health, {}, "GET", "/health", "health_200", lambda h: h.healthy),
    Operation(
        metrics, {}, "GET", "/metrics", "metrics_200", lambda text: "sekha_conversations_total" in text
    ),
]


def _reply(httpx_mock: HTTPXMock, op: Operation, *, first_status: int) -> None:
    """A refusal the transport must retry (429 even for a create), then the documented answer."""
    entry = controller_bodies()[op.fixture]
    raw = entry["body"]
    content = raw.encode() if isinstance(raw, str) else json.dumps(raw).encode()
    httpx_mock.add_response(method=op.method, url=BASE + op.path, status_code=first_status)
    httpx_mock.add_response(
        method=op.method, url=BASE + op.path, status_code=entry["status"], content=content
    )


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    event_loop = asyncio.new_event_loop()
    yield event_loop
    event_loop.close()


def _call(op: Operation, api: ApiClient, flavour: str, loop: asyncio.AbstractEventLoop) -> Any:
    if flavour == "sync":
        return op.module.sync(client=api, **op.arguments)
    return loop.run_until_complete(op.module.asyncio(client=api, **op.arguments))


def _close(owner: SekhaClient | SyncSekhaClient, loop: asyncio.AbstractEventLoop) -> None:
    if isinstance(owner, SekhaClient):
        loop.run_until_complete(owner.aclose())
    else:
        owner.close()


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("owner", [SekhaClient, SyncSekhaClient])
@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.module.__name__.rsplit(".", 1)[1])
def test_client_api_carries_the_key_and_retries(
    op: Operation,
    owner: type[SekhaClient | SyncSekhaClient],
    flavour: str,
    config: ClientConfig,
    httpx_mock: HTTPXMock,
    loop: asyncio.AbstractEventLoop,
) -> None:
    _reply(httpx_mock, op, first_status=429)
    client = owner(config)
    try:
        assert op.check(_call(op, client.api, flavour, loop))
    finally:
        _close(client, loop)
    requests = httpx_mock.get_requests()
    assert len(requests) == 2  # the 429 was retried by the SDK's transport
    assert all(r.headers["authorization"] == f"Bearer {API_KEY}" for r in requests)
    assert all(r.headers["user-agent"].startswith("sekha-python/") for r in requests)
    if op.method == "POST" and op.path == "/api/v1/conversations":
        assert len({r.headers["idempotency-key"] for r in requests}) == 1


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_api_client_gets_the_same_transport(
    flavour: str, config: ClientConfig, httpx_mock: HTTPXMock, loop: asyncio.AbstractEventLoop
) -> None:
    op = OPERATIONS[0]
    _reply(httpx_mock, op, first_status=503)
    api = api_client(config)
    try:
        assert op.check(_call(op, api, flavour, loop))
    finally:
        loop.run_until_complete(api.aclose())
    assert [r.headers["authorization"] for r in httpx_mock.get_requests()] == [f"Bearer {API_KEY}"] * 2


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("owner", [SekhaClient, SyncSekhaClient])
def test_client_api_closes_with_the_client(
    owner: type[SekhaClient | SyncSekhaClient],
    flavour: str,
    config: ClientConfig,
    httpx_mock: HTTPXMock,
    loop: asyncio.AbstractEventLoop,
) -> None:
    op = OPERATIONS[-1]
    httpx_mock.add_response(url=BASE + "/metrics", text="sekha_conversations_total 0\n")
    client = owner(config)
    assert op.check(_call(op, client.api, flavour, loop))  # the pool of this flavour now exists
    _close(client, loop)
    with pytest.raises(RuntimeError, match="closed"):
        _call(op, client.api, flavour, loop)
    assert len(httpx_mock.get_requests()) == 1


def test_an_error_status_is_none_from_the_short_form_and_raw_in_detail(
    config: ClientConfig, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(
        status_code=404, json={"error": "Conversation not found", "code": 404}, is_reusable=True
    )
    with SyncSekhaClient(config) as client:
        assert get_conversation.sync(client=client.api, id=UUID(CONV)) is None
        detailed = get_conversation.sync_detailed(client=client.api, id=UUID(CONV))
    assert (detailed.status_code, detailed.parsed) == (404, None)
    assert json.loads(detailed.content)["error"] == "Conversation not found"
    assert detailed.request.url.path == f"/api/v1/conversations/{CONV}"


def test_the_api_client_never_shows_the_key(config: ClientConfig) -> None:
    with SyncSekhaClient(config) as client:
        assert API_KEY not in repr(client.api)
    assert API_KEY not in repr(api_client(config))
