"""LangChain's chat message history and retriever over the memory (extra ``langchain``).

    from sekha import MemoryController
    from sekha.integrations.langchain import SekhaChatMessageHistory, SekhaRetriever

    history = SekhaChatMessageHistory(memory, label="user:alice")           # one conversation
    retriever = SekhaRetriever(client=memory, labels=["user:alice"], token_budget=2000)

The history keeps a chat session as one stored conversation and appends each new turn to it,
which needs a controller that announces ``append_messages`` (the local controller does; against
the real controller 0.1.0 the second ``add_messages`` raises SekhaUnsupportedError). The retriever
returns the messages context assembly chooses: scoped, relevant, and within the token budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from langchain_core.callbacks import AsyncCallbackManagerForRetrieverRun, CallbackManagerForRetrieverRun
from langchain_core.chat_history import BaseChatMessageHistory
from langchain_core.documents import Document
from langchain_core.messages import AIMessage, BaseMessage, ChatMessage, HumanMessage, SystemMessage
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from sekha._async.client import SekhaClient
from sekha._context import AssembledContext
from sekha._sync.client import SyncSekhaClient

__all__ = ["SekhaChatMessageHistory", "SekhaRetriever"]

KINDS = {"user": HumanMessage, "assistant": AIMessage, "system": SystemMessage}


def to_sekha(message: BaseMessage) -> dict[str, Any]:
    """A LangChain message as the SDK stores it: role, content (parts and blocks allowed), tool calls."""
    role = message.role if isinstance(message, ChatMessage) else message.type  # human, ai, system, tool
    calls = [
        {"function": {"name": call["name"], "arguments": call["args"]}}
        for call in getattr(message, "tool_calls", None) or ()
    ]
    return {"role": role, "content": message.content, "tool_calls": calls}


def to_langchain(role: str, content: str) -> BaseMessage:
    """A stored message as LangChain's: Human, AI or System; a stored tool turn keeps its role."""
    kind = KINDS.get(role)
    return kind(content=content) if kind is not None else ChatMessage(role=role, content=content)


class SekhaChatMessageHistory(BaseChatMessageHistory):
    """A chat history stored as one Sekha conversation: the first messages create it (with
    ``label`` and ``folder``), later ones are appended; ``conversation_id`` names it."""

    def __init__(
        self,
        client: SyncSekhaClient,
        conversation_id: UUID | str | None = None,
        *,
        label: str = "langchain",
        folder: str = "/langchain",
    ) -> None:
        self.client = client
        self.conversation_id = None if conversation_id is None else UUID(str(conversation_id))
        self.label = label
        self.folder = folder

    @property
    def messages(self) -> list[BaseMessage]:  # type: ignore[override]  # a property, as LangChain allows
        if self.conversation_id is None:
            return []
        return [to_langchain(m.role, m.content) for m in self.client.get_messages(self.conversation_id)]

    def add_messages(self, messages: Sequence[BaseMessage]) -> None:
        turns = [to_sekha(message) for message in messages]
        if not turns:
            return
        if self.conversation_id is None:
            self.conversation_id = self.client.create(turns, label=self.label, folder=self.folder).id
        else:
            self.client.add_messages(self.conversation_id, turns)

    def clear(self) -> None:
        """Delete the conversation; the next message starts a new one."""
        if self.conversation_id is not None:
            self.client.delete_conversation(self.conversation_id)
            self.conversation_id = None


def _documents(context: AssembledContext) -> list[Document]:
    return [
        Document(
            page_content=message.content,
            metadata={
                "conversation_id": str(message.conversation_id),
                "message_id": str(message.id),
                "role": message.role,
                "label": None if message.citation is None else message.citation.label,
                "folder": None if message.citation is None else message.citation.folder,
                "timestamp": message.timestamp.isoformat(),
            },
        )
        for message in context.messages
    ]


class SekhaRetriever(BaseRetriever):
    """The memory context assembly chooses for a query, one Document per message, grouped by
    conversation in their original order; ``labels`` and ``folders`` limit it, ``token_budget``
    bounds the rendered memory. ``async_client`` (a SekhaClient) serves ``ainvoke`` natively."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    client: SyncSekhaClient
    async_client: SekhaClient | None = None
    labels: list[str] | None = None
    folders: list[str] | None = None
    token_budget: int = 2000

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        context = self.client.assemble_context(
            query, labels=self.labels, folders=self.folders, token_budget=self.token_budget
        )
        return _documents(context)

    async def _aget_relevant_documents(
        self, query: str, *, run_manager: AsyncCallbackManagerForRetrieverRun
    ) -> list[Document]:
        if self.async_client is None:
            return await super()._aget_relevant_documents(query, run_manager=run_manager)
        context = await self.async_client.assemble_context(
            query, labels=self.labels, folders=self.folders, token_budget=self.token_budget
        )
        return _documents(context)
