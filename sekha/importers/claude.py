"""Claude data exports: ``conversations.json``, a list of conversations with flat ``chat_messages``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sekha.importers.model import (
    ParseFailure,
    SourceConversation,
    SourceMessage,
    iso_time,
    parse_each,
    text_field,
    title_from,
)

__all__ = ["looks_like", "parse"]

SOURCE = "claude"
ROLES = {"human": "user", "user": "user", "assistant": "assistant"}


def looks_like(data: Any) -> bool:
    return isinstance(data, list) and any(isinstance(c, Mapping) and "chat_messages" in c for c in data)


def parse(data: list[Any]) -> list[SourceConversation | ParseFailure]:
    return parse_each(data, product="Claude", title_key="name", convert=_conversation)


def _conversation(raw: Mapping[str, Any], fallback_title: str) -> SourceConversation:
    chat = raw["chat_messages"]
    if not isinstance(chat, list):
        raise TypeError("chat_messages is not a list")
    messages = [m for m in (_message(item) for item in chat) if m]
    title = text_field(raw, "name") or title_from(messages, fallback_title)
    return SourceConversation(
        source=SOURCE,
        source_id=str(raw.get("uuid") or title),
        title=title,
        messages=tuple(messages),
        created_at=iso_time(raw.get("created_at")),
    )


def _message(item: Mapping[str, Any]) -> SourceMessage | None:
    role = ROLES.get(str(item["sender"]))
    if role is None:
        return None
    text = _text(item)
    if not text:
        return None
    return SourceMessage(role=role, content=text, timestamp=iso_time(item.get("created_at")))


def _text(item: Mapping[str, Any]) -> str:
    """The text blocks of ``content`` (tool calls and results left out), else the flat ``text``."""
    blocks = item.get("content")
    if isinstance(blocks, list):
        parts = [
            b["text"]
            for b in blocks
            if isinstance(b, Mapping) and b.get("type") == "text" and isinstance(b.get("text"), str)
        ]
        joined = "\n\n".join(p for p in parts if p.strip()).strip()
        if joined:
            return joined
    text = item.get("text")
    return text.strip() if isinstance(text, str) else ""
