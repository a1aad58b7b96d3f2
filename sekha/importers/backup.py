"""The SDK's own JSON export (``sekha export --json``, ``client.export(format="json")``), read back:
a restore keeps each conversation's label, folder, original times, pin and archive."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sekha.importers.model import ParseFailure, SourceConversation, SourceMessage, iso_time, parse_each

__all__ = ["looks_like", "parse"]

SOURCE = "sekha"
PINNED_IMPORTANCE = 10
EXPORTED_KEYS = frozenset({"id", "label", "folder", "status", "messages"})


def looks_like(data: Any) -> bool:
    return isinstance(data, list) and any(isinstance(c, Mapping) and c.keys() >= EXPORTED_KEYS for c in data)


def parse(data: list[Any]) -> list[SourceConversation | ParseFailure]:
    return parse_each(data, product="Sekha export", title_key="label", convert=_conversation)


def _conversation(raw: Mapping[str, Any], fallback_title: str) -> SourceConversation:
    messages = raw["messages"]
    if not isinstance(messages, list):
        raise TypeError("messages is not a list")
    label, folder = raw["label"], raw["folder"]
    if not isinstance(label, str) or not isinstance(folder, str):
        raise TypeError("label and folder must be text")
    return SourceConversation(
        source=SOURCE,
        source_id=str(raw["id"]),
        title=label or fallback_title,
        messages=tuple(_message(m) for m in messages),
        created_at=iso_time(raw.get("created_at")),
        label=label,
        folder=folder,
        pinned=isinstance(raw.get("importance_score"), int) and raw["importance_score"] >= PINNED_IMPORTANCE,
        archived=raw["status"] == "archived",
    )


def _message(raw: Any) -> SourceMessage:
    if (
        not isinstance(raw, Mapping)
        or not isinstance(raw.get("role"), str)
        or not isinstance(raw.get("content"), str)
    ):
        raise TypeError("a message needs a role and content")
    return SourceMessage(role=raw["role"], content=raw["content"], timestamp=iso_time(raw.get("timestamp")))
