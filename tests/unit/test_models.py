"""The public models are the generated ones: request validation and what the mixins derive."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest

import sekha
import sekha.models
import sekha_api.models
from sekha import MessageDto, NewConversation, SekhaValidationError
from sekha_api.models import (
    Conversation,
    ConversationPage,
    ConversationRecord,
    ConversationSummary,
    Health,
    PruningSuggestion,
    SearchHit,
    StoredMessage,
    Summary,
)
from tests.fixtures import body

CONV = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"
WHEN = dt.datetime(2026, 1, 16, 21, 9, tzinfo=dt.UTC)


def test_the_public_models_are_the_generated_classes() -> None:
    assert sekha.MessageDto is sekha_api.models.MessageDto
    assert sekha.NewConversation is sekha_api.models.NewConversation
    assert sekha.Conversation is sekha_api.models.Conversation
    for name in sekha.__all__:
        if hasattr(sekha_api.models, name):
            assert getattr(sekha, name) is getattr(sekha_api.models, name), name
    for name in sekha_api.models.__all__:
        assert getattr(sekha.models, name) is getattr(sekha_api.models, name), name
    assert set(sekha_api.models.__all__) <= set(sekha.models.__all__)


@pytest.mark.parametrize(
    ("role", "content", "message"),
    [
        ("robot", "hi", "role must be one of"),
        ("user", "", "content must not be empty"),
        ("user", "   \n", "content must not be empty"),
        ("user", "half a surrogate \ud800", "not valid Unicode"),
        ("user", 42, "content must be text or a list of content parts"),
    ],
)
def test_bad_messages_are_rejected(role: str, content: object, message: str) -> None:
    with pytest.raises(SekhaValidationError, match=message):
        MessageDto(role=role, content=content)  # type: ignore[arg-type]


def test_messages_accept_dicts_and_keep_unicode() -> None:
    conv = NewConversation(
        messages=[{"role": "user", "content": "naïve 🚀 \x00 text"}],  # type: ignore[list-item]
        label="L",
        folder="/f",
    )
    assert conv.messages == [MessageDto("user", "naïve 🚀 \x00 text")]
    request = conv.with_defaults(label="x", folder="/")
    assert json.loads(json.dumps(request.to_dict()))["messages"][0]["content"] == "naïve 🚀 \x00 text"


@pytest.mark.parametrize(
    "bad", ["just text", [{"role": "user"}], [["user", "hi"]], [], {"role": "user", "content": "x"}, None, 7]
)
def test_bad_message_lists_are_rejected(bad: object) -> None:
    with pytest.raises(SekhaValidationError):
        NewConversation(messages=bad)  # type: ignore[arg-type]


def test_defaults_fill_missing_label_and_folder_only() -> None:
    request = NewConversation(messages=[MessageDto("user", "hi")]).with_defaults(label="Work", folder="/")
    assert (request.label, request.folder) == ("Work", "/")
    kept = NewConversation(messages=[MessageDto("user", "hi")], label="", folder="/mine")
    assert kept.with_defaults(label="Work", folder="/").to_dict()["label"] == ""
    assert "label" not in NewConversation(messages=[MessageDto("user", "hi")]).to_dict()
    with pytest.raises(SekhaValidationError, match="label must be a string"):
        NewConversation(messages=[MessageDto("user", "hi")], label=5)  # type: ignore[arg-type]


def _hit(score: float, metadata: object = None) -> SearchHit:
    return SearchHit(
        conversation_id=uuid.uuid4(),
        message_id=uuid.uuid4(),
        score=score,
        content="c",
        metadata=metadata,
        label="l",
        folder="/f",
        timestamp=WHEN,
    )


def test_similarity_rescales_the_distance_and_role_comes_from_metadata() -> None:
    assert [_hit(s).similarity for s in (0.0, 1.0, 2.0, 2.5)] == [1.0, 0.5, 0.0, 0.0]
    assert _hit(0.1, {"role": "assistant"}).role == "assistant"
    assert _hit(0.1, {"role": 3}).role is None
    assert _hit(0.1, ["not", "a", "dict"]).role is None


TIMESTAMPS = [  # (model, its body, a timestamp field): T and space, 9 and 3 digits, +00:00
    (Conversation, lambda: body("get_conversation_200"), "created_at"),
    (StoredMessage, lambda: body("fts_200")["results"][0], "timestamp"),
    (ConversationRecord, lambda: body("mcp_get_context_200")["data"], "updated_at"),
    (SearchHit, lambda: body("mcp_search_200")["data"]["results"][0], "timestamp"),
    (Summary, lambda: body("summarize_200"), "generated_at"),
    (Health, lambda: body("health_200"), "timestamp"),
]


@pytest.mark.parametrize(("model", "data", "field"), TIMESTAMPS, ids=[m.__name__ for m, _, _ in TIMESTAMPS])
def test_every_timestamp_form_reads_as_aware_utc(model: Any, data: Callable[[], Any], field: str) -> None:
    stamp = getattr(model.from_dict(data()), field)
    assert stamp.tzinfo is dt.UTC
    assert (stamp.year, stamp.second, stamp.microsecond) in {(2026, 9, 123456), (2026, 9, 123000)}


def test_timestamps_with_an_offset_are_converted_to_utc() -> None:
    message = StoredMessage.from_dict(
        {**body("fts_200")["results"][0], "timestamp": "2026-01-16T22:09:09.5+01:00"}
    )
    assert message.timestamp == dt.datetime(2026, 1, 16, 21, 9, 9, 500000, tzinfo=dt.UTC)


def test_unknown_fields_are_kept_and_sent_back() -> None:
    data = {**body("get_conversation_200"), "tags": ["new"], "status": "frozen"}
    conversation = Conversation.from_dict(data)
    assert conversation.additional_properties == {"tags": ["new"]}
    assert conversation.status == "frozen"  # an enumeration the server extends stays a plain string
    assert conversation.to_dict()["tags"] == ["new"]


def test_an_absent_optional_field_is_none() -> None:
    record = StoredMessage.from_dict(
        {k: v for k, v in body("fts_200")["results"][0].items() if k != "metadata"}
    )
    assert record.metadata is None and record.embedding_id is None and record.citation is None


def test_open_enumerations_pass_unknown_values_through() -> None:
    from sekha_api.models import SummarizeRequest

    request = SummarizeRequest.from_dict({"conversation_id": CONV, "level": "hourly"})
    assert request.level == "hourly"


def test_conversation_and_records_derive_their_flags() -> None:
    conversation = Conversation.from_dict(body("get_conversation_200"))
    assert conversation.conversation_id == conversation.id and not conversation.archived
    record = ConversationRecord.from_dict({**body("mcp_get_context_200")["data"], "importance_score": 10})
    assert record.pinned and not record.archived


def test_list_rows_read_the_conversation_out_of_the_hit_shape() -> None:
    page = ConversationPage.from_dict(
        {**body("list_conversations_200"), "total": 3, "page": 1, "page_size": 1}
    )
    row = next(iter(page))
    assert isinstance(row, ConversationSummary) and len(page) == 1 and page.has_next
    assert (row.id, row.status, row.importance_score, row.pinned, row.archived) == (
        uuid.UUID(CONV),
        "active",
        5,
        False,
        False,
    )
    assert row.updated_at == row.timestamp and row.updated_at.tzinfo is dt.UTC
    last = ConversationPage.from_dict({**body("list_conversations_200"), "total": 1})
    assert not last.has_next


def test_pruning_suggestions_read_as_the_second_readme_prints_them() -> None:
    suggestion = PruningSuggestion.from_dict(body("prune_dry_run_200")["suggestions"][0])
    assert suggestion.id == uuid.UUID(CONV)
    assert suggestion.reason.startswith("keep: Nothing important") and not suggestion.should_archive
    quiet = PruningSuggestion.from_dict({**body("prune_dry_run_200")["suggestions"][0], "preview": " "})
    assert quiet.reason == f"keep: {quiet.message_count} messages, importance {quiet.importance_score:g}"


def test_health_checks_read_as_a_mapping() -> None:
    health = Health.from_dict(body("health_200"))
    assert health.healthy and dict(health.checks).keys() == {"database", "chroma"}
    assert health.checks.get("chroma") is health.checks["chroma"] and health.checks["chroma"].ok
    assert health.checks.get("indexer") is None and len(health.checks) == 2
