"""Issue 16 goal 4: ``sekha serve`` on a big store, from process start to answers, today's code against ours.

Each side serves its own copy of the cached corpus (``dataset.py``), tagged with that side's
default model so that neither re-embeds anything, and starts in alternating rounds with the
default MiniLM embedder, after one untimed start per side (a store that was served before, and
a warm page cache for both). Measured from ``Popen``: the first ``200`` from ``/health``, the first
answered semantic query (stored vectors loaded, model loaded), and the server's memory then
(``VmRSS``, and ``VmHWM`` for the peak). The goal: open and answer at 1M messages in ≤ 0.2× the
baseline's time, with the model's load off the path to ``/health``.
"""

# ruff: noqa: RUF001, RUF002, S603

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
from _common import CACHE, Server, median, parser, side_env, table, verdict
from dataset import build

GOAL = 0.2


def model_name(side: str) -> str:
    code = "from sekha.server.embedding import MiniLMEmbedder; print(MiniLMEmbedder.name)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=side_env(side),
        cwd=CACHE,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def corpus_copy(size: int, side: str) -> Path:
    """A private copy of the corpus for one side, tagged with that side's model."""
    target = CACHE / f"startup-{side}-{size}"
    db = target / "sekha.db"
    if not db.exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(build(size) / "sekha.db", db)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('embedder', ?)", (model_name(side),))
    return target


def memory_mb(pid: int) -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def one_start(data_dir: Path, side: str) -> tuple[float, float, float, float]:
    """Seconds to /health and to a semantic answer, then RSS and peak RSS in MB."""
    started = time.perf_counter()
    srv = Server(data_dir, embedder="minilm", side=side)
    try:
        srv.wait(timeout=900)
        health = time.perf_counter() - started
        with httpx.Client(base_url=srv.base_url, headers=srv.headers, timeout=900) as client:
            client.post("/api/v1/query", json={"query": "hello there", "limit": 10}).raise_for_status()
        answer = time.perf_counter() - started
        rss, peak = memory_mb(srv.proc.pid)
    finally:
        srv.stop()
    return health, answer, rss, peak


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=1_000_000)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    size, rounds = (10_000, 1) if args.quick else (args.size, args.rounds)
    dirs = {side: corpus_copy(size, side) for side in ("baseline", "current")}
    for side, directory in dirs.items():  # a store that has been served before (and a warm page cache)
        one_start(directory, side)
    runs: dict[str, list[tuple[float, float, float, float]]] = {side: [] for side in dirs}
    for r in range(rounds):
        for side in list(dirs) if r % 2 == 0 else list(dirs)[::-1]:
            runs[side].append(one_start(dirs[side], side))
    summary = {side: [median([run[i] for run in values]) for i in range(4)] for side, values in runs.items()}
    base, ours = summary["baseline"], summary["current"]
    rows = [
        ["baseline", f"{base[0]:.2f}", f"{base[1]:.2f}", f"{base[2]:,.0f}", f"{base[3]:,.0f}", "", ""],
        [
            "current",
            f"{ours[0]:.2f}",
            f"{ours[1]:.2f}",
            f"{ours[2]:,.0f}",
            f"{ours[3]:,.0f}",
            " / ".join(f"{ours[i] / base[i]:.3f}" for i in range(4)),
            verdict(ours[0] / base[0] <= GOAL and ours[1] / base[1] <= GOAL),
        ],
    ]
    table(
        [
            "code",
            "s to /health",
            "s to a semantic answer",
            "RSS MB",
            "peak RSS MB",
            "× baseline (health / answer / RSS / peak)",
            "goal ≤ 0.2×",
        ],
        rows,
        title=f"sekha serve on {size:,} messages, default embedder, medians of {rounds} starts per side",
    )


if __name__ == "__main__":
    main()
