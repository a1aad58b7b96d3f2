"""Real token counts (cl100k_base via quicktok, fully offline) for context budgets."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _encoding() -> Any:
    import quicktok  # type: ignore[import-untyped]

    return quicktok.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    """cl100k_base tokens in ``text``; close to what current chat models are billed for."""
    return int(_encoding().count(text))
