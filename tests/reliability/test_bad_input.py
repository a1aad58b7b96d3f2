"""Bad input, client side and server side: a clear typed error or a 4xx JSON answer, never a 500,
a hang, or a half-stored conversation; and arbitrary text round-trips unchanged."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sekha import (
    MessageDto,
    NewConversation,
    SekhaNotFoundError,
    SekhaValidationError,
    SyncSekhaClient,
)
from tests.live import ServerProcess

SEVERAL_MB = "x" * (3 * 1024 * 1024)
CONV = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"


@pytest.fixture(scope="module")
def client(server: ServerProcess) -> Iterator[SyncSekhaClient]:
    with SyncSekhaClient(server.config(rate_limit_requests=None)) as sekha:
        yield sekha


@pytest.fixture(scope="module")
def raw(server: ServerProcess) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {server.api_key}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as http:
        yield http


# --- client side: the SDK knows before sending ---------------------------------------------------

CLIENT_SIDE = [
    ("no messages", lambda c: c.create([])),
    ("message without content", lambda c: c.create([{"role": "user"}])),
    ("unknown role", lambda c: c.create([{"role": "wizard", "content": "hi"}])),
    ("0-byte content", lambda c: c.create([{"role": "user", "content": ""}])),
    ("lone surrogate", lambda c: c.create([{"role": "user", "content": "bad \udc80 text"}])),
    ("content of the wrong type", lambda c: c.create([{"role": "user", "content": 42}])),
    (
        "a content part with no text",
        lambda c: c.create([{"role": "user", "content": [{"type": "hologram"}]}]),
    ),
    ("id that is not a UUID", lambda c: c.get_conversation("../../etc/passwd")),
    ("negative budget", lambda c: c.assemble_context("q", token_budget=-1)),
    ("huge budget", lambda c: c.assemble_context("q", token_budget=10**12)),
    ("zero limit", lambda c: c.smart_query("q", limit=0)),
    ("huge limit", lambda c: c.full_text_search("q", limit=10**9)),
    ("negative offset", lambda c: c.smart_query("q", offset=-1)),
    ("page zero", lambda c: c.list_conversations(page=0)),
    ("limit of the wrong type", lambda c: c.smart_query("q", limit="10")),
    ("empty query", lambda c: c.full_text_search("   ")),
    ("unknown summary level", lambda c: c.generate_summary(CONV, "yearly")),
    ("importance out of range", lambda c: c.memory_update(CONV, importance_score=11)),
]


@pytest.mark.parametrize(("case", "call"), CLIENT_SIDE, ids=[c[0] for c in CLIENT_SIDE])
def test_client_side_rejections_are_typed_and_store_nothing(
    client: SyncSekhaClient, case: str, call: Any
) -> None:
    before = client.count_conversations()
    with pytest.raises((SekhaValidationError, SekhaNotFoundError)) as caught:
        call(client)
    assert caught.value.message
    assert client.count_conversations() == before


# --- server side: the same mistakes, sent raw --------------------------------------------------

SERVER_SIDE: list[tuple[str, str, str, Any]] = [
    ("missing messages", "POST", "/api/v1/conversations", {"label": "l", "folder": "/f"}),
    (
        "messages not a list",
        "POST",
        "/api/v1/conversations",
        {"label": "l", "folder": "/f", "messages": "hi"},
    ),
    (
        "label of the wrong type",
        "POST",
        "/api/v1/conversations",
        {"label": 5, "folder": "/f", "messages": []},
    ),
    ("null folder", "POST", "/api/v1/conversations", {"label": "l", "folder": None, "messages": []}),
    (
        "content not a string",
        "POST",
        "/api/v1/conversations",
        {"label": "l", "folder": "/f", "messages": [{"role": "user", "content": [{"type": "text"}]}]},
    ),
    (
        "several MB of content",
        "POST",
        "/api/v1/conversations",
        {"label": "l", "folder": "/f", "messages": [{"role": "user", "content": SEVERAL_MB}]},
    ),
    ("not JSON", "POST", "/api/v1/query", b"{not json"),
    ("JSON array instead of object", "POST", "/api/v1/query", []),
    ("negative limit", "POST", "/api/v1/query", {"query": "q", "limit": -1}),
    ("float limit", "POST", "/api/v1/search/fts", {"query": "q", "limit": 2.5}),
    (
        "negative budget",
        "POST",
        "/api/v1/context/assemble",
        {"query": "q", "preferred_labels": [], "context_budget": -5},
    ),
    ("missing preferred_labels", "POST", "/api/v1/context/assemble", {"query": "q", "context_budget": 10}),
    ("non-UUID in path", "GET", "/api/v1/conversations/not-a-uuid", None),
    ("non-UUID in body", "POST", "/api/v1/labels/suggest", {"conversation_id": "nope"}),
    ("unknown id", "PUT", f"/api/v1/conversations/{CONV}/pin", None),
    ("unknown summary level", "POST", "/api/v1/summarize", {"conversation_id": CONV, "level": "yearly"}),
    ("page zero", "GET", "/api/v1/conversations?page=0", None),
    ("bad boolean", "GET", "/api/v1/conversations?pinned=yes", None),
    (
        "MCP float importance",
        "POST",
        "/mcp/tools/memory_update",
        {"conversation_id": CONV, "importance_score": 8.5},
    ),
]


@pytest.mark.parametrize(("case", "method", "path", "payload"), SERVER_SIDE, ids=[c[0] for c in SERVER_SIDE])
def test_server_side_rejections_are_4xx_json(
    raw: httpx.Client, case: str, method: str, path: str, payload: Any
) -> None:
    before = raw.get("/api/v1/conversations/count").json()["count"]
    if isinstance(payload, bytes):
        response = raw.request(method, path, content=payload, headers={"content-type": "application/json"})
    else:
        response = (
            raw.request(method, path, json=payload) if payload is not None else raw.request(method, path)
        )
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:200])
    body = response.json()
    assert body["code"] == response.status_code
    assert isinstance(body["error"], str) and body["error"]
    assert raw.get("/api/v1/conversations/count").json()["count"] == before


def test_unknown_fields_are_ignored_like_the_real_controller(raw: httpx.Client) -> None:
    response = raw.post(
        "/api/v1/conversations",
        json={
            "label": "u",
            "folder": "/u",
            "messages": [{"role": "user", "content": "x", "mood": 1}],
            "tags": ["a"],
        },
    )
    assert response.status_code == 201


# --- awkward but valid text: stored and returned exactly ---------------------------------------

AWKWARD = [
    "it's \"quoted\" and 'single'",
    "100% of_the_rows LIKE '%_%'",
    "../../etc/passwd",
    "C:\\Users\\me\\notes.txt",
    "'; DROP TABLE conversations; --",
    '" OR 1=1 --',
    "NUL \x00 inside",
    "emoji 🧠🚀 and ZWJ 👩‍💻",
    "中文 العربية עברית",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_in_every_string_field_round_trips(client: SyncSekhaClient, text: str) -> None:
    marker = uuid.uuid4().hex[:8]
    label, folder = f"{text} {marker}", f"/{text}/{marker}"
    stored = client.create(
        messages=[{"role": "user", "content": f"{text} {marker}"}], label=label, folder=folder
    )
    fetched = client.get_conversation(stored.id)
    assert (fetched.label, fetched.folder) == (label, folder)
    assert [m.content for m in client.get_messages(stored.id)] == [f"{text} {marker}"]
    assert [c.id for c in client.list_conversations(label=label).results] == [stored.id]
    assert [c.id for c in client.list_conversations(folder=folder).results] == [stored.id]
    assert client.memory_stats(label=label).total_conversations == 1
    # The same text as a search query finds this conversation and nothing breaks.
    assert stored.id in {m.conversation_id for m in client.full_text_search(f"{text} {marker}", limit=50)}


def test_sql_and_fts_injection_find_nothing_and_break_nothing(
    client: SyncSekhaClient, raw: httpx.Client
) -> None:
    total = client.count_conversations()
    for attack in (
        "' OR '1'='1",
        "x' UNION SELECT * FROM conversations --",
        "*",
        "NEAR(a b)",
        'a" OR "b',
        "%",
        "_",
    ):
        assert client.list_conversations(label=attack).total == 0
        assert client.count_conversations(folder=attack) == 0
        client.full_text_search(attack, limit=5)
        client.smart_query(attack, limit=5)
    assert client.count_conversations() == total
    assert raw.get("/health").json()["status"] == "healthy"


# --- property: any text survives create and export unchanged ----------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.text(min_size=1, max_size=400).filter(lambda s: s.strip()),
    label=st.text(max_size=60),
)
def test_any_text_round_trips_through_create_and_export(
    client: SyncSekhaClient, content: str, label: str
) -> None:
    stored = client.create_conversation(
        NewConversation(
            messages=[MessageDto("user", content), MessageDto("assistant", content[::-1])], label=label
        )
    )
    exported = client.export_conversation(stored.id)
    assert exported.conversation.label == label
    assert [m.content for m in exported.messages] == [content, content[::-1]]
    document = json.loads(client.export(label=label, format="json"))
    mine = [c for c in document if c["id"] == str(stored.id)]
    assert [m["content"] for m in mine[0]["messages"]] == [content, content[::-1]]
