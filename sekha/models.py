"""The SDK's public types.

Every API body is the generated class itself (``sekha.models.SearchHit is
sekha_api.models.SearchHit``), carrying what the SDK adds through sekha/_mixins.py: validation of
the requests users build (``MessageDto``, ``NewConversation``) and derived values of responses
(``hit.similarity``, ``suggestion.reason``, ``page.has_next`` …). Timestamps are timezone-aware
UTC datetimes; an optional field the server left out is None. Only ``AssembledContext``, which
is not one body, is written by hand. Each model is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sekha._context import AssembledContext
from sekha._tokens import count_tokens
from sekha_api import models as _generated

if TYPE_CHECKING:
    from sekha_api.models import *  # noqa: F403

__all__ = ["AssembledContext", "count_tokens", *_generated.__all__]


def __getattr__(name: str) -> Any:
    if name in _generated.__all__:
        return getattr(_generated, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return list(__all__)
