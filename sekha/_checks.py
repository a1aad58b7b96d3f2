"""Checks of what callers pass, so that bad input fails with SekhaValidationError before any request."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from uuid import UUID

from sekha.errors import SekhaNotFoundError, SekhaValidationError

__all__ = [
    "MAX_LIMIT",
    "MAX_TOKEN_BUDGET",
    "conversation_id",
    "importance",
    "limit",
    "moment",
    "number",
    "optional_text",
    "text",
    "texts",
    "whole",
]

MAX_LIMIT = 1000
"""The most results or rows one request asks for (the local controller clamps to it too)."""
MAX_TOKEN_BUDGET = 10_000_000
FUTURE_TOLERANCE = dt.timedelta(days=1)
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def text(name: str, value: object, *, allow_empty: bool = False) -> str:
    """A string that is valid Unicode and, unless ``allow_empty``, not blank."""
    if not isinstance(value, str):
        raise SekhaValidationError(f"{name} must be a string, got {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise SekhaValidationError(f"{name} must not be empty")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise SekhaValidationError(f"{name} contains text that is not valid Unicode") from None
    return value


def optional_text(name: str, value: object, *, allow_empty: bool = False) -> str | None:
    """None (the field is left out), or a string as :func:`text` checks it."""
    return None if value is None else text(name, value, allow_empty=allow_empty)


def texts(name: str, values: Iterable[str] | None) -> list[str]:
    """A list of strings (None is an empty list; one string is a mistake, not a list of characters)."""
    if values is None:
        return []
    if isinstance(values, str):
        raise SekhaValidationError(f"{name} must be a list of strings, not one string")
    return [text(name, v, allow_empty=True) for v in values]


def whole(name: str, value: object, *, low: int, high: int | None = None) -> int:
    """A whole number (not a bool) within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise SekhaValidationError(f"{name} must be a whole number, got {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f">= {low}"
        raise SekhaValidationError(f"{name} must be {bound}, got {value}")
    return value


def limit(value: object, name: str = "limit") -> int:
    return whole(name, value, low=1, high=MAX_LIMIT)


def importance(value: object) -> int | None:
    """None (left as it is), or an importance score from 1 to 10."""
    return None if value is None else whole("importance_score", value, low=1, high=10)


def number(name: str, value: object, *, low: float | None = None, high: float | None = None) -> float:
    """A finite number (not a bool), within ``[low, high]`` when they are given."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SekhaValidationError(f"{name} must be a number, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise SekhaValidationError(f"{name} must be between {low} and {high}, got {value}")
    return float(value)


def moment(name: str, value: object) -> dt.datetime:
    """An original time: an aware or naive (meaning UTC) datetime or ISO 8601 text, as aware UTC.

    More than a day ahead, or before 1970, is refused: a unit mistake, not a time anything was written.
    """
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise SekhaValidationError(f"{name} must be an ISO 8601 time, got {value!r:.40}") from None
    if not isinstance(value, dt.datetime):
        raise SekhaValidationError(f"{name} must be a datetime or ISO 8601 text, got {type(value).__name__}")
    value = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    if value > dt.datetime.now(dt.UTC) + FUTURE_TOLERANCE:
        raise SekhaValidationError(f"{name} is in the future: {value.isoformat()}")
    if value < EARLIEST:
        raise SekhaValidationError(f"{name} is before 1970: {value.isoformat()}")
    return value


def conversation_id(value: UUID | str, *, what: str = "conversation id") -> UUID:
    """Parse an id before sending it: a string that is not a UUID cannot name anything."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise SekhaNotFoundError(f"{what} {value!r} is not a UUID, so nothing can have it") from None
