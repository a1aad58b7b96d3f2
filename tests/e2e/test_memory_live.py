"""Memory an LLM app can trust, end to end against a live local controller (issue 13, items 1-8),
sync and async over real sockets."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from sekha import MessageDto, NewConversation
from sekha._tokens import count_tokens
from tests.e2e.conftest import Run, unique, wait_for

pytestmark = pytest.mark.e2e

THEN = dt.datetime(2023, 4, 2, 10, 15, tzinfo=dt.UTC)


def _searchable(run: Run, query: str, conversation_id: uuid.UUID, label: str) -> None:
    """Until every message is embedded (full-text recall alone can find one sooner) and recalled."""
    wait_for(lambda: not run("health").checks["indexer"].pending)
    wait_for(lambda: conversation_id in run("assemble_context", query, labels=[label]).conversations_used)


def test_labels_and_folders_are_hard_limits(run: Run) -> None:
    alice, bob, team = unique("user:alice"), unique("user:bob"), "/" + unique("team")
    mine = run(
        "create",
        [{"role": "user", "content": "I am vegetarian and allergic to peanuts."}],
        alice,
        f"{team}/a",
    )
    for i in range(4):
        run("create", [{"role": "user", "content": f"I eat peanuts every day, note {i}."}], bob, team)
    _searchable(run, "what can I eat?", mine.id, alice)
    context = run("assemble_context", "what food do I eat? peanuts?", labels=[alice], token_budget=2000)
    assert {m.citation.label for m in context.messages} == {alice}
    assert run("assemble_context", "peanuts", folders=[f"{team}/a"]).conversations_used == (mine.id,)
    preferred = run("assemble_context", "peanuts", preferred_labels=[alice], token_budget=4000)
    assert {m.citation.label for m in preferred.messages} >= {alice, bob}  # a boost, not a filter


def test_the_rendered_context_fits_the_budget(run: Run) -> None:
    label = unique("budget")
    texts = [
        f"Deploy rule {i}: deploys go out on Thursdays after the 14:00 freeze review." for i in range(12)
    ]
    created = run("create", [{"role": "user", "content": t} for t in texts], label)
    _searchable(run, "when do deploys go out?", created.id, label)
    for budget in (20, 60, 300):
        context = run("assemble_context", "when do deploys go out?", labels=[label], token_budget=budget)
        assert context.token_count == count_tokens(context.context) <= budget
    assert len(run("assemble_context", "when do deploys go out?", labels=[label], token_budget=300)) >= 5


def test_context_is_in_conversation_order_and_unrelated_queries_get_nothing(run: Run) -> None:
    label = unique("order")
    turns = [
        {"role": "user", "content": "How long may a prompt for Claude be?"},
        {"role": "assistant", "content": "Claude takes prompts of up to 200K tokens."},
    ]
    created = run("create", turns, label)
    run("pin", created.id)
    _searchable(run, "prompt length limit", created.id, label)
    context = run("assemble_context", "prompt length limit for Claude", labels=[label])
    assert [m.content for m in context.messages] == [t["content"] for t in turns]
    assert context.context.splitlines()[1:] == [f"{t['role']}: {t['content']}" for t in turns]
    assert run("assemble_context", "zzzz", labels=[label]).messages == ()  # pinned, yet not relevant
    assert run("assemble_context", "zzzz", labels=[label], min_relevance=0.0).messages


def test_original_timestamps_are_kept(run: Run) -> None:
    label = unique("imported")
    conversation = NewConversation(
        label=label,
        folder="/imports/chatgpt",
        created_at=THEN,  # type: ignore[arg-type]
        messages=[
            MessageDto(role="user", content="Which broker for order events, Kafka?", created_at=THEN),  # type: ignore[call-arg]
            MessageDto.coerce(
                {"role": "assistant", "content": "Kafka, for replay.", "created_at": "2023-04-02T10:16:00Z"}
            ),
        ],
    )
    created = run("create_conversation", conversation)
    assert created.created_at == THEN
    stamps = [m.timestamp for m in run("get_messages", created.id)]
    assert stamps == [THEN, THEN + dt.timedelta(minutes=1)]
    record = run("memory_get_context", created.id)
    assert record.updated_at == THEN + dt.timedelta(minutes=1)  # last touched when it was written
    stale = {s.conversation_id for s in run("get_pruning_suggestions", 30)}
    assert created.id in stale  # nothing touched it for years: pruning sees that right after import
    _searchable(run, "which message broker?", created.id, label)
    context = run("assemble_context", "which message broker?", labels=[label])
    assert context.context.startswith(f"[{label} · /imports/chatgpt · 2023-04-02 10:15]")


def test_add_messages_grows_one_conversation(run: Run) -> None:
    label = unique("agent")
    created = run("create", [{"role": "user", "content": "Plan a Kyoto trip in April."}], label, "/agents")
    grown = run(
        "add_messages",
        created.id,
        [
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "c1",
                        "type": "function",
                        "function": {"name": "hotels", "arguments": '{"near": "Gion"}'},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "c1", "content": "Three ryokan near Gion."},
            {"role": "assistant", "content": [{"type": "text", "text": "I found three ryokan near Gion."}]},
        ],
    )
    assert grown.message_count == 4 and grown.id == created.id
    assert [m.role for m in run("get_messages", created.id)] == ["user", "assistant", "tool", "assistant"]
    assert run("count_conversations", label=label) == 1
    _searchable(run, "ryokan near Gion", created.id, label)
    context = run("assemble_context", "where do we stay in Kyoto?", labels=[label], min_relevance=0.0)
    assert context.context.splitlines()[1] == "user: Plan a Kyoto trip in April."


def test_unpin_and_unarchive(run: Run) -> None:
    created = run("create", [{"role": "user", "content": "keep me"}], unique("lifecycle"))
    run("pin", created.id)
    assert run("memory_get_context", created.id).pinned
    run("unpin", created.id)
    assert not run("memory_get_context", created.id).pinned
    run("archive", created.id)
    assert run("get_conversation", created.id).archived
    run("unarchive", created.id)
    assert not run("get_conversation", created.id).archived


def test_real_message_shapes_are_stored(run: Run) -> None:
    created = run(
        "create",
        [
            {"role": "developer", "content": "Be brief."},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Weather?"},
                    {"type": "image_url", "image_url": {"url": "x"}},
                ],
            },
            {
                "role": "assistant",
                "content": [{"type": "tool_use", "id": "t", "name": "weather", "input": {"city": "Kyoto"}}],
            },
        ],
        unique("shapes"),
    )
    assert [(m.role, m.content) for m in run("get_messages", created.id)] == [
        ("system", "Be brief."),
        ("user", "Weather?\n\n[image]"),
        ("assistant", '[tool call: weather({"city": "Kyoto"})]'),
    ]
