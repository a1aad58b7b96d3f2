"""Checks of what callers pass, so that bad input fails with SekhaValidationError before any request."""

from __future__ import annotations

import math
from collections.abc import Iterable
from uuid import UUID

from sekha.errors import SekhaNotFoundError, SekhaValidationError

__all__ = ["MAX_LIMIT", "MAX_TOKEN_BUDGET", "conversation_id", "limit", "number", "text", "texts", "whole"]

MAX_LIMIT = 1000
"""The most results or rows one request asks for (the local controller clamps to it too)."""
MAX_TOKEN_BUDGET = 10_000_000


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


def number(name: str, value: object) -> float:
    """A finite number (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SekhaValidationError(f"{name} must be a number, got {value!r}")
    return float(value)


def conversation_id(value: UUID | str, *, what: str = "conversation id") -> UUID:
    """Parse an id before sending it: a string that is not a UUID cannot name anything."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise SekhaNotFoundError(f"{what} {value!r} is not a UUID, so nothing can have it") from None
