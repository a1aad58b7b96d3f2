"""A rate limiter shared by every concurrent call of one client.

It is a token bucket kept as a schedule (the generic cell rate algorithm): under a short lock a
caller books the earliest moment its request may go out, then sleeps outside the lock. Nobody
ever sleeps while holding it, so one lock serves threads and event loops alike. In any window of
``w`` seconds at most ``burst + w * rate`` requests are sent.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

__all__ = ["TokenBucket"]


class TokenBucket:
    """``rate_per_minute`` requests a minute, with bursts of up to one second's worth."""

    def __init__(self, rate_per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        if rate_per_minute < 1:
            raise ValueError("rate_per_minute must be >= 1")
        self.rate_per_second = rate_per_minute / 60.0
        self.burst = max(1, math.ceil(self.rate_per_second))
        self._interval = 1.0 / self.rate_per_second
        self._tolerance = (self.burst - 1) * self._interval
        self._clock = clock
        self._lock = threading.Lock()
        self._next = clock()  # when the bucket is next empty-handed ("theoretical arrival time")

    @classmethod
    def optional(cls, rate_per_minute: int | None) -> TokenBucket | None:
        """A bucket for a configured rate, or None when limiting is off."""
        return cls(rate_per_minute) if rate_per_minute else None

    def reserve(self, within: float = math.inf) -> float | None:
        """Book one request; return how many seconds to wait before sending it.

        When that would be longer than ``within`` seconds, book nothing and return None.
        """
        with self._lock:
            now = self._clock()
            due = max(self._next, now)
            send_at = max(now, due - self._tolerance)
            if send_at - now > within:
                return None
            self._next = max(due, send_at) + self._interval
            return send_at - now

    def pause(self, seconds: float) -> None:
        """Send nothing for ``seconds`` (the server said it is over its limit), then resume gently.

        A pause that is not a finite, positive number of seconds is ignored.
        """
        if not 0 < seconds < math.inf:
            return
        with self._lock:
            resume = self._clock() + seconds
            self._next = max(self._next, resume + self._tolerance)
