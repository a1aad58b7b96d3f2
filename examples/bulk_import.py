"""Bulk import: years of ChatGPT and Claude history (and notes) into memory, then search it.

    python3 examples/bulk_import.py [DATA_DIR]

Imports the sample exports in ``examples/data`` (or your own ``conversations.json`` files and
.md/.txt transcripts in DATA_DIR), runs the import a second time to show that nothing is
duplicated, then searches across everything. The same as ``sekha import FILE ...`` on the
command line.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sekha import SyncSekhaClient
from sekha.importers import ExistingConversations, ImportFileError, import_file

DATA = Path(__file__).resolve().parent / "data"
SUFFIXES = {".json", ".zip", ".md", ".txt"}


def import_all(client: SyncSekhaClient, files: list[Path]) -> tuple[int, int]:
    """Import every file; returns (imported, skipped as duplicates)."""
    existing = ExistingConversations(client)  # one look at what is stored, shared by all files
    imported = duplicates = 0
    for path in files:
        try:
            report = import_file(client, path, existing=existing)
        except ImportFileError as exc:
            print(f"  {exc}")
            continue
        print(
            f"  {path.name}: {len(report.imported)} imported, {len(report.duplicates)} already there, "
            f"{len(report.failed)} failed"
        )
        for failure in report.failed:
            print(f"    {failure.title!r}: {failure.reason}")
        imported += len(report.imported)
        duplicates += len(report.duplicates)
    return imported, duplicates


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)
    with SyncSekhaClient.local() as client:
        print("First import:")
        imported, _ = import_all(client, files)
        print("Second import of the same files:")
        again, duplicates = import_all(client, files)
        print(f"Imported {imported} conversations; the second run added {again} and skipped {duplicates}.\n")

        for row in client.iter_conversations():
            print(f"  {row.folder:<18} {row.label}")

        while client.health().checks["indexer"].pending:  # embedding runs in the background
            time.sleep(0.05)
        question = "which broker did we choose for order events?"
        print(f"\nSearch: {question!r}")
        for hit in client.search(question, limit=3):
            print(f"  {hit.similarity:.2f}  [{hit.label}] {hit.content[:90]}")


if __name__ == "__main__":
    main()
