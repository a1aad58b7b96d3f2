"""Cursors for paging in creation order (extension ``list_cursor``, and the bulk export's resume).

A cursor names the immutable key of the last conversation a client has seen; it is opaque to
clients, who only pass back what they were given. Empty means "from the start".
"""

from __future__ import annotations

from .errors import ApiError

MAX_KEY = 2**63 - 1  # SQLite's largest integer key


def after(raw: str | None, name: str = "cursor") -> int:
    """The key to page after: 0 for an empty or absent cursor, 422 for one this server never gave."""
    if not raw:
        return 0
    if len(raw) > len(str(MAX_KEY)) or not raw.isascii() or not raw.isdigit() or int(raw) > MAX_KEY:
        raise ApiError(422, f"`{name}` must be empty or a cursor this server gave out")
    return int(raw)


def cursor_of(key: int) -> str:
    return str(key)
