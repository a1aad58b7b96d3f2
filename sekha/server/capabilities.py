"""The extensions this controller implements beyond the real one, announced in ``/health``.

Each name is a property of the contract's ``Capabilities`` schema; clients use an extension only
when the server they talk to announces it.
"""

from __future__ import annotations

ANNOUNCED: dict[str, bool] = {
    "idempotency_keys": True,  # a repeated Idempotency-Key replays the first create (store.create_work)
    "list_filters": True,  # label, folder, pinned and archived are applied exactly (store.ConversationFilter)
    "list_cursor": True,  # the list pages by cursor in creation order (api.list_conversations, cursors.py)
    "bulk_export": True,  # GET /api/v1/export streams everything (export.py)
    "context_scope": True,  # context assembly's labels and folders (context.assemble)
    "context_relevance": True,  # its min_relevance floor; pins and preferred labels only boost
    "context_order": True,  # grouped, stored order, rendering fitted in cl100k (context.fit)
    "original_timestamps": True,  # created_at of conversations and messages (store.create_work)
    "append_messages": True,  # POST /api/v1/conversations/{id}/messages (store.append_work)
}


def announced() -> dict[str, bool]:
    """A fresh copy for a response body."""
    return dict(ANNOUNCED)
