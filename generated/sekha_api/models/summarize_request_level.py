from typing import Literal

SummarizeRequestLevel = Literal["daily", "monthly", "weekly"]

SUMMARIZE_REQUEST_LEVEL_VALUES: set[SummarizeRequestLevel] = {
    "daily",
    "monthly",
    "weekly",
}


def check_summarize_request_level(value: str) -> SummarizeRequestLevel:
    if value in SUMMARIZE_REQUEST_LEVEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SUMMARIZE_REQUEST_LEVEL_VALUES!r}"
    )
