"""Token counts for context budgets: exact cl100k_base with the ``tokens`` extra, a safe bound without.

cl100k_base is what current OpenAI chat models bill and close to what other providers count.
The ``tokens`` extra (``pip install "sekha-memory[tokens]"``; the ``local``, ``mcp`` and
``langchain`` extras include it) counts it exactly and offline. Without it every UTF-8 byte is
counted as a token: no text has more cl100k tokens than bytes, so a context still fits its
budget, only using less of it (about a quarter for English); a warning says so once.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

__all__ = ["ENCODING", "ApproximateTokensWarning", "count_tokens", "exact"]

ENCODING = "cl100k_base"
TOKENS_EXTRA_INSTALL = 'pip install "sekha-memory[tokens]"'


class ApproximateTokensWarning(UserWarning):
    """Token counts are an upper bound (UTF-8 bytes) because no cl100k tokenizer is installed."""


@functools.cache
def _encoding() -> Any:
    try:
        import quicktok  # type: ignore[import-untyped]
    except ImportError:
        return None
    return quicktok.get_encoding(ENCODING)


def exact() -> bool:
    """True when counts are exact cl100k_base tokens (the ``tokens`` extra is installed)."""
    return _encoding() is not None


def count_tokens(text: str) -> int:
    """cl100k_base tokens in ``text``, or its UTF-8 bytes (an upper bound) without a tokenizer."""
    encoding = _encoding()
    if encoding is not None:
        return int(encoding.count(text))
    warnings.warn(
        f"counting a UTF-8 byte as a token (an upper bound): {TOKENS_EXTRA_INSTALL} counts "
        f"{ENCODING} tokens exactly and lets contexts use their whole budget",
        ApproximateTokensWarning,
        stacklevel=2,
    )
    return len(text.encode("utf-8"))
