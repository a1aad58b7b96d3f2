"""LangChain adapters (issue 13 item 10), tested with langchain-core's own interfaces: the chat
history keeps a session as one conversation, the retriever returns scoped, budgeted memory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from langchain_core.chat_history import BaseChatMessageHistory
from langchain_core.messages import AIMessage, ChatMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.retrievers import BaseRetriever
from pytest_httpx import HTTPXMock

from sekha import ClientConfig, SekhaClient, SekhaUnsupportedError, SyncSekhaClient
from sekha.integrations.langchain import SekhaChatMessageHistory, SekhaRetriever
from tests.fixtures import body
from tests.live import ServerProcess, unique, wait_for


@pytest.fixture
def memory(live: ServerProcess) -> Iterator[SyncSekhaClient]:
    with SyncSekhaClient(live.config(rate_limit_requests=None)) as client:
        yield client


def test_the_history_is_one_conversation_that_grows(memory: SyncSekhaClient) -> None:
    label = unique("lc")
    history = SekhaChatMessageHistory(memory, label=label, folder="/lc")
    assert isinstance(history, BaseChatMessageHistory) and history.messages == []
    history.add_messages([SystemMessage("Be brief."), HumanMessage("What's the capital of Japan?")])
    history.add_ai_message(
        AIMessage(content="", tool_calls=[{"name": "lookup", "args": {"q": "Japan"}, "id": "t1"}])
    )
    history.add_messages(
        [ToolMessage("Tokyo", tool_call_id="t1"), AIMessage([{"type": "text", "text": "Tokyo."}])]
    )
    assert memory.count_conversations(label=label) == 1  # one session, one conversation
    again = SekhaChatMessageHistory(memory, history.conversation_id)
    assert [(type(m).__name__, m.content) for m in again.messages] == [
        ("SystemMessage", "Be brief."),
        ("HumanMessage", "What's the capital of Japan?"),
        ("AIMessage", '[tool call: lookup({"q": "Japan"})]'),
        ("ChatMessage", "Tokyo"),
        ("AIMessage", "Tokyo."),
    ]
    assert isinstance(again.messages[3], ChatMessage) and again.messages[3].role == "tool"
    history.clear()
    assert history.conversation_id is None and history.messages == []
    assert memory.count_conversations(label=label) == 0


def test_against_the_real_controller_the_second_turn_says_what_to_do(httpx_mock: HTTPXMock) -> None:
    base = "http://localhost:8080"
    httpx_mock.add_response(
        url=base + "/api/v1/conversations", status_code=201, json=body("create_conversation_201")
    )
    httpx_mock.add_response(url=base + "/health", json=body("health_200"))
    with SyncSekhaClient(ClientConfig(api_key="sk-test-" + "k" * 40, base_url=base)) as real:
        history = SekhaChatMessageHistory(real)
        history.add_user_message("first")
        with pytest.raises(SekhaUnsupportedError, match="store them as a new conversation"):
            history.add_user_message("second")


def test_the_retriever_returns_scoped_budgeted_memory(memory: SyncSekhaClient) -> None:
    alice, bob = unique("user:alice"), unique("user:bob")
    mine = memory.create([{"role": "user", "content": "Alice drinks green tea every morning."}], label=alice)
    memory.create([{"role": "user", "content": "Bob drinks green tea every morning too."}], label=bob)
    retriever = SekhaRetriever(client=memory, labels=[alice], token_budget=200)
    assert isinstance(retriever, BaseRetriever)
    wait_for(lambda: bool(retriever.invoke("what does Alice drink?")))
    documents = retriever.invoke("what does Alice drink in the morning?")
    assert [d.page_content for d in documents] == ["Alice drinks green tea every morning."]
    assert documents[0].metadata["label"] == alice and documents[0].metadata["conversation_id"] == str(
        mine.id
    )


@pytest.mark.anyio
async def test_the_retriever_is_async_with_an_async_client(
    memory: SyncSekhaClient, live: ServerProcess
) -> None:
    label = unique("lc-async")
    memory.create([{"role": "user", "content": "The launch is on Tuesday at noon."}], label=label)
    async with SekhaClient(live.config()) as async_memory:
        retriever = SekhaRetriever(client=memory, async_client=async_memory, labels=[label])
        wait_for(lambda: bool(retriever.invoke("when is the launch?")))
        documents = await retriever.ainvoke("when is the launch?")
    assert [d.page_content for d in documents] == ["The launch is on Tuesday at noon."]
