"""The SDK, sync and async, against a live local controller over real sockets: every operation."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest

from sekha import (
    ClientConfig,
    MessageDto,
    NewConversation,
    SekhaAuthError,
    SekhaNotFoundError,
    SekhaValidationError,
    SyncSekhaClient,
)
from sekha._tokens import count_tokens
from tests import seed_examples
from tests.e2e.conftest import Run, ServerProcess, unique, wait_for

pytestmark = pytest.mark.e2e


def _store(run: Run, label: str, folder: str = "/e2e", *texts: str) -> uuid.UUID:
    texts = texts or ("How do we rotate API keys?", "Rotate them every 90 days with an overlap window.")
    roles = ["user", "assistant"] * len(texts)
    messages = [MessageDto(role=roles[i], content=t) for i, t in enumerate(texts)]
    return run("create_conversation", NewConversation(label=label, folder=folder, messages=messages)).id


def _searchable(run: Run, query: str, conversation_id: uuid.UUID) -> None:
    wait_for(lambda: any(h.conversation_id == conversation_id for h in run("smart_query", query, limit=50)))


def test_create_get_and_read_messages(run: Run) -> None:
    label = unique("create")
    created = run(
        "create", [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}], label
    )
    fetched = run("get_conversation", created.id)
    assert (fetched.label, fetched.folder, fetched.message_count, fetched.status) == (label, "/", 2, "active")
    assert fetched.created_at.tzinfo is not None
    assert [(m.role, m.content) for m in run("get_messages", str(created.id))] == [
        ("user", "hi"),
        ("assistant", "hello"),
    ]


def test_an_idempotency_key_stores_one_conversation(run: Run) -> None:
    label = unique("idem")
    conversation = NewConversation(messages=[{"role": "user", "content": "once"}], label=label)
    key = uuid.uuid4().hex
    first = run("create_conversation", conversation, idempotency_key=key)
    second = run("create_conversation", conversation, idempotency_key=key)
    assert first.id == second.id
    assert run("count_conversations", label=label) == 1


def test_list_filters_pages_and_iteration(run: Run) -> None:
    label = unique("list")
    ids = [_store(run, label, f"/list/{i % 2}") for i in range(5)]
    page = run("list_conversations", label=label, page_size=2)
    assert (page.total, len(page.results), page.has_next) == (5, 2, True)
    assert {c.id for c in run("iter_conversations", label=label, page_size=2)} == set(ids)
    assert run("list_conversations", label=label, folder="/list/1").total == 2
    run("pin", ids[0])
    run("archive", ids[1])
    assert [c.id for c in run("list_conversations", label=label, pinned=True).results] == [ids[0]]
    archived = run("list_conversations", label=label, archived=True).results
    assert [c.id for c in archived] == [ids[1]]
    assert archived[0].archived
    assert run("count_conversations", label=label) == 5


def test_relabel_and_move_keep_the_other_field(run: Run) -> None:
    conversation_id = _store(run, unique("move"), "/before")
    run("update_label", conversation_id, "relabelled")
    assert (
        run("get_conversation", conversation_id).label,
        run("get_conversation", conversation_id).folder,
    ) == (
        "relabelled",
        "/before",
    )
    run("update_folder", conversation_id, "/after")
    moved = run("get_conversation", conversation_id)
    assert (moved.label, moved.folder) == ("relabelled", "/after")


def test_pin_sets_importance_and_set_importance_is_kept(run: Run) -> None:
    conversation_id = _store(run, unique("importance"))
    assert run("get_importance", conversation_id) == 5
    assert run("set_importance", conversation_id, 8) == 8
    run("pin", conversation_id)
    assert run("get_importance", conversation_id) == 10
    assert run("memory_get_context", conversation_id).pinned


def test_semantic_search_finds_paraphrases_and_skips_archived(run: Run) -> None:
    label = unique("semantic")
    kept = _store(run, label, "/s", "My cat refuses to eat dry food.", "Try wet food warmed slightly.")
    gone = _store(run, label, "/s", "The kitten will not touch its kibble.", "Mix in some tuna.")
    _searchable(run, "my pet won't eat", kept)
    _searchable(run, "my pet won't eat", gone)
    hits = run("search", "my pet won't eat its food", label=label, limit=10)
    assert {h.conversation_id for h in hits} == {kept, gone}
    assert all(0.0 <= h.similarity <= 1.0 and h.label == label for h in hits)
    run("archive", gone)
    assert {h.conversation_id for h in run("search", "my pet won't eat its food", label=label)} == {kept}


def test_full_text_search_accepts_any_text(run: Run) -> None:
    label = unique("fts")
    conversation_id = _store(run, label, "/f", "Send the e-mail and the API: v2 notes, it's urgent", "Done.")
    for query in ("e-mail", "it's", "API:", '"API v2', "notes", "AND"):
        hits = run("full_text_search", query, limit=50)
        assert any(h.conversation_id == conversation_id for h in hits), query


def test_context_assembly_respects_the_budget_and_cites(run: Run) -> None:
    label = unique("context")
    conversation_id = _store(
        run, label, "/ctx", "Our retry policy uses full jitter.", "Backoff caps at 8 seconds."
    )
    _searchable(run, "retry policy", conversation_id)
    context = run("assemble_context", "how do we retry?", labels=[label], token_budget=60)
    assert context.messages and all(m.citation.label == label for m in context.messages)  # a hard scope
    assert context.token_count == count_tokens(context.context) <= 60  # citation lines included
    assert conversation_id in context.conversations_used
    assert f"[{label} · /ctx" in context.as_system_prompt()
    excluded = run("assemble_context", "how do we retry?", labels=[label], excluded_folders=["/ctx"])
    assert conversation_id not in excluded.conversations_used


def test_intelligence_routes(run: Run) -> None:
    label = unique("intel")
    conversation_id = _store(run, label, "/i")
    for level in ("daily", "weekly", "monthly"):
        summary = run("generate_summary", conversation_id, level)
        assert (summary.level, summary.conversation_id) == (level, conversation_id)
        assert summary.summary.strip()
    suggestions = run("suggest_labels", conversation_id)
    assert suggestions and all(0.0 <= s.confidence <= 1.0 and s.label for s in suggestions)
    assert run("get_pruning_suggestions", threshold_days=0) is not None
    report = run("memory_prune", threshold_days=36500)
    assert report.suggestions == []
    run("execute_prune", [conversation_id])
    assert run("get_conversation", conversation_id).status == "archived"
    applied = run("auto_label", conversation_id, threshold=0.0)
    assert applied is None or run("get_conversation", conversation_id).label == applied.label


def test_export_round_trips_in_both_formats(run: Run, tmp_path: Path) -> None:
    label = unique("export")
    texts = ('Ünïcödé 🚀 and "quotes" and <tags>', "line one\nline two")
    conversation_id = _store(run, label, "/x", *texts)
    document = json.loads(run("export", label, "json"))
    assert [c["id"] for c in document] == [str(conversation_id)]
    assert [m["content"] for m in document[0]["messages"]] == list(texts)
    markdown = run("export", label=label)
    assert all(text in markdown for text in texts)
    chunks = run("export_stream", label=label, format="json")
    assert json.loads("".join(chunks)) == document


def test_system_routes(run: Run) -> None:
    health = run("health")
    assert health.healthy and health.checks
    assert any(isinstance(c.embedded, int) and isinstance(c.pending, int) for c in health.checks.values())
    assert "# TYPE" in run("metrics")
    assert run("rebuild_embeddings") is None
    capabilities = run("capabilities")
    assert capabilities.supports("idempotency_keys") and capabilities.supports("list_filters")


def test_mcp_tools(run: Run) -> None:
    label = unique("mcp")
    conversation_id = run(
        "memory_store", [{"role": "user", "content": "MCP stored"}], label, "/mcp", importance_score=7
    )
    assert run("memory_get_context", conversation_id).importance_score == 7
    update = run("memory_update", conversation_id, folder="/mcp2", status="archived")
    assert update.conversation_id == conversation_id
    record = run("memory_get_context", conversation_id)
    assert (record.folder, record.label, record.status) == ("/mcp2", label, "archived")
    exported = run("memory_export", conversation_id)
    assert [m.content for m in exported.messages] == ["MCP stored"]
    stats = run("memory_stats", label=label)
    assert (stats.total_conversations, stats.labels) == (1, [label])
    assert run("memory_search", "MCP stored", limit=5).limit == 5


def test_delete_then_everything_is_404(run: Run) -> None:
    conversation_id = _store(run, unique("delete"))
    run("delete_conversation", conversation_id)
    for method in ("get_conversation", "get_messages", "pin", "archive", "delete_conversation"):
        with pytest.raises(SekhaNotFoundError):
            run(method, conversation_id)
    with pytest.raises(SekhaNotFoundError):
        run("update_label", conversation_id, "x", folder="/y")


def test_server_side_validation_reaches_the_caller_typed(live_server: ServerProcess) -> None:
    with SyncSekhaClient(live_server.config()) as client:
        with pytest.raises(SekhaValidationError):
            client.count_conversations(label="a", folder="/b")
        with pytest.raises(SekhaValidationError):
            client.memory_stats(folder="/a", label="b")


def test_a_wrong_key_is_an_auth_error_that_hides_the_key(live_server: ServerProcess) -> None:
    wrong = "w" * 40
    with SyncSekhaClient(ClientConfig(api_key=wrong, base_url=live_server.base_url)) as client:
        with pytest.raises(SekhaAuthError) as caught:
            client.list_conversations()
        assert client.health().healthy  # /health stays open
    assert wrong not in str(caught.value) and wrong not in repr(caught.value)


def test_seed_readme_examples_against_the_live_server(live_server: ServerProcess, tmp_path: Path) -> None:
    key, url = live_server.api_key, live_server.base_url
    printed = seed_examples.readme1_quickstart(key, url)
    assert printed.startswith("Created: ")
    printed, everything = seed_examples.readme1_sync_pin_archive_errors_export(key, url, tmp_path)
    assert "Conversation not found" in printed
    assert "What is token limit for Claude?" in (tmp_path / "backup.md").read_text()
    assert json.loads((tmp_path / "backup.json").read_text())
    assert everything.startswith("# Sekha export: all conversations")
    printed = seed_examples.readme2_memory_controller(key, url)
    assert re.search(r"^context=\d+ results=\d+ export=\d+$", printed, re.M), printed
    assert re.search(r"^async: Test \d+$", printed, re.M), printed
    assert seed_examples.readme2_error_handling("z" * 40, url) == "Invalid API key\n"
