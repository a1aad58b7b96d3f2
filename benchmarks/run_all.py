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
    ["bench_search.py"],
    ["bench_export.py"],
    ["bench_export_speed.py"],
]


def main() -> int:
    args = parser(__doc__.splitlines()[0]).parse_args()
    print(f"Machine: {machine()}", flush=True)
    failed = []
    for script, *options in ORDER:
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
