"""``config show`` and ``config set``: the saved connection settings, never printing the key."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sekha._cli.options import UsageError, console, option
from sekha._settings import mask, read_config, resolve, write_config
from sekha.config import ClientConfig

__all__ = ["register"]


def register(commands: Any, output: argparse.ArgumentParser, connection: argparse.ArgumentParser) -> None:
    config = commands.add_parser("config", help="show or save the base URL and API key")
    actions = config.add_subparsers(dest="config_action", metavar="ACTION")
    actions.required = True
    show = actions.add_parser(
        "show", parents=[output, connection], help="the settings in effect and where each comes from"
    )
    show.set_defaults(func=_show)
    save = actions.add_parser(
        "set",
        parents=[output],
        help="save settings to the config file (mode 0600)",
        description="Save the base URL and/or API key. Pass --api-key - to read the key from stdin "
        "(keeps it out of your shell history).",
    )
    save.add_argument("--base-url", help="controller URL, e.g. http://localhost:8080")
    save.add_argument("--api-key", help="API key, or - to read it from stdin")
    save.add_argument("--config", metavar="FILE", help="config file to write")
    save.set_defaults(func=_set)


def _show(args: argparse.Namespace) -> int:
    settings = resolve(option(args, "base_url"), option(args, "api_key"), option(args, "config"))
    console(args).result(
        {
            "base_url": settings.base_url,
            "base_url_from": settings.base_url_from,
            "api_key": mask(settings.api_key),
            "api_key_from": settings.api_key_from,
            "config_file": str(settings.path),
            "config_file_exists": settings.path.exists(),
        },
        [
            f"base_url     {settings.base_url}  (from {settings.base_url_from})",
            f"api_key      {mask(settings.api_key)}  (from {settings.api_key_from or 'nowhere'})",
            f"config file  {settings.path}{'' if settings.path.exists() else '  (not created yet)'}",
        ],
    )
    return 0


def _set(args: argparse.Namespace) -> int:
    if args.base_url is None and args.api_key is None:
        raise UsageError("nothing to set: pass --base-url and/or --api-key")
    settings = resolve(None, None, args.config)
    values = read_config(settings.path)
    if args.base_url is not None:
        values["base_url"] = args.base_url.rstrip("/")
    if args.api_key is not None:
        values["api_key"] = sys.stdin.readline().strip() if args.api_key == "-" else args.api_key.strip()
    try:  # refuse to save what no client could use
        ClientConfig(api_key=values.get("api_key") or "placeholder", base_url=values.get("base_url"))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    write_config(settings.path, values)
    saved = ", ".join(key for key in ("base_url", "api_key") if key in values)
    console(args).result(
        {
            "config_file": str(settings.path),
            "base_url": values.get("base_url"),
            "api_key": mask(values.get("api_key")),
        },
        [f"Saved {saved} to {settings.path} (mode 0600)"],
    )
    return 0
