"""Storing parsed conversations, once: re-running an import creates no duplicates.

Two guards. Each conversation is created with an ``Idempotency-Key`` derived from its source id
and content, which the local controller honours (a replay answers the first create). The real
controller ignores that header, so before creating anything the importer also looks for a stored
conversation with the same folder, label and messages, and skips the conversation if there is one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs

from sekha import errors
from sekha._sync.client import SyncSekhaClient
from sekha.importers.model import ParseFailure, SourceConversation
from sekha.importers.reader import Format, read_file

__all__ = [
    "Duplicate",
    "ExistingConversations",
    "ImportReport",
    "ImportedConversation",
    "import_conversations",
    "import_file",
]

DEFAULT_FOLDER = "/imports/{source}"
Progress = Callable[[int, int], None]


@attrs.frozen
class ImportedConversation:
    title: str
    id: UUID | None  # None in a dry run
    label: str
    folder: str
    message_count: int


@attrs.frozen
class Duplicate:
    title: str
    existing_id: UUID


@attrs.define
class ImportReport:
    """What an import did: conversations imported, skipped as duplicates or empty, and failures."""

    imported: list[ImportedConversation] = attrs.field(factory=list)
    duplicates: list[Duplicate] = attrs.field(factory=list)
    empty: list[str] = attrs.field(factory=list)
    failed: list[ParseFailure] = attrs.field(factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_dict(self) -> dict[str, Any]:
        return {
            "imported": [
                {
                    "title": c.title,
                    "id": None if c.id is None else str(c.id),
                    "label": c.label,
                    "folder": c.folder,
                    "message_count": c.message_count,
                }
                for c in self.imported
            ],
            "duplicates": [{"title": d.title, "existing_id": str(d.existing_id)} for d in self.duplicates],
            "empty": list(self.empty),
            "failed": [{"title": f.title, "reason": f.reason} for f in self.failed],
        }


class ExistingConversations:
    """The conversations already stored, looked up by folder, label and messages.

    Lists every conversation once (filtered here, since the real controller's list filters do
    not work), then fetches the messages of only those that share a folder and label.
    """

    def __init__(self, client: SyncSekhaClient) -> None:
        self._client = client
        self._by_place: dict[tuple[str, str], list[UUID]] | None = None
        self._fingerprints: dict[UUID, tuple[tuple[str, str], ...]] = {}

    def find(self, folder: str, label: str, fingerprint: tuple[tuple[str, str], ...]) -> UUID | None:
        for conversation_id in self._places().get((folder, label), ()):
            if self._fingerprint(conversation_id) == fingerprint:
                return conversation_id
        return None

    def add(self, conversation_id: UUID, folder: str, label: str, fingerprint: Any) -> None:
        self._places().setdefault((folder, label), []).append(conversation_id)
        self._fingerprints[conversation_id] = fingerprint

    def known(self, conversation_id: UUID) -> bool:
        return any(conversation_id in ids for ids in self._places().values())

    def _places(self) -> dict[tuple[str, str], list[UUID]]:
        if self._by_place is None:
            self._by_place = {}
            for row in self._client.iter_conversations():
                self._by_place.setdefault((row.folder, row.label), []).append(row.id)
        return self._by_place

    def _fingerprint(self, conversation_id: UUID) -> tuple[tuple[str, str], ...]:
        if conversation_id not in self._fingerprints:
            try:
                messages = self._client.get_messages(conversation_id)
            except errors.SekhaNotFoundError:
                messages = []
            self._fingerprints[conversation_id] = tuple((m.role, m.content) for m in messages)
        return self._fingerprints[conversation_id]


def import_file(
    client: SyncSekhaClient,
    path: str | Path,
    *,
    format: Format = "auto",
    folder: str | None = None,
    label: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    existing: ExistingConversations | None = None,
) -> ImportReport:
    """Import every conversation in a ChatGPT or Claude export or a transcript file.

    Raises ImportFileError if the file as a whole cannot be read; a conversation that cannot be
    read or stored is reported in ``failed`` and the others are still imported.
    """
    parsed = read_file(path, format)
    report = import_conversations(
        client,
        parsed.conversations,
        folder=folder,
        label=label,
        dry_run=dry_run,
        progress=progress,
        existing=existing,
    )
    report.failed[:0] = parsed.failures
    return report


def import_conversations(
    client: SyncSekhaClient,
    conversations: Iterable[SourceConversation],
    *,
    folder: str | None = None,
    label: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    existing: ExistingConversations | None = None,
) -> ImportReport:
    """Store conversations under ``folder`` (default ``/imports/<source>``) and ``label`` (default
    each one's title), skipping those already stored."""
    items = list(conversations)
    existing = existing or ExistingConversations(client)
    report = ImportReport()
    for done, source in enumerate(items, start=1):
        _import_one(client, source, folder, label, dry_run, existing, report)
        if progress is not None:
            progress(done, len(items))
    return report


def _import_one(
    client: SyncSekhaClient,
    source: SourceConversation,
    folder: str | None,
    label: str | None,
    dry_run: bool,
    existing: ExistingConversations,
    report: ImportReport,
) -> None:
    if not source.messages:
        report.empty.append(source.title)
        return
    target_folder = folder or source.folder or DEFAULT_FOLDER.format(source=source.source)
    target_label = label or (source.label if source.label is not None else source.title)
    found = existing.find(target_folder, target_label, source.fingerprint)
    if found is not None:
        report.duplicates.append(Duplicate(source.title, found))
        return
    if dry_run:
        report.imported.append(
            ImportedConversation(source.title, None, target_label, target_folder, len(source.messages))
        )
        return
    try:
        stored = client.create_conversation(
            source.to_new_conversation(label=target_label, folder=target_folder),
            idempotency_key=source.idempotency_key(label=target_label, folder=target_folder),
        )
    except (errors.SekhaAuthError, errors.SekhaConnectionError):
        raise  # every other conversation would fail the same way
    except errors.SekhaError as exc:
        report.failed.append(ParseFailure(source.title, str(exc)))
        return
    if existing.known(stored.id):  # the controller replayed an earlier create of this key
        report.duplicates.append(Duplicate(source.title, stored.id))
        return
    if source.pinned:
        client.pin(stored.id)
    if source.archived:
        client.archive(stored.id)
    existing.add(stored.id, target_folder, target_label, source.fingerprint)
    report.imported.append(
        ImportedConversation(source.title, stored.id, stored.label, stored.folder, stored.message_count)
    )
