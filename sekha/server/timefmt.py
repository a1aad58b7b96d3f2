"""The controller's timestamp formats: naive UTC, ``T`` in REST bodies, a space in MCP bodies.

The stored form (``YYYY-MM-DD HH:MM:SS.ffffff``) is already the MCP (Display) form.
"""

from __future__ import annotations

from datetime import UTC, datetime

_STORED = "%Y-%m-%d %H:%M:%S.%f"


def utcnow() -> datetime:
    """Now as a naive UTC datetime, the way the controller stores time."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_db(value: datetime) -> str:
    """Stored form: sortable text ``YYYY-MM-DD HH:MM:SS.ffffff``."""
    return value.strftime(_STORED)


def from_db(value: str) -> datetime:
    return datetime.strptime(value, _STORED)


def iso(stored: str) -> str:
    """REST form of a stored timestamp: ``2026-01-16T21:09:09.123456``."""
    return stored.replace(" ", "T", 1)


def rfc3339_now() -> str:
    """The one offset-carrying format, used by ``/health``."""
    return datetime.now(UTC).isoformat(timespec="microseconds")
