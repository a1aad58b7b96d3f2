"""Every public method: the request it sends and what it makes of the controller's exact reply.

Each case runs twice, through SyncSekhaClient and SekhaClient (see the ``run`` fixture).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any
from uuid import UUID

import attrs
import pytest
from pytest_httpx import HTTPXMock

from sekha import MessageDto, NewConversation, SekhaUnsupportedError, SekhaValidationError
from tests.fixtures import body, controller_bodies
from tests.unit.conftest import BASE, Run

CONV = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"
MSG = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
UTC_STAMP = dt.datetime(2026, 1, 16, 21, 9, 9, 123456, tzinfo=dt.UTC)


@attrs.frozen
class Reply:
    """A mocked response: a documented body by name, or an empty body with a status."""

    method: str
    path: str
    fixture: str | None = None
    status: int = 200
    reusable: bool = False  # answers every retry too

    def register(self, httpx_mock: HTTPXMock) -> None:
        if self.fixture is None:
            httpx_mock.add_response(method=self.method, url=BASE + self.path, status_code=self.status)
            return
        entry = controller_bodies()[self.fixture]
        raw = entry["body"]
        content = raw.encode() if isinstance(raw, str) else json.dumps(raw).encode()
        headers = {"content-type": entry.get("content_type") or "application/json"}
        httpx_mock.add_response(
            method=self.method,
            url=BASE + self.path,
            status_code=entry["status"],
            content=content,
            headers=headers,
            is_reusable=self.reusable,
        )


@attrs.frozen
class Sent:
    method: str
    path: str
    json: Any = None


@attrs.frozen
class Case:
    name: str
    call: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    replies: tuple[Reply, ...]
    sent: tuple[Sent, ...]
    check: Callable[[Any], bool]


def _conv(label: str = "Project:AI", folder: str = "/work") -> NewConversation:
    return NewConversation(
        label=label,
        folder=folder,
        messages=[
            MessageDto(role="user", content="What is token limit for Claude?"),
            MessageDto(role="assistant", content="200K tokens"),
        ],
    )


CREATE_BODY = {
    "label": "Project:AI",
    "folder": "/work",
    "messages": [
        {"role": "user", "content": "What is token limit for Claude?"},
        {"role": "assistant", "content": "200K tokens"},
    ],
}
EXPORT_REPLY = Reply("POST", "/mcp/tools/memory_export", "mcp_export_200")
GET_REPLY = Reply("GET", f"/api/v1/conversations/{CONV}", "get_conversation_200")

CASES = [
    Case(
        "create_conversation",
        "create_conversation",
        (_conv(),),
        {},
        (Reply("POST", "/api/v1/conversations", "create_conversation_201"),),
        (Sent("POST", "/api/v1/conversations", CREATE_BODY),),
        lambda r: r.id == UUID(CONV) and r.conversation_id == r.id and r.created_at == UTC_STAMP,
    ),
    Case(
        "create_with_dicts_and_defaults",
        "create",
        ([{"role": "user", "content": "How do we handle authentication?"}],),
        {},
        (Reply("POST", "/api/v1/conversations", "create_conversation_201"),),
        (
            Sent(
                "POST",
                "/api/v1/conversations",
                {
                    "label": "Unlabeled",
                    "folder": "/",
                    "messages": [{"role": "user", "content": "How do we handle authentication?"}],
                },
            ),
        ),
        lambda r: r.message_count == 2,
    ),
    Case(
        "get_conversation",
        "get_conversation",
        (CONV,),
        {},
        (GET_REPLY,),
        (Sent("GET", f"/api/v1/conversations/{CONV}"),),
        lambda r: r.label == "Project Planning" and r.status == "active" and r.created_at.tzinfo is dt.UTC,
    ),
    Case(
        "get_messages",
        "get_messages",
        (UUID(CONV),),
        {},
        (EXPORT_REPLY,),
        (
            Sent(
                "POST",
                "/mcp/tools/memory_export",
                {"conversation_id": CONV, "format": "json", "include_metadata": True},
            ),
        ),
        lambda r: [m.content for m in r] == ["Rust is a systems language"] and r[0].timestamp == UTC_STAMP,
    ),
    Case(
        "list_conversations",
        "list_conversations",
        (),
        {"label": "Project Planning", "pinned": False, "page": 2, "page_size": 10},
        (
            Reply(
                "GET",
                "/api/v1/conversations?page=2&page_size=10&label=Project+Planning&pinned=false",
                "list_conversations_200",
            ),
        ),
        (Sent("GET", "/api/v1/conversations?page=2&page_size=10&label=Project+Planning&pinned=false"),),
        lambda r: (
            r.total == 1
            and r.results[0].id == UUID(CONV)
            and r.results[0].status == "active"
            and r.results[0].importance_score == 5
            and not r.results[0].pinned
        ),
    ),
    Case(
        "iter_conversations",
        "iter_conversations",
        (),
        {},
        (
            Reply("GET", "/health", "health_200"),
            Reply("GET", "/api/v1/conversations?page=1&page_size=100", "list_conversations_200"),
            Reply("GET", "/api/v1/conversations?page=1&page_size=1", "list_conversations_200"),
        ),
        (
            Sent("GET", "/health"),  # what the server can do: the real controller has no cursor
            Sent("GET", "/api/v1/conversations?page=1&page_size=100"),
            Sent("GET", "/api/v1/conversations?page=1&page_size=1"),  # the list held still: done
        ),
        lambda r: [c.label for c in r] == ["Project Planning"],
    ),
    Case(
        "count_conversations",
        "count_conversations",
        (),
        {"label": "Project"},
        (Reply("GET", "/api/v1/conversations/count?label=Project", "count_label_200"),),
        (Sent("GET", "/api/v1/conversations/count?label=Project"),),
        lambda r: r == 1,
    ),
    Case(
        "delete_conversation",
        "delete_conversation",
        (CONV,),
        {},
        (Reply("DELETE", f"/api/v1/conversations/{CONV}"),),
        (Sent("DELETE", f"/api/v1/conversations/{CONV}"),),
        lambda r: r is None,
    ),
    Case(
        "update_label_keeps_folder",
        "update_label",
        (CONV, "Project:AI-Archive"),
        {},
        (GET_REPLY, Reply("PUT", f"/api/v1/conversations/{CONV}/label")),
        (
            Sent("GET", f"/api/v1/conversations/{CONV}"),
            Sent(
                "PUT",
                f"/api/v1/conversations/{CONV}/label",
                {"label": "Project:AI-Archive", "folder": "/projects/x"},
            ),
        ),
        lambda r: r is None,
    ),
    Case(
        "update_label_with_folder",
        "update_label",
        (CONV, "New"),
        {"folder": "/new"},
        (Reply("PUT", f"/api/v1/conversations/{CONV}/label"),),
        (Sent("PUT", f"/api/v1/conversations/{CONV}/label", {"label": "New", "folder": "/new"}),),
        lambda r: r is None,
    ),
    Case(
        "update_folder_keeps_label",
        "update_folder",
        (CONV, "/moved"),
        {},
        (GET_REPLY, Reply("PUT", f"/api/v1/conversations/{CONV}/label")),
        (
            Sent("GET", f"/api/v1/conversations/{CONV}"),
            Sent(
                "PUT",
                f"/api/v1/conversations/{CONV}/label",
                {"label": "Project Planning", "folder": "/moved"},
            ),
        ),
        lambda r: r is None,
    ),
    Case(
        "pin",
        "pin",
        (CONV,),
        {},
        (Reply("PUT", f"/api/v1/conversations/{CONV}/pin"),),
        (Sent("PUT", f"/api/v1/conversations/{CONV}/pin"),),
        lambda r: r is None,
    ),
    Case(
        "archive",
        "archive",
        (CONV,),
        {},
        (Reply("PUT", f"/api/v1/conversations/{CONV}/archive"),),
        (Sent("PUT", f"/api/v1/conversations/{CONV}/archive"),),
        lambda r: r is None,
    ),
    Case(
        "smart_query",
        "smart_query",
        ("token limits",),
        {},
        (Reply("POST", "/api/v1/query", "semantic_query_200"),),
        (Sent("POST", "/api/v1/query", {"query": "token limits", "limit": 10, "offset": 0}),),
        lambda r: (
            r.results[0].label == "Learning"
            and r.results[0].score == pytest.approx(0.41)
            and r.results[0].similarity == pytest.approx(0.795)
            and r.results[0].role == "assistant"
        ),
    ),
    Case(
        "search_by_label_filters_here_too",
        "search",
        ("rust",),
        {"label": "Other", "limit": 3},
        (Reply("POST", "/api/v1/query", "semantic_query_200"),),
        (
            Sent(
                "POST",
                "/api/v1/query",
                {"query": "rust", "limit": 15, "offset": 0, "filters": {"label": "Other"}},
            ),
        ),
        lambda r: r == [],
    ),
    Case(
        "full_text_search",
        "full_text_search",
        ("API",),
        {"limit": 5},
        (Reply("POST", "/api/v1/search/fts", "fts_200"),),
        (Sent("POST", "/api/v1/search/fts", {"query": "API", "limit": 5}),),
        lambda r: r[0].content == "We need to build a new API endpoint" and r[0].metadata.to_dict() == {},
    ),
    Case(
        "assemble_context",
        "assemble_context",
        ("authentication patterns",),
        {"preferred_labels": ["Project:AI", "Security"], "token_budget": 8000},
        (
            Reply("GET", "/health", "health_200"),
            Reply("POST", "/api/v1/context/assemble", "context_assemble_200"),
        ),
        (
            Sent("GET", "/health"),  # what the server can do: the real controller announces nothing
            Sent(
                "POST",
                "/api/v1/context/assemble",
                {
                    "query": "authentication patterns",
                    "preferred_labels": ["Project:AI", "Security"],
                    "context_budget": 16000,  # the SDK fits the budget itself
                    "excluded_folders": [],
                },
            ),
        ),
        lambda r: (
            r.messages[0].citation.label == "Context Test"
            and r.conversations_used == (UUID(CONV),)
            and "What is Rust?" in r.context
            and "[Context Test · /test · 2026-01-16 21:09]" in r.context
            and r.token_count > 0
        ),
    ),
    Case(
        "generate_summary",
        "generate_summary",
        (CONV, "weekly"),
        {},
        (Reply("POST", "/api/v1/summarize", "summarize_200"),),
        (Sent("POST", "/api/v1/summarize", {"conversation_id": CONV, "level": "weekly"}),),
        lambda r: r.level == "weekly" and "LLM offline" in r.summary,
    ),
    Case(
        "get_pruning_suggestions",
        "get_pruning_suggestions",
        (),
        {"threshold_days": 60},
        (Reply("POST", "/api/v1/prune/dry-run", "prune_dry_run_200"),),
        (Sent("POST", "/api/v1/prune/dry-run", {"threshold_days": 60}),),
        lambda r: (
            r[0].id == UUID(CONV)
            and r[0].reason.startswith("keep: Nothing important")
            and not r[0].should_archive
        ),
    ),
    Case(
        "execute_prune",
        "execute_prune",
        ([CONV, CONV],),
        {},
        (Reply("POST", "/api/v1/prune/execute"),),
        (Sent("POST", "/api/v1/prune/execute", {"conversation_ids": [CONV]}),),
        lambda r: r is None,
    ),
    Case(
        "suggest_labels",
        "suggest_labels",
        (CONV,),
        {},
        (Reply("POST", "/api/v1/labels/suggest", "label_suggest_200"),),
        (Sent("POST", "/api/v1/labels/suggest", {"conversation_id": CONV}),),
        lambda r: r[0].label == "Learning" and r[0].confidence == pytest.approx(0.9) and r[0].is_existing,
    ),
    Case(
        "auto_label_applies_best",
        "auto_label",
        (CONV,),
        {"threshold": 0.8},
        (
            Reply("POST", "/api/v1/labels/suggest", "label_suggest_200"),
            GET_REPLY,
            Reply("PUT", f"/api/v1/conversations/{CONV}/label"),
        ),
        (
            Sent("POST", "/api/v1/labels/suggest", {"conversation_id": CONV}),
            Sent("GET", f"/api/v1/conversations/{CONV}"),
            Sent(
                "PUT", f"/api/v1/conversations/{CONV}/label", {"label": "Learning", "folder": "/projects/x"}
            ),
        ),
        lambda r: r.label == "Learning",
    ),
    Case(
        "auto_label_below_threshold",
        "auto_label",
        (CONV,),
        {"threshold": 0.95},
        (Reply("POST", "/api/v1/labels/suggest", "label_suggest_200"),),
        (Sent("POST", "/api/v1/labels/suggest", {"conversation_id": CONV}),),
        lambda r: r is None,
    ),
    Case(
        "get_importance",
        "get_importance",
        (CONV,),
        {},
        (Reply("POST", "/mcp/tools/memory_get_context", "mcp_get_context_200"),),
        (Sent("POST", "/mcp/tools/memory_get_context", {"conversation_id": CONV}),),
        lambda r: r == 5,
    ),
    Case(
        "export_markdown_by_label",
        "export",
        ("Project Planning",),
        {},
        (
            Reply("GET", "/health", "health_200"),
            Reply("GET", "/api/v1/conversations?page=1&page_size=100", "list_conversations_200"),
            EXPORT_REPLY,
            Reply("GET", "/api/v1/conversations?page=1&page_size=1", "list_conversations_200"),
        ),
        (
            Sent("GET", "/health"),
            Sent("GET", "/api/v1/conversations?page=1&page_size=100"),
            Sent(
                "POST",
                "/mcp/tools/memory_export",
                {"conversation_id": CONV, "format": "json", "include_metadata": True},
            ),
            Sent("GET", "/api/v1/conversations?page=1&page_size=1"),
        ),
        lambda r: (
            r.startswith("# Sekha export: label “Project Planning”")
            and "Rust is a systems language" in r
            and "### assistant · 2026-01-16T21:09:09.123456Z" in r
        ),
    ),
    Case(
        "export_json_all",
        "export",
        (),
        {"format": "json"},
        (
            Reply("GET", "/health", "health_200"),
            Reply("GET", "/api/v1/conversations?page=1&page_size=100", "list_conversations_200"),
            EXPORT_REPLY,
            Reply("GET", "/api/v1/conversations?page=1&page_size=1", "list_conversations_200"),
        ),
        (
            Sent("GET", "/health"),
            Sent("GET", "/api/v1/conversations?page=1&page_size=100"),
            Sent(
                "POST",
                "/mcp/tools/memory_export",
                {"conversation_id": CONV, "format": "json", "include_metadata": True},
            ),
            Sent("GET", "/api/v1/conversations?page=1&page_size=1"),
        ),
        lambda r: json.loads(r)[0]["messages"][0]["content"] == "Rust is a systems language",
    ),
    Case(
        "export_stream_chunks",
        "export_stream",
        (),
        {"label": "Nobody", "format": "json"},
        (
            Reply("GET", "/health", "health_200"),
            Reply("GET", "/api/v1/conversations?page=1&page_size=100", "list_conversations_200"),
            Reply("GET", "/api/v1/conversations?page=1&page_size=1", "list_conversations_200"),
        ),
        (
            Sent("GET", "/health"),
            Sent("GET", "/api/v1/conversations?page=1&page_size=100"),
            Sent("GET", "/api/v1/conversations?page=1&page_size=1"),
        ),
        lambda r: r == ["[", "]\n"],
    ),
    Case(
        "health",
        "health",
        (),
        {},
        (Reply("GET", "/health", "health_200"),),
        (Sent("GET", "/health"),),
        lambda r: r.healthy and r.checks["chroma"].ok and r.timestamp.tzinfo is not None,
    ),
    Case(
        "capabilities_of_the_real_controller",
        "capabilities",
        (),
        {},
        (Reply("GET", "/health", "health_200"),),
        (Sent("GET", "/health"),),
        lambda r: not r.supports("list_cursor") and not r.supports("idempotency_keys") and not r.to_dict(),
    ),
    Case(
        "health_unhealthy_empty_503",
        "health",
        (),
        {},
        (Reply("GET", "/health", "health_unhealthy_503", reusable=True),),
        (Sent("GET", "/health"),) * 4,  # 503 is retried like any transient failure, then answered
        lambda r: not r.healthy and r.status == "unhealthy" and len(r.checks) == 0,
    ),
    Case(
        "metrics",
        "metrics",
        (),
        {},
        (Reply("GET", "/metrics", "metrics_200"),),
        (Sent("GET", "/metrics"),),
        lambda r: "sekha_conversations_total 0" in r,
    ),
    Case(
        "rebuild_embeddings",
        "rebuild_embeddings",
        (),
        {},
        (Reply("POST", "/api/v1/rebuild-embeddings", status=202),),
        (Sent("POST", "/api/v1/rebuild-embeddings"),),
        lambda r: r is None,
    ),
    Case(
        "memory_store",
        "memory_store",
        ([{"role": "user", "content": "hello"}], "Learning", "/edu"),
        {"importance_score": 8},
        (Reply("POST", "/mcp/tools/memory_store", "mcp_store_200"),),
        (
            Sent(
                "POST",
                "/mcp/tools/memory_store",
                {
                    "label": "Learning",
                    "folder": "/edu",
                    "messages": [{"role": "user", "content": "hello"}],
                    "importance_score": 8,
                },
            ),
        ),
        lambda r: r == UUID(CONV),
    ),
    Case(
        "memory_search",
        "memory_search",
        ("rust",),
        {},
        (Reply("POST", "/mcp/tools/memory_search", "mcp_search_200"),),
        (Sent("POST", "/mcp/tools/memory_search", {"query": "rust", "limit": 10, "offset": 0}),),
        lambda r: r.total_results == 1 and r.results[0].timestamp == UTC_STAMP,
    ),
    Case(
        "memory_update",
        "memory_update",
        (CONV,),
        {"label": "L", "status": "archived", "importance_score": 7},
        (Reply("POST", "/mcp/tools/memory_update", "mcp_update_200"),),
        (
            Sent(
                "POST",
                "/mcp/tools/memory_update",
                {"conversation_id": CONV, "label": "L", "status": "archived", "importance_score": 7},
            ),
        ),
        lambda r: r.updated_fields == ["label/folder", "status", "importance_score"],
    ),
    Case(
        "memory_get_context",
        "memory_get_context",
        (CONV,),
        {},
        (Reply("POST", "/mcp/tools/memory_get_context", "mcp_get_context_200"),),
        (Sent("POST", "/mcp/tools/memory_get_context", {"conversation_id": CONV}),),
        lambda r: r.word_count == 26 and r.updated_at.microsecond == 123000 and not r.pinned,
    ),
    Case(
        "memory_prune",
        "memory_prune",
        (),
        {},
        (Reply("POST", "/mcp/tools/memory_prune", "mcp_prune_200"),),
        (Sent("POST", "/mcp/tools/memory_prune", {"threshold_days": 30, "importance_threshold": 5.0}),),
        lambda r: r.estimated_token_savings == 6000 and r.suggestions[0].should_archive,
    ),
    Case(
        "memory_export",
        "memory_export",
        (CONV,),
        {},
        (EXPORT_REPLY,),
        (
            Sent(
                "POST",
                "/mcp/tools/memory_export",
                {"conversation_id": CONV, "format": "json", "include_metadata": True},
            ),
        ),
        lambda r: r.conversation.label == "Learning" and len(r.messages) == 1,
    ),
    Case(
        "export_conversation",
        "export_conversation",
        (CONV,),
        {},
        (EXPORT_REPLY,),
        (
            Sent(
                "POST",
                "/mcp/tools/memory_export",
                {"conversation_id": CONV, "format": "json", "include_metadata": True},
            ),
        ),
        lambda r: r.conversation.id == UUID(CONV) and r.messages[0].role == "assistant",
    ),
    Case(
        "memory_stats",
        "memory_stats",
        (),
        {"label": "Learning"},
        (Reply("POST", "/mcp/tools/memory_stats", "mcp_stats_label_200"),),
        (Sent("POST", "/mcp/tools/memory_stats", {"label": "Learning"}),),
        lambda r: r.total_conversations == 1 and r.labels == ["Learning"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_operation(case: Case, run: Run, httpx_mock: HTTPXMock) -> None:
    for reply in case.replies:
        reply.register(httpx_mock)
    result = run(case.call, *case.args, **case.kwargs)
    assert case.check(result), result
    requests = httpx_mock.get_requests()
    assert [(r.method, r.url.raw_path.decode()) for r in requests] == [(s.method, s.path) for s in case.sent]
    for request, sent in zip(requests, case.sent, strict=True):
        if sent.json is not None:
            assert json.loads(request.content) == sent.json
        assert request.headers["authorization"].startswith("Bearer sk-test-")


def test_every_public_method_is_covered() -> None:
    from sekha import SekhaClient

    public = {
        name
        for name in vars(SekhaClient)
        if not name.startswith("_") and callable(getattr(SekhaClient, name))
    }
    covered = {case.call for case in CASES} | {"aclose", "local", "set_importance"}
    covered |= {"add_messages", "unpin", "unarchive", "capabilities"}  # test_extensions, test_capabilities
    assert public <= covered, public - covered


def test_set_importance_confirms_the_server_kept_it(run: Run, httpx_mock: HTTPXMock) -> None:
    Reply("POST", "/mcp/tools/memory_update", "mcp_update_200").register(httpx_mock)
    Reply("POST", "/mcp/tools/memory_get_context", "mcp_get_context_200").register(httpx_mock)
    assert run("set_importance", CONV, 5) == 5


def test_set_importance_reports_a_server_that_ignores_it(run: Run, httpx_mock: HTTPXMock) -> None:
    Reply("POST", "/mcp/tools/memory_update", "mcp_update_200").register(httpx_mock)
    Reply("POST", "/mcp/tools/memory_get_context", "mcp_get_context_200").register(httpx_mock)
    with pytest.raises(SekhaUnsupportedError, match="kept 5"):
        run("set_importance", CONV, 9)


def test_context_drops_the_real_controllers_duplicates(run: Run, httpx_mock: HTTPXMock) -> None:
    item = body("context_assemble_200")[0]
    Reply("GET", "/health", "health_200").register(httpx_mock)
    httpx_mock.add_response(url=BASE + "/api/v1/context/assemble", json=[item, item, item])
    assembled = run("assemble_context", "rust", token_budget=100)
    assert len(assembled.messages) == 1
    prompt = assembled.as_openai_messages("What is Rust?")
    assert prompt[0]["role"] == "system" and "What is Rust?" in prompt[0]["content"]
    assert assembled.as_anthropic_messages("hi")["messages"] == [{"role": "user", "content": "hi"}]


def test_mcp_tool_failure_inside_200_is_an_error(run: Run, httpx_mock: HTTPXMock) -> None:
    Reply("POST", "/mcp/tools/memory_stats", "mcp_stats_both_200").register(httpx_mock)
    with pytest.raises(SekhaValidationError, match="Cannot specify both"):
        run("memory_stats")


def test_count_error_inside_200_is_an_error(run: Run, httpx_mock: HTTPXMock) -> None:
    Reply("GET", "/api/v1/conversations/count", "count_both_200").register(httpx_mock)
    with pytest.raises(SekhaValidationError, match="Cannot specify both"):
        run("count_conversations")


def test_iteration_follows_pages_and_skips_repeats(run: Run, httpx_mock: HTTPXMock) -> None:
    first = body("list_conversations_200")
    row = first["results"][0]
    other = {**row, "conversation_id": "11111111-2222-4333-8444-555555555555", "label": "Second"}
    httpx_mock.add_response(url=BASE + "/health", json=body("health_200"))
    httpx_mock.add_response(
        url=BASE + "/api/v1/conversations?page=1&page_size=1",
        json={**first, "total": 3, "page_size": 1},
        is_reusable=True,  # the first page, and the look at the top once the pass is done
    )
    httpx_mock.add_response(
        url=BASE + "/api/v1/conversations?page=2&page_size=1",
        json={"results": [row], "total": 3, "page": 2, "page_size": 1},
    )
    httpx_mock.add_response(
        url=BASE + "/api/v1/conversations?page=3&page_size=1",
        json={"results": [other], "total": 3, "page": 3, "page_size": 1},
    )
    labels = [c.label for c in run("iter_conversations", page_size=1)]
    assert labels == ["Project Planning", "Second"]
