"""The retry policy, as a table: what happened -> wait how long, or stop."""

from __future__ import annotations

import pytest

from sekha._retry import Failure, RetryClass, RetrySettings, next_delay

S = RetryClass.SAFE
I = RetryClass.IDEMPOTENT  # noqa: E741
U = RetryClass.UNSAFE
SETTINGS = RetrySettings(max_retries=3, backoff=0.5, backoff_max=8.0, max_wait=60.0)

# (class, attempt, waited, status, failure, retry_after, expected delay with rand() == 1.0)
TABLE = [
    # reads retry every transient failure with exponential backoff
    (S, 1, 0.0, 503, None, None, 0.5),
    (S, 2, 0.5, 503, None, None, 1.0),
    (S, 3, 1.5, 500, None, None, 2.0),
    (S, 4, 3.5, 503, None, None, None),  # max_retries reached
    (S, 1, 0.0, 502, None, None, 0.5),
    (S, 1, 0.0, 504, None, None, 0.5),
    (S, 1, 0.0, 408, None, None, 0.5),
    (S, 1, 0.0, None, Failure.NOT_SENT, None, 0.5),
    (S, 1, 0.0, None, Failure.TIMEOUT, None, 0.5),
    (S, 1, 0.0, None, Failure.BROKEN, None, 0.5),
    # client errors are final
    (S, 1, 0.0, 400, None, None, None),
    (S, 1, 0.0, 404, None, None, None),
    (S, 1, 0.0, 422, None, None, None),
    (S, 1, 0.0, 501, None, None, None),
    (S, 1, 0.0, 200, None, None, None),
    # Retry-After replaces the backoff, within the total wait cap
    (S, 1, 0.0, 429, None, 7.0, 7.0),
    (S, 1, 55.0, 429, None, 7.0, None),
    (S, 1, 0.0, 503, None, 120.0, None),
    # idempotent writes behave like reads
    (I, 1, 0.0, 500, None, None, 0.5),
    (I, 1, 0.0, None, Failure.TIMEOUT, None, 0.5),
    # creates: only when nothing reached the server, or the limiter refused it
    (U, 1, 0.0, None, Failure.NOT_SENT, None, 0.5),
    (U, 1, 0.0, 429, None, None, 0.5),
    (U, 1, 0.0, 429, None, 2.0, 2.0),
    (U, 1, 0.0, None, Failure.TIMEOUT, None, None),
    (U, 1, 0.0, None, Failure.BROKEN, None, None),
    (U, 1, 0.0, 500, None, None, None),
    (U, 1, 0.0, 503, None, None, None),
    (U, 4, 0.0, 429, None, None, None),
    # backoff is capped
    (S, 9, 0.0, 503, None, None, None),
]


@pytest.mark.parametrize(("cls", "attempt", "waited", "status", "failure", "retry_after", "expected"), TABLE)
def test_next_delay(
    cls: RetryClass,
    attempt: int,
    waited: float,
    status: int | None,
    failure: Failure | None,
    retry_after: float | None,
    expected: float | None,
) -> None:
    delay = next_delay(
        retry_class=cls,
        attempt=attempt,
        waited=waited,
        settings=SETTINGS,
        status=status,
        failure=failure,
        retry_after=retry_after,
        rand=lambda: 1.0,
    )
    assert delay == expected


def test_full_jitter_spans_zero_to_the_exponential_cap() -> None:
    settings = RetrySettings(max_retries=10, backoff=0.5, backoff_max=4.0)
    low = next_delay(retry_class=S, attempt=6, waited=0, settings=settings, status=503, rand=lambda: 0.0)
    high = next_delay(retry_class=S, attempt=6, waited=0, settings=settings, status=503, rand=lambda: 1.0)
    assert (low, high) == (0.0, 4.0)
