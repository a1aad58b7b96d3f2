"""The ``sekha`` command: the local controller (``serve``) and a client for any controller.

Errors print one line on stderr and exit with one status per kind of failure (:data:`EXIT_CODES`,
documented in docs/cli.md); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from typing import Any

from sekha import errors
from sekha._cli import configure, curation, lifecycle, mcp, memory, transfer
from sekha._cli.options import UsageError, base_url, connection_options, option, output_options
from sekha._settings import SettingsError
from sekha._version import __version__


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sekha",
        description="The Sekha AI memory SDK command line. `sekha COMMAND --help` describes each.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    serve = commands.add_parser(
        "serve",
        help="run the local controller (SQLite, offline embeddings)",
        description="Serve the Sekha controller API from a local SQLite database. "
        f"Needs the local extra: {errors.LOCAL_EXTRA_INSTALL}.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument(
        "--port", type=int, default=8080, help="port to listen on (default: 8080; 0 = any free)"
    )
    serve.add_argument(
        "--data-dir", default="~/.sekha", help="database and key directory (default: ~/.sekha)"
    )
    serve.add_argument(
        "--embedder",
        choices=["minilm", "openai", "ollama", "hashing"],
        default="minilm",
        help="minilm: offline all-MiniLM-L6-v2 (default); openai/ollama: an embeddings URL; "
        "hashing: non-semantic, for tests only",
    )
    serve.add_argument("--embedder-url", help="base URL of the OpenAI-compatible or Ollama embeddings API")
    serve.add_argument("--embedder-model", help="embedding model name for --embedder openai/ollama")
    serve.add_argument("--chat-url", help="OpenAI-compatible chat API for summaries and labels (optional)")
    serve.add_argument("--chat-model", help="chat model name for --chat-url")
    serve.add_argument(
        "--rate-limit", type=_positive, default=1000, help="requests per minute per client (default: 1000)"
    )
    serve.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a Host name to answer besides the address served on (repeatable), e.g. the name a "
        "TLS proxy in front forwards; other names are refused (DNS rebinding)",
    )
    serve.set_defaults(func=_serve)
    output, connection = output_options(), connection_options()
    for register in (memory.register, lifecycle.register, transfer.register, curation.register):
        register(commands, [output, connection])
    configure.register(commands, output, connection)
    mcp.register(commands, connection)
    return parser


def _serve(args: argparse.Namespace) -> int:
    try:
        with errors.needs_local_extra("sekha serve"):
            from sekha.server.config import ConfigError, EmbedderSpec
            from sekha.server.serve import build_settings, raise_descriptor_limit, serve_forever
    except errors.SekhaMissingExtraError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.embedder in ("openai", "ollama") and not args.embedder_url:
        print(f"sekha serve: --embedder {args.embedder} needs --embedder-url", file=sys.stderr)
        return 2
    raise_descriptor_limit()
    try:
        settings, key_file = build_settings(
            args.data_dir,
            embedder=EmbedderSpec(args.embedder, args.embedder_url, args.embedder_model),
            rate_limit_per_minute=args.rate_limit,
            chat_url=args.chat_url,
            chat_model=args.chat_model,
            allowed_hosts=tuple(args.allow_host),
        )
    except (ConfigError, OSError) as exc:
        print(f"sekha serve: {exc}", file=sys.stderr)
        return 2
    return serve_forever(settings, args.host, args.port, key_file)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = bool(option(args, "debug", False))
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        try:
            code: int = args.func(args)
        except Exception as exc:
            if debug:
                raise
            return _report(parser, args.command, exc, args)
        except KeyboardInterrupt:
            if debug:
                raise
            print(f"sekha {args.command}: interrupted", file=sys.stderr)
            return 130
    return code


EXIT_CODES: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], int], ...] = (
    (UsageError, 2),  # the command line asks for something impossible
    (errors.SekhaConnectionError, 3),  # the controller cannot be reached (timeouts included)
    (errors.SekhaAuthError, 4),  # no API key, or the controller refused it
    (errors.SekhaNotFoundError, 5),  # no such conversation
    (errors.SekhaRateLimitError, 9),  # still refused for too many requests after retrying
    (errors.SekhaValidationError, 6),  # the controller (or the SDK) refused the input
    ((errors.SekhaServerError, errors.SekhaDecodeError), 7),  # the controller failed
    (errors.SekhaUnsupportedError, 8),  # this controller cannot do it
)
"""The exit status of each kind of failure; 1 is any other failure, 130 an interrupt."""


def _report(parser: argparse.ArgumentParser, command: str, exc: Exception, args: argparse.Namespace) -> int:
    """One line on stderr for any failure, and the exit status for its kind."""
    if isinstance(exc, BrokenPipeError):  # the reader went away (`sekha export | head`): say nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit does not fail again
        return 1
    if isinstance(exc, errors.SekhaConnectionError):
        message = (
            f"cannot reach the controller at {_where(args)} ({exc}): is it running? "
            "Start a local one with `sekha serve`, or point --base-url (or SEKHA_BASE_URL) at yours"
        )
    elif isinstance(exc, UsageError | errors.SekhaError | SettingsError | OSError | ValueError):
        message = str(exc)
    else:
        message = f"{type(exc).__name__}: {exc} (rerun with --debug for the traceback)"
    print(f"sekha {command}: {message}", file=sys.stderr)
    return next((code for kind, code in EXIT_CODES if isinstance(exc, kind)), 1)


def _where(args: argparse.Namespace) -> str:
    try:
        return base_url(args)
    except SettingsError:
        return "the configured URL"


def _show_warning(message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> None:
    print(f"sekha: warning: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
