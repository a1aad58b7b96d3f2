"""``save``, ``search``, ``context`` and ``health``: storing and recalling memory."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sekha._cli.options import UsageError, connect, console, option
from sekha._cli.ui import clip, iso, plural
from sekha.models import NewConversation

__all__ = ["register"]

_MESSAGE = "message"  # a hit whose role the controller did not say


def register(commands: Any, parents: list[argparse.ArgumentParser]) -> None:
    save = commands.add_parser(
        "save",
        parents=parents,
        help="store a conversation from a JSON file or stdin",
        description='Store one conversation. The JSON is {"label", "folder", "messages": '
        '[{"role", "content"}, ...]} or just the list of messages.',
    )
    save.add_argument("file", nargs="?", default="-", help="JSON file (default: - for stdin)")
    save.add_argument("--label", help="label (overrides the file's)")
    save.add_argument("--folder", help="folder (overrides the file's; default /)")
    save.set_defaults(func=_save)

    search = commands.add_parser("search", parents=parents, help="semantic or full-text search")
    search.add_argument("query")
    search.add_argument("--fts", action="store_true", help="full-text search instead of semantic")
    search.add_argument("--label", help="only this label (semantic search)")
    search.add_argument("--limit", type=int, default=10, help="at most this many results (default: 10)")
    search.set_defaults(func=_search)

    context = commands.add_parser(
        "context", parents=parents, help="assemble the memory that serves a query, within a token budget"
    )
    context.add_argument("query")
    context.add_argument("--budget", type=int, default=2000, help="token budget (default: 2000)")
    context.add_argument("--label", action="append", help="only this label (repeatable)")
    context.add_argument(
        "--folder", action="append", help="only this folder and the ones under it (repeatable)"
    )
    context.add_argument("--prefer", action="append", help="rank this label higher (repeatable)")
    context.add_argument("--exclude-folder", action="append", help="leave out this folder (repeatable)")
    context.set_defaults(func=_context)

    health = commands.add_parser(
        "health",
        parents=parents,
        help="is the controller up, and does it take the API key? (exit 1 if not healthy, 4 if the "
        "key is refused)",
    )
    health.set_defaults(func=_health)


def _read_json(name: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise UsageError(f"{'stdin' if name == '-' else name} is not valid JSON: {exc}") from None


def _save(args: argparse.Namespace) -> int:
    data = _read_json(args.file)
    body = {"messages": data} if isinstance(data, list) else data
    if not isinstance(body, dict) or "messages" not in body:
        raise UsageError('expected {"messages": [...]} or a list of messages')
    conversation = NewConversation(
        messages=body["messages"],
        label=args.label or body.get("label"),
        folder=args.folder or body.get("folder"),
    )
    with connect(args) as client:
        stored = client.create_conversation(conversation)
    console(args).result(
        {
            "id": stored.id,
            "label": stored.label,
            "folder": stored.folder,
            "message_count": stored.message_count,
            "created_at": stored.created_at,
        },
        [f"Saved {stored.id}  [{stored.label}] {stored.folder}  ({plural(stored.message_count, 'message')})"],
    )
    return 0


def _search(args: argparse.Namespace) -> int:
    out = console(args)
    with connect(args) as client:
        if args.fts:
            if args.label:
                raise UsageError("--label works with semantic search only")
            messages = client.full_text_search(args.query, limit=args.limit)
            out.result(
                [
                    {
                        "conversation_id": m.conversation_id,
                        "message_id": m.id,
                        "role": m.role,
                        "content": m.content,
                        "timestamp": m.timestamp,
                    }
                    for m in messages
                ],
                [
                    f"{iso(m.timestamp)}  {m.conversation_id}\n  {clip(f'{m.role}: {m.content}')}"
                    for m in messages
                ]
                or ["No matches."],
            )
            return 0
        hits = client.search(args.query, label=args.label, limit=args.limit)
    out.result(
        [
            {
                "conversation_id": h.conversation_id,
                "message_id": h.message_id,
                "label": h.label,
                "folder": h.folder,
                "role": h.role,
                "content": h.content,
                "similarity": round(h.similarity, 4),
                "score": h.score,
                "timestamp": h.timestamp,
            }
            for h in hits
        ],
        [
            f"{h.similarity:.2f}  [{h.label}] {h.folder}  {h.conversation_id}\n"
            f"  {clip(f'{h.role or _MESSAGE}: {h.content}')}"
            for h in hits
        ]
        or ["No matches."],
    )
    return 0


def _context(args: argparse.Namespace) -> int:
    with connect(args) as client:
        context = client.assemble_context(
            args.query,
            labels=args.label,
            folders=args.folder,
            preferred_labels=args.prefer,
            token_budget=args.budget,
            excluded_folders=args.exclude_folder,
        )
    out = console(args)
    out.result(
        {
            "query": context.query,
            "token_count": context.token_count,
            "conversations_used": list(context.conversations_used),
            "context": context.context,
            "messages": [
                {
                    "conversation_id": m.conversation_id,
                    "message_id": m.id,
                    "label": None if m.citation is None else m.citation.label,
                    "folder": None if m.citation is None else m.citation.folder,
                    "role": m.role,
                    "content": m.content,
                    "timestamp": m.timestamp,
                }
                for m in context.messages
            ],
        },
        [context.context or "No relevant memory."],
    )
    if not option(args, "json", False) and context.messages:
        out.note(
            f"{plural(len(context.messages), 'message')} from "
            f"{plural(len(context.conversations_used), 'conversation')}, "
            f"{plural(context.token_count, 'token')}"
        )
    return 0


def _health(args: argparse.Namespace) -> int:
    with connect(args) as client:
        health = client.health()
        base_url = client.config.base_url
        if health.healthy:
            client.memory_stats()  # /health is open to all: a call that needs the key checks it
    lines = [f"{health.status} at {base_url}"]
    for name, check in health.checks.items():
        details = [
            f"{field} {value}"
            for field, value in (
                ("error", check.error),
                ("pending", check.pending),
                ("embedded", check.embedded),
                ("model", check.model),
            )
            if value is not None
        ]
        lines.append(f"  {name:<12} {check.status}  {', '.join(details)}".rstrip())
    console(args).result(
        {
            "status": health.status,
            "healthy": health.healthy,
            "base_url": base_url,
            "timestamp": health.timestamp,
            "checks": {
                name: {
                    "status": c.status,
                    "error": c.error,
                    "pending": c.pending,
                    "embedded": c.embedded,
                    "model": c.model,
                }
                for name, c in health.checks.items()
            },
        },
        lines,
    )
    return 0 if health.healthy else 1
