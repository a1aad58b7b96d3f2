"""The extensions of issue 13, used only when the server announces them, and what the SDK does
against the real controller instead (items 1, 4, 6 and 8). Sync and async (the ``run`` fixture).
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

from sekha import (
    MessageDto,
    NewConversation,
    SekhaAPIError,
    SekhaUnsupportedError,
    SekhaUnsupportedWarning,
    SekhaValidationError,
)
from tests.fixtures import body
from tests.unit.conftest import BASE, Run

CONV = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"
HEALTH = BASE + "/health"
LOCAL = {
    "context_scope": True,
    "context_relevance": True,
    "context_order": True,
    "original_timestamps": True,
    "append_messages": True,
}
THEN = dt.datetime(2023, 4, 2, 10, 15, tzinfo=dt.UTC)


def announce(httpx_mock: HTTPXMock, **capabilities: bool) -> None:
    """/health as the local controller answers it (``capabilities``), or the real one (none)."""
    report = body("health_200")
    httpx_mock.add_response(
        url=HEALTH, json={**report, "capabilities": capabilities} if capabilities else report
    )


def sent(httpx_mock: HTTPXMock, path: str) -> Any:
    return json.loads(next(r for r in httpx_mock.get_requests() if r.url.path == path).content)


# --- item 1: scoping on the server when it can ------------------------------------------------


def test_a_scoping_server_limits_the_assembly_itself(run: Run, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock, **LOCAL)
    httpx_mock.add_response(url=BASE + "/api/v1/context/assemble", json=body("context_assemble_200"))
    context = run(
        "assemble_context",
        "diet",
        labels=["Context Test"],
        folders=["/test"],
        preferred_labels=["Security"],
        token_budget=500,
        min_relevance=0.3,
    )
    assert sent(httpx_mock, "/api/v1/context/assemble") == {
        "query": "diet",
        "preferred_labels": ["Security"],
        "context_budget": 500,  # the server fits the rendering itself: no need to ask for more
        "excluded_folders": [],
        "labels": ["Context Test"],
        "folders": ["/test"],
        "min_relevance": 0.3,
    }
    assert [m.content for m in context.messages] == ["What is Rust?"]
    assert len(httpx_mock.get_requests()) == 2  # the order came right: no export looked up


def test_what_a_scoping_server_returns_out_of_scope_is_still_dropped(run: Run, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock, **LOCAL)
    httpx_mock.add_response(url=BASE + "/api/v1/context/assemble", json=body("context_assemble_200"))
    assert run("assemble_context", "q", labels=["Another label"]).messages == ()


def test_the_real_controller_has_no_relevance_floor(run: Run, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock)
    with pytest.raises(SekhaUnsupportedError, match="no relevance floor"):
        run("assemble_context", "q", min_relevance=0.4)
    assert [r.url.path for r in httpx_mock.get_requests()] == ["/health"]


@pytest.mark.parametrize("bad", [-0.1, 1.5, "high", float("nan")])
def test_a_bad_floor_fails_before_sending(run: Run, bad: object) -> None:
    with pytest.raises(SekhaValidationError, match="min_relevance"):
        run("assemble_context", "q", min_relevance=bad)


# --- item 4: original timestamps -----------------------------------------------------------------


def _timed() -> NewConversation:
    return NewConversation(
        label="Imported",
        folder="/imports/chatgpt",
        created_at=THEN,  # type: ignore[arg-type]
        messages=[
            MessageDto(role="user", content="Plan the Kyoto trip", created_at=THEN),  # type: ignore[call-arg]
            MessageDto.coerce(
                {"role": "assistant", "content": "April is best.", "created_at": "2023-04-02T10:16:00Z"}
            ),
        ],
    )


def test_original_times_are_sent_when_the_server_keeps_them(run: Run, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock, original_timestamps=True)
    httpx_mock.add_response(
        url=BASE + "/api/v1/conversations", status_code=201, json=body("create_conversation_201")
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run("create_conversation", _timed())
    request = sent(httpx_mock, "/api/v1/conversations")
    assert request["created_at"] == "2023-04-02T10:15:00+00:00"
    assert [m["created_at"] for m in request["messages"]] == [
        "2023-04-02T10:15:00+00:00",
        "2023-04-02T10:16:00+00:00",
    ]


def test_the_real_controller_is_told_nothing_and_the_sdk_says_so(run: Run, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock)
    httpx_mock.add_response(
        url=BASE + "/api/v1/conversations", status_code=201, json=body("create_conversation_201")
    )
    with pytest.warns(SekhaUnsupportedWarning, match="does not keep original timestamps"):
        run("create_conversation", _timed())
    request = sent(httpx_mock, "/api/v1/conversations")
    assert "created_at" not in request and all("created_at" not in m for m in request["messages"])


def test_a_create_without_times_asks_nothing_about_capabilities(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=BASE + "/api/v1/conversations", status_code=201, json=body("create_conversation_201")
    )
    run("create", [{"role": "user", "content": "hi"}], label="L")
    assert [r.url.path for r in httpx_mock.get_requests()] == ["/api/v1/conversations"]


@pytest.mark.parametrize(
    ("when", "error"),
    [
        ("yesterday", "must be an ISO 8601 time"),
        (12345, "must be a datetime or ISO 8601 text"),
        (dt.datetime.now(dt.UTC) + dt.timedelta(days=3), "is in the future"),
        ("0001-01-01T00:00:00", "is before 1970"),
    ],
)
def test_bad_times_fail_before_sending(when: object, error: str) -> None:
    with pytest.raises(SekhaValidationError, match=error):
        MessageDto(role="user", content="x", created_at=when)  # type: ignore[call-arg]
    with pytest.raises(SekhaValidationError, match=error):
        NewConversation(messages=[MessageDto("user", "x")], created_at=when)  # type: ignore[arg-type]


def test_naive_times_mean_utc() -> None:
    message = MessageDto(role="user", content="x", created_at=dt.datetime(2023, 4, 2, 10, 15))  # type: ignore[call-arg]
    assert message.created_at == THEN


# --- item 6: appending ---------------------------------------------------------------------------


def test_add_messages_appends_where_the_server_can(run: Run, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock, append_messages=True)
    grown = {**body("get_conversation_200"), "message_count": 4}
    httpx_mock.add_response(url=f"{BASE}/api/v1/conversations/{CONV}/messages", json=grown)
    conversation = run(
        "add_messages",
        CONV,
        [
            {"role": "user", "content": "And dinner?"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"id": "c", "type": "function", "function": {"name": "book", "arguments": "{}"}}
                ],
            },
        ],
    )
    assert conversation.message_count == 4
    request = next(r for r in httpx_mock.get_requests() if r.url.path.endswith("/messages"))
    assert json.loads(request.content) == {
        "messages": [
            {"role": "user", "content": "And dinner?"},
            {"role": "assistant", "content": "[tool call: book({})]"},
        ]
    }
    assert request.headers["Idempotency-Key"]  # one key for every attempt: never added twice


def test_add_messages_against_the_real_controller_says_what_to_do(run: Run, httpx_mock: HTTPXMock) -> None:
    announce(httpx_mock)
    with pytest.raises(SekhaUnsupportedError, match=r"store them as a new conversation with create\("):
        run("add_messages", CONV, [{"role": "user", "content": "more"}])
    assert [r.url.path for r in httpx_mock.get_requests()] == ["/health"]


@pytest.mark.parametrize(
    ("conversation", "messages", "error"),
    [
        (CONV, [], "at least one message"),
        (CONV, "hello", "messages must be a list"),
        (CONV, [{"role": "user"}], "missing content"),
        ("not-a-uuid", [{"role": "user", "content": "x"}], "is not a UUID"),
    ],
)
def test_add_messages_checks_its_input_first(run: Run, conversation: str, messages: Any, error: str) -> None:
    with pytest.raises(SekhaAPIError, match=error):  # before any request: nothing is mocked
        run("add_messages", conversation, messages)


# --- item 8: unpin and unarchive ----------------------------------------------------------------


def _record(**changes: Any) -> dict[str, Any]:
    reply = body("mcp_get_context_200")
    return {**reply, "data": {**reply["data"], **changes}}


@pytest.mark.parametrize(
    ("method", "update", "after"),
    [
        ("unpin", {"importance_score": 5}, {"importance_score": 5}),
        ("unarchive", {"status": "active"}, {"status": "active"}),
    ],
)
def test_unpin_and_unarchive_where_the_server_applies_them(
    run: Run, httpx_mock: HTTPXMock, method: str, update: dict[str, Any], after: dict[str, Any]
) -> None:
    httpx_mock.add_response(url=BASE + "/mcp/tools/memory_update", json=body("mcp_update_200"))
    httpx_mock.add_response(url=BASE + "/mcp/tools/memory_get_context", json=_record(**after))
    assert run(method, CONV) is None
    assert sent(httpx_mock, "/mcp/tools/memory_update") == {"conversation_id": CONV, **update}


@pytest.mark.parametrize(
    ("method", "kept", "error"),
    [
        ("unpin", {"importance_score": 10}, "kept the conversation pinned"),
        ("unarchive", {"status": "archived"}, "kept the conversation archived"),
    ],
)
def test_unpin_and_unarchive_report_a_server_that_ignores_them(
    run: Run, httpx_mock: HTTPXMock, method: str, kept: dict[str, Any], error: str
) -> None:
    # The real controller reports the fields as updated and applies neither (reference 5.3).
    httpx_mock.add_response(url=BASE + "/mcp/tools/memory_update", json=body("mcp_update_200"))
    httpx_mock.add_response(url=BASE + "/mcp/tools/memory_get_context", json=_record(**kept))
    with pytest.raises(SekhaUnsupportedError, match=error):
        run(method, CONV)
