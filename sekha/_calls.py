"""Every operation as a plain value: which generated endpoint, with what arguments, read how.

Both clients build these and hand them to their ``_run``; all validation, request shaping and
response reading lives here once, so the async client and the sync client derived from it differ
only in how they wait for I/O.

Generated modules are imported on first use, so ``import sekha`` stays light. Their
``_get_kwargs`` and ``_parse_response`` are used directly: the public
``*_detailed`` functions hide the request behind a response and cannot report a body that fails
to parse together with the raw text, both of which the error types promise.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar
from uuid import UUID

import attrs
import httpx

from sekha import errors
from sekha import models as m
from sekha_api.types import UNSET

if TYPE_CHECKING:
    from sekha_api import models as api
    from sekha_api.client import AuthenticatedClient, Client

T = TypeVar("T")

MAX_LIMIT = 1000
MAX_TOKEN_BUDGET = 10_000_000


class Endpoint(Protocol):
    """A generated endpoint module, seen through the two functions the SDK calls."""

    def _get_kwargs(self, *args: Any, **kwargs: Any) -> dict[str, Any]: ...

    def _parse_response(self, *args: Any, **kwargs: Any) -> Any: ...


@attrs.frozen
class Call(Generic[T]):
    """One request to make and how to turn its response into the SDK's value."""

    operation: str  # "<tag>.<operationId>", the generated module under sekha_api.api
    arguments: Mapping[str, Any]
    read: Callable[[Any, int], T]
    accept: frozenset[int] = frozenset()  # non-2xx statuses that `read` answers instead of raising

    @property
    def endpoint(self) -> Endpoint:
        module: Endpoint = importlib.import_module(f"sekha_api.api.{self.operation}")
        return module

    def request_kwargs(self) -> dict[str, Any]:
        return self.endpoint._get_kwargs(**self.arguments)

    def finish(self, response: httpx.Response, api_client: Client | AuthenticatedClient) -> T:
        """Raise the mapped error, or parse and convert the body."""
        status = response.status_code
        if not 200 <= status < 300 and status not in self.accept:
            raise errors.error_from_response(response)
        try:
            return self.read(self.endpoint._parse_response(client=api_client, response=response), status)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            request = errors.request_of(response)
            where = f" to {request.method} {request.url.path}" if request is not None else ""
            raise errors.SekhaDecodeError(
                f"the {status} response{where} is not what the contract describes "
                f"({type(exc).__name__}: {exc})",
                raw=response.text,
                status_code=status,
                request=request,
            ) from exc


def transport_error(exc: httpx.HTTPError, request_kwargs: Mapping[str, Any]) -> errors.SekhaError:
    """The SDK's exception for a request that did not complete."""
    what = f"{str(request_kwargs.get('method', '')).upper()} {request_kwargs.get('url', '')}"
    request = exc.request if isinstance(exc, httpx.RequestError) else None
    if isinstance(exc, httpx.TimeoutException):
        return errors.SekhaTimeoutError(f"{what} timed out ({type(exc).__name__})", request=request)
    detail = str(exc) or type(exc).__name__
    return errors.SekhaConnectionError(f"{what} failed: {detail}", request=request)


# --- validation ---------------------------------------------------------------------------------


def _whole(name: str, value: int, *, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise errors.SekhaValidationError(f"{name} must be a whole number, got {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f">= {low}"
        raise errors.SekhaValidationError(f"{name} must be {bound}, got {value}")
    return value


def _text(name: str, value: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise errors.SekhaValidationError(f"{name} must be a string, got {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise errors.SekhaValidationError(f"{name} must not be empty")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise errors.SekhaValidationError(f"{name} contains text that is not valid Unicode") from None
    return value


def _texts(name: str, values: Iterable[str] | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        raise errors.SekhaValidationError(f"{name} must be a list of strings, not one string")
    return [_text(name, v, allow_empty=True) for v in values]


def _nothing(_: Any, __: int) -> None:
    return None


# --- MCP envelope -------------------------------------------------------------------------------


class _Envelope(Protocol):
    success: bool
    data: Any
    error: Any


def _unwrap(envelope: _Envelope, status: int) -> Any:
    """MCP tools answer 200 even when they fail; surface that as an error."""
    if not envelope.success:
        message = envelope.error if isinstance(envelope.error, str) and envelope.error else "the tool failed"
        raise errors.SekhaValidationError(
            message, status_code=status, body={"success": False, "error": message}
        )
    if envelope.data is None:
        raise ValueError("success without data")
    return envelope.data


# --- conversations ------------------------------------------------------------------------------


def create_conversation(
    conversation: m.NewConversation, *, default_label: str, default_folder: str, idempotency_key: str | None
) -> Call[m.Conversation]:
    body = conversation.to_api(default_label=default_label, default_folder=default_folder)
    key = UNSET if idempotency_key is None else _text("idempotency_key", idempotency_key)
    return Call(
        "conversations.create_conversation",
        {"body": body, "idempotency_key": key},
        lambda parsed, _: m.Conversation.from_api(parsed),
    )


def get_conversation(conversation_id: UUID | str) -> Call[m.Conversation]:
    return Call(
        "conversations.get_conversation",
        {"id": m.as_uuid(conversation_id)},
        lambda parsed, _: m.Conversation.from_api(parsed),
    )


def list_conversations(
    *,
    label: str | None,
    folder: str | None,
    pinned: bool | None,
    archived: bool | None,
    page: int,
    page_size: int,
) -> Call[m.Page[m.ConversationSummary]]:

    arguments: dict[str, Any] = {
        "page": _whole("page", page, low=1),
        "page_size": _whole("page_size", page_size, low=1, high=MAX_LIMIT),
        "label": UNSET if label is None else _text("label", label, allow_empty=True),
        "folder": UNSET if folder is None else _text("folder", folder, allow_empty=True),
        "pinned": UNSET if pinned is None else bool(pinned),
        "archived": UNSET if archived is None else bool(archived),
    }

    def read(parsed: api.ConversationPage, _: int) -> m.Page[m.ConversationSummary]:
        rows = tuple(m.ConversationSummary.from_api(r) for r in parsed.results)
        return m.Page(rows, int(parsed.total), int(parsed.page), int(parsed.page_size))

    return Call("conversations.list_conversations", arguments, read)


def count_conversations(*, label: str | None, folder: str | None) -> Call[int]:

    if label is not None and folder is not None:
        raise errors.SekhaValidationError(
            "count by label or by folder, not both (the controller counts neither)"
        )

    def read(parsed: api.ConversationCount, status: int) -> int:
        if isinstance(parsed.error, str):
            raise errors.SekhaValidationError(parsed.error, status_code=status, body=parsed.to_dict())
        return int(parsed.count)

    arguments = {
        "label": UNSET if label is None else _text("label", label, allow_empty=True),
        "folder": UNSET if folder is None else _text("folder", folder, allow_empty=True),
    }
    return Call("conversations.count_conversations", arguments, read)


def delete_conversation(conversation_id: UUID | str) -> Call[None]:
    return Call("conversations.delete_conversation", {"id": m.as_uuid(conversation_id)}, _nothing)


def update_label(conversation_id: UUID | str, label: str, folder: str) -> Call[None]:
    from sekha_api import models as api

    body = api.UpdateLabelRequest(
        label=_text("label", label, allow_empty=True), folder=_text("folder", folder)
    )
    return Call("conversations.update_label", {"id": m.as_uuid(conversation_id), "body": body}, _nothing)


def update_folder(conversation_id: UUID | str, folder: str) -> Call[None]:
    from sekha_api import models as api

    body = api.UpdateFolderRequest(folder=_text("folder", folder))
    return Call("conversations.update_folder", {"id": m.as_uuid(conversation_id), "body": body}, _nothing)


def pin(conversation_id: UUID | str) -> Call[None]:
    return Call("conversations.pin_conversation", {"id": m.as_uuid(conversation_id)}, _nothing)


def archive(conversation_id: UUID | str) -> Call[None]:
    return Call("conversations.archive_conversation", {"id": m.as_uuid(conversation_id)}, _nothing)


# --- search and context -------------------------------------------------------------------------


def semantic_query(query: str, *, limit: int, offset: int, filters: Any) -> Call[m.SearchResults]:
    from sekha_api import models as api

    body = api.QueryRequest(
        query=_text("query", query),
        limit=_whole("limit", limit, low=1, high=MAX_LIMIT),
        offset=_whole("offset", offset, low=0),
        filters=UNSET if filters is None else filters,
    )

    def read(parsed: api.QueryResponse, _: int) -> m.SearchResults:
        hits = m.hits_from_api(parsed.results)
        return m.SearchResults(query=query, results=hits, total=int(parsed.total), limit=limit)

    return Call("search.semantic_query", {"body": body}, read)


def full_text_search(query: str, *, limit: int) -> Call[list[m.StoredMessage]]:
    from sekha_api import models as api

    body = api.FullTextSearchRequest(
        query=_text("query", query), limit=_whole("limit", limit, low=1, high=MAX_LIMIT)
    )
    return Call(
        "search.full_text_search",
        {"body": body},
        lambda parsed, _: [m.StoredMessage.from_api(r) for r in parsed.results],
    )


def assemble_context(
    query: str,
    *,
    preferred_labels: Sequence[str] | None,
    token_budget: int,
    excluded_folders: Sequence[str] | None,
) -> Call[m.AssembledContext]:
    from sekha_api import models as api

    body = api.ContextRequest(
        query=_text("query", query),
        preferred_labels=_texts("preferred_labels", preferred_labels),
        context_budget=_whole("token_budget", token_budget, low=1, high=MAX_TOKEN_BUDGET),
        excluded_folders=_texts("excluded_folders", excluded_folders),
    )

    def read(parsed: list[api.StoredMessage], _: int) -> m.AssembledContext:
        chosen = tuple(m.ContextMessage.from_api(x) for x in parsed)
        unique = tuple({c.message.id: c for c in chosen}.values())  # the real controller repeats messages
        return m.AssembledContext(query=query, messages=unique)

    return Call("context.assemble_context", {"body": body}, read)


# --- intelligence -------------------------------------------------------------------------------


def summarize(conversation_id: UUID | str, level: str) -> Call[m.Summary]:
    from sekha_api import models as api
    from sekha_api.models.summarize_request_level import (
        SUMMARIZE_REQUEST_LEVEL_VALUES,
        check_summarize_request_level,
    )

    if level not in SUMMARIZE_REQUEST_LEVEL_VALUES:
        allowed = sorted(SUMMARIZE_REQUEST_LEVEL_VALUES)
        raise errors.SekhaValidationError(f"level must be one of {allowed}, got {level!r}")
    body = api.SummarizeRequest(
        conversation_id=m.as_uuid(conversation_id), level=check_summarize_request_level(level)
    )
    return Call("intelligence.summarize", {"body": body}, lambda parsed, _: m.Summary.from_api(parsed))


def prune_dry_run(threshold_days: int) -> Call[list[m.PruningSuggestion]]:
    from sekha_api import models as api

    body = api.PruneRequest(threshold_days=_whole("threshold_days", threshold_days, low=0, high=365_000))
    return Call(
        "intelligence.prune_dry_run",
        {"body": body},
        lambda parsed, _: [m.PruningSuggestion.from_api(s) for s in parsed.suggestions],
    )


def prune_execute(conversation_ids: Iterable[UUID | str]) -> Call[None]:
    from sekha_api import models as api

    if isinstance(conversation_ids, str | UUID):
        raise errors.SekhaValidationError("conversation_ids must be a list of ids, not one id")
    ids = list(dict.fromkeys(m.as_uuid(i) for i in conversation_ids))
    return Call(
        "intelligence.prune_execute", {"body": api.ExecutePruneRequest(conversation_ids=ids)}, _nothing
    )


def suggest_labels(conversation_id: UUID | str) -> Call[list[m.LabelSuggestion]]:
    from sekha_api import models as api

    body = api.LabelSuggestRequest(conversation_id=m.as_uuid(conversation_id))
    return Call(
        "intelligence.suggest_labels",
        {"body": body},
        lambda parsed, _: [m.LabelSuggestion.from_api(s) for s in parsed.suggestions],
    )


# --- system -------------------------------------------------------------------------------------


def health() -> Call[m.Health]:
    return Call("system.health", {}, m.Health.from_api, accept=frozenset({503}))


def metrics() -> Call[str]:
    return Call("system.metrics", {}, lambda parsed, _: str(parsed))


def rebuild_embeddings() -> Call[None]:
    return Call("system.rebuild_embeddings", {}, _nothing)


# --- MCP tools ----------------------------------------------------------------------------------


def mcp_memory_store(
    conversation: m.NewConversation,
    *,
    importance_score: int | None,
    default_label: str,
    default_folder: str,
    idempotency_key: str | None,
) -> Call[UUID]:
    from sekha_api import models as api

    body = api.McpMemoryStoreRequest(
        label=conversation.label if conversation.label is not None else default_label,
        folder=conversation.folder if conversation.folder is not None else default_folder,
        messages=[message.to_api() for message in conversation.messages],
        importance_score=UNSET
        if importance_score is None
        else _whole("importance_score", importance_score, low=1, high=10),
    )
    key = UNSET if idempotency_key is None else _text("idempotency_key", idempotency_key)
    return Call(
        "mcp.mcp_memory_store",
        {"body": body, "idempotency_key": key},
        lambda parsed, status: _unwrap(parsed, status).conversation_id,
    )


def mcp_memory_search(query: str, *, limit: int, filters: Any) -> Call[m.SearchResults]:
    from sekha_api import models as api

    body = api.McpMemorySearchRequest(
        query=_text("query", query),
        limit=_whole("limit", limit, low=1, high=MAX_LIMIT),
        filters=UNSET if filters is None else filters,
    )

    def read(parsed: api.McpMemorySearchResponse, status: int) -> m.SearchResults:
        data: api.MemorySearchResults = _unwrap(parsed, status)
        hits = m.hits_from_api(data.results)
        return m.SearchResults(
            query=data.query, results=hits, total=int(data.total_results), limit=int(data.limit)
        )

    return Call("mcp.mcp_memory_search", {"body": body}, read)


def mcp_memory_update(
    conversation_id: UUID | str,
    *,
    label: str | None,
    folder: str | None,
    status: str | None,
    importance_score: int | None,
) -> Call[m.UpdateResult]:
    from sekha_api import models as api

    body = api.McpMemoryUpdateRequest(
        conversation_id=m.as_uuid(conversation_id),
        label=UNSET if label is None else _text("label", label, allow_empty=True),
        folder=UNSET if folder is None else _text("folder", folder),
        status=UNSET if status is None else _text("status", status),
        importance_score=UNSET
        if importance_score is None
        else _whole("importance_score", importance_score, low=1, high=10),
    )
    return Call(
        "mcp.mcp_memory_update",
        {"body": body},
        lambda parsed, code: m.UpdateResult.from_api(_unwrap(parsed, code)),
    )


def mcp_memory_get_context(conversation_id: UUID | str) -> Call[m.ConversationRecord]:
    from sekha_api import models as api

    body = api.McpConversationIdRequest(conversation_id=m.as_uuid(conversation_id))
    return Call(
        "mcp.mcp_memory_get_context",
        {"body": body},
        lambda parsed, code: m.ConversationRecord.from_api(_unwrap(parsed, code)),
    )


def mcp_memory_prune(threshold_days: int, importance_threshold: float) -> Call[m.PruneReport]:
    from sekha_api import models as api

    if not isinstance(importance_threshold, int | float) or not math.isfinite(importance_threshold):
        raise errors.SekhaValidationError(
            f"importance_threshold must be a number, got {importance_threshold!r}"
        )
    body = api.McpMemoryPruneRequest(
        threshold_days=_whole("threshold_days", threshold_days, low=0, high=365_000),
        importance_threshold=float(importance_threshold),
    )
    return Call(
        "mcp.mcp_memory_prune",
        {"body": body},
        lambda parsed, code: m.PruneReport.from_api(_unwrap(parsed, code)),
    )


def mcp_memory_export(conversation_id: UUID | str) -> Call[m.ConversationExport]:
    from sekha_api import models as api

    body = api.McpMemoryExportRequest(conversation_id=m.as_uuid(conversation_id), format_="json")
    return Call(
        "mcp.mcp_memory_export",
        {"body": body},
        lambda parsed, code: m.ConversationExport.from_api(_unwrap(parsed, code)),
    )


def mcp_memory_stats(*, folder: str | None, label: str | None) -> Call[m.MemoryStats]:
    from sekha_api import models as api

    if folder is not None and label is not None:
        raise errors.SekhaValidationError("memory stats take a folder or a label, not both")
    body = api.McpMemoryStatsRequest(
        folder=UNSET if folder is None else _text("folder", folder, allow_empty=True),
        label=UNSET if label is None else _text("label", label, allow_empty=True),
    )
    return Call(
        "mcp.mcp_memory_stats",
        {"body": body},
        lambda parsed, code: m.MemoryStats.from_api(_unwrap(parsed, code)),
    )
