"""The ``sekha`` command. Subcommands: ``serve`` (the local controller)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sekha", description="The Sekha AI memory SDK command line.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    serve = commands.add_parser(
        "serve",
        help="run the local controller (SQLite, offline embeddings)",
        description="Serve the Sekha controller API from a local SQLite database. "
        "Needs the 'local' extra: pip install 'sekha[local]'.",
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
    serve.set_defaults(func=_serve)
    return parser


def _serve(args: argparse.Namespace) -> int:
    try:
        from sekha.server.config import ConfigError, EmbedderSpec
        from sekha.server.serve import build_settings, serve_forever
    except ImportError as exc:
        print(
            f"sekha serve needs the local extra ({exc.name} is missing): pip install 'sekha[local]'",
            file=sys.stderr,
        )
        return 2
    if args.embedder in ("openai", "ollama") and not args.embedder_url:
        print(f"sekha serve: --embedder {args.embedder} needs --embedder-url", file=sys.stderr)
        return 2
    try:
        settings, key_file = build_settings(
            args.data_dir,
            embedder=EmbedderSpec(args.embedder, args.embedder_url, args.embedder_model),
            rate_limit_per_minute=args.rate_limit,
            chat_url=args.chat_url,
            chat_model=args.chat_model,
        )
    except (ConfigError, OSError) as exc:
        print(f"sekha serve: {exc}", file=sys.stderr)
        return 2
    return serve_forever(settings, args.host, args.port, key_file)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
