"""An MCP server that gives an LLM host the memory as tools: remember, recall, context, list, get,
pin, archive and forget.

    sekha mcp                       # the controller of your settings (as for every sekha command)
    sekha mcp --data-dir ~/.sekha   # or an embedded local controller on that data directory

It talks to any controller through :class:`sekha.SekhaClient`, so the host gets the SDK's
behaviour: scoped, budgeted context; real message shapes; the real controller's quirks hidden.
Needs the ``mcp`` extra (``pip install "sekha-memory[mcp]"``). :func:`build_server` returns the
server for a client you opened, for tests and for embedding in a program of your own.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field

from sekha._async.client import SekhaClient
from sekha._version import __version__
from sekha.errors import SekhaError

__all__ = ["Turn", "build_server"]

P = ParamSpec("P")
R = TypeVar("R")
INSTRUCTIONS = (
    "Long-term memory of earlier conversations. Before answering, call `context` with the user's "
    "question to get relevant memory within a token budget (scope it with labels or folders); "
    "after an exchange worth keeping, call `remember` (pass the conversation_id it returned to add "
    "to the same conversation). `recall` searches by meaning; `forget` deletes a conversation."
)


class Turn(BaseModel):
    """One message: who said it (user, assistant, system or tool) and what was said."""

    role: str = Field(description="user, assistant, system or tool (developer counts as system)")
    content: str = Field(description="the text of the message")


def _as_tool_error(tool: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """The SDK's errors reach the host as tool errors with the SDK's message, nothing more."""

    @functools.wraps(tool)
    async def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await tool(*args, **kwargs)
        except SekhaError as exc:
            raise ToolError(str(exc)) from exc

    return run


def build_server(client: SekhaClient) -> MCPServer[Any]:
    """The MCP server whose tools act on the controller ``client`` talks to (the caller closes it)."""
    server: MCPServer[Any] = MCPServer("sekha", instructions=INSTRUCTIONS, version=__version__)

    def tool(fn: Callable[..., Awaitable[Any]]) -> None:
        server.tool()(_as_tool_error(fn))

    async def remember(
        messages: list[Turn],
        label: str | None = None,
        folder: str | None = None,
        conversation_id: str | None = None,
    ) -> dict[str, Any]:
        """Store messages: as a new conversation (with a label and folder), or added to the end of
        an earlier one (its conversation_id, on controllers that can append)."""
        turns = [turn.model_dump() for turn in messages]
        if conversation_id is not None:
            grown = await client.add_messages(conversation_id, turns)
            return {"conversation_id": str(grown.id), "message_count": grown.message_count}
        stored = await client.create(turns, label=label, folder=folder)
        return {"conversation_id": str(stored.id), "message_count": stored.message_count}

    async def recall(query: str, limit: int = 10, label: str | None = None) -> list[dict[str, Any]]:
        """Search the memory by meaning; the closest messages first, with where they come from."""
        hits = await client.search(query, label=label, limit=limit)
        return [
            {
                "conversation_id": str(hit.conversation_id),
                "label": hit.label,
                "folder": hit.folder,
                "role": hit.role,
                "content": hit.content,
                "similarity": round(hit.similarity, 4),
                "timestamp": hit.timestamp.isoformat(),
            }
            for hit in hits
        ]

    async def context(
        query: str,
        token_budget: int = 2000,
        labels: list[str] | None = None,
        folders: list[str] | None = None,
    ) -> dict[str, Any]:
        """The memory relevant to a question, as text ready for the prompt, within token_budget
        tokens; labels and folders limit it (a folder includes the folders under it)."""
        assembled = await client.assemble_context(
            query, labels=labels, folders=folders, token_budget=token_budget
        )
        return {
            "context": assembled.context,
            "token_count": assembled.token_count,
            "conversation_ids": [str(c) for c in assembled.conversations_used],
        }

    async def list_conversations(
        label: str | None = None, folder: str | None = None, limit: int = 20
    ) -> list[dict[str, Any]]:
        """Stored conversations, most recently updated first (optionally one label or folder)."""
        rows: list[dict[str, Any]] = []
        async for row in client.iter_conversations():  # filtered here: not every controller can
            if (label is None or row.label == label) and (folder is None or row.folder == folder):
                rows.append(
                    {
                        "conversation_id": str(row.id),
                        "label": row.label,
                        "folder": row.folder,
                        "pinned": row.pinned,
                        "archived": row.archived,
                        "updated_at": row.updated_at.isoformat(),
                    }
                )
                if len(rows) >= limit:
                    break
        return rows

    async def get_conversation(conversation_id: str) -> dict[str, Any]:
        """One conversation with all its messages, oldest first."""
        exported = await client.export_conversation(conversation_id)
        record = exported.conversation
        return {
            "conversation_id": str(record.id),
            "label": record.label,
            "folder": record.folder,
            "pinned": record.pinned,
            "archived": record.archived,
            "created_at": record.created_at.isoformat(),
            "messages": [
                {"role": m.role, "content": m.content, "timestamp": m.timestamp.isoformat()}
                for m in exported.messages
            ],
        }

    async def pin(conversation_id: str, unpin: bool = False) -> str:
        """Pin a conversation (it ranks higher in context and search), or unpin it."""
        await (client.unpin if unpin else client.pin)(conversation_id)
        return f"{'Unpinned' if unpin else 'Pinned'} {conversation_id}"

    async def archive(conversation_id: str, unarchive: bool = False) -> str:
        """Archive a conversation (it leaves search and context), or make it active again."""
        await (client.unarchive if unarchive else client.archive)(conversation_id)
        return f"{'Unarchived' if unarchive else 'Archived'} {conversation_id}"

    async def forget(conversation_id: str) -> str:
        """Delete a conversation and all its messages, for good."""
        await client.delete_conversation(conversation_id)
        return f"Deleted {conversation_id}"

    for fn in (remember, recall, context, list_conversations, get_conversation, pin, archive, forget):
        tool(fn)
    return server
