"""``sekha mcp``: the memory tools driven through an in-memory MCP client session, and the stdio
server started exactly as the host config in docs/mcp.md starts it (issue 13 item 9)."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters

from sekha import SekhaClient
from sekha._tokens import count_tokens
from sekha.integrations.mcp import build_server
from tests.live import unique

pytestmark = pytest.mark.anyio
DOCS = Path(__file__).resolve().parents[2] / "docs" / "mcp.md"
TOOLS = {
    "remember",
    "recall",
    "context",
    "list_conversations",
    "get_conversation",
    "pin",
    "archive",
    "forget",
}


async def call(session: Client, tool: str, **arguments: Any) -> Any:
    result = await session.call_tool(tool, arguments)
    assert not result.is_error, result.content
    if result.structured_content is not None:
        return result.structured_content.get("result", result.structured_content)
    return result.content[0].text  # type: ignore[union-attr]


async def test_the_tools_are_listed_with_their_descriptions(client: SekhaClient) -> None:
    async with Client(build_server(client)) as session:
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        assert set(tools) == TOOLS
        assert "token_budget" in tools["context"].input_schema["properties"]
        assert all(tool.description for tool in tools.values())
        assert "remember" in (session.instructions or "")


async def test_remember_append_recall_and_context(client: SekhaClient) -> None:
    label = unique("mcp")
    async with Client(build_server(client)) as session:
        stored = await call(
            session,
            "remember",
            messages=[{"role": "user", "content": "My cat is called Miso and she is 4 years old."}],
            label=label,
            folder="/mcp",
        )
        grown = await call(
            session,
            "remember",
            messages=[{"role": "assistant", "content": "Noted: Miso, four years old."}],
            conversation_id=stored["conversation_id"],
        )
        assert grown == {"conversation_id": stored["conversation_id"], "message_count": 2}

        async def found() -> bool:
            hits = await call(session, "recall", query="what is my cat's name?", label=label)
            return any(h["conversation_id"] == stored["conversation_id"] for h in hits)

        await wait_until(found)
        memory = await call(
            session, "context", query="what is my cat's name?", labels=[label], token_budget=200
        )
        assert memory["conversation_ids"] == [stored["conversation_id"]]
        assert memory["context"].startswith(f"[{label} · /mcp · ")
        assert "user: My cat is called Miso" in memory["context"]
        assert memory["token_count"] == count_tokens(memory["context"]) <= 200
        other = await call(session, "context", query="what is my cat's name?", labels=[unique("nobody")])
        assert other["conversation_ids"] == []  # a hard scope


async def test_list_get_pin_archive_and_forget(client: SekhaClient) -> None:
    label = unique("mcp-life")
    async with Client(build_server(client)) as session:
        stored = await call(session, "remember", messages=[{"role": "user", "content": "keep"}], label=label)
        cid = stored["conversation_id"]
        listed = await call(session, "list_conversations", label=label)
        assert [row["conversation_id"] for row in listed] == [cid]
        assert await call(session, "pin", conversation_id=cid) == f"Pinned {cid}"
        assert (await call(session, "get_conversation", conversation_id=cid))["pinned"]
        assert await call(session, "pin", conversation_id=cid, unpin=True) == f"Unpinned {cid}"
        assert await call(session, "archive", conversation_id=cid) == f"Archived {cid}"
        record = await call(session, "get_conversation", conversation_id=cid)
        assert record["archived"] and not record["pinned"]
        assert record["messages"] == [
            {"role": "user", "content": "keep", "timestamp": record["messages"][0]["timestamp"]}
        ]
        assert await call(session, "archive", conversation_id=cid, unarchive=True) == f"Unarchived {cid}"
        assert await call(session, "forget", conversation_id=cid) == f"Deleted {cid}"
        gone = await session.call_tool("get_conversation", {"conversation_id": cid})
        assert gone.is_error and "not found" in gone.content[0].text.lower()  # type: ignore[union-attr]


async def test_bad_input_is_a_tool_error_with_the_sdks_message(client: SekhaClient) -> None:
    async with Client(build_server(client)) as session:
        result = await session.call_tool("remember", {"messages": [{"role": "narrator", "content": "x"}]})
        assert result.is_error and "role must be one of" in result.content[0].text  # type: ignore[union-attr]
        result = await session.call_tool("forget", {"conversation_id": "not-a-uuid"})
        assert result.is_error and "is not a UUID" in result.content[0].text  # type: ignore[union-attr]


def host_config() -> dict[str, Any]:
    """The Claude Desktop snippet of docs/mcp.md, exactly as a user would paste it."""
    block = re.search(r"```json\n(\{\n  \"mcpServers\".*?)\n```", DOCS.read_text(encoding="utf-8"), re.S)
    assert block is not None, "docs/mcp.md has the host config snippet"
    server: dict[str, Any] = json.loads(block.group(1))["mcpServers"]["sekha"]
    return server


async def test_the_documented_host_config_starts_a_working_server(tmp_path: Path) -> None:
    server = host_config()
    assert server["command"] == "sekha" and server["args"][0] == "mcp"
    args = [a.replace("~/.sekha", str(tmp_path / "data")) for a in server["args"]]
    command = str(Path(sys.executable).with_name("sekha"))  # the installed command, as the host runs it
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SEKHA_")}
    parameters = StdioServerParameters(command=command, args=args, env=environment)
    async with Client(parameters, read_timeout_seconds=120) as session:
        assert {t.name for t in (await session.list_tools()).tools} == TOOLS
        stored = await call(session, "remember", messages=[{"role": "user", "content": "hello from a host"}])
        listed = await call(session, "list_conversations")
        assert [row["conversation_id"] for row in listed] == [stored["conversation_id"]]


async def wait_until(check: Any) -> None:
    """Embedding happens after the write: poll, for at most 30 s, until search sees it."""
    for _ in range(600):
        if await check():
            return
        await anyio.sleep(0.05)
    raise AssertionError("search did not see the stored message within 30 s")
