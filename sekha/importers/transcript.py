"""Plain markdown or text transcripts: one conversation per file, turns marked by a speaker.

A turn starts at a line naming the speaker, either inline (``User: hello``, ``**Assistant:** hi``)
or as a heading on its own (``## User``). Everything up to the next such line belongs to that
turn. A leading ``# Title`` heading names the conversation; otherwise the file name does.
"""

from __future__ import annotations

import hashlib
import re

from sekha.importers.model import SourceConversation, SourceMessage

__all__ = ["parse"]

SOURCE = "text"
SPEAKERS = {
    "user": "user",
    "human": "user",
    "assistant": "assistant",
    "ai": "assistant",
    "chatgpt": "assistant",
    "claude": "assistant",
    "system": "system",
}
_NAMES = "|".join(SPEAKERS)
_HEADING_TURN = re.compile(rf"^#{{1,6}}\s+\**({_NAMES})\**\s*:?\s*$", re.IGNORECASE)
_INLINE_TURN = re.compile(rf"^\**({_NAMES})\**\s*:\s*(?:\*\*\s*)?(.*)$", re.IGNORECASE)
_TITLE = re.compile(r"^#\s+(.+?)\s*$")


def parse(text: str, *, name: str) -> SourceConversation:
    """The transcript's conversation; ``name`` (the file name) is its fallback title and id.

    Raises ValueError when no line names a speaker.
    """
    title: str | None = None
    turns: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        speaker, rest = _turn(line)
        if speaker is not None:
            turns.append((speaker, [rest] if rest else []))
        elif turns:
            turns[-1][1].append(line)
        elif title is None and (heading := _TITLE.match(line)):
            title = heading.group(1)
    if not turns:
        raise ValueError("no line names a speaker (such as 'User:', 'Assistant:' or '## User')")
    messages = tuple(
        SourceMessage(role=role, content=content)
        for role, lines in turns
        if role in ("user", "assistant") and (content := "\n".join(lines).strip())
    )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return SourceConversation(
        source=SOURCE, source_id=f"{name}:{digest}", title=title or name, messages=messages
    )


def _turn(line: str) -> tuple[str | None, str]:
    match = _HEADING_TURN.match(line.strip()) or _INLINE_TURN.match(line.strip())
    if match is None:
        return None, ""
    rest = match.group(2).strip() if match.re is _INLINE_TURN else ""
    return SPEAKERS[match.group(1).lower()], rest.removeprefix("**").strip()
