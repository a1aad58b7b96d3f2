"""``list``, ``show``, ``delete``, ``pin``/``unpin``, ``archive``/``unarchive`` and ``relabel``:
a conversation's whole life from the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sekha._cli.options import connect, console
from sekha._cli.ui import iso, plural
from sekha._context import in_folders
from sekha._sync.client import SyncSekhaClient

__all__ = ["register"]

Action = Callable[[SyncSekhaClient, str], None]


def register(commands: Any, parents: list[argparse.ArgumentParser]) -> None:
    listing = commands.add_parser("list", parents=parents, help="conversations, most recently updated first")
    listing.add_argument("--label", help="only this exact label")
    listing.add_argument("--folder", help="only this folder and the folders under it")
    listing.add_argument("--pinned", action="store_true", help="only pinned conversations")
    listing.add_argument("--archived", action="store_true", help="only archived conversations")
    listing.add_argument("--limit", type=int, default=50, help="at most this many (default: 50; 0: all)")
    listing.set_defaults(func=_list)

    show = commands.add_parser("show", parents=parents, help="one conversation with its messages")
    show.add_argument("conversation_id")
    show.set_defaults(func=_show)

    for name, verb, action, what in (
        ("delete", "Deleted", SyncSekhaClient.delete_conversation, "delete conversations and their messages"),
        ("pin", "Pinned", SyncSekhaClient.pin, "pin conversations (ranked higher in context and search)"),
        ("unpin", "Unpinned", SyncSekhaClient.unpin, "unpin conversations"),
        ("archive", "Archived", SyncSekhaClient.archive, "archive conversations (out of search and context)"),
        ("unarchive", "Unarchived", SyncSekhaClient.unarchive, "make archived conversations active again"),
    ):
        command = commands.add_parser(name, parents=parents, help=what)
        command.add_argument("conversation_ids", nargs="+", metavar="ID")
        command.set_defaults(func=_each(verb, action))

    relabel = commands.add_parser("relabel", parents=parents, help="give a conversation another label")
    relabel.add_argument("conversation_id")
    relabel.add_argument("label")
    relabel.add_argument("--folder", help="move it to this folder too")
    relabel.set_defaults(func=_relabel)


def _list(args: argparse.Namespace) -> int:
    rows = []
    with connect(args) as client:
        for row in client.iter_conversations():  # filtered here: the real controller's filters fail
            if args.label is not None and row.label != args.label:
                continue
            if args.folder is not None and not in_folders(row.folder, [args.folder]):
                continue
            if (args.pinned and not row.pinned) or (args.archived and not row.archived):
                continue
            rows.append(row)
            if args.limit and len(rows) >= args.limit:
                break
    console(args).result(
        [
            {
                "id": row.id,
                "label": row.label,
                "folder": row.folder,
                "status": row.status,
                "pinned": row.pinned,
                "importance_score": row.importance_score,
                "updated_at": row.updated_at,
            }
            for row in rows
        ],
        [
            f"{iso(row.updated_at)}  {row.id}  [{row.label}] {row.folder}"
            + ("  pinned" if row.pinned else "")
            + ("  archived" if row.archived else "")
            for row in rows
        ]
        or ["No conversations."],
    )
    return 0


def _show(args: argparse.Namespace) -> int:
    with connect(args) as client:
        exported = client.export_conversation(args.conversation_id)
    record, messages = exported.conversation, exported.messages
    flags = ", ".join(f for f, on in (("pinned", record.pinned), ("archived", record.archived)) if on)
    console(args).result(
        {
            "id": record.id,
            "label": record.label,
            "folder": record.folder,
            "status": record.status,
            "pinned": record.pinned,
            "importance_score": record.importance_score,
            "created_at": record.created_at,
            "updated_at": record.updated_at,
            "messages": [
                {"id": m.id, "role": m.role, "content": m.content, "timestamp": m.timestamp} for m in messages
            ],
        },
        [
            f"[{record.label}] {record.folder}  {record.id}",
            f"created {iso(record.created_at)}, updated {iso(record.updated_at)}, "
            f"{plural(len(messages), 'message')}{f', {flags}' if flags else ''}",
            "",
            *(f"{iso(m.timestamp)}  {m.role}: {m.content}" for m in messages),
        ],
    )
    return 0


def _each(verb: str, action: Action) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        done: list[str] = []
        with connect(args) as client:
            for conversation_id in args.conversation_ids:
                action(client, conversation_id)
                done.append(conversation_id)
        console(args).result(
            {"done": done, "action": verb.lower()}, [f"{verb} {conversation_id}" for conversation_id in done]
        )
        return 0

    return run


def _relabel(args: argparse.Namespace) -> int:
    with connect(args) as client:
        client.update_label(args.conversation_id, args.label, args.folder)
        conversation = client.get_conversation(args.conversation_id)
    console(args).result(
        {"id": conversation.id, "label": conversation.label, "folder": conversation.folder},
        [f"Relabelled {conversation.id}: [{conversation.label}] {conversation.folder}"],
    )
    return 0
