"""Goal 1: ``import sekha`` (cumulative, ``python -X importtime``) vs ``import httpx``.

Every sample is a fresh interpreter. The cost of a statement is the sum of the cumulative times
of the top-level imports it triggered (everything after ``site``), so lazily loaded names are
counted when ``from sekha import SekhaClient`` pulls them in.

Bytecode: ``pip install`` compiles ``.pyc`` files, but an editable install under
``PYTHONDONTWRITEBYTECODE=1`` never does, which would charge sekha (and not httpx, whose
``.pyc`` files exist) with compiling its sources on every import. So both sides run with a warm
bytecode cache kept under ``~/.cache/sekha-bench`` (``PYTHONPYCACHEPREFIX``); ``--cold`` adds
rows under ``PYTHONDONTWRITEBYTECODE=1`` without that cache, as this machine imports by default.

``--clean-venv`` also measures in a virtualenv holding only sekha's dependencies: this
machine's site-packages has ``rich`` and ``click``, which make httpx import its CLI
(``httpx._main``) and so inflate the baseline.
"""

# ruff: noqa: S603, RUF001

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from functools import partial

from _common import CACHE, REPO, alternate, median, parser, table, verdict

STATEMENTS = {
    "import httpx": "import httpx",
    "import sekha": "import sekha",
    "from sekha import SekhaClient": "from sekha import SekhaClient",
    "from sekha import SyncSekhaClient": "from sekha import SyncSekhaClient",
}
CLEAN_VENV = CACHE / "venv-clean"
PINS = ("httpx==0.28.1", "attrs==26.1.0", "anyio")


def import_ms(python: str, statement: str, env: dict[str, str]) -> float:
    """Milliseconds of imports ``statement`` triggers, from ``-X importtime`` in a fresh process."""
    out = subprocess.run(
        [python, "-X", "importtime", "-c", statement],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),  # never pick up the repo from the current directory
    ).stderr
    total = 0
    after_site = False
    for line in out.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
        depth = len(line.rsplit("|", 1)[1]) - len(line.rsplit("|", 1)[1].lstrip()) - 1
        if name == "site":
            after_site = True
            continue
        if after_site and depth == 0:
            total += int(cumulative)
    return total / 1000


def environment(cold: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    if cold:  # installed .pyc files are used, but the editable sekha is compiled on every import
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
    return env


def ensure_clean_venv() -> str:
    """A virtualenv with only sekha's runtime dependencies (created once, cached)."""
    python = CLEAN_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(CLEAN_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PINS], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", str(REPO)], check=True)
    return str(python)


def measure(python: str, where: str, runs: int, cold: bool) -> list[list[object]]:
    env = environment(cold)
    for statement in STATEMENTS.values():  # warm the bytecode cache (and the OS page cache)
        import_ms(python, statement, env)
    samples = alternate(
        {name: partial(import_ms, python, statement, env) for name, statement in STATEMENTS.items()},
        runs,
    )
    base = median(samples["import httpx"])
    rows: list[list[object]] = []
    for name, values in samples.items():
        ms = median(values)
        ratio = ms / base
        goal = "" if name == "import httpx" else verdict(ratio <= 1.6 and ms <= 100)
        rows.append([where, "sekha uncached" if cold else "warm", name, ms, ratio, goal])
    return rows


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, help="fresh processes per statement (default 30, quick 5)")
    p.add_argument("--clean-venv", action="store_true", help="also measure in a venv with only sekha's deps")
    p.add_argument("--cold", action="store_true", help="also measure with no bytecode cache")
    args = p.parse_args()
    runs = args.runs or (5 if args.quick else 30)
    rows = measure(sys.executable, "this env", runs, cold=False)
    if args.cold:
        rows += measure(sys.executable, "this env", runs, cold=True)
    if args.clean_venv:
        clean = ensure_clean_venv()
        rows += measure(clean, "clean venv", runs, cold=False)
    headers = ["interpreter", "bytecode", "statement", "median ms", "× httpx", "goal ≤1.6×, ≤100 ms"]
    table(headers, rows, title=f"Import time, median of {runs} fresh processes")


if __name__ == "__main__":
    main()
