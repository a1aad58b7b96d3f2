"""The extensions the local controller announces: the list cursor and the streamed bulk export."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.live import ServerProcess
from tests.server.helpers import ISO_NAIVE, assert_error, create, unique


def _by_cursor(api: httpx.Client, page_size: int, **filters: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = api.get("/api/v1/conversations", params={"cursor": cursor, "page_size": page_size, **filters})
        assert page.status_code == 200, page.text
        body = page.json()
        rows += body["results"]
        if body["next_cursor"] is None:
            return rows
        cursor = body["next_cursor"]


def _export_lines(api: httpx.Client, **params: str) -> list[dict[str, Any]]:
    response = api.get("/api/v1/export", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines()]


def test_the_cursor_pages_in_creation_order_each_once(api: httpx.Client) -> None:
    label = unique("cursor")
    made = [create(api, label, "/c", [f"message {n}"])["id"] for n in range(7)]
    rows = _by_cursor(api, 3, label=label)
    assert [r["conversation_id"] for r in rows] == made
    first = api.get("/api/v1/conversations", params={"cursor": "", "page_size": 3, "label": label}).json()
    assert first["total"] == 7 and first["page"] == 1 and len(first["results"]) == 3
    assert isinstance(first["next_cursor"], str)
    last = api.get("/api/v1/conversations", params={"cursor": "", "page_size": 7, "label": label}).json()
    assert last["next_cursor"] is None  # exactly one page: no empty page to ask for


def test_the_cursor_is_not_moved_by_updates_deletes_or_creates(api: httpx.Client) -> None:
    label = unique("steady")
    made = [create(api, label, "/c", ["x"])["id"] for n in range(6)]
    page = api.get("/api/v1/conversations", params={"cursor": "", "page_size": 2, "label": label}).json()
    api.put(f"/api/v1/conversations/{made[5]}/pin")  # moves to the front of the offset order
    api.delete(f"/api/v1/conversations/{made[0]}")  # already seen
    added = create(api, label, "/c", ["late"])["id"]
    rest = _by_cursor_from(api, page["next_cursor"], 2, label=label)
    assert [r["conversation_id"] for r in page["results"] + rest] == [*made, added]


def _by_cursor_from(api: httpx.Client, cursor: str, page_size: int, **filters: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while cursor:
        body = api.get(
            "/api/v1/conversations", params={"cursor": cursor, "page_size": page_size, **filters}
        ).json()
        rows += body["results"]
        cursor = body["next_cursor"]
    return rows


def test_the_offset_list_is_unchanged_and_has_no_cursor(api: httpx.Client) -> None:
    label = unique("plain")
    create(api, label, "/c", ["x"])
    body = api.get("/api/v1/conversations", params={"label": label}).json()
    assert "next_cursor" not in body and body["page"] == 1 and body["page_size"] == 50


def test_a_cursor_this_server_never_gave_is_refused(api: httpx.Client) -> None:
    for bad in ("abc", "-1", "1.5", "9" * 65, "9" * 30, str(2**63), "١٢"):
        assert_error(api.get("/api/v1/conversations", params={"cursor": bad}), 422)
        assert_error(api.get("/api/v1/export", params={"cursor": bad}), 422)
    assert_error(api.get("/api/v1/conversations", params={"cursor": "", "page_size": 0}), 422)


def test_the_export_streams_every_conversation_with_its_messages(api: httpx.Client) -> None:
    label = unique("bulk")
    made = [create(api, label, "/b", [f"question {n}", f"answer {n} ✓"])["id"] for n in range(5)]
    lines = _export_lines(api, label=label)
    *items, end = lines
    assert end == {"end": True, "exported": 5}
    assert [i["conversation"]["id"] for i in items] == made
    first = items[0]
    assert set(first) == {"cursor", "conversation", "messages"}
    assert first["conversation"]["label"] == label and first["conversation"]["folder"] == "/b"
    assert ISO_NAIVE.match(first["conversation"]["created_at"])
    assert [m["content"] for m in first["messages"]] == ["question 0", "answer 0 ✓"]
    assert [m["role"] for m in first["messages"]] == ["user", "assistant"]
    assert all(ISO_NAIVE.match(m["timestamp"]) and m["metadata"] == {} for m in first["messages"])


def test_the_export_goes_on_after_a_cursor(api: httpx.Client) -> None:
    label = unique("resume")
    made = [create(api, label, "/b", ["x"])["id"] for n in range(4)]
    first_two = _export_lines(api, label=label)[:2]
    rest = _export_lines(api, label=label, cursor=first_two[-1]["cursor"])
    assert [i["conversation"]["id"] for i in rest[:-1]] == made[2:]
    assert rest[-1] == {"end": True, "exported": 2}


def test_an_export_of_nothing_is_just_its_end(api: httpx.Client) -> None:
    assert _export_lines(api, label=unique("none")) == [{"end": True, "exported": 0}]


def test_the_export_spans_many_batches(api: httpx.Client) -> None:
    from sekha.server.export import BATCH

    label = unique("batches")
    for n in range(BATCH + 3):
        create(api, label, "/many", [f"m{n}"])
    *items, end = _export_lines(api, label=label)
    assert end["exported"] == BATCH + 3
    assert [i["messages"][0]["content"] for i in items] == [f"m{n}" for n in range(BATCH + 3)]


def test_the_export_needs_the_key(sekha_server: ServerProcess) -> None:
    assert_error(httpx.get(f"{sekha_server.base_url}/api/v1/export"), 401)
