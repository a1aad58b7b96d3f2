"""Importers for ChatGPT and Claude data exports and markdown or text transcripts.

    from sekha import SyncSekhaClient
    from sekha.importers import import_file

    with SyncSekhaClient.local("~/.sekha-data") as client:
        report = import_file(client, "conversations.json")   # format detected from the content
        print(len(report.imported), len(report.duplicates), report.failed)

``read_file`` only parses, for callers that store conversations themselves (an async client,
say): each ``SourceConversation`` has ``to_new_conversation(label=, folder=)`` and a stable
``idempotency_key(label=, folder=)``.
"""

from sekha.importers.model import ImportFileError, ParseFailure, SourceConversation, SourceMessage
from sekha.importers.reader import Format, ParsedFile, read_file
from sekha.importers.runner import (
    Duplicate,
    ExistingConversations,
    ImportedConversation,
    ImportReport,
    import_conversations,
    import_file,
)

__all__ = [
    "Duplicate",
    "ExistingConversations",
    "Format",
    "ImportFileError",
    "ImportReport",
    "ImportedConversation",
    "ParseFailure",
    "ParsedFile",
    "SourceConversation",
    "SourceMessage",
    "import_conversations",
    "import_file",
    "read_file",
]
