"""Endpoint functions, one module per operation; each module is imported on first use."""

from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import prune_dry_run, prune_execute, suggest_labels, summarize

__all__ = (
    "prune_dry_run",
    "prune_execute",
    "suggest_labels",
    "summarize",
)


def __getattr__(name: str) -> ModuleType:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return import_module(f".{name}", __name__)


def __dir__() -> list[str]:
    return list(__all__)
