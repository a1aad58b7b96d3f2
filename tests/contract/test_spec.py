"""The contract itself: it validates, covers the real controller's routes, and says how to retry."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from tests.fixtures import route_inventory

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi" / "sekha.yaml"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    document, _ = read_from_filename(str(SPEC_PATH))
    return dict(document)


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in HTTP_METHODS
    ]


def test_spec_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_every_served_route_appears_exactly_once(spec: dict[str, Any]) -> None:
    """The real controller's 26 routes, each once; anything more is an announced extension."""
    served = sorted(route_inventory())
    declared = sorted(
        (method, path) for method, path, op in operations(spec) if "x-sekha-extension" not in op
    )
    assert len(served) == 26
    assert declared == served
    extensions = {
        op["operationId"]: op["x-sekha-extension"]
        for _, _, op in operations(spec)
        if "x-sekha-extension" in op
    }
    assert extensions == {"export_conversations": "bulk_export", "add_messages": "append_messages"}


def test_the_clients_stream_the_contracts_bulk_export_route(spec: dict[str, Any]) -> None:
    from sekha._async import bulk as async_bulk
    from sekha._sync import bulk as sync_bulk

    (path,) = [p for _, p, op in operations(spec) if op["operationId"] == "export_conversations"]
    assert async_bulk.EXPORT_PATH == sync_bulk.EXPORT_PATH == path


def test_operation_ids_are_unique_snake_case_and_tagged(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids))
    for _, _, op in operations(spec):
        assert re.fullmatch(r"[a-z][a-z0-9_]*", op["operationId"]), op["operationId"]
        assert len(op["tags"]) == 1
        assert op["tags"][0] in {t["name"] for t in spec["tags"]}


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/api/v1/conversations", "safe"),
        ("POST", "/api/v1/conversations", "unsafe"),
        ("POST", "/mcp/tools/memory_store", "unsafe"),
        ("POST", "/api/v1/query", "safe"),
        ("POST", "/api/v1/search/fts", "safe"),
        ("POST", "/api/v1/context/assemble", "safe"),
        ("POST", "/api/v1/summarize", "unsafe"),  # writes a summary row, may pay an LLM each time
        ("POST", "/api/v1/prune/dry-run", "safe"),
        ("POST", "/api/v1/labels/suggest", "safe"),
        ("POST", "/mcp/tools/memory_search", "safe"),
        ("POST", "/mcp/tools/memory_export", "safe"),
        ("POST", "/api/v1/prune/execute", "idempotent"),
        ("PUT", "/api/v1/conversations/{id}/pin", "idempotent"),
        ("DELETE", "/api/v1/conversations/{id}", "idempotent"),
    ],
)
def test_retry_class_is_declared(spec: dict[str, Any], method: str, path: str, expected: str) -> None:
    assert spec["paths"][path][method.lower()]["x-sekha-retry"] == expected


def test_every_operation_has_a_retry_class(spec: dict[str, Any]) -> None:
    for method, path, op in operations(spec):
        assert op.get("x-sekha-retry") in {"safe", "idempotent", "unsafe"}, (method, path)


def test_every_operation_declares_a_default_error_that_is_text_first(spec: dict[str, Any]) -> None:
    """Error bodies may be JSON, plain text or empty: text first keeps the generated client from decoding."""
    responses = spec["components"]["responses"]
    for method, path, op in operations(spec):
        assert "default" in op["responses"], (method, path)
        for status, response in op["responses"].items():
            if status.startswith("2"):
                continue
            if "$ref" in response:
                response = responses[response["$ref"].rsplit("/", 1)[1]]
            assert next(iter(response["content"])) == "text/plain", (method, path, status)


def test_success_bodies_match_what_the_controller_sends(spec: dict[str, Any]) -> None:
    paths = spec["paths"]
    assert set(paths["/api/v1/conversations"]["post"]["responses"]) >= {"201"}
    schemas = spec["components"]["schemas"]
    created, extra = schemas["CreatedConversation"]["allOf"]
    assert created["$ref"].endswith("/Conversation") and "id" in schemas["Conversation"]["required"]
    assert extra["required"] == ["conversation_id"]
    assemble = paths["/api/v1/context/assemble"]["post"]["responses"]["200"]["content"]
    assert assemble["application/json"]["schema"]["type"] == "array"
    rebuild = paths["/api/v1/rebuild-embeddings"]["post"]["responses"]["202"]
    assert "content" not in rebuild
    metrics = paths["/metrics"]["get"]["responses"]["200"]["content"]
    assert list(metrics) == ["text/plain"]
    listed = paths["/api/v1/conversations"]["get"]["responses"]["200"]["content"]
    assert listed["application/json"]["schema"]["$ref"].endswith("/ConversationPage")
    page, hits = schemas["ConversationPage"], schemas["QueryResponse"]
    assert page["required"] == hits["required"]  # the query response's shape, with conversation rows


def test_response_enumerations_stay_open(spec: dict[str, Any]) -> None:
    """A new status, role, recommendation or level from the server must never break parsing."""
    schemas = spec["components"]["schemas"]
    for name, field in [
        ("Conversation", "status"),
        ("StoredMessage", "role"),
        ("PruningSuggestion", "recommendation"),
        ("Summary", "level"),
        ("ComponentHealth", "status"),
    ]:
        assert "enum" not in schemas[name]["properties"][field], (name, field)


def test_open_routes_and_bearer_scheme(spec: dict[str, Any]) -> None:
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        **spec["components"]["securitySchemes"]["bearerAuth"],
        "type": "http",
        "scheme": "bearer",
    }
    assert spec["security"] == [{"bearerAuth": []}]
    assert spec["paths"]["/health"]["get"]["security"] == []
    assert spec["paths"]["/metrics"]["get"]["security"] == []


def test_generated_package_ships_the_contract_it_was_built_from(spec: dict[str, Any]) -> None:
    shipped = json.loads(resources.files("sekha_api").joinpath("contract.json").read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(spec))


def test_every_announced_capability_is_declared(spec: dict[str, Any]) -> None:
    from sekha.server.capabilities import ANNOUNCED

    declared = spec["components"]["schemas"]["Capabilities"]["properties"]
    assert set(ANNOUNCED) <= set(declared)
    assert all(value is True for value in ANNOUNCED.values())


def test_every_extension_marker_names_a_declared_capability(spec: dict[str, Any]) -> None:
    """``x-sekha-extension: <name>`` anywhere in the contract names a capability (or the announcement)."""
    names = set(spec["components"]["schemas"]["Capabilities"]["properties"]) | {"capabilities"}
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "x-sekha-extension" in node:
                found.append(node["x-sekha-extension"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    assert "capabilities" in found
    assert set(found) <= names
