"""Conversation routes over HTTP: create, read, list, count, update, pin, archive, delete."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.server.helpers import ISO_NAIVE, NIL_UUID, assert_error, create, unique, wait_indexed


def test_create_answers_201_with_id_and_conversation_id(api: httpx.Client) -> None:
    label = unique("create")
    response = api.post(
        "/api/v1/conversations",
        json={"label": label, "folder": "/t", "messages": [{"role": "user", "content": "hi"}], "extra": 1},
    )
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"id", "conversation_id", "label", "folder", "status", "message_count", "created_at"}
    assert body["id"] == body["conversation_id"] == str(uuid.UUID(body["id"]))
    assert (body["label"], body["folder"], body["status"], body["message_count"]) == (
        label,
        "/t",
        "active",
        1,
    )
    assert ISO_NAIVE.match(body["created_at"])


def test_idempotency_key_never_stores_twice(api: httpx.Client) -> None:
    label = unique("idem")
    key = uuid.uuid4().hex
    body = {"label": label, "folder": "/i", "messages": [{"role": "user", "content": "once"}]}
    first = api.post("/api/v1/conversations", json=body, headers={"Idempotency-Key": key})
    second = api.post("/api/v1/conversations", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    store = api.post("/mcp/tools/memory_store", json=body, headers={"Idempotency-Key": key}).json()["data"]
    assert store["id"] == first.json()["id"]
    assert api.get("/api/v1/conversations/count", params={"label": label}).json()["count"] == 1
    assert_error(api.post("/api/v1/conversations", json=body, headers={"Idempotency-Key": "k" * 256}), 422)


@pytest.mark.parametrize(
    "change",
    [
        {"label": "changed"},
        {"folder": "/elsewhere"},
        {"messages": [{"role": "user", "content": "twice"}]},
        {"messages": [{"role": "assistant", "content": "once"}]},
    ],
)
def test_a_key_reused_for_a_different_request_is_refused(api: httpx.Client, change: dict[str, Any]) -> None:
    key = uuid.uuid4().hex
    body = {"label": unique("reuse"), "folder": "/i", "messages": [{"role": "user", "content": "once"}]}
    assert api.post("/api/v1/conversations", json=body, headers={"Idempotency-Key": key}).status_code == 201
    response = api.post("/api/v1/conversations", json={**body, **change}, headers={"Idempotency-Key": key})
    assert "already used for a different request" in assert_error(response, 422)
    assert api.get("/api/v1/conversations/count", params={"label": body["label"]}).json()["count"] == 1


def test_an_mcp_store_with_another_importance_is_a_different_request(api: httpx.Client) -> None:
    key = uuid.uuid4().hex
    body = {"label": unique("reuse"), "folder": "/i", "messages": [{"role": "user", "content": "once"}]}
    assert api.post("/api/v1/conversations", json=body, headers={"Idempotency-Key": key}).status_code == 201
    response = api.post(
        "/mcp/tools/memory_store", json={**body, "importance_score": 9}, headers={"Idempotency-Key": key}
    )
    assert_error(response, 422)


def test_a_key_whose_conversation_was_deleted_stores_again(api: httpx.Client) -> None:
    """The record goes with its conversation: a re-import after a delete really stores."""
    key = uuid.uuid4().hex
    body = {"label": unique("gone"), "folder": "/i", "messages": [{"role": "user", "content": "back"}]}
    first = api.post("/api/v1/conversations", json=body, headers={"Idempotency-Key": key}).json()
    assert api.delete(f"/api/v1/conversations/{first['id']}").status_code == 200
    again = api.post("/api/v1/conversations", json=body, headers={"Idempotency-Key": key})
    assert again.status_code == 201
    assert again.json()["id"] != first["id"]
    assert api.get(f"/api/v1/conversations/{again.json()['id']}").json()["message_count"] == 1
    replay = api.post("/api/v1/conversations", json=body, headers={"Idempotency-Key": key})
    assert replay.json()["id"] == again.json()["id"]


def test_get_counts_real_messages(api: httpx.Client) -> None:
    created = create(api, unique("get"), "/g", ["a", "b", "c"])
    body = api.get(f"/api/v1/conversations/{created['id']}").json()
    assert body == {k: v for k, v in created.items() if k != "conversation_id"}
    assert body["message_count"] == 3


def test_unknown_and_malformed_ids(api: httpx.Client) -> None:
    missing = str(uuid.uuid4())
    for method, path, body in [
        ("GET", "", None),
        ("DELETE", "", None),
        ("PUT", "/label", {"label": "x", "folder": "y"}),
        ("PUT", "/folder", {"folder": "y"}),
        ("PUT", "/pin", None),
        ("PUT", "/archive", None),
    ]:
        assert missing in assert_error(
            api.request(method, f"/api/v1/conversations/{missing}{path}", json=body), 404
        )
        assert_error(api.request(method, f"/api/v1/conversations/not-a-uuid{path}", json=body), 400)


def test_list_rows_are_conversations_dressed_as_hits(api: httpx.Client) -> None:
    label = unique("list")
    created = create(api, label, "/l", ["one"])
    body = api.get("/api/v1/conversations", params={"label": label}).json()
    assert body["total"] == 1
    assert (body["page"], body["page_size"]) == (1, 50)
    row = body["results"][0]
    assert row == {
        "conversation_id": created["id"],
        "message_id": NIL_UUID,
        "score": 1.0,
        "content": label,
        "metadata": {"folder": "/l", "status": "active", "importance_score": 5},
        "label": label,
        "folder": "/l",
        "timestamp": created["created_at"],
    }


def test_list_filters_are_exact_and_combine(api: httpx.Client) -> None:
    label, folder = unique("filt"), unique("/folder")
    a = create(api, label, folder, ["x"])
    b = create(api, label, folder + "/sub", ["y"])
    create(api, label + "-longer", folder, ["z"])
    c = create(api, label, folder, ["w"])
    api.put(f"/api/v1/conversations/{b['id']}/pin").raise_for_status()
    api.put(f"/api/v1/conversations/{c['id']}/archive").raise_for_status()

    def ids(**params: str) -> set[str]:
        return {
            r["conversation_id"] for r in api.get("/api/v1/conversations", params=params).json()["results"]
        }

    assert ids(label=label) == {a["id"], b["id"], c["id"]}
    assert ids(label=label, folder=folder) == {a["id"], c["id"]}
    assert ids(label=label, pinned="true") == {b["id"]}
    assert ids(label=label, pinned="false") == {a["id"], c["id"]}
    assert ids(label=label, archived="true") == {c["id"]}
    assert ids(label=label, archived="false") == {a["id"], b["id"]}


def test_list_pages_newest_update_first(api: httpx.Client) -> None:
    label = unique("page")
    made = [create(api, label, "/p", [str(i)])["id"] for i in range(5)]
    api.put(f"/api/v1/conversations/{made[0]}/pin").raise_for_status()  # now the most recently updated
    expected = [made[0], made[4], made[3], made[2], made[1]]
    seen: list[str] = []
    for page in (1, 2, 3):
        body = api.get("/api/v1/conversations", params={"label": label, "page": page, "page_size": 2}).json()
        assert (body["total"], body["page"], body["page_size"]) == (5, page, 2)
        seen += [r["conversation_id"] for r in body["results"]]
    assert seen == expected
    beyond = api.get("/api/v1/conversations", params={"label": label, "page": 9, "page_size": 2}).json()
    assert beyond["results"] == []
    assert beyond["total"] == 5


def test_list_rejects_bad_query_values(api: httpx.Client) -> None:
    assert_error(api.get("/api/v1/conversations", params={"page": 0}), 422)
    assert_error(api.get("/api/v1/conversations", params={"page": -1}), 422)
    assert_error(api.get("/api/v1/conversations", params={"page": "abc"}), 400)
    assert_error(api.get("/api/v1/conversations", params={"page": 10**30}), 422)
    assert_error(api.get("/api/v1/conversations", params={"page_size": -5}), 422)
    assert_error(api.get("/api/v1/conversations", params={"pinned": "yes"}), 400)
    huge = api.get("/api/v1/conversations", params={"page_size": 10**9, "limit": 3})
    assert huge.status_code == 200
    assert huge.json()["page_size"] == 10_000


def test_count_by_label_folder_or_neither(api: httpx.Client) -> None:
    label, folder = unique("count"), unique("/count")
    create(api, label, folder)
    create(api, label, "/elsewhere")
    create(api, label + "x", folder)
    assert api.get("/api/v1/conversations/count", params={"label": label}).json() == {
        "count": 2,
        "label": label,
        "folder": None,
    }
    assert api.get("/api/v1/conversations/count", params={"folder": folder}).json()["count"] == 2
    total = api.get("/api/v1/conversations/count").json()
    assert total["count"] >= 3
    assert total["label"] is None
    assert api.get("/api/v1/conversations/count", params={"label": label, "folder": folder}).json() == {
        "count": 0,
        "error": "Cannot specify both label and folder",
    }
    response = api.delete("/api/v1/conversations/count")
    assert_error(response, 405)
    assert "GET" in response.headers["allow"]


def test_label_update_needs_both_and_folder_update_keeps_label(api: httpx.Client) -> None:
    created = create(api, unique("upd"), "/before", ["m"])
    path = f"/api/v1/conversations/{created['id']}"
    assert_error(api.put(path + "/label", json={"label": "only"}), 422)
    response = api.put(path + "/label", json={"label": "Renamed", "folder": "/mid"})
    assert response.status_code == 200
    assert response.content == b""
    assert api.put(path + "/folder", json={"folder": "/after"}).status_code == 200
    body = api.get(path).json()
    assert (body["label"], body["folder"]) == ("Renamed", "/after")


def test_pin_and_archive(api: httpx.Client) -> None:
    label = unique("pin")
    created = create(api, label, "/p", ["m"])
    path = f"/api/v1/conversations/{created['id']}"
    assert api.put(path + "/pin").status_code == 200
    row = api.get("/api/v1/conversations", params={"label": label}).json()["results"][0]
    assert row["metadata"]["importance_score"] == 10
    assert api.put(path + "/archive").status_code == 200
    assert api.get(path).json()["status"] == "archived"
    assert api.get("/api/v1/conversations", params={"label": label, "pinned": "true"}).json()["total"] == 0


def test_delete_removes_messages_and_vectors(api: httpx.Client) -> None:
    marker = unique("zebracorn")
    created = create(api, unique("del"), "/d", [f"The {marker} ate a purple turnip."])
    wait_indexed(api)
    query = {"query": f"{marker} purple turnip", "limit": 5}
    assert any(
        r["conversation_id"] == created["id"] for r in api.post("/api/v1/query", json=query).json()["results"]
    )
    response = api.delete(f"/api/v1/conversations/{created['id']}")
    assert response.status_code == 200
    assert response.content == b""
    assert_error(api.get(f"/api/v1/conversations/{created['id']}"), 404)
    assert all(
        r["conversation_id"] != created["id"] for r in api.post("/api/v1/query", json=query).json()["results"]
    )
    assert api.post("/api/v1/search/fts", json={"query": marker}).json()["total"] == 0
    assert_error(api.delete(f"/api/v1/conversations/{created['id']}"), 404)


def test_messages_are_appended_once_per_idempotency_key(api: httpx.Client) -> None:
    conversation = create(api, unique("append"), "/a", ["first"])
    path = f"/api/v1/conversations/{conversation['id']}/messages"
    body = {"messages": [{"role": "assistant", "content": "second"}, {"role": "user", "content": "third"}]}
    for _ in range(2):
        answer = api.post(path, json=body, headers={"Idempotency-Key": "append-once"})
        assert answer.status_code == 200, answer.text
        assert answer.json()["message_count"] == 3 and answer.json()["id"] == conversation["id"]
    exported = api.post("/mcp/tools/memory_export", json={"conversation_id": conversation["id"]}).json()
    assert [m["content"] for m in exported["data"]["messages"]] == ["first", "second", "third"]
    assert api.post(path, json=body).json()["message_count"] == 5  # a new key (or none) appends again
    assert_error(api.post(f"/api/v1/conversations/{uuid.uuid4()}/messages", json=body), 404)
    assert_error(api.post(path, json={"messages": []}), 422)
    assert_error(api.post(path, json={"messages": [{"role": "user"}]}), 422)


def test_original_times_are_stored_and_checked(api: httpx.Client) -> None:
    body = {
        "label": unique("dated"),
        "folder": "/d",
        "created_at": "2023-04-02T10:15:00Z",
        "messages": [
            {"role": "user", "content": "a", "created_at": "2023-04-02T12:15:00+02:00"},
            {"role": "assistant", "content": "b", "created_at": "2023-04-02T10:16:30"},
            {"role": "user", "content": "c"},
        ],
    }
    created = api.post("/api/v1/conversations", json=body).json()
    assert created["created_at"].startswith("2023-04-02T10:15:00")
    record = api.post("/mcp/tools/memory_export", json={"conversation_id": created["id"]}).json()["data"]
    assert [m["timestamp"][:19] for m in record["messages"]] == [
        "2023-04-02T10:15:00",  # +02:00 is converted to UTC
        "2023-04-02T10:16:30",  # no offset means UTC
        "2023-04-02T10:16:30",  # none: the time of the message before it, so it stays after it
    ]
    assert record["conversation"]["updated_at"].startswith("2023-04-02 10:16:30")  # the latest original time
    for bad in ("yesterday", "2999-01-01T00:00:00Z", "0001-01-01T00:00:00Z", 1680000000):
        assert_error(api.post("/api/v1/conversations", json={**body, "created_at": bad}), 422)
