"""Options shared by the subcommands, and the client they describe.

Shared options default to ``argparse.SUPPRESS`` so that they work before or after a nested
subcommand (``sekha labels --json list``) without the inner parser resetting them.
"""

from __future__ import annotations

import argparse
from typing import Any

from sekha._cli.ui import Console
from sekha._settings import resolve
from sekha._sync.client import SyncSekhaClient
from sekha.config import ClientConfig

__all__ = ["UsageError", "connect", "connection_options", "console", "option", "output_options"]


class UsageError(Exception):
    """The command line asks for something that cannot be done; exit status 2."""


def option(args: argparse.Namespace, name: str, default: Any = None) -> Any:
    return getattr(args, name, default)


def output_options() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False)
    group = parser.add_argument_group("output")
    group.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON"
    )
    group.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors"
    )
    return parser


def connection_options() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False)
    group = parser.add_argument_group("connection (flags > SEKHA_BASE_URL/SEKHA_API_KEY > config file)")
    group.add_argument("--base-url", default=argparse.SUPPRESS, help="controller URL")
    group.add_argument(
        "--api-key", default=argparse.SUPPRESS, help="API key (prefer the environment or config file)"
    )
    group.add_argument("--config", default=argparse.SUPPRESS, metavar="FILE", help="config file to read")
    group.add_argument(
        "--timeout", type=float, default=argparse.SUPPRESS, help="seconds per request (default: 30)"
    )
    return parser


def console(args: argparse.Namespace) -> Console:
    return Console(bool(option(args, "json", False)))


def connect(args: argparse.Namespace) -> SyncSekhaClient:
    settings = resolve(option(args, "base_url"), option(args, "api_key"), option(args, "config"))
    if not settings.api_key:
        raise UsageError(
            "no API key: pass --api-key, set SEKHA_API_KEY, or run `sekha config set --api-key -`"
        )
    return SyncSekhaClient(
        ClientConfig(
            api_key=settings.api_key, base_url=settings.base_url, timeout=option(args, "timeout", 30.0)
        )
    )
