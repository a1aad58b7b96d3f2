"""The values the SDK takes and returns: frozen, typed, with timezone-aware UTC timestamps.

Requests (:class:`MessageDto`, :class:`NewConversation`) validate themselves on construction so
bad input fails before any request. Responses are built from the generated ``sekha_api`` models by
the ``from_api`` constructors, which absorb the controller's quirks (naive timestamps, list rows
shaped as search hits, scores that are distances) in this one module.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from uuid import UUID

import attrs

from sekha import errors
from sekha_api.types import Unset

if TYPE_CHECKING:  # the generated models load on first use, keeping `import sekha` light
    from sekha_api import models as api

__all__ = [
    "AssembledContext",
    "ComponentHealth",
    "ContextMessage",
    "Conversation",
    "ConversationExport",
    "ConversationRecord",
    "ConversationSummary",
    "Health",
    "LabelSuggestion",
    "MemoryStats",
    "MessageDto",
    "NewConversation",
    "Page",
    "PruneReport",
    "PruningSuggestion",
    "SearchHit",
    "SearchResults",
    "StoredMessage",
    "Summary",
    "UpdateResult",
]

ROLES = frozenset({"user", "assistant", "system", "tool"})
PINNED_IMPORTANCE = 10
T = TypeVar("T")


def utc(value: dt.datetime) -> dt.datetime:
    """The controller sends UTC without saying so; make that explicit."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _optional(value: T | Unset | None) -> T | None:
    return None if isinstance(value, Unset) else value


def _json_object(value: Any) -> dict[str, Any]:
    if value is None or isinstance(value, Unset):
        return {}
    return dict(value) if isinstance(value, Mapping) else dict(value.to_dict())


def as_uuid(value: UUID | str, *, what: str = "conversation id") -> UUID:
    """Parse an id before sending it: a string that is not a UUID cannot name anything."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise errors.SekhaNotFoundError(f"{what} {value!r} is not a UUID, so nothing can have it") from None


# --- requests -----------------------------------------------------------------------------------


def _check_text(name: str, value: str) -> None:
    if not isinstance(value, str):
        raise errors.SekhaValidationError(f"{name} must be a string, got {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise errors.SekhaValidationError(f"{name} contains text that is not valid Unicode") from None


@attrs.frozen
class MessageDto:
    """One message to store. ``role`` is user, assistant, system or tool; ``content`` is not blank."""

    role: str
    content: str

    def __attrs_post_init__(self) -> None:
        if self.role not in ROLES:
            raise errors.SekhaValidationError(f"role must be one of {sorted(ROLES)}, got {self.role!r}")
        _check_text("content", self.content)
        if not self.content.strip():
            raise errors.SekhaValidationError("content must not be empty")

    @classmethod
    def coerce(cls, value: MessageDto | Mapping[str, Any]) -> MessageDto:
        """Accept a MessageDto or a plain ``{"role": …, "content": …}`` dict."""
        if isinstance(value, MessageDto):
            return value
        if not isinstance(value, Mapping):
            raise errors.SekhaValidationError(f"a message must be a MessageDto or a dict, got {value!r:.60}")
        missing = {"role", "content"} - value.keys()
        if missing:
            raise errors.SekhaValidationError(f"message is missing {', '.join(sorted(missing))}")
        return cls(role=value["role"], content=value["content"])

    def to_api(self) -> api.MessageDto:
        from sekha_api.models import MessageDto as ApiMessageDto

        return ApiMessageDto(role=self.role, content=self.content)


def _messages(values: Iterable[MessageDto | Mapping[str, Any]]) -> tuple[MessageDto, ...]:
    if isinstance(values, str | bytes | Mapping):
        raise errors.SekhaValidationError("messages must be a list of messages")
    return tuple(MessageDto.coerce(v) for v in values)


@attrs.frozen
class NewConversation:
    """A conversation to store. Label and folder fall back to the client's defaults when None."""

    messages: tuple[MessageDto, ...] = attrs.field(converter=_messages)
    label: str | None = None
    folder: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.messages:
            raise errors.SekhaValidationError("a conversation needs at least one message")
        for name in ("label", "folder"):
            value = getattr(self, name)
            if value is not None:
                _check_text(name, value)

    def to_api(self, *, default_label: str, default_folder: str) -> api.NewConversation:
        from sekha_api.models import NewConversation as ApiNewConversation

        return ApiNewConversation(
            label=self.label if self.label is not None else default_label,
            folder=self.folder if self.folder is not None else default_folder,
            messages=[m.to_api() for m in self.messages],
        )


# --- conversations ------------------------------------------------------------------------------


@attrs.frozen
class Conversation:
    """A stored conversation (the controller returns it without messages)."""

    id: UUID
    label: str
    folder: str
    status: str
    message_count: int
    created_at: dt.datetime

    @property
    def conversation_id(self) -> UUID:
        return self.id

    @property
    def archived(self) -> bool:
        return self.status == "archived"

    @classmethod
    def from_api(cls, value: api.Conversation | api.CreatedConversation) -> Conversation:
        return cls(
            id=value.id,
            label=value.label,
            folder=value.folder,
            status=value.status,
            message_count=int(value.message_count),
            created_at=utc(value.created_at),
        )


@attrs.frozen
class ConversationSummary:
    """A row of the conversation list: what the controller tells about each conversation there."""

    id: UUID
    label: str
    folder: str
    status: str
    importance_score: int
    updated_at: dt.datetime

    @property
    def pinned(self) -> bool:
        return self.importance_score >= PINNED_IMPORTANCE

    @property
    def archived(self) -> bool:
        return self.status == "archived"

    @classmethod
    def from_api(cls, row: api.ConversationSummary) -> ConversationSummary:
        """List rows arrive dressed as search hits; the real fields hide in ``metadata``."""
        return cls(
            id=row.conversation_id,
            label=row.label,
            folder=row.folder,
            status=row.metadata.status,
            importance_score=row.metadata.importance_score,
            updated_at=utc(row.timestamp),
        )


@attrs.frozen
class Page(Generic[T]):
    """One page of a listing; pages are numbered from 1."""

    items: tuple[T, ...]
    total: int
    page: int
    page_size: int

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_next(self) -> bool:
        return self.page_size > 0 and self.page * self.page_size < self.total


@attrs.frozen
class StoredMessage:
    """A stored message, as full-text search, export and context assembly return it."""

    id: UUID
    conversation_id: UUID
    role: str
    content: str
    timestamp: dt.datetime
    metadata: dict[str, Any] = attrs.field(factory=dict)

    @classmethod
    def from_api(cls, value: api.StoredMessage) -> StoredMessage:
        return cls(
            id=value.id,
            conversation_id=value.conversation_id,
            role=value.role,
            content=value.content,
            timestamp=utc(value.timestamp),
            metadata=_json_object(_optional(value.metadata)),
        )


# --- search -------------------------------------------------------------------------------------


@attrs.frozen
class SearchHit:
    """A semantic search hit.

    ``score`` is what the controller sends: a cosine *distance* from 0 (same meaning) to 2
    (opposite), so lower is closer. ``similarity`` rescales it to [0, 1] with 1 the closest:
    ``1 - score / 2``.
    """

    conversation_id: UUID
    message_id: UUID
    content: str
    label: str
    folder: str
    score: float
    timestamp: dt.datetime
    metadata: Any = None

    @property
    def similarity(self) -> float:
        return min(1.0, max(0.0, 1.0 - self.score / 2.0))

    @property
    def role(self) -> str | None:
        role = self.metadata.get("role") if isinstance(self.metadata, dict) else None
        return role if isinstance(role, str) else None

    @classmethod
    def from_api(cls, value: api.SearchHit) -> SearchHit:
        return cls(
            conversation_id=value.conversation_id,
            message_id=value.message_id,
            content=value.content,
            label=value.label,
            folder=value.folder,
            score=float(value.score),
            timestamp=utc(value.timestamp),
            metadata=value.metadata,
        )


@attrs.frozen
class SearchResults:
    """Semantic search results, closest first."""

    query: str
    results: tuple[SearchHit, ...]
    total: int
    limit: int

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


# --- context ------------------------------------------------------------------------------------


def estimate_tokens(text: str) -> int:
    """The controller's own accounting: a quarter of the UTF-8 byte length, rounded up."""
    return math.ceil(len(text.encode("utf-8")) / 4)


@attrs.frozen
class ContextMessage:
    """A message chosen for a context, with where it came from."""

    message: StoredMessage
    label: str
    folder: str

    @property
    def citation(self) -> str:
        when = self.message.timestamp.strftime("%Y-%m-%d %H:%M")
        return f"[{self.label} · {self.folder} · {when}]"

    @classmethod
    def from_api(cls, value: api.StoredMessage) -> ContextMessage:
        message = StoredMessage.from_api(value)
        citation = message.metadata.get("citation")
        cited = citation if isinstance(citation, dict) else {}
        return cls(message=message, label=str(cited.get("label", "")), folder=str(cited.get("folder", "")))


@attrs.frozen
class AssembledContext:
    """What context assembly chose for a query, best first, ready to put in a prompt.

    ``token_count`` estimates the tokens of ``context`` the way the controller budgets them
    (UTF-8 bytes / 4); real tokenizers differ, more so for code and non-English text.
    """

    query: str
    messages: tuple[ContextMessage, ...]

    @property
    def context(self) -> str:
        return "\n\n".join(f"{m.citation} {m.message.role}: {m.message.content}" for m in self.messages)

    @property
    def token_count(self) -> int:
        return estimate_tokens(self.context)

    @property
    def conversations_used(self) -> tuple[UUID, ...]:
        return tuple(dict.fromkeys(m.message.conversation_id for m in self.messages))

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


# --- intelligence -------------------------------------------------------------------------------


@attrs.frozen
class Summary:
    conversation_id: UUID
    level: str
    summary: str
    generated_at: dt.datetime

    @classmethod
    def from_api(cls, value: api.Summary) -> Summary:
        return cls(value.conversation_id, value.level, value.summary, utc(value.generated_at))


@attrs.frozen
class PruningSuggestion:
    """A conversation the controller thinks could be archived (or should be kept)."""

    conversation_id: UUID
    label: str
    last_accessed: dt.datetime
    message_count: int
    token_estimate: int
    importance_score: float
    preview: str
    recommendation: str

    @property
    def id(self) -> UUID:
        return self.conversation_id

    @property
    def should_archive(self) -> bool:
        return self.recommendation == "archive"

    @property
    def reason(self) -> str:
        """Why, in words: the controller's preview of what archiving would lose."""
        detail = (
            self.preview.strip() or f"{self.message_count} messages, importance {self.importance_score:g}"
        )
        return f"{self.recommendation}: {detail}"

    @classmethod
    def from_api(cls, value: api.PruningSuggestion) -> PruningSuggestion:
        return cls(
            conversation_id=value.conversation_id,
            label=value.conversation_label,
            last_accessed=utc(value.last_accessed),
            message_count=int(value.message_count),
            token_estimate=int(value.token_estimate),
            importance_score=float(value.importance_score),
            preview=value.preview,
            recommendation=value.recommendation,
        )


@attrs.frozen
class LabelSuggestion:
    label: str
    confidence: float
    is_existing: bool
    reason: str

    @classmethod
    def from_api(cls, value: api.LabelSuggestion) -> LabelSuggestion:
        return cls(value.label, float(value.confidence), bool(value.is_existing), value.reason)


# --- system -------------------------------------------------------------------------------------


@attrs.frozen
class ComponentHealth:
    """One component's state; ``pending`` and ``embedded`` count the local controller's messages."""

    status: str
    error: str | None = None
    pending: int | None = None
    embedded: int | None = None
    model: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@attrs.frozen
class Health:
    """The controller's health; ``healthy`` is False when it answered 503 (with or without detail)."""

    status: str
    http_status: int
    timestamp: dt.datetime | None = None
    checks: Mapping[str, ComponentHealth] = attrs.field(factory=dict)

    @property
    def healthy(self) -> bool:
        return self.http_status == 200 and self.status == "healthy"

    @classmethod
    def from_api(cls, value: api.Health | str, http_status: int) -> Health:
        from sekha_api.models import Health as ApiHealth

        if isinstance(value, str):  # 503: an empty body (real controller) or JSON (local controller)
            try:
                value = ApiHealth.from_dict(json.loads(value))
            except (ValueError, KeyError, TypeError, AttributeError):
                return cls(status="unhealthy", http_status=http_status)
        checks = {
            name: ComponentHealth(
                check.status,
                _optional(check.error),
                _optional(check.pending),
                _optional(check.embedded),
                _optional(check.model),
            )
            for name, check in value.checks.additional_properties.items()
        }
        return cls(value.status, http_status, utc(value.timestamp), checks)


# --- MCP tools ----------------------------------------------------------------------------------


@attrs.frozen
class UpdateResult:
    conversation_id: UUID
    updated_fields: tuple[str, ...]
    message: str

    @classmethod
    def from_api(cls, value: api.UpdateResult) -> UpdateResult:
        return cls(value.conversation_id, tuple(value.updated_fields), value.message)


@attrs.frozen
class ConversationRecord:
    """A conversation's full record (MCP ``memory_get_context`` and ``memory_export``)."""

    id: UUID
    label: str
    folder: str
    status: str
    importance_score: int
    word_count: int
    session_count: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def pinned(self) -> bool:
        return self.importance_score >= PINNED_IMPORTANCE

    @classmethod
    def from_api(cls, value: api.ConversationRecord | api.ExportedConversation) -> ConversationRecord:
        from sekha_api.models import ConversationRecord as ApiRecord

        ident = value.conversation_id if isinstance(value, ApiRecord) else value.id
        return cls(
            id=ident,
            label=value.label,
            folder=value.folder,
            status=value.status,
            importance_score=int(value.importance_score),
            word_count=int(value.word_count),
            session_count=int(value.session_count),
            created_at=utc(value.created_at),
            updated_at=utc(value.updated_at),
        )


@attrs.frozen
class ConversationExport:
    """A conversation with every message, oldest first."""

    conversation: ConversationRecord
    messages: tuple[StoredMessage, ...]

    @classmethod
    def from_api(cls, value: api.ConversationExport) -> ConversationExport:
        record = ConversationRecord.from_api(value.conversation)
        messages = tuple(
            StoredMessage(
                id=m.id,
                conversation_id=record.id,
                role=m.role,
                content=m.content,
                timestamp=utc(m.timestamp),
                metadata=_json_object(_optional(m.metadata)),
            )
            for m in value.messages
        )
        return cls(record, messages)


@attrs.frozen
class PruneReport:
    threshold_days: int
    importance_threshold: float
    estimated_token_savings: int
    suggestions: tuple[PruningSuggestion, ...]

    @classmethod
    def from_api(cls, value: api.PruneReport) -> PruneReport:
        return cls(
            int(value.threshold_days),
            float(value.importance_threshold),
            int(value.estimated_token_savings),
            tuple(PruningSuggestion.from_api(s) for s in value.suggestions),
        )


@attrs.frozen
class MemoryStats:
    total_conversations: int
    average_importance: float
    folders: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()

    @classmethod
    def from_api(cls, value: api.MemoryStats) -> MemoryStats:
        return cls(
            int(value.total_conversations),
            float(value.average_importance),
            tuple(_optional(value.folders) or ()),
            tuple(_optional(value.labels) or ()),
        )


def hits_from_api(rows: Sequence[api.SearchHit]) -> tuple[SearchHit, ...]:
    return tuple(SearchHit.from_api(r) for r in rows)
