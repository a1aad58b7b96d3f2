"""One deadline per attempt, however the server dribbles its bytes.

httpx's timeouts bound each socket operation, so a server sending one byte a second keeps a read
alive forever. The transport sets a deadline around each attempt (a context variable, so it
follows the request through httpcore into the network streams of ``sekha/_async/deadline.py``),
and every connect, write and read is given at most what is left of it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

__all__ = ["attempt_deadline", "remaining"]

_DEADLINE: ContextVar[float | None] = ContextVar("sekha_attempt_deadline", default=None)


@contextlib.contextmanager
def attempt_deadline(seconds: float) -> Iterator[None]:
    """Network operations inside this block end at most ``seconds`` from now."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def remaining(timeout: float | None, expired: type[Exception]) -> float | None:
    """The timeout for one network operation: ``timeout``, cut to what is left of the deadline.

    Raises ``expired`` (an httpcore timeout, which httpx reports as its own) when nothing is left.
    """
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("the attempt ran out of time")
    return left if timeout is None else min(timeout, left)
