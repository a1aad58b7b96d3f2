"""What the SDK adds to the generated models: request validation and values derived from a body.

Each class of ``sekha_api.models`` whose schema names an ``x-sekha-mixin`` in openapi/sekha.yaml
inherits the class of that name from here. Fields are declared by the generated model alone; a
mixin only annotates the ones it reads, for the type checker. The generated models import this
module while they load, so it must not import ``sekha_api`` at module level.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast
from uuid import UUID

import attrs

from sekha import _checks as check
from sekha._shapes import as_mapping, role_of, text_of
from sekha.errors import SekhaValidationError

if TYPE_CHECKING:
    from typing import Self

    from sekha_api.models import (
        Citation,
        ConversationSummary,  # noqa: F401 (named in a string type argument below)
        ConversationSummaryMetadata,
        Health,
        MessageDto,
        MessageMetadata,
        SearchHit,  # noqa: F401
    )

PINNED_IMPORTANCE = 10
"""Pinning sets a conversation's importance to 10; a conversation at 10 or above counts as pinned."""

Item = TypeVar("Item")


# --- requests: validated on construction, so bad input fails before any request ------------------


class MessageDtoMixin:
    """A message to store: a role and its text, from any shape LLM APIs give them in.

    ``role`` becomes user, assistant, system or tool (``developer`` is system, see
    :mod:`sekha._shapes`); ``content`` may be text or a list of OpenAI parts or Anthropic blocks,
    which are reduced to text; ``created_at`` is when it was originally written (an aware or
    naive-UTC datetime, or ISO 8601 text), kept by controllers that announce
    ``original_timestamps``. Bad input raises SekhaValidationError before any request.
    """

    __slots__ = ()
    role: str
    content: str
    created_at: dt.datetime | None

    if TYPE_CHECKING:

        def __init__(self, role: str, content: str, created_at: dt.datetime | None = None) -> None: ...

    def __attrs_post_init__(self) -> None:
        # the slots are the generated subclass's
        object.__setattr__(self, "role", role_of(self.role))
        if not isinstance(self.content, str):
            object.__setattr__(self, "content", text_of(self.content))
        check.text("content", self.content)
        if self.created_at is not None:
            object.__setattr__(self, "created_at", check.moment("created_at", self.created_at))

    @classmethod
    def coerce(cls, value: Self | Mapping[str, Any] | Any) -> Self:
        """A message from a MessageDto, a dict, or an openai/anthropic message object.

        Dicts may have OpenAI's ``tool_calls``/``function_call`` beside ``content``, and an
        original ``created_at``.
        """
        if isinstance(value, cls):
            return value
        value = as_mapping(value)
        if not isinstance(value, Mapping):
            raise SekhaValidationError(f"a message must be a MessageDto or a dict, got {value!r:.60}")
        if "role" not in value:
            raise SekhaValidationError("message is missing role")
        if "content" not in value and not value.get("tool_calls") and not value.get("function_call"):
            raise SekhaValidationError("message is missing content")
        content = text_of(
            value.get("content"), tool_calls=value.get("tool_calls"), function_call=value.get("function_call")
        )
        return cls(role=value["role"], content=content, created_at=value.get("created_at"))

    def without_time(self) -> Self:
        """This message without its original time (for a controller that cannot keep one)."""
        return cast("Self", attrs.evolve(cast(Any, self), created_at=None))


def messages_of(values: Iterable[MessageDto | Mapping[str, Any]]) -> list[MessageDto]:
    """Messages to store, from MessageDto objects or ``{"role", "content"}`` dicts."""
    from sekha_api.models import MessageDto

    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise SekhaValidationError("messages must be a list of messages")
    return [MessageDto.coerce(value) for value in values]


class NewConversationMixin:
    """At least one valid message; ``label`` and ``folder`` fall back to the client's defaults when
    None; ``created_at``, when given, is when the conversation originally started."""

    __slots__ = ()
    messages: list[MessageDto]
    label: str | None
    folder: str | None
    created_at: dt.datetime | None

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "messages", messages_of(self.messages))  # the slot is the subclass's
        if not self.messages:
            raise SekhaValidationError("a conversation needs at least one message")
        check.optional_text("label", self.label, allow_empty=True)
        check.optional_text("folder", self.folder, allow_empty=True)
        if self.created_at is not None:
            object.__setattr__(self, "created_at", check.moment("created_at", self.created_at))

    def with_defaults(self, *, label: str, folder: str) -> Self:
        """This conversation with ``label`` and ``folder`` wherever it has none (the wire needs both)."""
        label = self.label if self.label is not None else label
        folder = self.folder if self.folder is not None else folder
        return cast("Self", attrs.evolve(cast(Any, self), label=label, folder=folder))

    @property
    def has_times(self) -> bool:
        """Whether the conversation or any of its messages carries an original time."""
        return self.created_at is not None or any(m.created_at is not None for m in self.messages)

    def without_times(self) -> Self:
        """This conversation with no original times (for a controller that cannot keep them)."""
        messages = [m.without_time() for m in self.messages]
        return cast("Self", attrs.evolve(cast(Any, self), messages=messages, created_at=None))


# --- conversations --------------------------------------------------------------------------------


class ArchivableMixin:
    __slots__ = ()
    status: str

    @property
    def archived(self) -> bool:
        return self.status == "archived"


class ConversationMixin(ArchivableMixin):
    __slots__ = ()
    id: UUID

    @property
    def conversation_id(self) -> UUID:
        """The same as ``id``, as the create route and every other body name it."""
        return self.id


class RecordMixin(ArchivableMixin):
    """A conversation's full record (MCP ``memory_get_context`` and ``memory_export``)."""

    __slots__ = ()
    importance_score: int

    @property
    def pinned(self) -> bool:
        return self.importance_score >= PINNED_IMPORTANCE


class ConversationSummaryMixin:
    """A list row: the conversation's own values, read from where the search-hit shape hides them."""

    __slots__ = ()
    conversation_id: UUID
    metadata: ConversationSummaryMetadata
    timestamp: dt.datetime

    @property
    def id(self) -> UUID:
        return self.conversation_id

    @property
    def status(self) -> str:
        return self.metadata.status

    @property
    def importance_score(self) -> int:
        return self.metadata.importance_score

    @property
    def updated_at(self) -> dt.datetime:
        return self.timestamp

    @property
    def pinned(self) -> bool:
        return self.importance_score >= PINNED_IMPORTANCE

    @property
    def archived(self) -> bool:
        return self.status == "archived"


class ResultsMixin(Generic[Item]):
    """A body with ``results``: iterating it, or taking its length, goes over those."""

    __slots__ = ()
    results: list[Item]

    def __iter__(self) -> Iterator[Item]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


class ConversationPageMixin(ResultsMixin["ConversationSummary"]):
    __slots__ = ()
    total: int
    page: int
    page_size: int

    @property
    def has_next(self) -> bool:
        return self.page_size > 0 and self.page * self.page_size < self.total


class QueryResponseMixin(ResultsMixin["SearchHit"]):
    __slots__ = ()


class MemorySearchResultsMixin(ResultsMixin["SearchHit"]):
    __slots__ = ()


# --- search and messages --------------------------------------------------------------------------


class SearchHitMixin:
    """``score`` is what the controller sends: a cosine *distance* from 0 (same meaning) to 2.

    ``similarity`` rescales it to [0, 1] with 1 the closest: ``1 - score / 2``.
    """

    __slots__ = ()
    score: float
    metadata: Any

    @property
    def similarity(self) -> float:
        return min(1.0, max(0.0, 1.0 - self.score / 2.0))

    @property
    def role(self) -> str | None:
        """Who wrote the message, when the hit's metadata says."""
        role = self.metadata.get("role") if isinstance(self.metadata, dict) else None
        return role if isinstance(role, str) else None


class StoredMessageMixin:
    __slots__ = ()
    metadata: MessageMetadata | None

    @property
    def citation(self) -> Citation | None:
        """Where a message chosen by context assembly comes from (None for other messages)."""
        return None if self.metadata is None else self.metadata.citation


# --- intelligence ---------------------------------------------------------------------------------


class PruningSuggestionMixin:
    __slots__ = ()
    conversation_id: UUID
    recommendation: str
    preview: str
    message_count: int
    importance_score: float

    @property
    def id(self) -> UUID:
        return self.conversation_id

    @property
    def should_archive(self) -> bool:
        return self.recommendation == "archive"

    @property
    def reason(self) -> str:
        """Why, in words: the recommendation and the controller's preview of what archiving loses."""
        detail = (
            self.preview.strip() or f"{self.message_count} messages, importance {self.importance_score:g}"
        )
        return f"{self.recommendation}: {detail}"


# --- system ---------------------------------------------------------------------------------------


class HealthMixin:
    __slots__ = ()
    status: str

    @property
    def healthy(self) -> bool:
        return self.status == "healthy"


def health_of_503(content: bytes) -> Health:
    """The health a 503 reports: the local controller's JSON, or, for the real controller's empty
    body, "unhealthy" with no checks at the moment the answer arrived."""
    from sekha_api.models import Health, HealthChecks

    try:
        return Health.from_dict(json.loads(content))
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError, RecursionError):
        return Health(status="unhealthy", timestamp=dt.datetime.now(dt.UTC), checks=HealthChecks())


class CapabilitiesMixin:
    """``supports(name)``: whether the server announced an extension, named in the contract or not."""

    __slots__ = ()

    if TYPE_CHECKING:

        def to_dict(self) -> dict[str, Any]: ...  # the generated model's

    def supports(self, name: str) -> bool:
        return self.to_dict().get(name) is True  # a malformed announcement ("yes", 1) is not one


class ComponentHealthMixin:
    """One component's state; the local controller adds its embedding backlog (``pending``, ``embedded``)."""

    __slots__ = ()
    status: str

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class MapMixin(Mapping[str, Any]):
    """A body that is only a map of names to values (like health ``checks``) reads as a Mapping."""

    __slots__ = ()
    additional_properties: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.additional_properties)

    def __len__(self) -> int:
        return len(self.additional_properties)
