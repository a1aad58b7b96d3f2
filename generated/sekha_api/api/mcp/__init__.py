"""Endpoint functions, one module per operation; each module is imported on first use."""

from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import (
        mcp_memory_export,
        mcp_memory_get_context,
        mcp_memory_prune,
        mcp_memory_search,
        mcp_memory_stats,
        mcp_memory_store,
        mcp_memory_update,
    )

__all__ = (
    "mcp_memory_export",
    "mcp_memory_get_context",
    "mcp_memory_prune",
    "mcp_memory_search",
    "mcp_memory_stats",
    "mcp_memory_store",
    "mcp_memory_update",
)


def __getattr__(name: str) -> ModuleType:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return import_module(f".{name}", __name__)


def __dir__() -> list[str]:
    return list(__all__)
