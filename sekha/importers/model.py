"""What every importer produces: conversations read from a source file, before they are stored."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from sekha.errors import SekhaError
from sekha.models import MessageDto, NewConversation

__all__ = [
    "ImportFileError",
    "ParseFailure",
    "SourceConversation",
    "SourceMessage",
    "iso_time",
    "parse_each",
    "text_field",
    "title_from",
]

TITLE_WORDS = 8


class ImportFileError(SekhaError):
    """A whole file cannot be read as any supported export (not one bad conversation in it)."""


@attrs.frozen
class SourceMessage:
    """One message as the export had it; ``timestamp`` is the original time when the export kept it."""

    role: str
    content: str
    timestamp: dt.datetime | None = None


def title_from(messages: list[SourceMessage], fallback: str) -> str:
    """A title for an untitled conversation: the start of its first user message, as the apps do."""
    first = next((m.content for m in messages if m.role == "user"), "")
    words = first.split()
    if not words:
        return fallback
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")


@attrs.frozen
class SourceConversation:
    """One conversation read from an export, with the export's own id and timestamps.

    ``label``, ``folder``, ``pinned`` and ``archived`` are set by exports that have them (the
    SDK's own), so that a restore puts the conversation back as it was.
    """

    source: str  # "chatgpt", "claude", "text" or "sekha"
    source_id: str
    title: str
    messages: tuple[SourceMessage, ...]
    created_at: dt.datetime | None = None
    label: str | None = None
    folder: str | None = None
    pinned: bool = False
    archived: bool = False

    @property
    def fingerprint(self) -> tuple[tuple[str, str], ...]:
        """What makes two stored conversations the same: their roles and contents, in order."""
        return tuple((m.role, m.content) for m in self.messages)

    def idempotency_key(self, *, label: str, folder: str) -> str:
        """Stable across runs for the same source conversation, content and destination, so a
        re-import replays; importing under another label or folder stores a new copy, as a
        controller that ignores the key would too."""
        identity = (self.source, self.source_id, self.fingerprint, label, folder)
        digest = hashlib.sha256(repr(identity).encode("utf-8"))
        return f"sekha-import-{self.source}-{digest.hexdigest()[:40]}"

    def to_new_conversation(self, *, label: str, folder: str) -> NewConversation:
        """The conversation to store, with the export's original times."""
        return NewConversation(
            messages=[
                MessageDto(role=m.role, content=m.content, created_at=m.timestamp) for m in self.messages
            ],
            label=label,
            folder=folder,
            created_at=self.created_at,
        )


@attrs.frozen
class ParseFailure:
    """A conversation in the file that could not be read, and why."""

    title: str
    reason: str


def iso_time(value: Any) -> dt.datetime | None:
    """An export's ISO 8601 time as aware UTC (no offset means UTC); None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


def text_field(raw: Any, key: str) -> str:
    """A stripped string field of an export record, or "" when it is missing or not text."""
    value = raw.get(key) if isinstance(raw, Mapping) else None
    return value.strip() if isinstance(value, str) else ""


def parse_each(
    data: list[Any],
    *,
    product: str,
    title_key: str,
    convert: Callable[[Mapping[str, Any], str], SourceConversation],
) -> list[SourceConversation | ParseFailure]:
    """Read every conversation of an export; one that cannot be read becomes a named failure."""
    out: list[SourceConversation | ParseFailure] = []
    for position, raw in enumerate(data, start=1):
        title = text_field(raw, title_key) or f"{product} conversation #{position}"
        try:
            out.append(convert(raw, title))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            out.append(ParseFailure(title, f"not a {product} conversation ({type(exc).__name__}: {exc})"))
    return out
