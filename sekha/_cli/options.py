"""Options shared by the subcommands, and the client they describe.

Shared options default to ``argparse.SUPPRESS`` so that they work before or after a nested
subcommand (``sekha labels --json list``) without the inner parser resetting them.
"""

from __future__ import annotations

import argparse
from typing import Any
from urllib.parse import urlsplit

from sekha._cli.ui import Console
from sekha._settings import is_loopback, resolve
from sekha._sync.client import SyncSekhaClient
from sekha.config import ClientConfig
from sekha.errors import SekhaAuthError

__all__ = [
    "UsageError",
    "base_url",
    "client_config",
    "connect",
    "connection_options",
    "console",
    "option",
    "output_options",
]

REMOTE_RATE_LIMIT = 1000  # requests a minute, the real controller's own limit


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
    group = parser.add_argument_group(
        "connection (flags > SEKHA_BASE_URL/SEKHA_API_KEY > config file > local key)"
    )
    group.add_argument("--base-url", default=argparse.SUPPRESS, help="controller URL")
    group.add_argument(
        "--api-key", default=argparse.SUPPRESS, help="API key (prefer the environment or config file)"
    )
    group.add_argument("--config", default=argparse.SUPPRESS, metavar="FILE", help="config file to read")
    group.add_argument(
        "--timeout", type=float, default=argparse.SUPPRESS, help="seconds per request (default: 30)"
    )
    group.add_argument(
        "--rate-limit",
        type=_requests_per_minute,
        default=argparse.SUPPRESS,
        metavar="N",
        help="at most N requests a minute, 0 for no limit (default: none for a controller on this "
        "machine, 1000 for any other)",
    )
    return parser


def _requests_per_minute(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or a positive number of requests a minute")
    return value


def console(args: argparse.Namespace) -> Console:
    return Console(bool(option(args, "json", False)))


def client_config(args: argparse.Namespace) -> ClientConfig:
    """The client configuration the settings name (see :mod:`sekha._settings`).

    A controller on this machine gets no client-side rate limit unless ``--rate-limit`` asks:
    the limit protects shared servers, and a local import should run as fast as the disk allows.
    """
    settings = resolve(option(args, "base_url"), option(args, "api_key"), option(args, "config"))
    if not settings.api_key:
        raise SekhaAuthError(
            "no API key: pass --api-key, set SEKHA_API_KEY, or run `sekha config set --api-key -` "
            "(a controller started with `sekha serve` on this machine needs none of these)"
        )
    local = is_loopback(urlsplit(settings.base_url).hostname or "")
    limit = option(args, "rate_limit", None if local else REMOTE_RATE_LIMIT)
    return ClientConfig(
        api_key=settings.api_key,
        base_url=settings.base_url,
        timeout=option(args, "timeout", 30.0),
        rate_limit_requests=limit or None,
    )


def connect(args: argparse.Namespace) -> SyncSekhaClient:
    return SyncSekhaClient(client_config(args))


def base_url(args: argparse.Namespace) -> str:
    """The controller URL the command's settings name (for messages about it)."""
    return resolve(option(args, "base_url"), option(args, "api_key"), option(args, "config")).base_url
