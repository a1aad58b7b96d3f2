"""Derived from sekha/_async/client.py by scripts/unasync.py: edit that file, then rerun the script."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, TypeVar, cast
from uuid import UUID

import httpx

from sekha import _checks as check
from sekha import errors
from sekha._capabilities import Announced
from sekha._context import AssembledContext, fit, in_scope, message_line, stored_order
from sekha._export import Exported, ExportFormat, ExportWriter
from sekha._listing import ListFilter
from sekha._mixins import health_of_503, messages_of
from sekha._ratelimit import TokenBucket
from sekha._sync import bulk, iteration
from sekha._sync.transport import SENT_BEFORE, new_http_client
from sekha.config import ClientConfig
from sekha.lowlevel import CLOSED, ApiClient, Operation
from sekha_api import models as api
from sekha_api.api import context, conversations, intelligence, mcp, search, system
from sekha_api.errors import UnexpectedBody
from sekha_api.models.summarize_request_level import SUMMARIZE_REQUEST_LEVEL_VALUES
from sekha_api.types import Response

__all__ = ["SyncSekhaClient"]

T = TypeVar("T")
DEFAULT_LABEL = "Unlabeled"
LIST_PAGE_SIZE = 100
LABEL_SEARCH_OVERFETCH = 5
OVERFETCH = 2  # the real controller budgets bytes / 4 with 15% spare: ask for more, fit it here
SCOPED_OVERFETCH = 4  # and more again when what is out of scope will be removed
DEFAULT_IMPORTANCE = 5  # what a conversation has until it is pinned
HEALTH_UNAVAILABLE = frozenset({503})  # health answers 503 with its report instead of failing
NOT_FOUND = frozenset({404})


class SyncSekhaClient:
    """The synchronous client for one controller, holding one connection pool for its life.

    Use it as ``with SyncSekhaClient(config) as client:``, or call :meth:`close` yourself.
    ``client.api`` is the ``client=`` argument for calling the generated ``sekha_api`` functions
    directly, sync or async, with the same key, timeouts, retries and rate limit
    (see :mod:`sekha.lowlevel`).
    """

    def __init__(self, config: ClientConfig | None = None, **options: Any) -> None:
        if config is None:
            config = ClientConfig(**options)
        elif options:
            config = config.replace(**options)
        self.config = config
        self._announced = Announced()
        limiter = TokenBucket.optional(config.rate_limit_requests)
        self._http = new_http_client(config, limiter, announced=self._announced)
        self.api = ApiClient.wrapping(config, limiter, self._http, announced=self._announced)
        self._owned: list[Any] = []  # things to stop with the client, such as an embedded controller
        self._closed = False

    @classmethod
    def local(cls, path: str | os.PathLike[str] | None = None, **options: Any) -> SyncSekhaClient:
        """A client that starts and owns a local controller storing its data under ``path``.

        With no path the data lives in a temporary directory removed when the client closes.
        Needs the ``local`` extra: ``pip install "sekha-memory[local]"`` (SekhaMissingExtraError
        says so when it is missing).
        """
        with errors.needs_local_extra("SyncSekhaClient.local()"):
            from sekha.server.config import ConfigError
            from sekha.server.datadir import DataDirError
            from sekha.server.embedded import EmbeddedServer  # heavy: only when asked for
            from sekha.server.schema import SchemaError

        server = EmbeddedServer(path, api_key=options.pop("api_key", None))
        try:
            server.start(wait=False)  # the model loads in the server's thread; early requests queue
        except (ConfigError, DataDirError, SchemaError) as exc:
            raise errors.SekhaConfigError(f"the local controller cannot start: {exc}") from exc
        try:
            client = cls(ClientConfig(api_key=server.api_key, base_url=server.base_url, **options))
        except BaseException:
            server.stop()
            raise
        client._owned.append(server)
        return client

    def __repr__(self) -> str:
        return f"<SyncSekhaClient base_url={self.config.base_url!r}>"

    def __enter__(self) -> SyncSekhaClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pools (and stop an embedded controller this client started).

        Calls made afterwards, and calls still under way that would try again, raise
        SekhaClientClosedError.
        """
        self._closed = True
        self.api.close()
        while self._owned:
            self._owned.pop().close()

    def _send(
        self, operation: Operation[T], /, *, accept: frozenset[int] = frozenset(), **arguments: Any
    ) -> Response[T]:
        """Call a generated endpoint function; any failure (but the statuses in ``accept``) raises."""
        try:
            response = operation(client=self.api, **arguments)
        except httpx.HTTPError as exc:
            raise errors.transport_error(exc) from exc
        except UnexpectedBody as exc:
            raise errors.decode_error(exc) from exc
        except RuntimeError as exc:  # httpx's own "client has been closed", from a close racing this call
            if not self._closed or isinstance(exc, errors.SekhaError):
                raise
            raise errors.SekhaClientClosedError(CLOSED) from exc
        if not 200 <= response.status_code <= 299 and response.status_code not in accept:
            raise errors.error_from_response(response)
        return response

    def _body(self, operation: Operation[T], /, **arguments: Any) -> T:
        return errors.body_of(self._send(operation, **arguments))

    def _tool(self, operation: Operation[errors.ToolResult[T]], /, **arguments: Any) -> T:
        """The data of an MCP tool's answer, which reports failures inside a 200."""
        return errors.tool_data(self._send(operation, **arguments))

    @property
    def _default_label(self) -> str:
        return self.config.default_label or DEFAULT_LABEL

    # --- conversations ----------------------------------------------------------------------

    def create_conversation(
        self, conversation: api.NewConversation, *, idempotency_key: str | None = None
    ) -> api.CreatedConversation:
        """Store a conversation. Retries reuse one ``Idempotency-Key`` and never store it twice.

        Original times (``created_at`` of the conversation and its messages) are kept by a
        controller that announces ``original_timestamps``; the real controller stores the time
        the create arrives instead, and a SekhaUnsupportedWarning says so.
        """
        body = conversation.with_defaults(label=self._default_label, folder=self.config.default_folder)
        key = check.optional_text("idempotency_key", idempotency_key)
        if not self._times_kept(body.messages, body.created_at):
            body = body.without_times()
        return self._body(conversations.create_conversation.sync_detailed, body=body, idempotency_key=key)

    def create(
        self,
        messages: Iterable[api.MessageDto | Mapping[str, Any]],
        label: str | None = None,
        folder: str | None = None,
        *,
        created_at: dt.datetime | str | None = None,
    ) -> api.CreatedConversation:
        """Store messages as a new conversation: ``MessageDto``s, or dicts in OpenAI's or
        Anthropic's shape (content parts, tool calls: see :mod:`sekha._shapes`)."""
        return self.create_conversation(
            api.NewConversation(
                messages=messages_of(messages),
                label=label,
                folder=folder,
                created_at=cast(Any, created_at),  # checked and made a datetime by the model
            )
        )

    def add_messages(
        self,
        conversation_id: UUID | str,
        messages: Iterable[api.MessageDto | Mapping[str, Any]],
        *,
        idempotency_key: str | None = None,
    ) -> api.Conversation:
        """Add messages to the end of a stored conversation; returns it with its new message count.

        Needs a controller that announces ``append_messages`` (the local controller does).
        Against the real controller 0.1.0, which has no way to do it, raises
        SekhaUnsupportedError: store the new messages with :meth:`create` under the same label
        instead. Retries reuse one ``Idempotency-Key``, so messages are never added twice.
        """
        conversation_id = check.conversation_id(conversation_id)
        new = messages_of(messages)
        if not new:
            raise errors.SekhaValidationError("add at least one message")
        key = check.optional_text("idempotency_key", idempotency_key)
        if not self._supports("append_messages"):
            raise errors.SekhaUnsupportedError(
                "this controller cannot add messages to a stored conversation (the real controller "
                "0.1.0 has no route for it): store them as a new conversation with create(messages, "
                "label=..., folder=...) under the same label, and recall them by that label"
            )
        if not self._times_kept(new):
            new = [m.without_time() for m in new]
        return self._body(
            conversations.add_messages.sync_detailed,
            id=conversation_id,
            body=api.NewMessages(messages=new),
            idempotency_key=key,
        )

    def _times_kept(self, messages: Sequence[api.MessageDto], created_at: Any = None) -> bool:
        """Whether original times may be sent: there are none, or the server keeps them. When it
        cannot, a SekhaUnsupportedWarning says the times are dropped."""
        if created_at is None and all(m.created_at is None for m in messages):
            return True
        if self._supports("original_timestamps"):
            return True
        warnings.warn(
            "this controller does not keep original timestamps (it announces no "
            "original_timestamps): the messages are stored with the time they arrive, so citations, "
            "recency and pruning date them now. The local controller (sekha serve) keeps them.",
            errors.SekhaUnsupportedWarning,
            stacklevel=2,
        )
        return False

    def get_conversation(self, conversation_id: UUID | str) -> api.Conversation:
        return self._body(
            conversations.get_conversation.sync_detailed, id=check.conversation_id(conversation_id)
        )

    def get_messages(self, conversation_id: UUID | str) -> list[api.ExportedMessage]:
        """A conversation's messages, oldest first (the controller serves them only via MCP export)."""
        return (self.export_conversation(conversation_id)).messages

    def export_conversation(self, conversation_id: UUID | str) -> api.ConversationExport:
        """A conversation's full record with all its messages."""
        body = api.McpMemoryExportRequest(
            conversation_id=check.conversation_id(conversation_id), format_="json"
        )
        return self._tool(mcp.mcp_memory_export.sync_detailed, body=body)

    def list_conversations(
        self,
        *,
        label: str | None = None,
        folder: str | None = None,
        pinned: bool | None = None,
        archived: bool | None = None,
        page: int = 1,
        page_size: int = 50,
        cursor: str | None = None,
    ) -> api.ConversationPage:
        """One page of conversations, most recently updated first.

        The real controller 0.1.0 answers an empty page whenever a filter is given; the local
        controller applies them. With ``cursor`` (``""`` for the first page, then the page's
        ``next_cursor``) the list runs in creation order and never skips or repeats a
        conversation; only servers announcing ``list_cursor`` can (SekhaUnsupportedError
        otherwise: use :meth:`iter_conversations`, which is complete against any server).
        """
        wanted = ListFilter(label, folder, pinned, archived)
        if cursor is not None:
            cursor = check.text("cursor", cursor, allow_empty=True)
            if not self._supports("list_cursor"):
                raise errors.SekhaUnsupportedError(
                    "this controller has no stable list cursor (list_cursor); "
                    "iter_conversations() goes through every conversation without one"
                )
        return self._body(
            conversations.list_conversations.sync_detailed,
            page=None if cursor is not None else check.whole("page", page, low=1),
            page_size=check.limit(page_size, "page_size"),
            cursor=cursor,
            **wanted.params(),
        )

    def iter_conversations(
        self,
        *,
        label: str | None = None,
        folder: str | None = None,
        pinned: bool | None = None,
        archived: bool | None = None,
        page_size: int = LIST_PAGE_SIZE,
    ) -> Iterator[api.ConversationSummary]:
        """Every conversation (with these filters), each exactly once, whatever changes meanwhile.

        A conversation that exists for the whole iteration comes exactly once, even while others
        are created, pinned, relabelled or deleted. Against a server announcing ``list_cursor``
        (the local controller) the list is paged in creation order by cursor. Without one (the
        real controller pages by offset over the last update, so any change shifts the pages),
        the list is read again until one whole pass saw no change. Filters go to the server when
        it announces ``list_filters`` and are applied here otherwise.
        """
        wanted = ListFilter(label, folder, pinned, archived)
        page_size = check.limit(page_size, "page_size")
        sent = wanted if self._supports("list_filters") else ListFilter()
        if self._supports("list_cursor"):
            rows = iteration.by_cursor(self, page_size, sent)
        else:
            rows = iteration.by_rescans(self, page_size, sent)
        for row in rows:
            if wanted.matches(row):
                yield row

    def count_conversations(self, *, label: str | None = None, folder: str | None = None) -> int:
        """How many conversations there are, optionally with a label or in a folder (not both)."""
        if label is not None and folder is not None:
            raise errors.SekhaValidationError(
                "count by label or by folder, not both (the controller counts neither)"
            )
        response = self._send(
            conversations.count_conversations.sync_detailed,
            label=check.optional_text("label", label, allow_empty=True),
            folder=check.optional_text("folder", folder, allow_empty=True),
        )
        counted = errors.body_of(response)
        if counted.error is not None:
            raise errors.refused(counted.error, response, counted.to_dict())
        return counted.count

    def delete_conversation(self, conversation_id: UUID | str) -> None:
        """Delete a conversation and its messages.

        A 404 after an earlier attempt of this call may have gone through (its answer was lost)
        means that attempt deleted it: that is success, not SekhaNotFoundError.
        """
        response = self._send(
            conversations.delete_conversation.sync_detailed,
            accept=NOT_FOUND,
            id=check.conversation_id(conversation_id),
        )
        if response.status_code in NOT_FOUND and not response.request.extensions.get(SENT_BEFORE):
            raise errors.error_from_response(response)

    def update_label(self, conversation_id: UUID | str, label: str, folder: str | None = None) -> None:
        """Relabel a conversation; without ``folder`` it stays in its current folder."""
        label, conversation_id = (
            check.text("label", label, allow_empty=True),
            check.conversation_id(conversation_id),
        )
        if folder is None:
            folder = (self.get_conversation(conversation_id)).folder
        body = api.UpdateLabelRequest(label=label, folder=check.text("folder", folder))
        self._send(conversations.update_label.sync_detailed, id=conversation_id, body=body)

    def update_folder(self, conversation_id: UUID | str, folder: str) -> None:
        """Move a conversation, keeping its label.

        Sent as a label update with the current label, because the real controller's folder
        route overwrites the label too.
        """
        folder = check.text("folder", folder)
        label = (self.get_conversation(conversation_id)).label
        self.update_label(conversation_id, label, folder)

    def pin(self, conversation_id: UUID | str) -> None:
        """Pin a conversation: its importance becomes 10, which ranks it higher in context
        assembly and search (undo with :meth:`unpin`)."""
        self._send(conversations.pin_conversation.sync_detailed, id=check.conversation_id(conversation_id))

    def archive(self, conversation_id: UUID | str) -> None:
        """Archive a conversation: it leaves default searches and context (undo with :meth:`unarchive`)."""
        self._send(
            conversations.archive_conversation.sync_detailed, id=check.conversation_id(conversation_id)
        )

    def unpin(self, conversation_id: UUID | str) -> None:
        """Unpin a conversation: its importance goes back to the default, 5 (pinning kept no
        earlier value).

        Done through the MCP update tool, then checked: the real controller 0.1.0 accepts the
        update but ignores importance, and then this raises SekhaUnsupportedError.
        """
        self.memory_update(conversation_id, importance_score=DEFAULT_IMPORTANCE)
        record = self.memory_get_context(conversation_id)
        if record.pinned:
            raise errors.SekhaUnsupportedError(
                "the controller accepted the update but kept the conversation pinned (importance "
                f"{record.importance_score}); it cannot unpin"
            )

    def unarchive(self, conversation_id: UUID | str) -> None:
        """Make an archived conversation active again, back in searches and context.

        Done through the MCP update tool, then checked: the real controller 0.1.0 accepts the
        update but ignores status, and then this raises SekhaUnsupportedError (export the
        conversation and store it again to have it active).
        """
        self.memory_update(conversation_id, status="active")
        if (self.memory_get_context(conversation_id)).archived:
            raise errors.SekhaUnsupportedError(
                "the controller accepted the update but kept the conversation archived; it cannot "
                "unarchive: export it (export_conversation) and store it again to have it active"
            )

    # --- search -----------------------------------------------------------------------------

    def smart_query(
        self, query: str, *, limit: int = 10, offset: int = 0, filters: Any = None
    ) -> api.QueryResponse:
        """Semantic search over every message, closest first (see ``SearchHit`` for scores)."""
        body = api.QueryRequest(
            query=check.text("query", query),
            limit=check.limit(limit),
            offset=check.whole("offset", offset, low=0),
            filters=filters,
        )
        return self._body(search.semantic_query.sync_detailed, body=body)

    def search(self, query: str, *, label: str | None = None, limit: int = 10) -> list[api.SearchHit]:
        """Semantic search, optionally within one label (filtered here too, as not every server does)."""
        if label is None:
            return (self.smart_query(query, limit=limit)).results
        wider = min(check.MAX_LIMIT, limit * LABEL_SEARCH_OVERFETCH)
        found = self.smart_query(query, limit=wider, filters={"label": label})
        return [hit for hit in found if hit.label == label][:limit]

    def full_text_search(self, query: str, *, limit: int = 10) -> list[api.StoredMessage]:
        """Messages containing the query's words (stemmed, case- and accent-insensitive)."""
        body = api.FullTextSearchRequest(query=check.text("query", query), limit=check.limit(limit))
        return (self._body(search.full_text_search.sync_detailed, body=body)).results

    # --- context ----------------------------------------------------------------------------

    def assemble_context(
        self,
        query: str,
        labels: Sequence[str] | None = None,
        *,
        preferred_labels: Sequence[str] | None = None,
        folders: Sequence[str] | None = None,
        token_budget: int = 8000,
        excluded_folders: Sequence[str] | None = None,
        min_relevance: float | None = None,
    ) -> AssembledContext:
        """The memory that serves ``query``, ready for a prompt, within ``token_budget`` tokens.

        ``labels`` and ``folders`` are hard limits: nothing from another label, or from outside
        those folders (a folder holds the ones under it: ``/team`` holds ``/team/projects``),
        is ever returned. ``preferred_labels`` only ranks those labels higher, as the
        controller's own ``preferred_labels`` does. ``excluded_folders`` leaves folders (and the
        ones under them) out. ``min_relevance`` (0 to 1) is how relevant to the query a message
        must be; None keeps the controller's default (0.2 on the local controller).

        The rendered context (``.context``), citation lines included, fits ``token_budget`` in
        cl100k tokens, and ``.token_count`` is that count. Messages are grouped by conversation,
        the most relevant conversation first, each in its original order.

        Against a controller that cannot limit the assembly itself (the real controller 0.1.0,
        which announces no ``context_scope``), the SDK asks for more than the budget, removes what
        is out of scope and fits the rest here: the budget may then be under-used when little of
        what came back is in scope. That controller has no relevance floor either: passing
        ``min_relevance`` to it raises SekhaUnsupportedError.
        """
        budget = check.whole("token_budget", token_budget, low=1, high=check.MAX_TOKEN_BUDGET)
        scope_labels = check.texts("labels", labels)
        scope_folders = check.texts("folders", folders)
        excluded = check.texts("excluded_folders", excluded_folders)
        boosted = check.texts("preferred_labels", preferred_labels)
        floor = None if min_relevance is None else check.number("min_relevance", min_relevance, low=0, high=1)
        body = api.ContextRequest(
            query=check.text("query", query), preferred_labels=boosted, context_budget=budget
        )
        body.excluded_folders = excluded
        scoped = bool(scope_labels or scope_folders)
        if scoped and self._supports("context_scope"):
            body.labels, body.folders = scope_labels, scope_folders
        elif scoped:  # the real controller recalls a week of each preferred label: ask for these
            body.preferred_labels = list(dict.fromkeys([*scope_labels, *boosted]))
        if floor is not None:
            if not self._supports("context_relevance"):
                raise errors.SekhaUnsupportedError(
                    "this controller has no relevance floor for context assembly: leave min_relevance "
                    "out, or use smart_query() and keep the hits whose similarity is high enough"
                )
            body.min_relevance = floor
        ordered = self._supports("context_order")  # grouped, in order, its rendering fitted
        if not ordered:
            body.context_budget = min(
                budget * (SCOPED_OVERFETCH if scoped else OVERFETCH), check.MAX_TOKEN_BUDGET
            )
        returned = self._body(context.assemble_context.sync_detailed, body=body)
        ranked = [
            message
            for message in {m.id: m for m in returned}.values()  # the real controller repeats some
            if in_scope(message, scope_labels, scope_folders, excluded)
        ]
        if ordered:
            return AssembledContext(query, tuple(fit(ranked, budget, message_line, list)))
        chosen = {m.id for m in fit(ranked, budget, message_line, stored_order())}
        ranked = [m for m in ranked if m.id in chosen]
        arrange = stored_order(self._positions(ranked))
        return AssembledContext(query, tuple(fit(ranked, budget, message_line, arrange)))

    def _positions(self, messages: Sequence[api.StoredMessage]) -> dict[UUID, int]:
        """Where each message sits in its conversation, for conversations whose chosen messages
        share a timestamp (the real controller gives all messages of a create the same one)."""
        stamps: dict[UUID, list[Any]] = {}
        for message in messages:
            stamps.setdefault(message.conversation_id, []).append(message.timestamp)
        positions: dict[UUID, int] = {}
        for conversation_id, times in stamps.items():
            if len(set(times)) == len(times):
                continue
            try:
                stored = self.get_messages(conversation_id)
            except errors.SekhaNotFoundError:
                continue  # deleted since: the order it came in will do
            positions.update((m.id, index) for index, m in enumerate(stored))
        return positions

    # --- intelligence -----------------------------------------------------------------------

    def generate_summary(
        self, conversation_id: UUID | str, level: Literal["daily", "weekly", "monthly"] = "daily"
    ) -> api.Summary:
        if level not in SUMMARIZE_REQUEST_LEVEL_VALUES:
            allowed = sorted(SUMMARIZE_REQUEST_LEVEL_VALUES)
            raise errors.SekhaValidationError(f"level must be one of {allowed}, got {level!r}")
        body = api.SummarizeRequest(conversation_id=check.conversation_id(conversation_id), level=level)
        return self._body(intelligence.summarize.sync_detailed, body=body)

    def get_pruning_suggestions(self, threshold_days: int = 30) -> list[api.PruningSuggestion]:
        """Active conversations untouched for ``threshold_days``, each with a recommendation."""
        body = api.PruneRequest(
            threshold_days=check.whole("threshold_days", threshold_days, low=0, high=365_000)
        )
        return (self._body(intelligence.prune_dry_run.sync_detailed, body=body)).suggestions

    def execute_prune(self, conversation_ids: Iterable[UUID | str]) -> None:
        """Archive the given conversations."""
        if isinstance(conversation_ids, str | UUID):
            raise errors.SekhaValidationError("conversation_ids must be a list of ids, not one id")
        ids = list(dict.fromkeys(check.conversation_id(i) for i in conversation_ids))
        self._send(
            intelligence.prune_execute.sync_detailed, body=api.ExecutePruneRequest(conversation_ids=ids)
        )

    def suggest_labels(self, conversation_id: UUID | str) -> list[api.LabelSuggestion]:
        body = api.LabelSuggestRequest(conversation_id=check.conversation_id(conversation_id))
        return (self._body(intelligence.suggest_labels.sync_detailed, body=body)).suggestions

    def auto_label(
        self, conversation_id: UUID | str, *, threshold: float = 0.7
    ) -> api.LabelSuggestion | None:
        """Apply the most confident suggested label if it reaches ``threshold``; return it, or None."""
        suggestions = self.suggest_labels(conversation_id)
        best = max(suggestions, key=lambda s: s.confidence, default=None)
        if best is None or best.confidence < threshold:
            return None
        self.update_label(conversation_id, best.label)
        return best

    def get_importance(self, conversation_id: UUID | str) -> int:
        """A conversation's stored importance (1-10; 10 when pinned).

        The controller scores conversations, not single messages, and has no route that scores
        anything on demand: this is the stored score, never an estimate made up here.
        """
        return (self.memory_get_context(conversation_id)).importance_score

    def set_importance(self, conversation_id: UUID | str, score: int) -> int:
        """Store an importance score (1-10) and confirm the controller kept it.

        Raises SekhaUnsupportedError when the controller accepts the value but does not apply it,
        as the real controller 0.1.0 does.
        """
        self.memory_update(conversation_id, importance_score=score)
        stored = self.get_importance(conversation_id)
        if stored != score:
            raise errors.SekhaUnsupportedError(
                f"the controller accepted importance {score} but kept {stored}; it cannot store scores"
            )
        return stored

    # --- export -----------------------------------------------------------------------------

    def export_stream(self, label: str | None = None, format: ExportFormat = "markdown") -> Iterator[str]:
        """The export as text chunks, one conversation at a time, so memory stays flat.

        Every conversation that exists throughout comes exactly once, whatever changes
        meanwhile. A server announcing ``bulk_export`` (the local controller) streams them all
        in one answer, resumed where it broke off if the connection fails; otherwise the export
        is built from the routes that exist: :meth:`iter_conversations` and one MCP export per
        conversation.
        """
        writer = ExportWriter(format, label=label)
        label = check.optional_text("label", label, allow_empty=True)
        yield writer.start()
        exported: Iterator[Exported]
        if self._supports("bulk_export"):
            exported = bulk.records(
                self._http, label, attempts=self.config.max_retries, backoff=self.config.retry_backoff
            )
        else:
            exported = self._export_one_at_a_time(label)
        for record in exported:
            yield writer.conversation(record)
        yield writer.end()

    def _export_one_at_a_time(self, label: str | None) -> Iterator[api.ConversationExport]:
        for row in self.iter_conversations(label=label):
            try:
                yield self.export_conversation(row.id)
            except errors.SekhaNotFoundError:
                continue  # deleted while we were exporting

    def export(self, label: str | None = None, format: ExportFormat = "markdown") -> str:
        """Every conversation (or those with ``label``) as one markdown or JSON document."""
        chunks: list[str] = []
        for chunk in self.export_stream(label, format):
            chunks.append(chunk)
        return "".join(chunks)

    # --- system -----------------------------------------------------------------------------

    def health(self) -> api.Health:
        """The controller's health; answers rather than raises when it is unhealthy (503)."""
        response = self._send(system.health.sync_detailed, accept=HEALTH_UNAVAILABLE)
        self._announced.learn(response.content)
        return response.parsed if response.parsed is not None else health_of_503(response.content)

    def capabilities(self) -> api.Capabilities:
        """The extensions the server announces in ``/health``, read once and kept for the client's life.

        ``supports(name)`` on the answer says whether the server implements an extension (the
        names are those of ``Capabilities``); the real controller announces none. A read that
        fails raises, and an answer that is not a health report (the real controller's empty
        503) reads as none; either way the next call asks again.
        """
        known = self._announced.known
        if known is None:
            response = self._send(system.health.sync_detailed, accept=HEALTH_UNAVAILABLE)
            known = self._announced.learn(response.content) or api.Capabilities()
        return known

    def _supports(self, extension: str) -> bool:
        return (self.capabilities()).supports(extension)

    def metrics(self) -> str:
        """Prometheus metrics text."""
        return self._body(system.metrics.sync_detailed)

    def rebuild_embeddings(self) -> None:
        """Ask the controller to re-embed every message in the background."""
        self._send(system.rebuild_embeddings.sync_detailed)

    # --- MCP tools --------------------------------------------------------------------------

    def memory_store(
        self,
        messages: Iterable[api.MessageDto | Mapping[str, Any]],
        label: str | None = None,
        folder: str | None = None,
        *,
        importance_score: int | None = None,
        idempotency_key: str | None = None,
    ) -> UUID:
        """Store a conversation through the MCP tool (which can also set its importance)."""
        conversation = api.NewConversation(messages=messages_of(messages), label=label, folder=folder)
        if not self._times_kept(conversation.messages):
            conversation = conversation.without_times()
        body = api.McpMemoryStoreRequest(
            label=label if label is not None else self._default_label,
            folder=folder if folder is not None else self.config.default_folder,
            messages=conversation.messages,
            importance_score=check.importance(importance_score),
        )
        key = check.optional_text("idempotency_key", idempotency_key)
        stored = self._tool(mcp.mcp_memory_store.sync_detailed, body=body, idempotency_key=key)
        return stored.conversation_id

    def memory_search(self, query: str, *, limit: int = 10, filters: Any = None) -> api.MemorySearchResults:
        body = api.McpMemorySearchRequest(
            query=check.text("query", query), limit=check.limit(limit), filters=filters
        )
        return self._tool(mcp.mcp_memory_search.sync_detailed, body=body)

    def memory_update(
        self,
        conversation_id: UUID | str,
        *,
        label: str | None = None,
        folder: str | None = None,
        status: str | None = None,
        importance_score: int | None = None,
    ) -> api.UpdateResult:
        body = api.McpMemoryUpdateRequest(
            conversation_id=check.conversation_id(conversation_id),
            label=check.optional_text("label", label, allow_empty=True),
            folder=check.optional_text("folder", folder),
            status=check.optional_text("status", status),
            importance_score=check.importance(importance_score),
        )
        return self._tool(mcp.mcp_memory_update.sync_detailed, body=body)

    def memory_get_context(self, conversation_id: UUID | str) -> api.ConversationRecord:
        body = api.McpConversationIdRequest(conversation_id=check.conversation_id(conversation_id))
        return self._tool(mcp.mcp_memory_get_context.sync_detailed, body=body)

    def memory_prune(self, threshold_days: int = 30, importance_threshold: float = 5.0) -> api.PruneReport:
        body = api.McpMemoryPruneRequest(
            threshold_days=check.whole("threshold_days", threshold_days, low=0, high=365_000),
            importance_threshold=check.number("importance_threshold", importance_threshold),
        )
        return self._tool(mcp.mcp_memory_prune.sync_detailed, body=body)

    def memory_export(self, conversation_id: UUID | str) -> api.ConversationExport:
        return self.export_conversation(conversation_id)

    def memory_stats(self, *, folder: str | None = None, label: str | None = None) -> api.MemoryStats:
        if folder is not None and label is not None:
            raise errors.SekhaValidationError("memory stats take a folder or a label, not both")
        body = api.McpMemoryStatsRequest(
            folder=check.optional_text("folder", folder, allow_empty=True),
            label=check.optional_text("label", label, allow_empty=True),
        )
        return self._tool(mcp.mcp_memory_stats.sync_detailed, body=body)
