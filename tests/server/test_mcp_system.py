"""MCP tool routes, /health, /metrics and routing errors over HTTP."""

from __future__ import annotations

import uuid

import httpx
import pytest

from sekha.server.capabilities import ANNOUNCED
from sekha.server.schema import LATEST
from tests.live import ServerProcess
from tests.server.helpers import DISPLAY_NAIVE, ISO_NAIVE, assert_error, create, mcp, unique


def test_memory_store_answers_200_envelope(api: httpx.Client) -> None:
    label = unique("mcp")
    data = mcp(
        api,
        "memory_store",
        {
            "label": label,
            "folder": "/m",
            "messages": [{"role": "user", "content": "x"}],
            "importance_score": 8,
        },
    )
    assert set(data) == {"conversation_id", "id", "label", "folder"}
    assert data["id"] == data["conversation_id"]
    record = mcp(api, "memory_get_context", {"conversation_id": data["id"]})
    assert record["importance_score"] == 8
    assert_error(
        api.post(
            "/mcp/tools/memory_store",
            json={"label": "l", "folder": "f", "messages": [], "importance_score": 8.0},
        ),
        422,
    )


def test_memory_update_applies_every_field(api: httpx.Client) -> None:
    created = create(api, unique("upd"), "/a", ["m"])
    data = mcp(
        api,
        "memory_update",
        {"conversation_id": created["id"], "folder": "/b", "status": "archived", "importance_score": 9},
    )
    assert data == {
        "conversation_id": created["id"],
        "updated_fields": ["label/folder", "status", "importance_score"],
        "message": "Conversation updated successfully",
    }
    record = mcp(api, "memory_get_context", {"conversation_id": created["id"]})
    assert (record["label"], record["folder"], record["status"], record["importance_score"]) == (
        created["label"],
        "/b",
        "archived",
        9,
    )
    assert mcp(api, "memory_update", {"conversation_id": created["id"]})["updated_fields"] == []
    assert_error(
        api.post("/mcp/tools/memory_update", json={"conversation_id": created["id"], "status": "gone"}), 422
    )
    assert_error(api.post("/mcp/tools/memory_update", json={"conversation_id": str(uuid.uuid4())}), 404)


def test_memory_get_context_record(api: httpx.Client) -> None:
    created = create(api, unique("rec"), "/r", ["two words", "three more words"])
    record = mcp(api, "memory_get_context", {"conversation_id": created["id"]})
    assert record["conversation_id"] == created["id"]
    assert (record["word_count"], record["session_count"], record["status"]) == (5, 1, "active")
    assert DISPLAY_NAIVE.match(record["created_at"])
    assert DISPLAY_NAIVE.match(record["updated_at"])
    assert_error(api.post("/mcp/tools/memory_get_context", json={"conversation_id": str(uuid.uuid4())}), 404)


def test_memory_export_returns_messages_in_order(api: httpx.Client) -> None:
    contents = [f"message {i}" for i in range(6)]
    created = create(api, unique("exp"), "/e", contents)
    data = mcp(api, "memory_export", {"conversation_id": created["id"], "format": "markdown"})
    assert (data["format"], data["include_metadata"]) == ("markdown", True)
    assert data["conversation"]["id"] == created["id"]
    assert DISPLAY_NAIVE.match(data["conversation"]["created_at"])
    assert [m["content"] for m in data["messages"]] == contents
    assert all(ISO_NAIVE.match(m["timestamp"]) and m["metadata"] == {} for m in data["messages"])
    bare = mcp(api, "memory_export", {"conversation_id": created["id"], "include_metadata": False})
    assert bare["format"] == "json"
    assert all("metadata" not in m for m in bare["messages"])
    assert_error(api.post("/mcp/tools/memory_export", json={"conversation_id": str(uuid.uuid4())}), 404)


def test_memory_prune_filters_by_importance_and_sums_savings(api: httpx.Client) -> None:
    label = unique("mprune")
    low = mcp(
        api,
        "memory_store",
        {
            "label": label,
            "folder": "/p",
            "messages": [{"role": "u", "content": "tiny"}],
            "importance_score": 2,
        },
    )
    high = mcp(
        api,
        "memory_store",
        {
            "label": label,
            "folder": "/p",
            "messages": [{"role": "u", "content": "big"}],
            "importance_score": 9,
        },
    )
    data = mcp(api, "memory_prune", {"threshold_days": 0, "importance_threshold": 5})
    mine = {s["conversation_id"]: s for s in data["suggestions"] if s["conversation_label"] == label}
    assert low["id"] in mine
    assert high["id"] not in mine
    assert DISPLAY_NAIVE.match(mine[low["id"]]["last_accessed"])
    assert data["total_suggestions"] == len(data["suggestions"])
    assert data["estimated_token_savings"] == sum(
        s["token_estimate"] for s in data["suggestions"] if s["recommendation"] == "archive"
    )
    defaults = mcp(api, "memory_prune", {})
    assert (defaults["threshold_days"], defaults["importance_threshold"]) == (30, 5.0)


def test_memory_stats(api: httpx.Client) -> None:
    folder = unique("/stats")
    label = unique("stats")
    mcp(api, "memory_store", {"label": label, "folder": folder, "messages": [], "importance_score": 2})
    mcp(api, "memory_store", {"label": label, "folder": folder, "messages": [], "importance_score": 6})
    assert mcp(api, "memory_stats", {"folder": folder}) == {
        "total_conversations": 2,
        "average_importance": 4.0,
        "folders": [folder],
    }
    assert mcp(api, "memory_stats", {"label": label})["labels"] == [label]
    everything = mcp(api, "memory_stats", {})
    assert folder in everything["folders"]
    both = api.post("/mcp/tools/memory_stats", json={"folder": folder, "label": label}).json()
    assert both == {"success": False, "data": None, "error": "Cannot specify both folder and label"}


def test_health_reports_components_to_the_key_holder(api: httpx.Client) -> None:
    response = api.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "healthy"
    assert body["timestamp"].endswith("+00:00")
    assert body["checks"]["database"] == {"status": "ok", "schema_version": LATEST}
    assert body["checks"]["writer"] == {"status": "ok"}
    assert body["checks"]["indexer"]["status"] == "ok"
    assert body["checks"]["indexer"]["pending"] >= 0
    assert body["checks"]["embedder"]["model"] == "all-MiniLM-L6-v2-qint8"


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-key-" + "w" * 32, "Basic abc"])
def test_health_without_the_key_says_only_whether_the_server_is_up(
    sekha_server: ServerProcess, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = httpx.get(f"{sekha_server.base_url}/health", headers=headers)
    assert response.status_code == 200
    assert response.json()["status"] == "healthy"
    assert response.json()["checks"] == {}


def test_health_announces_the_extensions_it_implements(sekha_server: ServerProcess) -> None:
    body = httpx.get(f"{sekha_server.base_url}/health").json()
    assert body["capabilities"] == ANNOUNCED
    assert body["capabilities"]["idempotency_keys"] is True


def test_metrics_count_requests(sekha_server: ServerProcess, api: httpx.Client) -> None:
    def value(text: str, prefix: str) -> float:
        return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix))

    series = 'sekha_http_requests_total{method="GET",route="/api/v1/conversations/count",status="200"}'
    before = httpx.get(f"{sekha_server.base_url}/metrics").text
    for _ in range(3):
        api.get("/api/v1/conversations/count")
    create(api, unique("metrics"), "/m", ["a"])
    response = httpx.get(f"{sekha_server.base_url}/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    after = response.text
    assert value(after, series) - value(before, series) == 3
    assert value(after, "sekha_conversations_created_total") > value(
        before, "sekha_conversations_created_total"
    )
    assert value(after, "sekha_conversations_total ") >= 1
    assert "# TYPE sekha_embeddings_pending gauge" in after


def test_routing_errors_are_json(api: httpx.Client) -> None:
    assert_error(api.get("/api/v1/nothing-here"), 404)
    assert_error(api.get("/api/v1/conversations/"), 404)
    assert_error(api.get("/docs"), 404)
    response = api.patch("/api/v1/conversations")
    assert_error(response, 405)
    assert "POST" in response.headers["allow"]
    assert_error(api.get("/mcp/tools/memory_store"), 405)
    head = api.head("/api/v1/conversations/count")
    assert head.status_code == 200


def test_made_up_methods_add_no_metric_series(sekha_server: ServerProcess, api: httpx.Client) -> None:
    def series(text: str) -> set[str]:
        lines = text.splitlines()
        return {line.rsplit(" ", 1)[0] for line in lines if line.startswith("sekha_http_requests_total{")}

    before = series(httpx.get(f"{sekha_server.base_url}/metrics").text)
    for n in range(50):
        assert api.request(f"FROB{n}", "/api/v1/conversations").status_code == 405
        assert api.request(f"FROB{n}", f"/unknown/{n}").status_code == 404
    after = series(httpx.get(f"{sekha_server.base_url}/metrics").text)
    new = {s for s in after - before if 'route="/metrics"' not in s}
    assert all('method="other"' in s for s in new)
    assert len(new) <= 2  # at most one per route template and status, whatever the methods were
