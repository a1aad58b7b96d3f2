"""AssembledContext: what context assembly chose for a query, and the renderers that put it in a prompt."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

import attrs

if TYPE_CHECKING:
    from sekha_api.models import StoredMessage

__all__ = ["AssembledContext", "cite", "estimate_tokens"]


def estimate_tokens(text: str) -> int:
    """The controller's own accounting: a quarter of the UTF-8 byte length, rounded up."""
    return math.ceil(len(text.encode("utf-8")) / 4)


def cite(message: StoredMessage) -> str:
    """``[label · folder · YYYY-MM-DD HH:MM]``: where a context message comes from, and when."""
    citation = message.citation
    label, folder = (citation.label, citation.folder) if citation is not None else ("", "")
    return f"[{label} · {folder} · {message.timestamp:%Y-%m-%d %H:%M}]"


@attrs.frozen
class AssembledContext:
    """The messages that serve ``query``, best first, each with its citation (``message.citation``).

    ``token_count`` estimates the tokens of ``context`` the way the controller budgets them
    (UTF-8 bytes / 4); real tokenizers differ, more so for code and non-English text.
    """

    query: str
    messages: tuple[StoredMessage, ...]

    @classmethod
    def chosen(cls, query: str, messages: Iterable[StoredMessage]) -> AssembledContext:
        """The context the assembly route answered, each message once (the real controller repeats some)."""
        return cls(query, tuple({message.id: message for message in messages}.values()))

    @property
    def context(self) -> str:
        return "\n\n".join(f"{cite(m)} {m.role}: {m.content}" for m in self.messages)

    @property
    def token_count(self) -> int:
        return estimate_tokens(self.context)

    @property
    def conversations_used(self) -> tuple[UUID, ...]:
        return tuple(dict.fromkeys(m.conversation_id for m in self.messages))

    def __len__(self) -> int:
        return len(self.messages)

    def as_system_prompt(self, instructions: str = "Relevant memory from earlier conversations:") -> str:
        """One system prompt: the instructions, then each message with its citation."""
        if not self.messages:
            return instructions + "\n(no relevant memory)"
        return f"{instructions}\n\n{self.context}"

    def as_openai_messages(self, user_message: str | None = None) -> list[dict[str, str]]:
        """Chat Completions messages: the memory as a system message, then the user's turn."""
        out = [{"role": "system", "content": self.as_system_prompt()}]
        if user_message is not None:
            out.append({"role": "user", "content": user_message})
        return out

    def as_anthropic_messages(self, user_message: str | None = None) -> dict[str, Any]:
        """Messages API arguments: memory goes in ``system``, the user's turn in ``messages``."""
        return {
            "system": self.as_system_prompt(),
            "messages": [] if user_message is None else [{"role": "user", "content": user_message}],
        }
