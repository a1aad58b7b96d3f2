#!/usr/bin/env python3
"""Derive the synchronous client from the asynchronous one.

    python scripts/unasync.py          # rewrite sekha/_sync/ from sekha/_async/
    python scripts/unasync.py --check  # exit 1 with a diff when sekha/_sync/ is stale (CI)

The async code is written once; this applies a fixed list of token substitutions (``await x``
becomes ``x``, ``AsyncClient`` becomes ``Client`` …), replaces each module docstring with a
pointer to its source, and formats the result with ruff so the output is stable.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "sekha" / "_async"
TARGET = ROOT / "sekha" / "_sync"

SUBSTITUTIONS: list[tuple[str, str]] = [
    (r"\basync def\b", "def"),
    (r"\basync for\b", "for"),
    (r"\basync with\b", "with"),
    (r"\bawait ", ""),
    (r"\banyio\.sleep\b", "time.sleep"),
    (r"^import anyio$", "import time"),
    (r"\bsekha\._async\b", "sekha._sync"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncOperation\b", "Operation"),
    (r"\basyncio_detailed\b", "sync_detailed"),
    (r"\bAsyncRetryTransport\b", "RetryTransport"),
    (r"\bAsyncBaseTransport\b", "BaseTransport"),
    (r"\bAsyncHTTPTransport\b", "HTTPTransport"),
    (r"\bAsyncNetworkStream\b", "NetworkStream"),
    (r"\bAsyncNetworkBackend\b", "NetworkBackend"),
    (r"\bAsyncDeadlineStream\b", "DeadlineStream"),
    (r"\bAsyncDeadlineBackend\b", "DeadlineBackend"),
    (r"\bAsyncClient\b", "Client"),
    (r"\bset_async_httpx_client\b", "set_httpx_client"),
    (r"\bhandle_async_request\b", "handle_request"),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\baclose\b", "close"),
    (r"\baread\b", "read"),
    (r"\baiter_bytes\b", "iter_bytes"),
    (r"\bSekhaClient\b", "SyncSekhaClient"),
    (r"\basynchronous\b", "synchronous"),
]
_COMPILED = [(re.compile(pattern, re.MULTILINE), replacement) for pattern, replacement in SUBSTITUTIONS]
_DOCSTRING = re.compile(r'\A"""(?:.|\n)*?"""\n')


def derive(source: Path) -> str:
    """The synchronous module for one asynchronous source file."""
    text = source.read_text(encoding="utf-8")
    relative = source.relative_to(ROOT).as_posix()
    header = f'"""Derived from {relative} by scripts/unasync.py: edit that file, then rerun the script."""\n'
    text = _DOCSTRING.sub(lambda _: header, text, count=1)
    for pattern, replacement in _COMPILED:
        text = pattern.sub(replacement, text)
    target = str(TARGET / source.name)
    for ruff in (
        ["check", "--select", "I", "--fix", "--quiet"],
        ["format"],
    ):  # re-sort imports, re-wrap lines
        text = subprocess.run(
            [sys.executable, "-m", "ruff", *ruff, "--stdin-filename", target, "-"],
            input=text,
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        ).stdout
    return text


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fail with a diff when sekha/_sync/ is stale")
    args = parser.parse_args()

    stale: list[str] = []
    for source in sorted(SOURCE.glob("*.py")):
        target = TARGET / source.name
        expected = derive(source)
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if expected == current:
            continue
        if args.check:
            stale.extend(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    expected.splitlines(keepends=True),
                    fromfile=f"{target.relative_to(ROOT)} (committed)",
                    tofile=f"{target.relative_to(ROOT)} (derived from {source.relative_to(ROOT)})",
                )
            )
        else:
            TARGET.mkdir(exist_ok=True)
            target.write_text(expected, encoding="utf-8")
            print(f"unasync: wrote {target.relative_to(ROOT)}")
    if stale:
        sys.stdout.writelines(stale)
        print("\nunasync: sekha/_sync/ is stale; run `python scripts/unasync.py` and commit the result.")
        return 1
    if args.check:
        print("unasync: sekha/_sync/ matches sekha/_async/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
