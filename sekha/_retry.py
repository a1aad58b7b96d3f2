"""When to try a request again: a pure function of what happened, tested with a table.

Operations come in three classes, declared per operation in the contract (``x-sekha-retry``):

* ``safe``: reads and read-only POSTs. Any transient failure is retried.
* ``idempotent``: writes whose repetition leaves the same state (set a label, archive …). Same.
* ``unsafe``: creates, and calls that write or cost something on every attempt (summaries). Retried
  only when the request provably never reached the server (it could not connect, or the request
  could not be written) or when the rate limiter refused it (429), so a retry never stores twice.
  A create against a server that honours ``Idempotency-Key`` is retried as ``idempotent`` instead
  (the transport decides that; this function only sees the class it is given).

Every call is bounded: at most ``max_retries + 1`` attempts of at most ``timeout`` seconds each,
and at most ``max_wait`` seconds of waiting in all (rate limiter, backoff, ``Retry-After``).
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable

import attrs

__all__ = ["Failure", "RetryClass", "RetrySettings", "next_delay"]


class RetryClass(enum.StrEnum):
    SAFE = "safe"
    IDEMPOTENT = "idempotent"
    UNSAFE = "unsafe"


class Failure(enum.Enum):
    """How an attempt failed below HTTP."""

    NOT_SENT = "not_sent"  # connection refused, DNS, connect or pool timeout: nothing reached the server
    TIMEOUT = "timeout"  # sent, but no answer in time: the server may have acted
    BROKEN = "broken"  # sent, then the connection broke: the server may have acted


RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@attrs.frozen
class RetrySettings:
    max_retries: int = 3
    backoff: float = 0.5
    backoff_max: float = 8.0
    max_wait: float = 60.0  # total seconds a call may spend waiting: limiter, backoff, Retry-After
    timeout: float = 30.0  # seconds one attempt may take, from connecting to the last byte

    @property
    def bound(self) -> float:
        """The longest a call can take: every attempt and every wait."""
        return (self.max_retries + 1) * self.timeout + self.max_wait


def next_delay(
    *,
    retry_class: RetryClass,
    attempt: int,
    waited: float,
    settings: RetrySettings,
    status: int | None = None,
    failure: Failure | None = None,
    retry_after: float | None = None,
    rand: Callable[[], float] = random.random,
) -> float | None:
    """Seconds to wait before the next attempt, or None to stop and report this outcome.

    ``attempt`` counts attempts made so far (1 after the first); ``waited`` is the time already
    spent waiting. Backoff is exponential with full jitter; a server's ``Retry-After`` replaces
    it, and is honoured only while it fits in what is left of ``max_wait``.
    """
    if attempt > settings.max_retries:
        return None
    if failure is not None:
        retryable = failure is Failure.NOT_SENT or retry_class is not RetryClass.UNSAFE
    elif status is not None:
        retryable = status == 429 if retry_class is RetryClass.UNSAFE else status in RETRYABLE_STATUSES
    else:
        retryable = False
    if not retryable:
        return None
    if retry_after is not None:
        delay = retry_after
    else:
        delay = rand() * min(settings.backoff_max, settings.backoff * 2 ** (attempt - 1))
    if waited + delay > settings.max_wait:
        return None
    return delay
