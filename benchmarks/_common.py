"""Shared pieces of the benchmarks: a server in its own process, timing, statistics, tables.

The server always runs in a separate process so the benchmark process measures only client work,
and the two sides of every comparison run in alternating batches so machine noise hits both.
"""

# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

CACHE = Path(os.environ.get("SEKHA_BENCH_CACHE", "~/.cache/sekha-bench")).expanduser()
REPO = Path(__file__).resolve().parent.parent
# The code the issue-16 goals are measured against: the commit before that work began.
BASELINE_REF = "01dd431f924c423633adb1b1c70106485ee5ec90"


def baseline_tree(ref: str = BASELINE_REF) -> Path:
    """The sources of ``ref`` exported once under the cache, to run "today's" code beside ours.

    Put the returned directory first on ``PYTHONPATH`` and ``import sekha`` finds the old code
    (the installed dependencies are shared).
    """
    target = CACHE / f"baseline-{ref[:12]}"
    if not (target / "sekha" / "__init__.py").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", ref, "sekha", "generated"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def side_env(side: str) -> dict[str, str]:
    """The environment of a child process running ``side`` ("baseline" or "current") code."""
    env = dict(os.environ)
    if side == "baseline":
        tree = baseline_tree()
        env["PYTHONPATH"] = os.pathsep.join([str(tree), str(tree / "generated")])
    return env


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with the ``--quick`` flag every benchmark takes."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help="a small smoke size (seconds, not minutes)")
    return p


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def alternate(sides: dict[str, Callable[[], float]], rounds: int) -> dict[str, list[float]]:
    """Run each side once per round, swapping the order every round; returns each side's results."""
    names = list(sides)
    results: dict[str, list[float]] = {name: [] for name in names}
    for i in range(rounds):
        for name in names if i % 2 == 0 else reversed(names):
            results[name].append(sides[name]())
    return results


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], title: str | None = None) -> str:
    """A markdown table, printed and returned (so ``run_all`` can collect it)."""
    cells = [[str(h) for h in headers], *[[_fmt(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [f"\n### {title}\n"] if title else []
    lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths, strict=True)) + " |")
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells[1:]:
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def machine() -> str:
    """One line naming the machine and the versions that matter."""
    import attrs
    import numpy
    import starlette
    import uvicorn

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sqlite3

    return (
        f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; httpx {httpx.__version__}; attrs {attrs.__version__}; "
        f"starlette {starlette.__version__}; uvicorn {uvicorn.__version__}; numpy {numpy.__version__}; "
        f"SQLite {sqlite3.sqlite_version}"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``python -m sekha.server`` in a child process on a free loopback port."""

    def __init__(
        self,
        data_dir: Path,
        *,
        embedder: str = "hashing",
        rate_limit: int = 10_000_000,
        side: str = "current",
    ) -> None:
        self.data_dir = data_dir
        self.api_key = "sk-bench-" + secrets.token_hex(24)
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.headers = {"Authorization": f"Bearer {self.api_key}"}
        env = {**side_env(side), "SEKHA_API_KEY": self.api_key}
        cmd = [
            sys.executable,
            "-m",
            "sekha.server",
            "--port",
            str(self.port),
            "--data-dir",
            str(data_dir),
            "--rate-limit",
            str(rate_limit),
            "--embedder",
            embedder,
        ]
        self.log = data_dir.parent / f"{data_dir.name}-server.log"
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=data_dir.parent
            )

    def wait(self, timeout: float = 600.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited early:\n{self.log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.base_url}/health", timeout=2.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the server did not become healthy")

    def wait_embedded(self, timeout: float = 600.0) -> None:
        """Wait until the background indexer has embedded every stored message (``/health`` shows
        the backlog only to the key holder)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            health = httpx.get(f"{self.base_url}/health", headers=self.headers, timeout=10.0).json()
            if health.get("checks", {}).get("indexer", {}).get("pending") == 0:
                return
            time.sleep(0.2)
        raise RuntimeError("the indexer did not catch up")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@contextmanager
def server(
    data_dir: Path | None = None,
    *,
    embedder: str = "hashing",
    rate_limit: int = 10_000_000,
    side: str = "current",
) -> Iterator[Server]:
    """A running server; with no ``data_dir`` its data lives in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="sekha-bench-") as tmp:
        proc = Server(data_dir or Path(tmp) / "data", embedder=embedder, rate_limit=rate_limit, side=side)
        try:
            proc.wait()
            yield proc
        finally:
            proc.stop()


def conversation_body(i: int, messages: int = 10) -> dict[str, object]:
    """A create request whose messages have distinct, word-rich content."""
    return {
        "label": f"Bench:{i % 50}",
        "folder": f"/bench/{i % 7}",
        "messages": [
            {
                "role": "user" if j % 2 == 0 else "assistant",
                "content": f"message {j} of conversation {i}: the quick brown fox jumps over "
                f"the lazy dog {i * 31 + j}",
            }
            for j in range(messages)
        ],
    }


def status_kb(field: str) -> int:
    """A figure of this process from ``/proc/self/status`` in kB (``VmRSS``, ``VmHWM`` …)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def run_child(script: str, args: Sequence[str], env: dict[str, str]) -> dict[str, float]:
    """Run ``script --child ARGS`` in a fresh process and read the JSON line it prints last."""
    out = subprocess.run(
        [sys.executable, script, "--child", *args], env=env, capture_output=True, text=True, check=True
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result
