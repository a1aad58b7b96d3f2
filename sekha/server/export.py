"""``GET /api/v1/export`` (extension ``bulk_export``): every conversation in one streamed answer.

Newline-delimited JSON: one ``BulkExportItem`` per conversation in creation order, then a
``BulkExportEnd``. Conversations are read in batches, each batch in one consistent snapshot and
keyed on the immutable ``cpk``, so memory stays flat on both sides and a conversation that
exists throughout is sent exactly once, whatever changes while the export runs.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from .cursors import after, cursor_of
from .state import AppState
from .store import Conversation, ConversationFilter, StoredMessage
from .timefmt import iso

BATCH = 200
"""Conversations read per snapshot: small enough to keep memory flat, large enough to be quick."""
MEDIA_TYPE = "application/x-ndjson"


def item_json(conversation: Conversation, messages: list[StoredMessage]) -> dict[str, Any]:
    return {
        "cursor": cursor_of(conversation.cpk),
        "conversation": {
            "id": conversation.id,
            "label": conversation.label,
            "folder": conversation.folder,
            "status": conversation.status,
            "importance_score": conversation.importance_score,
            "word_count": conversation.word_count,
            "session_count": conversation.session_count,
            "created_at": iso(conversation.created_at),
            "updated_at": iso(conversation.updated_at),
        },
        "messages": [
            {
                "id": m.id,
                "role": m.role,
                "content": m.content,
                "timestamp": iso(m.timestamp),
                "metadata": m.metadata,
            }
            for m in messages
        ],
    }


def _line(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


async def export_conversations(request: Request) -> Response:
    state: AppState = request.app.state.sekha
    flt = ConversationFilter(label=request.query_params.get("label"))
    start = after(request.query_params.get("cursor"))  # a bad cursor is refused before streaming

    async def lines() -> AsyncIterator[str]:
        key, exported = start, 0
        while True:
            batch = await run_in_threadpool(state.store.export_batch, flt, key, BATCH)
            if batch:
                yield "".join(_line(item_json(c, messages)) for c, messages in batch)
                exported += len(batch)
                key = batch[-1][0].cpk
            if len(batch) < BATCH:
                break
        yield _line({"end": True, "exported": exported})

    return StreamingResponse(lines(), media_type=MEDIA_TYPE)
