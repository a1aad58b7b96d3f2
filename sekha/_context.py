"""Context for a prompt: how chosen messages are rendered, fitted to a token budget, and handed to an LLM.

Both controllers' answers, and the local controller's own choice, go through the same two steps:
:func:`render` (messages grouped by conversation, each group under one citation line) and
:func:`fit` (the best-ranked messages whose rendering, citations included, fits the budget in
cl100k tokens). The local controller imports this module so that what it budgets is exactly
what the client renders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

import attrs

from sekha._shapes import as_mapping, role_of, text_of
from sekha._tokens import count_tokens

if TYPE_CHECKING:
    from sekha_api.models import StoredMessage

__all__ = [
    "AssembledContext",
    "Line",
    "by_conversation",
    "fit",
    "in_folders",
    "in_scope",
    "message_line",
    "render",
    "stored_order",
]

T = TypeVar("T")
OPENAI_ROLES = frozenset({"system", "developer", "user", "assistant", "tool"})
OPENAI_PARTS = frozenset({"text", "image_url", "input_audio", "file", "refusal"})
ANTHROPIC_BLOCKS = frozenset(
    {"text", "image", "document", "search_result", "tool_use", "tool_result", "thinking", "redacted_thinking"}
)
MEMORY_INSTRUCTIONS = "Relevant memory from earlier conversations:"
NO_MEMORY = "(no relevant memory)"


@attrs.frozen
class Line:
    """What rendering needs of one chosen message."""

    conversation: Hashable
    label: str
    folder: str
    time: dt.datetime
    role: str
    content: str

    @property
    def citation(self) -> str:
        """``[label · folder · YYYY-MM-DD HH:MM]``: where a group of messages comes from, and when."""
        return f"[{self.label} · {self.folder} · {self.time:%Y-%m-%d %H:%M}]"

    @property
    def turn(self) -> str:
        return f"{self.role}: {self.content}"


def in_folders(folder: str, folders: Iterable[str]) -> bool:
    """True when ``folder`` is one of ``folders`` or inside one: a path prefix, so ``/team`` holds
    ``/team/projects`` but not ``/teamwork``, and ``/`` holds every folder. Empty names match nothing."""
    for item in folders:
        if not item:
            continue
        base = item.rstrip("/")
        if folder.rstrip("/") == base or folder.startswith(base + "/"):
            return True
    return False


def render(lines: Sequence[Line]) -> str:
    """Consecutive messages of one conversation under one citation (its first message's time)."""
    blocks: list[list[str]] = []
    previous: Hashable = object()
    for line in lines:
        if line.conversation != previous:
            blocks.append([line.citation])
            previous = line.conversation
        blocks[-1].append(line.turn)
    return "\n\n".join("\n".join(block) for block in blocks)


def by_conversation(
    items: Iterable[T], conversation: Callable[[T], Hashable], order: Callable[[T], Any]
) -> list[T]:
    """Grouped by conversation, groups in the order they first appear, each group sorted by ``order``."""
    groups: dict[Hashable, list[T]] = {}
    for item in items:
        groups.setdefault(conversation(item), []).append(item)
    return [item for group in groups.values() for item in sorted(group, key=order)]


def fit(
    ranked: Sequence[T],
    budget: int,
    line: Callable[[T], Line],
    arrange: Callable[[list[T]], list[T]],
) -> list[T]:
    """The best of ``ranked`` (best first) whose arranged rendering has at most ``budget`` tokens.

    Messages are taken best first while their estimated cost (their turn, plus a citation line
    for the first of a conversation) fits; a message that does not fit is skipped and smaller
    ones may follow. The arranged rendering is then counted exactly and, while it is over the
    budget, the worst-ranked message left is dropped. Returns the kept items as ``arrange`` orders them.
    """
    kept: list[T] = []
    cited: set[Hashable] = set()
    used = 0
    for item in ranked:
        current = line(item)
        cost = count_tokens(current.turn + "\n")
        if current.conversation not in cited:
            cost += count_tokens(current.citation + "\n\n")
        if used + cost <= budget:
            kept.append(item)
            cited.add(current.conversation)
            used += cost
    arranged = arrange(kept)
    while kept and count_tokens(render([line(item) for item in arranged])) > budget:
        kept.pop()
        arranged = arrange(kept)
    return arranged


def message_line(message: StoredMessage) -> Line:
    """The rendering of a message context assembly chose (its citation names label and folder)."""
    citation = message.citation
    label, folder = (citation.label, citation.folder) if citation is not None else ("", "")
    return Line(message.conversation_id, label, folder, message.timestamp, message.role, message.content)


def in_scope(
    message: StoredMessage, labels: Sequence[str], folders: Sequence[str], excluded: Sequence[str]
) -> bool:
    """Whether a chosen message keeps to the labels and folders asked for (empty: any)."""
    citation = message.citation
    label, folder = (citation.label, citation.folder) if citation is not None else (None, "")
    if labels and label not in labels:
        return False
    if folders and not in_folders(folder, folders):
        return False
    return not in_folders(folder, excluded)


def stored_order(
    positions: Mapping[UUID, int] | None = None,
) -> Callable[[list[StoredMessage]], list[StoredMessage]]:
    """Arranges chosen messages by conversation, each conversation's messages by time and then by
    ``positions`` (their place in the conversation, for messages that share a timestamp)."""
    known = positions or {}
    return lambda messages: by_conversation(
        messages, lambda m: m.conversation_id, lambda m: (m.timestamp, known.get(m.id, len(known)))
    )


@attrs.frozen
class AssembledContext:
    """The messages chosen for ``query``: grouped by conversation (the best conversation first),
    each conversation's messages in their original order, each with ``message.citation``.

    ``context`` is that memory as text: one citation line per conversation, then its turns.
    ``token_count`` is the number of cl100k_base tokens of ``context``, exactly (an upper bound
    without the ``tokens`` extra, see :mod:`sekha._tokens`); it never exceeds the budget asked for.
    """

    query: str
    messages: tuple[StoredMessage, ...]

    @property
    def context(self) -> str:
        return render([message_line(m) for m in self.messages])

    @property
    def token_count(self) -> int:
        return count_tokens(self.context)

    @property
    def conversations_used(self) -> tuple[UUID, ...]:
        return tuple(dict.fromkeys(m.conversation_id for m in self.messages))

    def __len__(self) -> int:
        return len(self.messages)

    def as_system_prompt(self, instructions: str = MEMORY_INSTRUCTIONS) -> str:
        """One system prompt: the instructions, then the memory (or a note that there is none)."""
        return f"{instructions}\n\n{self.context}" if self.messages else f"{instructions}\n{NO_MEMORY}"

    def as_openai_messages(
        self,
        user_message: str | None = None,
        *,
        system: str | None = None,
        history: Iterable[Any] = (),
    ) -> list[dict[str, Any]]:
        """Chat Completions ``messages``: one system message (``system``, then the memory), the
        chat ``history``, then ``user_message``.

        ``history`` items already in OpenAI's shape (dicts, content parts and ``tool_calls``
        included) pass through as they are; anything else (stored messages, Anthropic blocks)
        becomes a text turn, and a ``tool`` turn without the call id it answers a user turn.
        """
        turns: list[dict[str, Any]] = [{"role": "system", "content": self._system(system)}]
        for item in history:
            item = as_mapping(item)
            if _shaped(item, OPENAI_PARTS) and (item["role"] != "tool" or "tool_call_id" in item):
                turns.append(dict(item))
            else:
                role, text = _plain_turn(item)
                turns.append({"role": "user" if role == "tool" else role, "content": text})
        if user_message is not None:
            turns.append({"role": "user", "content": user_message})
        return turns

    def as_anthropic_messages(
        self,
        user_message: str | None = None,
        *,
        system: str | None = None,
        history: Iterable[Any] = (),
    ) -> dict[str, Any]:
        """Messages API arguments ``{"system", "messages"}``: ``system`` then the memory in
        ``system``; the chat ``history`` and ``user_message`` in ``messages``.

        User and assistant turns already in Anthropic's shape (content blocks included) pass
        through as they are; system and developer turns join ``system``; anything else (stored
        messages, OpenAI tool calls) becomes a text turn, tool results user turns. The Messages API needs the
        conversation to start with a user turn: when it would not (no history and no
        ``user_message``, or a history that opens with the assistant), the memory becomes that
        first user turn instead of part of ``system``.
        """
        instructions = [system] if system else []
        turns: list[dict[str, Any]] = []
        for item in history:
            item = as_mapping(item)
            if _shaped(item, ANTHROPIC_BLOCKS) and item["role"] in ("user", "assistant"):
                turns.append(dict(item))
                continue
            role, text = _plain_turn(item)
            if role == "system":
                instructions.append(text)
            else:
                turns.append({"role": "user" if role == "tool" else role, "content": text})
        if user_message is not None:
            turns.append({"role": "user", "content": user_message})
        if turns and turns[0]["role"] == "user":
            instructions.append(self.as_system_prompt())
        else:
            turns.insert(0, {"role": "user", "content": self.as_system_prompt()})
        arguments: dict[str, Any] = {"messages": turns}
        if instructions:
            arguments["system"] = "\n\n".join(instructions)
        return arguments

    def _system(self, system: str | None) -> str:
        return f"{system}\n\n{self.as_system_prompt()}" if system else self.as_system_prompt()


def _shaped(item: Any, parts: frozenset[str]) -> bool:
    """Whether a history item is a dict a provider takes as it is: its own roles, content as text
    or as its own kinds of parts, no other provider's tool-call keys."""
    if not isinstance(item, Mapping) or not isinstance(item.get("role"), str):
        return False
    content = item.get("content")
    if parts is ANTHROPIC_BLOCKS:
        if item["role"] not in ("user", "assistant") or {"tool_calls", "function_call"} & item.keys():
            return False
    elif item["role"] not in OPENAI_ROLES or (content is None and not item.get("tool_calls")):
        return False
    if content is None or isinstance(content, str):
        return parts is OPENAI_PARTS or isinstance(content, str)
    return isinstance(content, list) and all(
        isinstance(p, Mapping) and p.get("type") in parts for p in content
    )


def _plain_turn(item: Any) -> tuple[str, str]:
    """A turn's role and text, from a dict in any LLM API's shape or an object with role and content."""
    if isinstance(item, Mapping):
        role, content = item.get("role"), item.get("content")
        extra = {"tool_calls": item.get("tool_calls"), "function_call": item.get("function_call")}
    else:
        role, content, extra = getattr(item, "role", None), getattr(item, "content", None), {}
    return role_of(role), text_of(content, **extra)
