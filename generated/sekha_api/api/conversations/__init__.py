"""Endpoint functions, one module per operation; each module is imported on first use."""

from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import (
        add_messages,
        archive_conversation,
        count_conversations,
        create_conversation,
        delete_conversation,
        export_conversations,
        get_conversation,
        list_conversations,
        pin_conversation,
        update_folder,
        update_label,
    )

__all__ = (
    "add_messages",
    "archive_conversation",
    "count_conversations",
    "create_conversation",
    "delete_conversation",
    "export_conversations",
    "get_conversation",
    "list_conversations",
    "pin_conversation",
    "update_folder",
    "update_label",
)


def __getattr__(name: str) -> ModuleType:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return import_module(f".{name}", __name__)


def __dir__() -> list[str]:
    return list(__all__)
