"""Request validation and the response models' derived values."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from sekha import MessageDto, NewConversation, SekhaValidationError
from sekha.models import AssembledContext, ContextMessage, SearchHit, StoredMessage, estimate_tokens, utc


@pytest.mark.parametrize(
    ("role", "content", "message"),
    [
        ("robot", "hi", "role must be one of"),
        ("user", "", "content must not be empty"),
        ("user", "   \n", "content must not be empty"),
        ("user", "half a surrogate \ud800", "not valid Unicode"),
        ("user", 42, "content must be a string"),
    ],
)
def test_bad_messages_are_rejected(role: str, content: object, message: str) -> None:
    with pytest.raises(SekhaValidationError, match=message):
        MessageDto(role=role, content=content)  # type: ignore[arg-type]


def test_messages_accept_dicts_and_keep_unicode() -> None:
    conv = NewConversation(
        messages=[{"role": "user", "content": "naïve 🚀 \x00 text"}], label="L", folder="/f"
    )
    assert conv.messages == (MessageDto("user", "naïve 🚀 \x00 text"),)
    request = conv.to_api(default_label="x", default_folder="/")
    assert json.loads(json.dumps(request.to_dict()))["messages"][0]["content"] == "naïve 🚀 \x00 text"


@pytest.mark.parametrize(
    "bad", ["just text", [{"role": "user"}], [["user", "hi"]], [], {"role": "user", "content": "x"}]
)
def test_bad_message_lists_are_rejected(bad: object) -> None:
    with pytest.raises(SekhaValidationError):
        NewConversation(messages=bad)  # type: ignore[arg-type]


def test_defaults_fill_missing_label_and_folder() -> None:
    request = NewConversation(messages=[MessageDto("user", "hi")]).to_api(
        default_label="Work", default_folder="/"
    )
    assert (request.label, request.folder) == ("Work", "/")


def test_similarity_rescales_the_distance() -> None:
    def hit(score: float) -> SearchHit:
        return SearchHit(uuid.uuid4(), uuid.uuid4(), "c", "l", "/f", score, dt.datetime.now(dt.UTC))

    assert [hit(s).similarity for s in (0.0, 1.0, 2.0, 2.5)] == [1.0, 0.5, 0.0, 0.0]


def test_naive_timestamps_become_utc() -> None:
    assert utc(dt.datetime(2026, 1, 16, 21, 9, 9)).tzinfo is dt.UTC
    aware = dt.datetime(2026, 1, 16, 22, 9, 9, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert utc(aware) == dt.datetime(2026, 1, 16, 21, 9, 9, tzinfo=dt.UTC)


def test_context_renderings() -> None:
    when = dt.datetime(2026, 1, 16, 21, 9, tzinfo=dt.UTC)
    message = StoredMessage(uuid.uuid4(), uuid.uuid4(), "user", "We use JWT tokens", when)
    context = AssembledContext("auth", (ContextMessage(message, "Project:AI", "/work"),))
    assert context.context == "[Project:AI · /work · 2026-01-16 21:09] user: We use JWT tokens"
    assert context.token_count == estimate_tokens(context.context)
    assert context.as_system_prompt().endswith(context.context)
    assert AssembledContext("q", ()).as_system_prompt().endswith("(no relevant memory)")
    assert estimate_tokens("中文") == 2
