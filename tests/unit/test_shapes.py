"""Messages in the shapes LLM APIs really produce are stored, not refused (issue 13 item 5).

The openai and anthropic packages' own types build the inputs, so the shapes are the real ones.
"""

from __future__ import annotations

import json

import pytest
from anthropic.types import MessageParam, TextBlock, ToolUseBlock
from openai.types.chat import ChatCompletionMessage
from pytest_httpx import HTTPXMock

from sekha import MessageDto, NewConversation, SekhaValidationError
from tests.fixtures import body
from tests.unit.conftest import BASE, Run

TOOL_CALL = {
    "id": "call_1",
    "type": "function",
    "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
}


@pytest.mark.parametrize(
    ("message", "role", "content"),
    [
        (
            {
                "role": "user",
                "content": [{"type": "text", "text": "What is in"}, {"type": "text", "text": "this?"}],
            },
            "user",
            "What is in\n\nthis?",
        ),
        (
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Describe it"},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
                ],
            },
            "user",
            "Describe it\n\n[image]",
        ),
        (
            {"role": "assistant", "content": None, "tool_calls": [TOOL_CALL]},
            "assistant",
            '[tool call: get_weather({"city": "Paris"})]',
        ),
        (
            {"role": "assistant", "content": "Let me check.", "tool_calls": [TOOL_CALL]},
            "assistant",
            'Let me check.\n\n[tool call: get_weather({"city": "Paris"})]',
        ),
        ({"role": "tool", "tool_call_id": "call_1", "content": "18 °C, sunny"}, "tool", "18 °C, sunny"),
        ({"role": "developer", "content": "Answer in French."}, "system", "Answer in French."),
        (
            {
                "role": "user",
                "content": [{"type": "input_audio", "input_audio": {"data": "", "format": "wav"}}],
            },
            "user",
            "[audio]",
        ),
        (
            {"role": "user", "content": [{"type": "file", "file": {"filename": "report.pdf"}}]},
            "user",
            "[file: report.pdf]",
        ),
        (
            {"role": "assistant", "content": [{"type": "refusal", "refusal": "I can't help."}]},
            "assistant",
            "I can't help.",
        ),
        (
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "hidden reasoning", "signature": "x"},
                    {"type": "text", "text": "Checking the weather."},
                    {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
                ],
            },
            "assistant",
            'Checking the weather.\n\n[tool call: get_weather({"city": "Paris"})]',
        ),
        (
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_1",
                        "content": [{"type": "text", "text": "18 °C"}],
                    },
                    {"type": "tool_result", "tool_use_id": "toolu_2", "content": "timeout", "is_error": True},
                ],
            },
            "user",
            "[tool result: 18 °C]\n\n[tool error: timeout]",
        ),
        ({"role": "human", "content": "hi"}, "user", "hi"),
        ({"role": "AI", "content": "hello"}, "assistant", "hello"),
    ],
)
def test_real_message_shapes_keep_their_text(message: dict[str, object], role: str, content: str) -> None:
    stored = MessageDto.coerce(message)
    assert (stored.role, stored.content) == (role, content)


def test_the_api_packages_own_message_objects_are_accepted() -> None:
    openai_turn = ChatCompletionMessage.model_validate(
        {"role": "assistant", "content": None, "tool_calls": [TOOL_CALL]}
    )
    anthropic_turn: MessageParam = {
        "role": "assistant",
        "content": [
            TextBlock(type="text", text="On it."),
            ToolUseBlock(type="tool_use", id="toolu_1", name="lookup", input={"q": "kyoto"}),
        ],
    }
    conversation = NewConversation(messages=[openai_turn, anthropic_turn])  # type: ignore[list-item]
    assert [m.content for m in conversation.messages] == [
        '[tool call: get_weather({"city": "Paris"})]',
        'On it.\n\n[tool call: lookup({"q": "kyoto"})]',
    ]


def test_content_parts_work_in_the_constructor_too() -> None:
    message = MessageDto(role="developer", content=[{"type": "text", "text": "Be brief."}])  # type: ignore[arg-type]
    assert (message.role, message.content) == ("system", "Be brief.")


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ({"role": "assistant", "content": None}, "no text, tool call or attachment"),
        ({"role": "assistant", "content": []}, "no text, tool call or attachment"),
        ({"role": "user", "content": [{"type": "thinking", "thinking": "only this"}]}, "no text"),
        ({"role": "user", "content": [{"type": "hologram"}]}, "type 'hologram' has no text"),
        ({"role": "user", "content": [3]}, "content part must be an object or text"),
        ({"role": "user", "content": {"unexpected": "object"}}, "type None has no text"),
        ({"role": "assistant", "content": None, "tool_calls": [{"id": "x"}]}, "function with a name"),
        ({"role": "robot", "content": "beep"}, "role must be one of"),
        ({"role": 7, "content": "beep"}, "role must be a string"),
        ({"content": "no role"}, "missing role"),
        ({"role": "user"}, "missing content"),
    ],
)
def test_what_cannot_be_stored_is_refused_clearly(message: dict[str, object], error: str) -> None:
    with pytest.raises(SekhaValidationError, match=error):
        MessageDto.coerce(message)


def test_a_create_with_mixed_shapes_sends_plain_messages(run: Run, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        method="POST",
        url=f"{BASE}/api/v1/conversations",
        status_code=201,
        json=body("create_conversation_201"),
    )
    run(
        "create",
        [
            {"role": "developer", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "Weather in Paris?"}]},
            {"role": "assistant", "content": None, "tool_calls": [TOOL_CALL]},
            {"role": "tool", "tool_call_id": "call_1", "content": "18 °C"},
        ],
        label="Agent",
        folder="/agents",
    )
    sent = json.loads(httpx_mock.get_requests()[0].content)
    assert sent["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": '[tool call: get_weather({"city": "Paris"})]'},
        {"role": "tool", "content": "18 °C"},
    ]
