"""SekhaClient: the asynchronous client.

The synchronous ``SyncSekhaClient`` in ``sekha/_sync/client.py`` is derived from this file by
``scripts/unasync.py``; edit this one and run the script.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, TypeVar
from uuid import UUID

import httpx

from sekha import _calls as calls
from sekha import errors
from sekha import models as m
from sekha._async.transport import new_http_client
from sekha._export import ExportFormat, ExportWriter
from sekha._ratelimit import TokenBucket
from sekha.config import ClientConfig
from sekha_api.client import Client as ApiClient

__all__ = ["SekhaClient"]

T = TypeVar("T")
DEFAULT_LABEL = "Unlabeled"
LIST_PAGE_SIZE = 100
LABEL_SEARCH_OVERFETCH = 5


class SekhaClient:
    """The asynchronous client for one controller, holding one connection pool for its life.

    Use it as ``async with SekhaClient(config) as client:``, or call :meth:`aclose` yourself.
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
        self.api = ApiClient(base_url=config.base_url).set_async_httpx_client(self._http)
        self._owned: list[Any] = []  # things to stop with the client, such as an embedded controller

    @classmethod
    def local(cls, path: str | os.PathLike[str] | None = None, **options: Any) -> SekhaClient:
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
        return f"<SekhaClient base_url={self.config.base_url!r}>"

    async def __aenter__(self) -> SekhaClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (and stop an embedded controller this client started)."""
        await self._http.aclose()
        while self._owned:
            await self._owned.pop().aclose()

    async def _run(self, call: calls.Call[T]) -> T:
        kwargs = call.request_kwargs()
        try:
            response = await self._http.request(**kwargs)
        except httpx.HTTPError as exc:
            raise calls.transport_error(exc, kwargs) from exc
        return call.finish(response, self.api)

    @property
    def _default_label(self) -> str:
        return self.config.default_label or DEFAULT_LABEL

    # --- conversations ----------------------------------------------------------------------

    async def create_conversation(
        self, conversation: m.NewConversation, *, idempotency_key: str | None = None
    ) -> m.Conversation:
        """Store a conversation. Retries reuse one ``Idempotency-Key`` and never store it twice."""
        return await self._run(
            calls.create_conversation(
                conversation,
                default_label=self._default_label,
                default_folder=self.config.default_folder,
                idempotency_key=idempotency_key,
            )
        )

    async def create(
        self,
        messages: Iterable[m.MessageDto | Mapping[str, Any]],
        label: str | None = None,
        folder: str | None = None,
    ) -> m.Conversation:
        """Store messages (``MessageDto`` or ``{"role", "content"}`` dicts) as a new conversation."""
        return await self.create_conversation(
            m.NewConversation(messages=messages, label=label, folder=folder)
        )

    async def get_conversation(self, conversation_id: UUID | str) -> m.Conversation:
        return await self._run(calls.get_conversation(conversation_id))

    async def get_messages(self, conversation_id: UUID | str) -> list[m.StoredMessage]:
        """A conversation's messages, oldest first (the controller serves them only via MCP export)."""
        return list((await self.export_conversation(conversation_id)).messages)

    async def export_conversation(self, conversation_id: UUID | str) -> m.ConversationExport:
        """A conversation's full record with all its messages."""
        return await self._run(calls.mcp_memory_export(conversation_id))

    async def list_conversations(
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
        return await self._run(
            calls.list_conversations(
                label=label, folder=folder, pinned=pinned, archived=archived, page=page, page_size=page_size
            )
        )

    async def iter_conversations(
        self,
        *,
        label: str | None = None,
        folder: str | None = None,
        pinned: bool | None = None,
        archived: bool | None = None,
        page_size: int = LIST_PAGE_SIZE,
    ) -> AsyncIterator[m.ConversationSummary]:
        """Every conversation, page by page, each once even if the list shifts while paging."""
        seen: set[UUID] = set()
        page = 1
        while True:
            batch = await self.list_conversations(
                label=label, folder=folder, pinned=pinned, archived=archived, page=page, page_size=page_size
            )
            for row in batch.items:
                if row.id not in seen:
                    seen.add(row.id)
                    yield row
            if not batch.items or not batch.has_next:
                return
            page += 1

    async def count_conversations(self, *, label: str | None = None, folder: str | None = None) -> int:
        """How many conversations there are, optionally with a label or in a folder (not both)."""
        return await self._run(calls.count_conversations(label=label, folder=folder))

    async def delete_conversation(self, conversation_id: UUID | str) -> None:
        await self._run(calls.delete_conversation(conversation_id))

    async def update_label(self, conversation_id: UUID | str, label: str, folder: str | None = None) -> None:
        """Relabel a conversation; without ``folder`` it stays in its current folder."""
        if folder is None:
            folder = (await self.get_conversation(conversation_id)).folder
        await self._run(calls.update_label(conversation_id, label, folder))

    async def update_folder(self, conversation_id: UUID | str, folder: str) -> None:
        """Move a conversation, keeping its label.

        Sent as a label update with the current label, because the real controller's folder
        route overwrites the label too.
        """
        label = (await self.get_conversation(conversation_id)).label
        await self._run(calls.update_label(conversation_id, label, folder))

    async def pin(self, conversation_id: UUID | str) -> None:
        """Pin a conversation: it is boosted in context assembly (there is no unpin)."""
        await self._run(calls.pin(conversation_id))

    async def archive(self, conversation_id: UUID | str) -> None:
        """Archive a conversation: it leaves default searches (there is no unarchive)."""
        await self._run(calls.archive(conversation_id))

    # --- search -----------------------------------------------------------------------------

    async def smart_query(
        self, query: str, *, limit: int = 10, offset: int = 0, filters: Any = None
    ) -> m.SearchResults:
        """Semantic search over every message, closest first (see ``SearchHit`` for scores)."""
        return await self._run(calls.semantic_query(query, limit=limit, offset=offset, filters=filters))

    async def search(self, query: str, *, label: str | None = None, limit: int = 10) -> list[m.SearchHit]:
        """Semantic search, optionally within one label (filtered here too, as not every server does)."""
        if label is None:
            return list((await self.smart_query(query, limit=limit)).results)
        wider = min(calls.MAX_LIMIT, limit * LABEL_SEARCH_OVERFETCH)
        found = await self.smart_query(query, limit=wider, filters={"label": label})
        return [hit for hit in found.results if hit.label == label][:limit]

    async def full_text_search(self, query: str, *, limit: int = 10) -> list[m.StoredMessage]:
        """Messages containing the query's words (stemmed, case- and accent-insensitive)."""
        return await self._run(calls.full_text_search(query, limit=limit))

    # --- context ----------------------------------------------------------------------------

    async def assemble_context(
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
        return await self._run(
            calls.assemble_context(
                query,
                preferred_labels=labels if labels is not None else preferred_labels,
                token_budget=token_budget,
                excluded_folders=excluded_folders,
            )
        )

    # --- intelligence -----------------------------------------------------------------------

    async def generate_summary(
        self, conversation_id: UUID | str, level: Literal["daily", "weekly", "monthly"] = "daily"
    ) -> m.Summary:
        return await self._run(calls.summarize(conversation_id, level))

    async def get_pruning_suggestions(self, threshold_days: int = 30) -> list[m.PruningSuggestion]:
        """Active conversations untouched for ``threshold_days``, each with a recommendation."""
        return await self._run(calls.prune_dry_run(threshold_days))

    async def execute_prune(self, conversation_ids: Iterable[UUID | str]) -> None:
        """Archive the given conversations."""
        await self._run(calls.prune_execute(conversation_ids))

    async def suggest_labels(self, conversation_id: UUID | str) -> list[m.LabelSuggestion]:
        return await self._run(calls.suggest_labels(conversation_id))

    async def auto_label(
        self, conversation_id: UUID | str, *, threshold: float = 0.7
    ) -> m.LabelSuggestion | None:
        """Apply the most confident suggested label if it reaches ``threshold``; return it, or None."""
        suggestions = await self.suggest_labels(conversation_id)
        best = max(suggestions, key=lambda s: s.confidence, default=None)
        if best is None or best.confidence < threshold:
            return None
        await self.update_label(conversation_id, best.label)
        return best

    async def get_importance(self, conversation_id: UUID | str) -> int:
        """A conversation's stored importance (1-10; 10 when pinned).

        The controller scores conversations, not single messages, and has no route that scores
        anything on demand: this is the stored score, never an estimate made up here.
        """
        return (await self.memory_get_context(conversation_id)).importance_score

    async def set_importance(self, conversation_id: UUID | str, score: int) -> int:
        """Store an importance score (1-10) and confirm the controller kept it.

        Raises SekhaUnsupportedError when the controller accepts the value but does not apply it,
        as the real controller 0.1.0 does.
        """
        await self.memory_update(conversation_id, importance_score=score)
        stored = await self.get_importance(conversation_id)
        if stored != score:
            raise errors.SekhaUnsupportedError(
                f"the controller accepted importance {score} but kept {stored}; it cannot store scores"
            )
        return stored

    # --- export -----------------------------------------------------------------------------

    async def export_stream(
        self, label: str | None = None, format: ExportFormat = "markdown"
    ) -> AsyncIterator[str]:
        """The export as text chunks, one conversation at a time, so memory stays flat.

        Built from the routes that exist: the conversation list, filtered here by exact label
        (the real controller's list filters do not work), and one MCP export per conversation.
        """
        writer = ExportWriter(format, label=label)
        yield writer.start()
        async for row in self.iter_conversations():
            if label is not None and row.label != label:
                continue
            try:
                exported = await self.export_conversation(row.id)
            except errors.SekhaNotFoundError:
                continue  # deleted while we were exporting
            yield writer.conversation(exported)
        yield writer.end()

    async def export(self, label: str | None = None, format: ExportFormat = "markdown") -> str:
        """Every conversation (or those with ``label``) as one markdown or JSON document."""
        chunks: list[str] = []
        async for chunk in self.export_stream(label, format):
            chunks.append(chunk)
        return "".join(chunks)

    # --- system -----------------------------------------------------------------------------

    async def health(self) -> m.Health:
        """The controller's health; answers rather than raises when it is unhealthy (503)."""
        return await self._run(calls.health())

    async def metrics(self) -> str:
        """Prometheus metrics text."""
        return await self._run(calls.metrics())

    async def rebuild_embeddings(self) -> None:
        """Ask the controller to re-embed every message in the background."""
        await self._run(calls.rebuild_embeddings())

    # --- MCP tools --------------------------------------------------------------------------

    async def memory_store(
        self,
        messages: Iterable[m.MessageDto | Mapping[str, Any]],
        label: str | None = None,
        folder: str | None = None,
        *,
        importance_score: int | None = None,
        idempotency_key: str | None = None,
    ) -> UUID:
        """Store a conversation through the MCP tool (which can also set its importance)."""
        return await self._run(
            calls.mcp_memory_store(
                m.NewConversation(messages=messages, label=label, folder=folder),
                importance_score=importance_score,
                default_label=self._default_label,
                default_folder=self.config.default_folder,
                idempotency_key=idempotency_key,
            )
        )

    async def memory_search(self, query: str, *, limit: int = 10, filters: Any = None) -> m.SearchResults:
        return await self._run(calls.mcp_memory_search(query, limit=limit, filters=filters))

    async def memory_update(
        self,
        conversation_id: UUID | str,
        *,
        label: str | None = None,
        folder: str | None = None,
        status: str | None = None,
        importance_score: int | None = None,
    ) -> m.UpdateResult:
        return await self._run(
            calls.mcp_memory_update(
                conversation_id, label=label, folder=folder, status=status, importance_score=importance_score
            )
        )

    async def memory_get_context(self, conversation_id: UUID | str) -> m.ConversationRecord:
        return await self._run(calls.mcp_memory_get_context(conversation_id))

    async def memory_prune(
        self, threshold_days: int = 30, importance_threshold: float = 5.0
    ) -> m.PruneReport:
        return await self._run(calls.mcp_memory_prune(threshold_days, importance_threshold))

    async def memory_export(self, conversation_id: UUID | str) -> m.ConversationExport:
        return await self.export_conversation(conversation_id)

    async def memory_stats(self, *, folder: str | None = None, label: str | None = None) -> m.MemoryStats:
        return await self._run(calls.mcp_memory_stats(folder=folder, label=label))
