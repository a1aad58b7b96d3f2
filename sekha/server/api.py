"""The routes of ``openapi/sekha.yaml``: the real controller's 26, with its wire format, and the
extensions announced in ``/health`` (sekha/server/capabilities.py)."""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from sekha._checks import MAX_LIMIT  # search limits above it are clamped: the client's own bound

from . import fts, intelligence
from .auth import is_authenticated
from .capabilities import announced
from .context import DEFAULT_MIN_RELEVANCE, assemble
from .cursors import after, cursor_of
from .embedding import EmbedderError
from .errors import ApiError, not_found
from .export import export_conversations
from .health import overall
from .parsing import (
    INT32_MAX,
    INT32_MIN,
    JsonObject,
    check_int,
    messages_field,
    opt_bool,
    opt_int,
    opt_number,
    opt_str,
    opt_timestamp,
    parse_uuid,
    query_bool,
    query_int,
    read_json_object,
    req_int,
    req_str,
    req_uuid,
    str_list,
)
from .search import semantic
from .state import AppState
from .store import Conversation, ConversationFilter, Created, KeyReusedError, StoredMessage
from .timefmt import iso, rfc3339_now, to_db, utcnow

log = logging.getLogger("sekha.server.api")

NIL_UUID = "00000000-0000-0000-0000-000000000000"
MAX_PAGE_SIZE = 10_000
MAX_THRESHOLD_DAYS = 36_500
STATUSES = ("active", "archived")


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.sekha
    return state


async def _body(request: Request) -> JsonObject:
    settings = _state(request).settings
    return await read_json_object(request, settings.max_body_bytes, settings.limits.body_timeout)


def _path_id(request: Request) -> str:
    if request.url.path == "/api/v1/conversations/count":  # the static route owns this path
        raise ApiError(
            405,
            f"Method {request.method} is not allowed on /api/v1/conversations/count",
            {"Allow": "GET, HEAD"},
        )
    return parse_uuid(request.path_params["id"])


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    if not key or len(key) > 255:
        raise ApiError(422, "Idempotency-Key must be 1 to 255 characters")
    return key


def _mcp(data: Any) -> JSONResponse:
    return JSONResponse({"success": True, "data": data, "error": None})


def _empty(status: int = 200) -> Response:
    return Response(status_code=status)


# -- wire shapes ----------------------------------------------------------------------------------


def conversation_json(c: Conversation | Created) -> dict[str, Any]:
    return {
        "id": c.id,
        "label": c.label,
        "folder": c.folder,
        "status": c.status,
        "message_count": c.message_count,
        "created_at": iso(c.created_at),
    }


def created_json(c: Created) -> dict[str, Any]:
    """The create route's body: a conversation with `conversation_id` repeating `id`."""
    return {"id": c.id, "conversation_id": c.id, **conversation_json(c)}


def list_row_json(c: Conversation) -> dict[str, Any]:
    """A conversation dressed as a search hit, as the real list route sends it."""
    return {
        "conversation_id": c.id,
        "message_id": NIL_UUID,
        "score": 1.0,
        "content": c.label,
        "metadata": {"folder": c.folder, "status": c.status, "importance_score": c.importance_score},
        "label": c.label,
        "folder": c.folder,
        "timestamp": iso(c.updated_at),
    }


def message_json(m: StoredMessage, *, citation: bool = False) -> dict[str, Any]:
    metadata = m.metadata
    if citation:
        metadata = {
            **(metadata if isinstance(metadata, dict) else {}),
            "citation": {"label": m.label, "folder": m.folder, "timestamp": m.timestamp},
        }
    return {
        "id": m.id,
        "conversation_id": m.conversation_id,
        "role": m.role,
        "content": m.content,
        "timestamp": iso(m.timestamp),
        "embedding_id": m.embedding_id,
        "metadata": metadata,
    }


def hit_json(m: StoredMessage, distance: float, *, mcp: bool = False) -> dict[str, Any]:
    return {
        "conversation_id": m.conversation_id,
        "message_id": m.id,
        "score": round(distance, 6),
        "content": m.content,
        "metadata": {
            "conversation_id": m.conversation_id,
            "message_id": m.id,
            "content_preview": m.content[:100],
            "role": m.role,
            "timestamp": iso(m.timestamp),
        },
        "label": m.label,
        "folder": m.folder,
        "timestamp": m.timestamp if mcp else iso(m.timestamp),
    }


def record_json(c: Conversation, *, id_key: str) -> dict[str, Any]:
    """The MCP conversation record (Display timestamps)."""
    return {
        id_key: c.id,
        "label": c.label,
        "folder": c.folder,
        "status": c.status,
        "importance_score": c.importance_score,
        "word_count": c.word_count,
        "session_count": c.session_count,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
    }


def prune_json(s: intelligence.PruneSuggestion, *, mcp: bool) -> dict[str, Any]:
    c = s.conversation
    return {
        "conversation_id": c.id,
        "conversation_label": c.label,
        "last_accessed": c.updated_at if mcp else iso(c.updated_at),
        "message_count": c.message_count,
        "token_estimate": s.token_estimate,
        "importance_score": float(c.importance_score),
        "preview": s.preview,
        "recommendation": s.recommendation,
    }


# -- shared request logic -------------------------------------------------------------------------


def _search_filter(value: Any) -> ConversationFilter:
    """``filters`` of a semantic query: exact label/folder/conversation, pinned, archived.

    Archived conversations are left out unless ``archived`` or ``include_archived`` asks for them.
    """
    if value is None:
        return ConversationFilter(archived=False)
    if not isinstance(value, dict):
        raise ApiError(422, 'field `filters` must be an object such as {"label": "Work"} or null')
    archived = opt_bool(value, "archived", False) if "archived" in value else None
    status = opt_str(value, "status")
    if status is not None:
        if status not in STATUSES:
            raise ApiError(422, "filters.status must be `active` or `archived`")
        archived = status == "archived"
    if archived is None and not opt_bool(value, "include_archived", False):
        archived = False
    cid = opt_str(value, "conversation_id")
    if cid is not None:
        cid = req_uuid(value, "conversation_id")
    return ConversationFilter(
        label=opt_str(value, "label"),
        folder=opt_str(value, "folder"),
        pinned=opt_bool(value, "pinned", False) if "pinned" in value else None,
        archived=archived,
        conversation_id=cid,
    )


async def _semantic(
    request: Request, body: JsonObject
) -> tuple[list[tuple[StoredMessage, float]], int, int, int]:
    state = _state(request)
    query = req_str(body, "query")
    limit = min(opt_int(body, "limit", 10, minimum=0, null_ok=True), MAX_LIMIT)
    offset = opt_int(body, "offset", 0, minimum=0, null_ok=True)
    flt = _search_filter(body.get("filters"))

    def run() -> tuple[list[tuple[StoredMessage, float]], int]:
        return semantic(state.store, state.indexer, state.embedder, query, flt, limit=limit, offset=offset)

    try:
        hits, total = await run_in_threadpool(run)
    except EmbedderError as exc:  # a remote embedder that is down: say so instead of an empty answer
        log.warning("semantic search failed: the embedder is unavailable: %s", exc)
        raise ApiError(503, f"the embedder is unavailable: {exc}") from None
    return hits, total, limit, offset


async def _get_or_404(request: Request, conversation_id: str) -> Conversation:
    conv = await run_in_threadpool(_state(request).store.get, conversation_id)
    if conv is None:
        raise not_found(conversation_id)
    return conv


async def _create(request: Request, importance_score: int, body: JsonObject) -> Created:
    state = _state(request)
    label = req_str(body, "label")
    folder = req_str(body, "folder")
    messages = messages_field(body)
    created_at = opt_timestamp(body, "created_at")
    key = _idempotency_key(request)
    work = state.store.create_work(label, folder, messages, importance_score, key, created_at)
    try:
        created = await state.writer.run(work)
    except KeyReusedError as exc:
        raise ApiError(422, str(exc)) from None
    if not created.replayed:
        state.metrics.inc("sekha_conversations_created_total")
        state.indexer.notify()
    return created


# -- REST -----------------------------------------------------------------------------------------


async def create_conversation(request: Request) -> Response:
    created = await _create(request, 5, await _body(request))
    return JSONResponse(created_json(created), status_code=201)


async def list_conversations(request: Request) -> Response:
    q = request.query_params
    page = query_int(q, "page", 1, minimum=1, maximum=INT32_MAX)
    page_size = min(query_int(q, "page_size", 50, minimum=0, maximum=INT32_MAX), MAX_PAGE_SIZE)
    flt = ConversationFilter(
        label=q.get("label"),
        folder=q.get("folder"),
        pinned=query_bool(q, "pinned"),
        archived=query_bool(q, "archived"),
    )
    store = _state(request).store
    if "cursor" in q:  # extension list_cursor: creation order, keyed on the immutable cpk
        if page_size < 1:
            raise ApiError(422, "query parameter `page_size` must be at least 1 with `cursor`")
        rows, total, next_key = await run_in_threadpool(store.list_after, flt, after(q["cursor"]), page_size)
        return JSONResponse(
            {
                "results": [list_row_json(c) for c in rows],
                "total": total,
                "page": 1,
                "page_size": page_size,
                "next_cursor": None if next_key is None else cursor_of(next_key),
            }
        )
    rows, total = await run_in_threadpool(store.list_page, flt, (page - 1) * page_size, page_size)
    return JSONResponse(
        {"results": [list_row_json(c) for c in rows], "total": total, "page": page, "page_size": page_size}
    )


async def count_conversations(request: Request) -> Response:
    label, folder = request.query_params.get("label"), request.query_params.get("folder")
    if label is not None and folder is not None:
        return JSONResponse({"count": 0, "error": "Cannot specify both label and folder"})
    count = await run_in_threadpool(
        _state(request).store.count, ConversationFilter(label=label, folder=folder)
    )
    return JSONResponse({"count": count, "label": label, "folder": folder})


async def get_conversation(request: Request) -> Response:
    return JSONResponse(conversation_json(await _get_or_404(request, _path_id(request))))


async def delete_conversation(request: Request) -> Response:
    state = _state(request)
    cid = _path_id(request)
    if not await run_in_threadpool(state.store.delete, cid, state.indexer.remove):
        raise not_found(cid)
    return _empty()


async def _update(request: Request, cid: str, **fields: Any) -> Response:
    if not await run_in_threadpool(lambda: _state(request).store.update(cid, **fields)):
        raise not_found(cid)
    return _empty()


async def add_messages(request: Request) -> Response:
    state = _state(request)
    cid = _path_id(request)
    messages = messages_field(await _body(request), min_items=1)
    try:
        appended = await state.writer.run(state.store.append_work(cid, messages, _idempotency_key(request)))
    except KeyReusedError as exc:
        raise ApiError(422, str(exc)) from None
    if not appended:
        raise not_found(cid)
    state.indexer.notify()
    return JSONResponse(conversation_json(await _get_or_404(request, cid)))


async def update_label(request: Request) -> Response:
    cid = _path_id(request)
    body = await _body(request)
    return await _update(request, cid, label=req_str(body, "label"), folder=req_str(body, "folder"))


async def update_folder(request: Request) -> Response:
    cid = _path_id(request)
    body = await _body(request)
    return await _update(request, cid, folder=req_str(body, "folder"))


async def pin_conversation(request: Request) -> Response:
    return await _update(request, _path_id(request), importance_score=10)


async def archive_conversation(request: Request) -> Response:
    return await _update(request, _path_id(request), status="archived")


async def semantic_query(request: Request) -> Response:
    hits, total, limit, offset = await _semantic(request, await _body(request))
    return JSONResponse(
        {
            "results": [hit_json(m, d) for m, d in hits],
            "total": total,
            "page": offset // limit + 1 if limit else 1,
            "page_size": limit,
        }
    )


async def full_text_search(request: Request) -> Response:
    body = await _body(request)
    query = req_str(body, "query")
    limit = min(opt_int(body, "limit", 10, minimum=0), MAX_LIMIT)
    store = _state(request).store
    hits, total = await run_in_threadpool(lambda: fts.search(store, query, limit))
    return JSONResponse({"results": [message_json(m) for m, _ in hits], "total": total})


async def rebuild_embeddings(request: Request) -> Response:
    await run_in_threadpool(_state(request).indexer.rebuild)
    return _empty(202)


async def assemble_context(request: Request) -> Response:
    state = _state(request)
    body = await _body(request)
    query = req_str(body, "query")
    preferred = str_list(body, "preferred_labels", required=True)
    budget = req_int(body, "context_budget", minimum=0)
    excluded = str_list(body, "excluded_folders", required=False)
    min_relevance = opt_number(body, "min_relevance", DEFAULT_MIN_RELEVANCE, minimum=0.0, maximum=1.0)
    messages = await run_in_threadpool(
        lambda: assemble(
            state.store,
            state.indexer,
            state.embedder,
            query,
            preferred,
            budget,
            excluded,
            labels=str_list(body, "labels", required=False),
            folders=str_list(body, "folders", required=False),
            min_relevance=min_relevance,
        )
    )
    return JSONResponse([message_json(m, citation=True) for m in messages])


async def summarize(request: Request) -> Response:
    state = _state(request)
    body = await _body(request)
    cid = req_uuid(body, "conversation_id")
    level = req_str(body, "level")
    if level not in intelligence.LEVELS:
        raise ApiError(400, "Invalid level: must be daily, weekly, or monthly")
    conv = await _get_or_404(request, cid)
    text = await run_in_threadpool(intelligence.summarize, state.store, conv, level, state.chat)
    return JSONResponse(
        {"conversation_id": conv.id, "level": level, "summary": text, "generated_at": iso(to_db(utcnow()))}
    )


def _threshold_days(body: JsonObject, default: int | None) -> int:
    """Negative thresholds mean "now"; centuries are clamped so the cutoff date stays valid."""
    days = req_int(body, "threshold_days") if default is None else opt_int(body, "threshold_days", default)
    return max(0, min(days, MAX_THRESHOLD_DAYS))


async def prune_dry_run(request: Request) -> Response:
    body = await _body(request)
    days = _threshold_days(body, None)
    suggestions = await run_in_threadpool(intelligence.prune_suggestions, _state(request).store, days)
    return JSONResponse(
        {"suggestions": [prune_json(s, mcp=False) for s in suggestions], "total": len(suggestions)}
    )


async def prune_execute(request: Request) -> Response:
    body = await _body(request)
    raw = body.get("conversation_ids")
    if "conversation_ids" not in body:
        raise ApiError(422, "missing field `conversation_ids`")
    if not isinstance(raw, list):
        raise ApiError(422, "field `conversation_ids` must be an array of UUIDs")
    ids = [req_uuid({"conversation_ids[]": item}, "conversation_ids[]") for item in raw]
    missing = await run_in_threadpool(_state(request).store.archive_all, ids)
    if missing:
        raise ApiError(404, f"Conversation {missing[0]} not found; nothing was archived")
    return _empty()


async def suggest_labels(request: Request) -> Response:
    state = _state(request)
    body = await _body(request)
    conv = await _get_or_404(request, req_uuid(body, "conversation_id"))

    def run() -> list[intelligence.LabelSuggestion]:
        return intelligence.suggest_labels(
            state.store.messages(conv.id), state.store.distinct_labels(), state.chat
        )

    suggestions = await run_in_threadpool(run)
    return JSONResponse(
        {
            "conversation_id": conv.id,
            "suggestions": [
                {
                    "label": s.label,
                    "confidence": s.confidence,
                    "is_existing": s.is_existing,
                    "reason": s.reason,
                }
                for s in suggestions
            ],
        }
    )


# -- system ---------------------------------------------------------------------------------------


async def health(request: Request) -> Response:
    """Every component's state with the key; without it only the overall status (liveness)."""
    state = _state(request)

    def run() -> dict[str, dict[str, Any]]:
        return {name: check() for name, check in state.components().items()}

    checks = await run_in_threadpool(run)
    status = overall(checks)
    body = {
        "status": status,
        "timestamp": rfc3339_now(),
        "checks": checks if is_authenticated(request.scope) else {},
        "capabilities": announced(),
    }
    return JSONResponse(body, status_code=503 if status == "unhealthy" else 200)


async def metrics(request: Request) -> Response:
    state = _state(request)

    def gauges() -> dict[str, tuple[str, float]]:
        conversations, messages, pending = state.store.message_counts()
        return {
            "sekha_conversations_total": ("Conversations stored.", conversations),
            "sekha_messages_total": ("Messages stored.", messages),
            "sekha_embeddings_pending": ("Messages waiting for an embedding.", pending),
            "sekha_vectors_indexed": ("Vectors in the search index.", len(state.indexer.index)),
            "sekha_embeddings_quarantined": (
                "Messages the embedder keeps rejecting, no longer retried.",
                state.indexer.health()["quarantined"],
            ),
            "sekha_uptime_seconds": ("Seconds since start.", round(state.uptime(), 3)),
        }

    text = await run_in_threadpool(state.metrics.render, gauges)
    return PlainTextResponse(text, media_type="text/plain; version=0.0.4; charset=utf-8")


# -- MCP ------------------------------------------------------------------------------------------


async def mcp_memory_store(request: Request) -> Response:
    body = await _body(request)
    importance = opt_int(body, "importance_score", 5, minimum=INT32_MIN, maximum=INT32_MAX)
    created = await _create(request, importance, body)
    return _mcp(
        {"conversation_id": created.id, "id": created.id, "label": created.label, "folder": created.folder}
    )


async def mcp_memory_search(request: Request) -> Response:
    body = await _body(request)
    hits, _total, limit, _ = await _semantic(request, body)
    return _mcp(
        {
            "query": body["query"],
            "total_results": len(hits),
            "limit": limit,
            "results": [hit_json(m, d, mcp=True) for m, d in hits],
        }
    )


async def mcp_memory_update(request: Request) -> Response:
    body = await _body(request)
    cid = req_uuid(body, "conversation_id")
    label, folder, status = opt_str(body, "label"), opt_str(body, "folder"), opt_str(body, "status")
    importance = body.get("importance_score")
    if importance is not None:
        importance = check_int("importance_score", importance, minimum=INT32_MIN, maximum=INT32_MAX)
    if status is not None and status not in STATUSES:
        raise ApiError(422, "field `status` must be `active` or `archived`")
    fields: list[str] = []
    if label is not None or folder is not None:
        fields.append("label/folder")
    if status is not None:
        fields.append("status")
    if importance is not None:
        fields.append("importance_score")
    store = _state(request).store
    found = await run_in_threadpool(
        lambda: store.update(cid, label=label, folder=folder, status=status, importance_score=importance)
    )
    if not found:
        raise not_found(cid)
    return _mcp(
        {"conversation_id": cid, "updated_fields": fields, "message": "Conversation updated successfully"}
    )


async def mcp_memory_get_context(request: Request) -> Response:
    body = await _body(request)
    conv = await _get_or_404(request, req_uuid(body, "conversation_id"))
    return _mcp(record_json(conv, id_key="conversation_id"))


async def mcp_memory_prune(request: Request) -> Response:
    body = await _body(request)
    days = _threshold_days(body, 30)
    threshold = opt_number(body, "importance_threshold", 5.0, minimum=INT32_MIN, maximum=INT32_MAX)
    suggestions = await run_in_threadpool(
        intelligence.prune_suggestions, _state(request).store, days, threshold
    )
    return _mcp(
        {
            "threshold_days": days,
            "importance_threshold": threshold,
            "total_suggestions": len(suggestions),
            "estimated_token_savings": sum(
                s.token_estimate for s in suggestions if s.recommendation == "archive"
            ),
            "suggestions": [prune_json(s, mcp=True) for s in suggestions],
        }
    )


async def mcp_memory_export(request: Request) -> Response:
    body = await _body(request)
    cid = req_uuid(body, "conversation_id")
    fmt = opt_str(body, "format") or "json"
    include_metadata = opt_bool(body, "include_metadata", True)
    conv = await _get_or_404(request, cid)
    messages = await run_in_threadpool(_state(request).store.messages, cid)
    rows = []
    for m in messages:
        row: dict[str, Any] = {
            "id": m.id,
            "role": m.role,
            "content": m.content,
            "timestamp": iso(m.timestamp),
        }
        if include_metadata:
            row["metadata"] = m.metadata
        rows.append(row)
    return _mcp(
        {
            "conversation": record_json(conv, id_key="id"),
            "messages": rows,
            "format": fmt,
            "include_metadata": include_metadata,
        }
    )


async def mcp_memory_stats(request: Request) -> Response:
    body = await _body(request)
    folder, label = opt_str(body, "folder"), opt_str(body, "label")
    if folder is not None and label is not None:
        return JSONResponse({"success": False, "data": None, "error": "Cannot specify both folder and label"})
    n, avg, folders = await run_in_threadpool(
        _state(request).store.stats, ConversationFilter(label=label, folder=folder)
    )
    data: dict[str, Any] = {"total_conversations": n, "average_importance": avg}
    if label is not None:
        data["labels"] = [label]
    else:
        data["folders"] = folders if folder is None else [folder]
    return _mcp(data)


ROUTES = [
    Route("/api/v1/conversations", create_conversation, methods=["POST"]),
    Route("/api/v1/conversations", list_conversations, methods=["GET"]),
    Route("/api/v1/conversations/count", count_conversations, methods=["GET"]),
    Route("/api/v1/conversations/{id}", get_conversation, methods=["GET"]),
    Route("/api/v1/conversations/{id}", delete_conversation, methods=["DELETE"]),
    Route("/api/v1/conversations/{id}/messages", add_messages, methods=["POST"]),
    Route("/api/v1/conversations/{id}/label", update_label, methods=["PUT"]),
    Route("/api/v1/conversations/{id}/folder", update_folder, methods=["PUT"]),
    Route("/api/v1/conversations/{id}/pin", pin_conversation, methods=["PUT"]),
    Route("/api/v1/conversations/{id}/archive", archive_conversation, methods=["PUT"]),
    Route("/api/v1/query", semantic_query, methods=["POST"]),
    Route("/api/v1/search/fts", full_text_search, methods=["POST"]),
    Route("/api/v1/rebuild-embeddings", rebuild_embeddings, methods=["POST"]),
    Route("/api/v1/context/assemble", assemble_context, methods=["POST"]),
    Route("/api/v1/summarize", summarize, methods=["POST"]),
    Route("/api/v1/prune/dry-run", prune_dry_run, methods=["POST"]),
    Route("/api/v1/prune/execute", prune_execute, methods=["POST"]),
    Route("/api/v1/labels/suggest", suggest_labels, methods=["POST"]),
    Route("/api/v1/export", export_conversations, methods=["GET"]),  # extension bulk_export
    Route("/health", health, methods=["GET"]),
    Route("/metrics", metrics, methods=["GET"]),
    Route("/mcp/tools/memory_store", mcp_memory_store, methods=["POST"]),
    Route("/mcp/tools/memory_search", mcp_memory_search, methods=["POST"]),
    Route("/mcp/tools/memory_update", mcp_memory_update, methods=["POST"]),
    Route("/mcp/tools/memory_get_context", mcp_memory_get_context, methods=["POST"]),
    Route("/mcp/tools/memory_prune", mcp_memory_prune, methods=["POST"]),
    Route("/mcp/tools/memory_export", mcp_memory_export, methods=["POST"]),
    Route("/mcp/tools/memory_stats", mcp_memory_stats, methods=["POST"]),
]
