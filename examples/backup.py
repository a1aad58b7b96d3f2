"""Export and backup: stream every conversation to a JSON file, then restore it elsewhere.

    python3 examples/backup.py [BACKUP_FILE]

``export_stream`` yields one conversation at a time, so memory stays flat however large the
store, and every conversation that exists throughout comes exactly once, even while others are
written (the local controller streams them all in one request). The restore reads the backup
into a second, empty controller with an idempotency key per conversation, so running it twice
restores nothing twice. ``sekha export -o backup.json`` does the export from the command line.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from sekha import NewConversation, SyncSekhaClient


def back_up(client: SyncSekhaClient, target: Path) -> None:
    with target.open("w", encoding="utf-8") as out:
        for chunk in client.export_stream(format="json"):
            out.write(chunk)


def restore(client: SyncSekhaClient, backup: Path) -> int:
    restored = 0
    for conversation in json.loads(backup.read_text(encoding="utf-8")):
        messages = [{"role": m["role"], "content": m["content"]} for m in conversation["messages"]]
        client.create_conversation(
            NewConversation(messages=messages, label=conversation["label"], folder=conversation["folder"]),
            idempotency_key=f"restore-{conversation['id']}",
        )
        restored += 1
    return restored


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(scratch) / "sekha-backup.json"
        with SyncSekhaClient.local() as source:
            for n, topic in enumerate(["invoices", "onboarding", "roadmap"], start=1):
                source.create(
                    messages=[
                        {"role": "user", "content": f"Notes on {topic}, item {n}"},
                        {"role": "assistant", "content": f"Saved your {topic} notes."},
                    ],
                    label=f"Work:{topic}",
                    folder="/work",
                )
            back_up(source, target)
            print(f"Backed up {source.count_conversations()} conversations to {target.name}")
            print(source.export(label="Work:roadmap", format="markdown"))

        with SyncSekhaClient.local() as fresh:  # a second, empty controller
            print(f"Restored {restore(fresh, target)} conversations")
            restore(fresh, target)  # again: the idempotency keys make it a no-op
            labels = sorted(row.label for row in fresh.iter_conversations())
            print(f"After restoring twice: {len(labels)} conversations: {', '.join(labels)}")


if __name__ == "__main__":
    main()
