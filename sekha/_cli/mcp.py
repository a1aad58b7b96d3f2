"""``sekha mcp``: the memory as an MCP server on stdin and stdout, for LLM hosts to start."""

from __future__ import annotations

import argparse
from typing import Any

import anyio

from sekha import errors
from sekha._async.client import SekhaClient
from sekha._cli.options import client_config

__all__ = ["register"]


def register(commands: Any, connection: argparse.ArgumentParser) -> None:
    command = commands.add_parser(
        "mcp",
        parents=[connection],
        help="serve the memory to MCP hosts (Claude Desktop, Cursor …) on stdin/stdout",
        description="Run a Model Context Protocol server on stdin and stdout with the tools remember, "
        "recall, context, list_conversations, get_conversation, pin, archive and forget. It connects "
        "to the controller of your settings, or with --data-dir starts an embedded local controller. "
        'Needs the mcp extra: pip install "sekha-memory[mcp]".',
    )
    command.add_argument(
        "--data-dir", help="start an embedded local controller on this data directory (needs the local extra)"
    )
    command.set_defaults(func=_mcp)


def _mcp(args: argparse.Namespace) -> int:
    with errors.needs_local_extra("sekha mcp", "mcp"):
        from sekha.integrations.mcp import build_server
    client = SekhaClient.local(args.data_dir) if args.data_dir else SekhaClient(client_config(args))

    async def serve() -> None:
        async with client:
            await build_server(client).run_stdio_async()

    anyio.run(serve)
    return 0
