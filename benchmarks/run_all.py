"""Run every benchmark in turn (``--quick`` for the smoke sizes) and print all their tables.

Each benchmark runs in its own process, so one's memory or threads cannot colour the next.
"""

# ruff: noqa: S603

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from _common import machine, parser

HERE = Path(__file__).parent
ORDER = [
    ["bench_import.py", "--clean-venv", "--cold"],
    ["bench_overhead.py"],
    ["bench_ingest.py"],
    ["bench_writes.py"],
    ["bench_embed.py"],
    ["bench_acks.py", "--baseline"],
    ["bench_search.py"],
    ["bench_startup.py"],
    ["bench_export.py"],
    ["bench_export_speed.py"],
]
# Needs the bench extra (chromadb, lancedb, qdrant-client, sqlite-vec, matplotlib): --peers.
PEERS = ["bench_peers.py", "--chart", str(Path(__file__).parent.parent / "docs" / "benchmarks-peers.png")]


def main() -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--peers", action="store_true", help="also run bench_peers.py (the bench extra)")
    args = p.parse_args()
    print(f"Machine: {machine()}", flush=True)
    failed = []
    for script, *options in ORDER + ([PEERS] if args.peers else []):
        if args.quick and script == "bench_import.py":
            options = []  # the clean venv takes a network install the first time
        command = [sys.executable, str(HERE / script), *options, *(["--quick"] if args.quick else [])]
        print(f"\n$ python benchmarks/{' '.join([script, *command[2:]])}", flush=True)
        started = time.perf_counter()
        if subprocess.run(command, check=False).returncode != 0:
            failed.append(script)
        print(f"({time.perf_counter() - started:.0f} s)", flush=True)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
