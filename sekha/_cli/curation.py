"""``labels`` and ``prune``: keeping a growing memory organised and small."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from sekha._cli.options import connect, console
from sekha._cli.ui import plural

__all__ = ["register"]

ARCHIVE_BATCH = 50


def register(commands: Any, parents: list[argparse.ArgumentParser]) -> None:
    labels = commands.add_parser(
        "labels", parents=parents, help="list labels, or suggest one for a conversation"
    )
    labels.set_defaults(func=_labels_list)
    actions = labels.add_subparsers(dest="labels_action", metavar="ACTION")
    listing = actions.add_parser("list", parents=parents, help="every label with its conversation count")
    listing.set_defaults(func=_labels_list)
    suggest = actions.add_parser("suggest", parents=parents, help="labels the controller suggests")
    suggest.add_argument("conversation_id")
    suggest.add_argument(
        "--apply", action="store_true", help="relabel with the best suggestion if confident enough"
    )
    suggest.add_argument(
        "--threshold", type=float, default=0.7, help="confidence needed by --apply (default: 0.7)"
    )
    suggest.set_defaults(func=_labels_suggest)

    prune = commands.add_parser(
        "prune",
        parents=parents,
        help="list conversations worth archiving (dry run); --execute archives them",
    )
    prune.add_argument("--days", type=int, default=30, help="untouched for this many days (default: 30)")
    prune.add_argument("--execute", action="store_true", help="archive the recommended conversations")
    prune.set_defaults(func=_prune)


def _labels_list(args: argparse.Namespace) -> int:
    with connect(args) as client:
        counts = Counter(row.label for row in client.iter_conversations())
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    console(args).result(
        [{"label": label, "conversations": count} for label, count in ordered],
        [f"{count:>6}  {label}" for label, count in ordered] or ["No conversations yet."],
    )
    return 0


def _labels_suggest(args: argparse.Namespace) -> int:
    with connect(args) as client:
        suggestions = client.suggest_labels(args.conversation_id)
        applied = client.auto_label(args.conversation_id, threshold=args.threshold) if args.apply else None
    lines = [
        f"{s.confidence:.2f}  {s.label}{'  (existing)' if s.is_existing else ''}  {s.reason}".rstrip()
        for s in suggestions
    ] or ["No suggestions."]
    if args.apply:
        lines.append(f"Applied {applied.label!r}." if applied else f"Nothing reached {args.threshold:g}.")
    console(args).result(
        {
            "suggestions": [
                {
                    "label": s.label,
                    "confidence": s.confidence,
                    "is_existing": s.is_existing,
                    "reason": s.reason,
                }
                for s in suggestions
            ],
            "applied": None if applied is None else applied.label,
        },
        lines,
    )
    return 0


def _prune(args: argparse.Namespace) -> int:
    out = console(args)
    with connect(args) as client:
        suggestions = client.get_pruning_suggestions(args.days)
        chosen = [s for s in suggestions if s.should_archive]
        archived: list[str] = []
        if args.execute:
            with out.progress("archiving", len(chosen)) as bar:
                for start in range(0, len(chosen), ARCHIVE_BATCH):
                    batch = [s.conversation_id for s in chosen[start : start + ARCHIVE_BATCH]]
                    client.execute_prune(batch)
                    archived.extend(str(i) for i in batch)
                    bar.update(len(archived))
    lines = [
        f"{s.recommendation:<8} {s.last_accessed:%Y-%m-%d}  [{s.conversation_label}]  "
        f"{plural(s.message_count, 'message')}, ~{plural(s.token_estimate, 'token')}  {s.conversation_id}"
        for s in suggestions
    ]
    if args.execute:
        lines.append(f"Archived {plural(len(archived), 'conversation')}.")
    elif chosen:
        lines.append(
            f"{plural(len(chosen), 'conversation')} would be archived; run with --execute to archive them."
        )
    else:
        lines.append(f"Nothing to archive (untouched for {args.days} days).")
    out.result(
        {
            "dry_run": not args.execute,
            "threshold_days": args.days,
            "suggestions": [
                {
                    "conversation_id": s.conversation_id,
                    "label": s.conversation_label,
                    "recommendation": s.recommendation,
                    "last_accessed": s.last_accessed,
                    "message_count": s.message_count,
                    "token_estimate": s.token_estimate,
                    "importance_score": s.importance_score,
                }
                for s in suggestions
            ],
            "archived": archived,
        },
        lines,
    )
    return 0
