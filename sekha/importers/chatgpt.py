"""ChatGPT data exports: ``conversations.json``, a list of conversations stored as trees of nodes.

Each conversation's ``mapping`` holds every message node ever written, including abandoned
branches (edits, regenerations). The conversation the user last saw is the path from
``current_node`` up through the ``parent`` links; that path is what gets imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sekha.importers.model import (
    ParseFailure,
    SourceConversation,
    SourceMessage,
    parse_each,
    text_field,
    title_from,
)

__all__ = ["looks_like", "parse"]

SOURCE = "chatgpt"
TEXT_CONTENT = frozenset({"text", "multimodal_text"})


def looks_like(data: Any) -> bool:
    return isinstance(data, list) and any(isinstance(c, Mapping) and "mapping" in c for c in data)


def parse(data: list[Any]) -> list[SourceConversation | ParseFailure]:
    return parse_each(data, product="ChatGPT", title_key="title", convert=_conversation)


def _conversation(raw: Mapping[str, Any], fallback_title: str) -> SourceConversation:
    mapping = raw["mapping"]
    if not isinstance(mapping, Mapping) or not mapping:
        raise ValueError("its mapping of message nodes is empty")
    messages = [m for m in (_message(mapping[node]) for node in _current_branch(raw, mapping)) if m]
    title = text_field(raw, "title") or title_from(messages, fallback_title)
    return SourceConversation(
        source=SOURCE,
        source_id=str(raw.get("conversation_id") or raw.get("id") or title),
        title=title,
        messages=tuple(messages),
        created_at=_from_epoch(raw.get("create_time")),
    )


def _current_branch(raw: Mapping[str, Any], mapping: Mapping[str, Any]) -> list[str]:
    """Node ids from the root to the current node (or, without one, the newest leaf)."""
    node = raw.get("current_node")
    if node not in mapping:
        leaves = [key for key, value in mapping.items() if not value.get("children")]
        node = max(leaves, key=lambda key: _node_time(mapping[key]), default=None)
    path: list[str] = []
    while node is not None:
        if node in path:
            raise ValueError(f"its message nodes form a cycle at {node!r}")
        if node not in mapping:
            raise ValueError(f"node {node!r} is referenced but missing")
        path.append(node)
        node = mapping[node].get("parent")
    path.reverse()
    return path


def _node_time(node: Mapping[str, Any]) -> float:
    message = node.get("message") or {}
    return float(message.get("create_time") or 0.0)


def _message(node: Mapping[str, Any]) -> SourceMessage | None:
    """The node's user or assistant text, or None for system, tool, hidden or empty nodes."""
    message = node.get("message")
    if not message:
        return None
    role = (message.get("author") or {}).get("role")
    metadata = message.get("metadata") or {}
    content = message.get("content") or {}
    if (
        role not in ("user", "assistant")
        or message.get("recipient", "all") != "all"  # a call to a tool, not words to the user
        or metadata.get("is_visually_hidden_from_conversation")
        or message.get("weight", 1.0) == 0
        or content.get("content_type") not in TEXT_CONTENT
    ):
        return None
    text = "\n\n".join(p for p in content.get("parts") or () if isinstance(p, str) and p.strip()).strip()
    if not text:
        return None
    return SourceMessage(role=role, content=text, timestamp=_from_epoch(message.get("create_time")))


def _from_epoch(value: Any) -> dt.datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return dt.datetime.fromtimestamp(value, tz=dt.UTC)
    return None
