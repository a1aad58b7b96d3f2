"""Reading an export file: which format it is, and the conversations in it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any, Literal

import attrs

from sekha.importers import backup, chatgpt, claude, transcript
from sekha.importers.model import ImportFileError, ParseFailure, SourceConversation

__all__ = ["Format", "ParsedFile", "read_file"]

Format = Literal["auto", "chatgpt", "claude", "sekha", "text"]
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text"})
EXPORT_MEMBER = "conversations.json"


@attrs.frozen
class ParsedFile:
    """One file's conversations, and the ones in it that could not be read."""

    path: Path
    format: str
    conversations: tuple[SourceConversation, ...]
    failures: tuple[ParseFailure, ...]


def read_file(path: str | Path, format: Format = "auto") -> ParsedFile:
    """Parse a ChatGPT or Claude ``conversations.json`` (the export's .zip, or the folder it
    unzips to), the SDK's own JSON export (a restore), or a transcript.

    Raises ImportFileError when the file cannot be read or is none of these.
    """
    path = Path(path)
    if path.is_dir():
        path = _export_in(path)
    try:
        if format == "text" or (format == "auto" and path.suffix.lower() in TEXT_SUFFIXES):
            text = path.read_text(encoding="utf-8")
            try:
                conversation = transcript.parse(text, name=path.stem)
            except ValueError as exc:
                raise ImportFileError(f"{path}: {exc}") from None
            return ParsedFile(path, "text", (conversation,), ())
        data = _load_json(path)
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise ImportFileError(f"{path}: cannot read it ({exc})") from None
    if isinstance(data, dict):
        data = [data]  # one conversation on its own
    if not isinstance(data, list):
        raise ImportFileError(f"{path}: expected a list of conversations, found {type(data).__name__}")
    detected = _detect(data) if format == "auto" else format
    if detected == "chatgpt":
        parsed = chatgpt.parse(data)
    elif detected == "claude":
        parsed = claude.parse(data)
    elif detected == "sekha":
        parsed = backup.parse(data)
    else:
        raise ImportFileError(
            f"{path}: not a ChatGPT or Claude conversations.json or a sekha export (expected a list "
            "of conversations with 'mapping', 'chat_messages', or 'label', 'folder' and 'messages')"
        )
    return ParsedFile(
        path,
        detected,
        tuple(c for c in parsed if isinstance(c, SourceConversation)),
        tuple(c for c in parsed if isinstance(c, ParseFailure)),
    )


def _export_in(folder: Path) -> Path:
    """The ``conversations.json`` of an unzipped export (the shallowest, when there are several)."""
    found = sorted(folder.rglob(EXPORT_MEMBER), key=lambda p: (len(p.parts), str(p)))
    if not found:
        raise ImportFileError(f"{folder}: a folder without {EXPORT_MEMBER} (is it an unzipped export?)")
    return found[0]


def _load_json(path: Path) -> Any:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if Path(n).name == EXPORT_MEMBER]
            if not names:
                raise ImportFileError(f"{path}: the archive has no {EXPORT_MEMBER}")
            raw = archive.read(min(names, key=len))
    else:
        raw = path.read_bytes()
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ImportFileError(f"{path}: not valid JSON ({exc})") from None


def _detect(data: Any) -> str | None:
    if chatgpt.looks_like(data):
        return "chatgpt"
    if claude.looks_like(data):
        return "claude"
    if backup.looks_like(data):
        return "sekha"
    return None
