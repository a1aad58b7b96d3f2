from typing import Literal, cast

SummarizeRequestLevel = Literal["daily", "monthly", "weekly"]

SUMMARIZE_REQUEST_LEVEL_VALUES: frozenset[SummarizeRequestLevel] = frozenset(
    {
        "daily",
        "monthly",
        "weekly",
    }
)


def check_summarize_request_level(value: str) -> SummarizeRequestLevel:
    """Read a value from the server; one outside the known values is kept as it came (newer servers may add some)."""
    return cast(SummarizeRequestLevel, value)
