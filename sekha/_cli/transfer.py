"""``import`` and ``export``: moving conversations in from chat exports and out as backups."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from sekha._cli.options import UsageError, connect, console
from sekha._cli.ui import Console, plural
from sekha._export import ExportFormat
from sekha.importers import ExistingConversations, ImportFileError, ImportReport, import_file

__all__ = ["register"]


def register(commands: Any, parents: list[argparse.ArgumentParser]) -> None:
    importer = commands.add_parser(
        "import",
        parents=parents,
        help="import ChatGPT or Claude exports and markdown/text transcripts",
        description="Import conversations. FILE is a ChatGPT or Claude conversations.json (or the "
        "export's .zip), or a .md/.txt transcript with 'User:'/'Assistant:' turns. Re-importing "
        "the same file creates no duplicates. Exits 1 if any conversation failed.",
    )
    importer.add_argument("files", nargs="+", metavar="FILE")
    importer.add_argument(
        "--format", choices=["auto", "chatgpt", "claude", "text"], default="auto", help="default: auto"
    )
    importer.add_argument("--folder", help="folder for every conversation (default: /imports/<format>)")
    importer.add_argument("--label", help="label for every conversation (default: its title)")
    importer.add_argument("--dry-run", action="store_true", help="show what would be imported, store nothing")
    importer.set_defaults(func=_import)

    exporter = commands.add_parser(
        "export",
        parents=parents,
        help="export conversations as markdown or JSON",
        description="Stream every conversation (or one label's) as markdown or JSON. With -o the "
        "file appears only once complete.",
    )
    exporter.add_argument("--label", help="only conversations with this exact label")
    exporter.add_argument(
        "--format",
        choices=["markdown", "json"],
        help="default: json for -o FILE.json or --json to stdout, else markdown",
    )
    exporter.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    exporter.set_defaults(func=_export)


def _import(args: argparse.Namespace) -> int:
    out = console(args)
    results: list[dict[str, Any]] = []
    with connect(args) as client:
        existing = ExistingConversations(client)
        for name in args.files:
            try:
                with out.progress(f"importing {Path(name).name}") as bar:
                    report = import_file(
                        client,
                        name,
                        format=args.format,
                        folder=args.folder,
                        label=args.label,
                        dry_run=args.dry_run,
                        progress=bar.update,
                        existing=existing,
                    )
            except ImportFileError as exc:
                results.append({"path": name, "error": str(exc)})
                out.note(f"sekha import: {exc}")
                continue
            results.append({"path": name, **report.as_dict()})
            if not out.json_mode:
                _describe(out.out, name, report, args.dry_run)
    if out.json_mode:
        out.result({"dry_run": args.dry_run, "files": results}, [])
    failed = any("error" in r or r["failed"] for r in results)
    return 1 if failed else 0


def _describe(stream: TextIO, name: str, report: ImportReport, dry_run: bool) -> None:
    verb = "would import" if dry_run else "imported"
    stream.write(
        f"{name}: {verb} {len(report.imported)}, skipped {len(report.duplicates)} already imported, "
        f"{len(report.empty)} empty, {len(report.failed)} failed\n"
    )
    for item in report.imported:
        where = "" if item.id is None else f"  {item.id}"
        stream.write(f"  + [{item.label}] {item.folder}  ({plural(item.message_count, 'message')}){where}\n")
    for failure in report.failed:
        stream.write(f"  ! {failure.title!r}: {failure.reason}\n")
    stream.flush()


def _export(args: argparse.Namespace) -> int:
    out = console(args)
    if out.json_mode and args.format == "markdown" and not args.output:
        raise UsageError("--json prints JSON; drop --format markdown or write the markdown with -o")
    target = Path(args.output) if args.output else None
    wants_json = target.suffix.lower() == ".json" if target else out.json_mode
    export_format: ExportFormat = args.format or ("json" if wants_json else "markdown")
    with connect(args) as client:
        total = client.count_conversations(label=args.label)
        if target is None:
            _stream(client.export_stream(args.label, export_format), sys.stdout, out, total)
            return 0
        partial = target.with_name(target.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as stream:
                exported = _stream(client.export_stream(args.label, export_format), stream, out, total)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, target)
    out.result(
        {"path": str(target), "format": export_format, "conversations": exported},
        [f"Exported {plural(exported, 'conversation')} to {target} ({export_format})"],
    )
    return 0


def _stream(chunks: Iterable[str], stream: TextIO, out: Console, total: int) -> int:
    """Write the export as it arrives; chunks are a header, one per conversation, a footer."""
    last = 0
    with out.progress("exporting", total) as bar:
        for index, chunk in enumerate(chunks):
            stream.write(chunk)
            if index >= 2:
                bar.update(index - 1)
            last = index
    stream.flush()
    return max(last - 1, 0)
