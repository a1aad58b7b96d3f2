"""The extensions this controller implements beyond the real one, announced in ``/health``.

Each name is a property of the contract's ``Capabilities`` schema; clients use an extension only
when the server they talk to announces it.
"""

from __future__ import annotations

ANNOUNCED: dict[str, bool] = {
    "idempotency_keys": True,  # a repeated Idempotency-Key replays the first create (store.create_work)
    "list_filters": True,  # label, folder, pinned and archived are applied exactly (store.ConversationFilter)
}


def announced() -> dict[str, bool]:
    """A fresh copy for a response body."""
    return dict(ANNOUNCED)
