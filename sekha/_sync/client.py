"""Derived from sekha/_async/client.py by scripts/unasync.py: edit that file, then rerun the script."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, TypeVar
from uuid import UUID

import httpx

from sekha import _calls as calls
from sekha import errors
from sekha import models as m
from sekha._export import ExportFormat, ExportWriter
from sekha._ratelimit import TokenBucket
from sekha._sync.transport import new_http_client
from sekha.config import ClientConfig
from sekha_api.client import Client as ApiClient

__all__ = ["SyncSekhaClient"]

T = TypeVar("T")
DEFAULT_LABEL = "Unlabeled"
LIST_PAGE_SIZE = 100
LABEL_SEARCH_OVERFETCH = 5


class SyncSekhaClient:
    """The synchronous client for one controller, holding one connection pool for its life.

    Use it as ``with SyncSekhaClient(config) as client:``, or call :meth:`close` yourself.
    ``client.api`` is the generated ``sekha_api`` client over the same pool, with the same
    timeouts, retries and rate limiting, for calling generated functions directly.
    """

    def __init__(self, config: ClientConfig | None = None, **options: Any) -> None:
        if config is None:
            config = ClientConfig(**options)
        elif options:
            config = config.replace(**options)
        self.config = config
        self._http = new_http_client(config, TokenBucket.optional(config.rate_limit_requests))
        self.api = ApiClient(base_url=config.base_url).set_httpx_client(self._http)
        self._owned: list[Any] = []  # things to stop with the client, such as an embedded controller

    @classmethod
    def local(cls, path: str | os.PathLike[str] | None = None, **options: Any) -> SyncSekhaClient:
        """A client that starts and owns a local controller storing its data under ``path``.

        With no path the data lives in a temporary directory removed when the client closes.
        Requires the ``local`` extra (``pip install "sekha[local]"``).
        """
        from sekha.server.embedded import EmbeddedServer  # heavy: only when asked for

        server = EmbeddedServer(path, api_key=options.pop("api_key", None))
        server.start(wait=False)  # the model loads in the server's thread; early requests queue
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
        """Close the connection pool (and stop an embedded controller this client started)."""
        self._http.close()
        while self._owned:
            self._owned.pop().close()

    def _run(self, call: calls.Call[T]) -> T:
        kwargs = call.request_kwargs()
        try:
            response = self._http.request(**kwargs)
        except httpx.HTTPError as exc:
            raise calls.transport_error(exc, kwargs) from exc
        return call.finish(response, self.api)

    @property
    def _default_label(self) -> str:
        return self.config.default_label or DEFAULT_LABEL

    # --- conversations ----------------------------------------------------------------------

    def create_conversation(
        self, conversation: m.NewConversation, *, idempotency_key: str | None = None
    ) -> m.Conversation:
        """Store a conversation. Retries reuse one ``Idempotency-Key`` and never store it twice."""
        return self._run(
            calls.create_conversation(
                conversation,
                default_label=self._default_label,
                default_folder=self.config.default_folder,
                idempotency_key=idempotency_key,
            )
        )

    def create(
        self,
        messages: Iterable[m.MessageDto | Mapping[str, Any]],
        label: str | None = None,
        folder: str | None = None,
    ) -> m.Conversation:
        """Store messages (``MessageDto`` or ``{"role", "content"}`` dicts) as a new conversation."""
        return self.create_conversation(m.NewConversation(messages=messages, label=label, folder=folder))

    def get_conversation(self, conversation_id: UUID | str) -> m.Conversation:
        return self._run(calls.get_conversation(conversation_id))

    def get_messages(self, conversation_id: UUID | str) -> list[m.StoredMessage]:
        """A conversation's messages, oldest first (the controller serves them only via MCP export)."""
        return list((self.export_conversation(conversation_id)).messages)

    def export_conversation(self, conversation_id: UUID | str) -> m.ConversationExport:
        """A conversation's full record with all its messages."""
        return self._run(calls.mcp_memory_export(conversation_id))

    def list_conversations(
        self,
        *,
        label: str | None = None,
        folder: str | None = None,
        pinned: bool | None = None,
        archived: bool | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> m.Page[m.ConversationSummary]:
        """One page of conversations, most recently updated first.

        The real controller 0.1.0 answers an empty page whenever a filter is given; the local
        controller applies them.
        """
        return self._run(
            calls.list_conversations(
                label=label, folder=folder, pinned=pinned, archived=archived, page=page, page_size=page_size
            )
        )

    def iter_conversations(
        self,
        *,
        label: str | None = None,
        folder: str | None = None,
        pinned: bool | None = None,
        archived: bool | None = None,
        page_size: int = LIST_PAGE_SIZE,
    ) -> Iterator[m.ConversationSummary]:
        """Every conversation, page by page, each once even if the list shifts while paging."""
        seen: set[UUID] = set()
        page = 1
        while True:
            batch = self.list_conversations(
                label=label, folder=folder, pinned=pinned, archived=archived, page=page, page_size=page_size
            )
            for row in batch.items:
                if row.id not in seen:
                    seen.add(row.id)
                    yield row
            if not batch.items or not batch.has_next:
                return
            page += 1

    def count_conversations(self, *, label: str | None = None, folder: str | None = None) -> int:
        """How many conversations there are, optionally with a label or in a folder (not both)."""
        return self._run(calls.count_conversations(label=label, folder=folder))

    def delete_conversation(self, conversation_id: UUID | str) -> None:
        self._run(calls.delete_conversation(conversation_id))

    def update_label(self, conversation_id: UUID | str, label: str, folder: str | None = None) -> None:
        """Relabel a conversation; without ``folder`` it stays in its current folder."""
        if folder is None:
            folder = (self.get_conversation(conversation_id)).folder
        self._run(calls.update_label(conversation_id, label, folder))

    def update_folder(self, conversation_id: UUID | str, folder: str) -> None:
        """Move a conversation, keeping its label.

        Sent as a label update with the current label, because the real controller's folder
        route overwrites the label too.
        """
        label = (self.get_conversation(conversation_id)).label
        self._run(calls.update_label(conversation_id, label, folder))

    def pin(self, conversation_id: UUID | str) -> None:
        """Pin a conversation: it is boosted in context assembly (there is no unpin)."""
        self._run(calls.pin(conversation_id))

    def archive(self, conversation_id: UUID | str) -> None:
        """Archive a conversation: it leaves default searches (there is no unarchive)."""
        self._run(calls.archive(conversation_id))

    # --- search -----------------------------------------------------------------------------

    def smart_query(
        self, query: str, *, limit: int = 10, offset: int = 0, filters: Any = None
    ) -> m.SearchResults:
        """Semantic search over every message, closest first (see ``SearchHit`` for scores)."""
        return self._run(calls.semantic_query(query, limit=limit, offset=offset, filters=filters))

    def search(self, query: str, *, label: str | None = None, limit: int = 10) -> list[m.SearchHit]:
        """Semantic search, optionally within one label (filtered here too, as not every server does)."""
        if label is None:
            return list((self.smart_query(query, limit=limit)).results)
        wider = min(calls.MAX_LIMIT, limit * LABEL_SEARCH_OVERFETCH)
        found = self.smart_query(query, limit=wider, filters={"label": label})
        return [hit for hit in found.results if hit.label == label][:limit]

    def full_text_search(self, query: str, *, limit: int = 10) -> list[m.StoredMessage]:
        """Messages containing the query's words (stemmed, case- and accent-insensitive)."""
        return self._run(calls.full_text_search(query, limit=limit))

    # --- context ----------------------------------------------------------------------------

    def assemble_context(
        self,
        query: str,
        labels: Sequence[str] | None = None,
        *,
        preferred_labels: Sequence[str] | None = None,
        token_budget: int = 8000,
        excluded_folders: Sequence[str] | None = None,
    ) -> m.AssembledContext:
        """The messages that best serve ``query`` within ``token_budget``, with citations.

        The budget bounds the messages' content as the server counts it (the local controller
        counts cl100k tokens; the real controller estimates bytes / 4 and keeps 15% spare); the
        citation lines added when the context is rendered come on top.
        """
        if labels is not None and preferred_labels is not None:
            raise errors.SekhaValidationError("pass labels or preferred_labels, not both")
        return self._run(
            calls.assemble_context(
                query,
                preferred_labels=labels if labels is not None else preferred_labels,
                token_budget=token_budget,
                excluded_folders=excluded_folders,
            )
        )

    # --- intelligence -----------------------------------------------------------------------

    def generate_summary(
        self, conversation_id: UUID | str, level: Literal["daily", "weekly", "monthly"] = "daily"
    ) -> m.Summary:
        return self._run(calls.summarize(conversation_id, level))

    def get_pruning_suggestions(self, threshold_days: int = 30) -> list[m.PruningSuggestion]:
        """Active conversations untouched for ``threshold_days``, each with a recommendation."""
        return self._run(calls.prune_dry_run(threshold_days))

    def execute_prune(self, conversation_ids: Iterable[UUID | str]) -> None:
        """Archive the given conversations."""
        self._run(calls.prune_execute(conversation_ids))

    def suggest_labels(self, conversation_id: UUID | str) -> list[m.LabelSuggestion]:
        return self._run(calls.suggest_labels(conversation_id))

    def auto_label(self, conversation_id: UUID | str, *, threshold: float = 0.7) -> m.LabelSuggestion | None:
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

        Built from the routes that exist: the conversation list, filtered here by exact label
        (the real controller's list filters do not work), and one MCP export per conversation.
        """
        writer = ExportWriter(format, label=label)
        yield writer.start()
        for row in self.iter_conversations():
            if label is not None and row.label != label:
                continue
            try:
                exported = self.export_conversation(row.id)
            except errors.SekhaNotFoundError:
                continue  # deleted while we were exporting
            yield writer.conversation(exported)
        yield writer.end()

    def export(self, label: str | None = None, format: ExportFormat = "markdown") -> str:
        """Every conversation (or those with ``label``) as one markdown or JSON document."""
        chunks: list[str] = []
        for chunk in self.export_stream(label, format):
            chunks.append(chunk)
        return "".join(chunks)

    # --- system -----------------------------------------------------------------------------

    def health(self) -> m.Health:
        """The controller's health; answers rather than raises when it is unhealthy (503)."""
        return self._run(calls.health())

    def metrics(self) -> str:
        """Prometheus metrics text."""
        return self._run(calls.metrics())

    def rebuild_embeddings(self) -> None:
        """Ask the controller to re-embed every message in the background."""
        self._run(calls.rebuild_embeddings())

    # --- MCP tools --------------------------------------------------------------------------

    def memory_store(
        self,
        messages: Iterable[m.MessageDto | Mapping[str, Any]],
        label: str | None = None,
        folder: str | None = None,
        *,
        importance_score: int | None = None,
        idempotency_key: str | None = None,
    ) -> UUID:
        """Store a conversation through the MCP tool (which can also set its importance)."""
        return self._run(
            calls.mcp_memory_store(
                m.NewConversation(messages=messages, label=label, folder=folder),
                importance_score=importance_score,
                default_label=self._default_label,
                default_folder=self.config.default_folder,
                idempotency_key=idempotency_key,
            )
        )

    def memory_search(self, query: str, *, limit: int = 10, filters: Any = None) -> m.SearchResults:
        return self._run(calls.mcp_memory_search(query, limit=limit, filters=filters))

    def memory_update(
        self,
        conversation_id: UUID | str,
        *,
        label: str | None = None,
        folder: str | None = None,
        status: str | None = None,
        importance_score: int | None = None,
    ) -> m.UpdateResult:
        return self._run(
            calls.mcp_memory_update(
                conversation_id, label=label, folder=folder, status=status, importance_score=importance_score
            )
        )

    def memory_get_context(self, conversation_id: UUID | str) -> m.ConversationRecord:
        return self._run(calls.mcp_memory_get_context(conversation_id))

    def memory_prune(self, threshold_days: int = 30, importance_threshold: float = 5.0) -> m.PruneReport:
        return self._run(calls.mcp_memory_prune(threshold_days, importance_threshold))

    def memory_export(self, conversation_id: UUID | str) -> m.ConversationExport:
        return self.export_conversation(conversation_id)

    def memory_stats(self, *, folder: str | None = None, label: str | None = None) -> m.MemoryStats:
        return self._run(calls.mcp_memory_stats(folder=folder, label=label))
