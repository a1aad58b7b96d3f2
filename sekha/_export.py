"""Rendering exported conversations as markdown or JSON, one conversation at a time."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, Literal, Protocol

from sekha import errors

if TYPE_CHECKING:
    from sekha_api.models import ExportedConversation, ExportedMessage

__all__ = ["ExportFormat", "ExportWriter", "Exported"]

ExportFormat = Literal["markdown", "json"]


class Exported(Protocol):
    """A conversation with its messages: an MCP export, or a line of the bulk export."""

    @property
    def conversation(self) -> ExportedConversation: ...

    @property
    def messages(self) -> list[ExportedMessage]: ...


def _iso(value: dt.datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def conversation_document(exported: Exported) -> dict[str, Any]:
    """The JSON form of one conversation: every field the controller keeps, messages oldest first."""
    record = exported.conversation
    return {
        "id": str(record.id),
        "label": record.label,
        "folder": record.folder,
        "status": record.status,
        "importance_score": record.importance_score,
        "created_at": _iso(record.created_at),
        "updated_at": _iso(record.updated_at),
        "messages": [
            {
                "id": str(message.id),
                "role": message.role,
                "content": message.content,
                "timestamp": _iso(message.timestamp),
                "metadata": {} if message.metadata is None else message.metadata.to_dict(),
            }
            for message in exported.messages
        ],
    }


class ExportWriter:
    """Produces an export as chunks: ``start()``, ``conversation()`` for each, then ``end()``.

    Concatenated, the chunks form one valid document (a JSON array, or one markdown file).
    """

    def __init__(self, format: ExportFormat, *, label: str | None = None) -> None:
        if format not in ("markdown", "json"):
            raise errors.SekhaValidationError(f"format must be 'markdown' or 'json', got {format!r}")
        self.format = format
        self.label = label
        self._count = 0

    def start(self) -> str:
        if self.format == "json":
            return "["
        scope = f"label “{self.label}”" if self.label is not None else "all conversations"
        return f"# Sekha export: {scope}\n"

    def conversation(self, exported: Exported) -> str:
        self._count += 1
        if self.format == "json":
            separator = "\n" if self._count == 1 else ",\n"
            return separator + json.dumps(conversation_document(exported), ensure_ascii=False)
        record = exported.conversation
        lines = [
            f"\n## {record.label or '(no label)'}\n",
            f"- id: `{record.id}`",
            f"- folder: `{record.folder}`",
            f"- status: {record.status}, importance {record.importance_score}",
            f"- created: {_iso(record.created_at)}, updated: {_iso(record.updated_at)}\n",
        ]
        for message in exported.messages:
            lines.append(f"### {message.role} · {_iso(message.timestamp)}\n")
            lines.append(message.content.rstrip("\n") + "\n")
        return "\n".join(lines)

    def end(self) -> str:
        if self.format == "json":
            return "\n]\n" if self._count else "]\n"
        return "" if self._count else "\n_No conversations._\n"
