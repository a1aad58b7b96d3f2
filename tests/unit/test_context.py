"""Context you can paste: grouped in order, within the budget in real tokens, scoped, rendered for
the providers (issue 13 items 1, 2, 3 and 7), against the real controller's exact answers.

Each client call runs through SyncSekhaClient and SekhaClient (the ``run`` fixture).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import httpx
import pytest
from anthropic import Anthropic
from openai import OpenAI
from pydantic import TypeAdapter
from pytest_httpx import HTTPXMock

from sekha import AssembledContext, SekhaValidationError
from sekha._context import Line, fit, in_folders, render
from sekha._tokens import ApproximateTokensWarning, count_tokens
from sekha.models import Citation, MessageMetadata, StoredMessage
from tests.fixtures import body
from tests.unit.conftest import BASE, Run

WHEN = "2026-01-16T21:09:09.123456789"
CONTEXT = BASE + "/api/v1/context/assemble"


def wire(conversation: str, content: str, *, role: str = "user", label: str = "Work", folder: str = "/work",
         when: str = WHEN, message_id: str | None = None) -> dict[str, Any]:  # fmt: skip
    """A message as the real controller's context route sends it (section 4.13 of the reference)."""
    return {
        "id": message_id or str(uuid.uuid4()),
        "conversation_id": conversation,
        "role": role,
        "content": content,
        "timestamp": when,
        "embedding_id": None,
        "metadata": {"citation": {"label": label, "folder": folder, "timestamp": when.replace("T", " ")}},
    }


def export_of(conversation: str, messages: list[dict[str, Any]]) -> dict[str, Any]:
    """The real controller's MCP export of a conversation, messages in stored order."""
    exported = body("mcp_export_200")
    data = exported["data"]
    return {
        **exported,
        "data": {
            **data,
            "conversation": {**data["conversation"], "id": conversation},
            "messages": [
                {"id": m["id"], "role": m["role"], "content": m["content"], "timestamp": WHEN, "metadata": {}}
                for m in messages
            ],
        },
    }


def sent_context(httpx_mock: HTTPXMock) -> dict[str, Any]:
    request = next(r for r in httpx_mock.get_requests() if r.url.path == "/api/v1/context/assemble")
    return dict(json.loads(request.content))


A, B = str(uuid.uuid4()), str(uuid.uuid4())


@pytest.fixture(autouse=True)
def real_controller(httpx_mock: HTTPXMock) -> None:
    """The real controller's /health: no capabilities, so the SDK scopes, orders and fits itself."""
    httpx_mock.add_response(url=BASE + "/health", json=body("health_200"), is_reusable=True, is_optional=True)


# --- item 2: the rendered context fits the budget in cl100k tokens, token_count is that count ---


@pytest.mark.parametrize("budget", [20, 60, 300])
def test_the_rendered_context_fits_the_budget_in_real_tokens(
    run: Run, httpx_mock: HTTPXMock, budget: int
) -> None:
    # Roughly what the real controller picks for twice the budget: contents whose bytes / 4 fit,
    # with no room counted for the citation lines the context adds.
    sizes = ["Deploy on Thursdays.", "Deploys go out on Thursdays after the 14:00 freeze review. " * 3]
    returned = [wire(str(uuid.uuid4()), sizes[i % 2], label=f"Ops:{i}") for i in range(budget // 10 + 2)]
    httpx_mock.add_response(url=CONTEXT, json=returned)
    context = run("assemble_context", "when do we deploy?", token_budget=budget)
    assert context.token_count == count_tokens(context.context) <= budget
    assert len(context.messages) >= (budget >= 60)
    room = budget - context.token_count
    left_out = [m for m in returned if m["id"] not in {str(k.id) for k in context.messages}]
    alone = [AssembledContext("q", (StoredMessage.from_dict(m),)).token_count for m in left_out]
    assert all(cost > room for cost in alone)  # what was left out could not have fitted
    assert (
        count_tokens(AssembledContext("q", tuple(StoredMessage.from_dict(m) for m in returned)).context)
        > budget
    )
    assert sent_context(httpx_mock)["context_budget"] == 2 * budget  # asks for more, fits it here


def test_token_count_is_exact_cl100k() -> None:
    assert count_tokens("hello world") == 2
    assert count_tokens("tiktoken is great!") == 6  # the tiktoken README's own example
    assert count_tokens("") == 0


def test_without_a_tokenizer_a_byte_counts_as_a_token_and_it_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import sekha._tokens as tokens

    monkeypatch.setattr(tokens, "_encoding", lambda: None)
    with pytest.warns(ApproximateTokensWarning, match=r"sekha-memory\[tokens\]"):
        assert tokens.count_tokens("中文 ok") == len("中文 ok".encode())
    assert not tokens.exact()


def test_fit_drops_the_worst_ranked_until_the_exact_count_fits() -> None:
    lines = [
        Line(i % 2, "L", "/f", dt.datetime(2026, 1, 1), "user", f"message number {i} " * 3) for i in range(8)
    ]
    whole = count_tokens(render(lines))
    kept = fit(lines, whole - 1, lambda line: line, list)
    assert count_tokens(render(kept)) <= whole - 1
    assert kept == lines[: len(kept)] and len(kept) < len(lines)
    assert fit(lines, 1, lambda line: line, list) == []


# --- item 3: grouped by conversation, best conversation first, each in its original order -----


def test_context_is_grouped_by_conversation_in_original_order(run: Run, httpx_mock: HTTPXMock) -> None:
    question = wire(A, "How long may a prompt be for Claude?", label="Project:AI")
    answer = wire(A, "200K tokens.", role="assistant", label="Project:AI")
    other = wire(B, "GPT-4o takes 128K tokens.", role="assistant", label="Models")
    # Best first, as the real controller ranks: the answer, another conversation, then the question.
    httpx_mock.add_response(url=CONTEXT, json=[answer, other, question])
    # Every message of a create shares one timestamp there: its MCP export tells the order.
    httpx_mock.add_response(url=BASE + "/mcp/tools/memory_export", json=export_of(A, [question, answer]))
    context = run("assemble_context", "prompt length", token_budget=500)
    assert context.context == (
        "[Project:AI · /work · 2026-01-16 21:09]\n"
        "user: How long may a prompt be for Claude?\n"
        "assistant: 200K tokens.\n\n"
        "[Models · /work · 2026-01-16 21:09]\n"
        "assistant: GPT-4o takes 128K tokens."
    )
    assert context.conversations_used == (uuid.UUID(A), uuid.UUID(B))
    assert len(httpx_mock.get_requests()) == 3  # health, context, A's export: B has one message


def test_messages_with_distinct_times_need_no_lookup(run: Run, httpx_mock: HTTPXMock) -> None:
    late = wire(A, "second", when="2023-04-02T10:16:00")
    early = wire(A, "first", when="2023-04-02T10:15:00")
    httpx_mock.add_response(url=CONTEXT, json=[late, early, late])
    context = run("assemble_context", "q", token_budget=100)
    assert [m.content for m in context.messages] == ["first", "second"]
    assert context.context.startswith("[Work · /work · 2023-04-02 10:15]\nuser: first\nuser: second")


# --- item 1: labels and folders are hard limits; preferred_labels only boosts -------------------


def test_labels_are_a_hard_filter(run: Run, httpx_mock: HTTPXMock) -> None:
    mine = wire(A, "Alice is vegetarian.", label="user:alice")
    theirs = [wire(str(uuid.uuid4()), f"Bob note {i}", label="user:bob") for i in range(5)]
    httpx_mock.add_response(url=CONTEXT, json=[theirs[0], mine, *theirs[1:]])
    context = run("assemble_context", "diet", labels=["user:alice"], token_budget=1000)
    assert [m.content for m in context.messages] == ["Alice is vegetarian."]
    sent = sent_context(httpx_mock)
    assert sent["preferred_labels"] == ["user:alice"]  # the real controller recalls them, then we filter
    assert sent["context_budget"] == 4000


def test_preferred_labels_only_boost(run: Run, httpx_mock: HTTPXMock) -> None:
    returned = [wire(A, "a", label="user:alice"), wire(B, "b", label="user:bob")]
    httpx_mock.add_response(url=CONTEXT, json=returned)
    context = run("assemble_context", "q", preferred_labels=["user:alice"], token_budget=1000)
    assert len(context.messages) == 2
    assert sent_context(httpx_mock)["preferred_labels"] == ["user:alice"]


def test_labels_and_preferred_labels_combine(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=CONTEXT, json=[wire(A, "a", label="x"), wire(B, "b", label="y")])
    context = run("assemble_context", "q", labels=["x", "y"], preferred_labels=["y"], token_budget=1000)
    assert len(context.messages) == 2
    assert sent_context(httpx_mock)["preferred_labels"] == ["x", "y"]


def test_folders_hold_the_folders_under_them(run: Run, httpx_mock: HTTPXMock) -> None:
    kept = [wire(A, "team", folder="/team"), wire(B, "projects", folder="/team/projects/q3")]
    dropped = [
        wire(str(uuid.uuid4()), "teamwork", folder="/teamwork"),
        wire(str(uuid.uuid4()), "x", folder="/"),
    ]
    httpx_mock.add_response(url=CONTEXT, json=[dropped[0], *kept, dropped[1]])
    context = run("assemble_context", "q", folders=["/team/"], token_budget=1000)
    assert [m.content for m in context.messages] == ["team", "projects"]


def test_excluded_folders_are_left_out_whatever_brought_them(run: Run, httpx_mock: HTTPXMock) -> None:
    # The real controller excludes folders from its semantic hits only; pinned ones still come.
    httpx_mock.add_response(url=CONTEXT, json=[wire(A, "secret", folder="/private/hr"), wire(B, "ok")])
    context = run("assemble_context", "q", excluded_folders=["/private"], token_budget=1000)
    assert [m.content for m in context.messages] == ["ok"]


def test_folder_paths() -> None:
    assert in_folders("/team/projects", ["/team"]) and in_folders("/team", ["/team/"])
    assert not in_folders("/teamwork", ["/team"]) and not in_folders("/a", [""])
    assert in_folders("/anything", ["/"])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"labels": "user:alice"}, "labels must be a list of strings"),
        ({"folders": "/team"}, "folders must be a list of strings"),
        ({"token_budget": 0}, "token_budget must be between 1"),
        ({"preferred_labels": [3]}, "preferred_labels must be a string"),
    ],
)
def test_bad_scopes_fail_before_sending(run: Run, kwargs: dict[str, Any], error: str) -> None:
    with pytest.raises(SekhaValidationError, match=error):
        run("assemble_context", "q", **kwargs)


# --- item 7: renderers that the providers accept ----------------------------------------------


def _stored(content: str, role: str = "user") -> StoredMessage:
    when = dt.datetime(2026, 1, 16, 21, 9, tzinfo=dt.UTC)
    return StoredMessage(
        id=uuid.uuid4(),
        conversation_id=uuid.UUID(A),
        role=role,
        content=content,
        timestamp=when,
        metadata=MessageMetadata(citation=Citation(label="Trip", folder="/travel", timestamp=when)),
    )


MEMORY = AssembledContext("dinner?", (_stored("I'm vegetarian."), _stored("Noted.", "assistant")))
EMPTY = AssembledContext("zzzz", ())
HISTORY_OPENAI: list[dict[str, Any]] = [
    {"role": "developer", "content": "Keep answers short."},
    {"role": "user", "content": [{"type": "text", "text": "Weather in Kyoto?"}]},
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "weather", "arguments": '{"city": "Kyoto"}'},
            }
        ],
    },
    {"role": "tool", "tool_call_id": "call_1", "content": "18 °C"},
    {"role": "assistant", "content": "18 °C and sunny."},
]
HISTORY_ANTHROPIC: list[dict[str, Any]] = [
    {"role": "user", "content": "Weather in Kyoto?"},
    {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "weather", "input": {}}]},
    {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "18 °C"}]},
    {"role": "assistant", "content": "18 °C and sunny."},
]


def _captured(reply: dict[str, Any], http: Any = httpx) -> tuple[list[Any], Any]:
    """A client of the ``http`` package (httpx, or httpx2 for anthropic) answering ``reply``."""
    seen: list[Any] = []

    def answer(request: Any) -> Any:
        seen.append(request)
        return http.Response(200, json=reply)

    return seen, http.Client(transport=http.MockTransport(answer))


def _openai_accepts(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """Send through the real openai client (offline) and return the body it sent."""
    from openai.types.chat import ChatCompletionMessageParam

    TypeAdapter(list[ChatCompletionMessageParam]).validate_python(messages)
    answer = {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "ok"}}
    reply = {"id": "c", "object": "chat.completion", "created": 0, "model": "gpt-4o", "choices": [answer]}
    seen, http = _captured(reply)
    client = OpenAI(api_key="sk-test", base_url="http://openai.test/v1", http_client=http, max_retries=0)
    assert (
        client.chat.completions.create(model="gpt-4o", messages=messages).choices[0].message.content == "ok"
    )  # type: ignore[arg-type]
    return dict(json.loads(seen[0].content))


def _anthropic_accepts(arguments: dict[str, Any]) -> dict[str, Any]:
    """Send through the real anthropic client (offline); the Messages API's own rules checked too."""
    from anthropic.types import MessageParam

    TypeAdapter(list[MessageParam]).validate_python(arguments["messages"])
    assert arguments["messages"] and arguments["messages"][0]["role"] == "user"
    assert set(arguments) <= {"system", "messages"} and arguments.get("system", "x")
    reply = {
        "id": "m",
        "type": "message",
        "role": "assistant",
        "model": "claude",
        "content": [{"type": "text", "text": "ok"}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 1, "output_tokens": 1},
    }
    seen, http = _captured(reply, pytest.importorskip("httpx2"))
    client = Anthropic(api_key="sk-test", base_url="http://anthropic.test", http_client=http, max_retries=0)
    client.messages.create(model="claude-sonnet", max_tokens=64, **arguments)
    return dict(json.loads(seen[0].content))


def test_openai_messages_take_a_system_prompt_and_history() -> None:
    messages = MEMORY.as_openai_messages("Dinner tonight?", system="You plan trips.", history=HISTORY_OPENAI)
    sent = _openai_accepts(messages)
    assert sent["messages"][0] == {
        "role": "system",
        "content": "You plan trips.\n\nRelevant memory from earlier conversations:\n\n"
        "[Trip · /travel · 2026-01-16 21:09]\nuser: I'm vegetarian.\nassistant: Noted.",
    }
    assert sent["messages"][1:-1] == HISTORY_OPENAI  # OpenAI-shaped history passes through untouched
    assert sent["messages"][-1] == {"role": "user", "content": "Dinner tonight?"}


def test_openai_messages_from_stored_history_and_no_memory() -> None:
    history = [
        _stored("Earlier question"),
        _stored("a tool said 3", "tool"),
        _stored("Earlier answer", "assistant"),
    ]
    sent = _openai_accepts(EMPTY.as_openai_messages(history=history))
    assert sent["messages"] == [
        {"role": "system", "content": "Relevant memory from earlier conversations:\n(no relevant memory)"},
        {"role": "user", "content": "Earlier question"},
        {"role": "user", "content": "a tool said 3"},
        {"role": "assistant", "content": "Earlier answer"},
    ]


def test_anthropic_messages_take_a_system_prompt_and_history() -> None:
    arguments = MEMORY.as_anthropic_messages(
        "Dinner tonight?", system="You plan trips.", history=HISTORY_ANTHROPIC
    )
    sent = _anthropic_accepts(arguments)
    assert sent["system"].startswith("You plan trips.\n\nRelevant memory from earlier conversations:")
    assert sent["messages"] == [*HISTORY_ANTHROPIC, {"role": "user", "content": "Dinner tonight?"}]


def test_anthropic_messages_are_never_empty() -> None:
    sent = _anthropic_accepts(MEMORY.as_anthropic_messages())
    assert sent["messages"] == [{"role": "user", "content": MEMORY.as_system_prompt()}]
    assert "system" not in sent
    with_system = _anthropic_accepts(EMPTY.as_anthropic_messages(system="Be kind."))
    assert with_system["system"] == "Be kind." and with_system["messages"][0]["role"] == "user"


def test_anthropic_messages_from_openai_history() -> None:
    sent = _anthropic_accepts(MEMORY.as_anthropic_messages("And tomorrow?", history=HISTORY_OPENAI))
    assert sent["system"].startswith("Keep answers short.\n\nRelevant memory")
    assert sent["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "Weather in Kyoto?"}]},
        {"role": "assistant", "content": '[tool call: weather({"city": "Kyoto"})]'},
        {"role": "user", "content": "18 °C"},
        {"role": "assistant", "content": "18 °C and sunny."},
        {"role": "user", "content": "And tomorrow?"},
    ]


def test_openai_messages_from_anthropic_history() -> None:
    sent = _openai_accepts(MEMORY.as_openai_messages("And tomorrow?", history=HISTORY_ANTHROPIC))
    assert sent["messages"][1:] == [
        {"role": "user", "content": "Weather in Kyoto?"},
        {"role": "assistant", "content": "[tool call: weather({})]"},
        {"role": "user", "content": "[tool result: 18 °C]"},
        {"role": "assistant", "content": "18 °C and sunny."},
        {"role": "user", "content": "And tomorrow?"},
    ]


def test_anthropic_history_opening_with_the_assistant_gets_the_memory_first() -> None:
    arguments = MEMORY.as_anthropic_messages(
        "Yes please.", history=[{"role": "assistant", "content": "Shall I?"}]
    )
    sent = _anthropic_accepts(arguments)
    assert sent["messages"][0] == {"role": "user", "content": MEMORY.as_system_prompt()}
    assert [m["role"] for m in sent["messages"]] == ["user", "assistant", "user"]
