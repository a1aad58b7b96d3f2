"""Malformed requests: always a 4xx JSON ``{error, code}`` that says what is wrong, never a 500."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.live import ServerProcess
from tests.server.helpers import assert_error

CREATE = "/api/v1/conversations"


def raw(api: httpx.Client, path: str, content: bytes, ctype: str = "application/json") -> httpx.Response:
    return api.post(path, content=content, headers={"Content-Type": ctype})


def test_body_over_the_limit_is_413(api: httpx.Client) -> None:
    big = (
        b'{"label": "x", "folder": "y", "messages": [{"role": "user", "content": "'
        + b"a" * (3 << 20)
        + b'"}]}'
    )
    assert "limit" in assert_error(raw(api, CREATE, big), 413)


def test_chunked_body_over_the_limit_is_413(api: httpx.Client) -> None:
    def chunks() -> object:
        for _ in range(40):
            yield b"x" * 100_000

    response = api.post(CREATE, content=chunks(), headers={"Content-Type": "application/json"})  # type: ignore[arg-type]
    assert_error(response, 413)


def test_content_type_must_be_json(api: httpx.Client) -> None:
    assert_error(raw(api, CREATE, b'{"label":"x"}', "text/plain"), 415)
    assert_error(api.post(CREATE, content=b'{"label":"x"}'), 415)


@pytest.mark.parametrize(
    ("content", "status"),
    [
        (b"{not json", 400),
        (b"", 400),
        (b'{"label": NaN, "folder": "f", "messages": []}', 400),
        (b"[" * 100_000 + b"]" * 100_000, 400),
        (b'{"label": "\xff\xfe", "folder": "f", "messages": []}', 422),
        (b'{"label": "\\ud800", "folder": "f", "messages": []}', 422),
        (b"[]", 422),
        (b'"text"', 422),
        (b'{"folder": "f", "messages": []}', 422),
        (b'{"label": null, "folder": "f", "messages": []}', 422),
        (b'{"label": 5, "folder": "f", "messages": []}', 422),
        (b'{"label": "l", "folder": "f", "messages": {}}', 422),
        (b'{"label": "l", "folder": "f", "messages": ["hi"]}', 422),
        (b'{"label": "l", "folder": "f", "messages": [{"role": "user"}]}', 422),
        (
            b'{"label": "l", "folder": "f", "messages": [{"role": "user", "content": [{"type": "text"}]}]}',
            422,
        ),
    ],
)
def test_malformed_create_bodies(api: httpx.Client, content: bytes, status: int) -> None:
    assert_error(raw(api, CREATE, content), status)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/query", {"query": 1}),
        ("/api/v1/query", {"query": "x", "limit": 2.5}),
        ("/api/v1/query", {"query": "x", "offset": -1}),
        ("/api/v1/query", {"query": "x", "limit": True}),
        ("/api/v1/search/fts", {"query": "x", "limit": None}),
        ("/api/v1/search/fts", {"query": "x", "limit": -3}),
        ("/api/v1/context/assemble", {"query": "x", "preferred_labels": "a", "context_budget": 5}),
        ("/api/v1/context/assemble", {"query": "x", "preferred_labels": [], "context_budget": 10**40}),
        ("/api/v1/summarize", {"conversation_id": 7, "level": "daily"}),
        ("/api/v1/prune/dry-run", {"threshold_days": "30"}),
        ("/api/v1/prune/execute", {"conversation_ids": "x"}),
        ("/api/v1/labels/suggest", {}),
        ("/mcp/tools/memory_store", {"label": "l", "folder": "f", "messages": [], "importance_score": 2**40}),
        ("/mcp/tools/memory_search", {"query": "x", "filters": "label"}),
        ("/mcp/tools/memory_update", {"conversation_id": "not-a-uuid"}),
        ("/mcp/tools/memory_prune", {"importance_threshold": "high"}),
        ("/mcp/tools/memory_export", {"conversation_id": None}),
        (
            "/mcp/tools/memory_export",
            {"conversation_id": "00000000-0000-0000-0000-000000000000", "format": 3},
        ),
        ("/mcp/tools/memory_stats", {"folder": 1}),
    ],
)
def test_wrong_types_and_ranges_are_422(api: httpx.Client, path: str, body: dict[str, object]) -> None:
    assert_error(api.post(path, json=body), 422)


def test_huge_but_valid_numbers_are_clamped(api: httpx.Client) -> None:
    assert api.post("/api/v1/search/fts", json={"query": "x", "limit": 2**62}).status_code == 200
    assert api.post("/api/v1/query", json={"query": "x", "limit": 2**62, "offset": 2**62}).status_code == 200
    assert api.post("/mcp/tools/memory_prune", json={"threshold_days": 2**62}).status_code == 200


def test_truncated_body_gets_an_answer_not_a_dropped_connection(sekha_server: ServerProcess) -> None:
    request = (
        f"POST /api/v1/search/fts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {sekha_server.api_key}\r\n"
        "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}"
    ).encode()
    with socket.create_connection(("127.0.0.1", sekha_server.port), timeout=10) as sock:
        sock.sendall(request)
        reply = sock.recv(65536)
    assert reply.startswith(b"HTTP/1.1 4")


SPEC = Path(__file__).resolve().parents[2] / "openapi" / "sekha.yaml"
CONV = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"
# A valid body for each operation that takes a number, to put the extreme value into.
NUMERIC_BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/query": {"query": "q"},
    "/api/v1/search/fts": {"query": "q"},
    "/api/v1/context/assemble": {"query": "q", "preferred_labels": [], "context_budget": 10},
    "/api/v1/prune/dry-run": {"threshold_days": 30},
    "/mcp/tools/memory_store": {"label": "l", "folder": "/f", "messages": []},
    "/mcp/tools/memory_search": {"query": "q"},
    "/mcp/tools/memory_update": {"conversation_id": CONV},
    "/mcp/tools/memory_prune": {},
}
EXTREMES = ["1e400", "-1e400", "1" + "0" * 400, "-1" + "0" * 400, str(2**63), str(-(2**63) - 1), "1e308"]


def numeric_fields() -> list[tuple[str, str]]:
    """(path, field) for every number in a request body of the contract."""
    spec = yaml.safe_load(SPEC.read_text())
    schemas = spec["components"]["schemas"]

    def resolve(schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    found = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "delete"):
                continue
            for media in operation.get("requestBody", {}).get("content", {}).values():
                for name, prop in resolve(media["schema"]).get("properties", {}).items():
                    kinds = resolve(prop).get("type")
                    if {"integer", "number"} & set(kinds if isinstance(kinds, list) else [kinds]):
                        found.append((path, name))
    return found


def test_every_numeric_body_field_is_covered() -> None:
    assert {path for path, _ in numeric_fields()} == set(NUMERIC_BODIES)


@pytest.mark.parametrize(("path", "field"), numeric_fields())
@pytest.mark.parametrize(
    "value", EXTREMES, ids=["+inf", "-inf", "1e400 int", "-1e400 int", "2^63", "-2^63-1", "1e308"]
)
def test_numbers_out_of_range_are_422(api: httpx.Client, path: str, field: str, value: str) -> None:
    before = api.get("/api/v1/conversations/count").json()["count"]
    body = json.dumps({**NUMERIC_BODIES[path], field: "@"}).replace('"@"', value)
    response = raw(api, path, body.encode())
    assert_error(response, 422)
    assert api.get("/api/v1/conversations/count").json()["count"] == before


@pytest.mark.parametrize("value", ["1e400", "1" + "0" * 400, "-1", "2.5"])
def test_out_of_range_query_numbers_are_4xx(api: httpx.Client, value: str) -> None:
    for name in ("page", "page_size"):
        response = api.get(CREATE, params={name: value})
        assert response.status_code in (400, 422), response.text
        assert response.json()["code"] == response.status_code
