"""Goal 7: peak memory of ``export_stream`` vs ``export`` over 100k conversations.

A server in its own process serves the cached corpus (100k conversations of 10 messages for the
full run, 1k for ``--quick``). Each side runs in a fresh client process that reports its resident
set before the export and its peak (``VmHWM``) after, both from ``/proc/self/status``; the growth
is the difference. The streaming side writes each chunk to ``/dev/null`` as it arrives; the other
builds the whole document in memory, as ``export()`` returns it.
"""

from __future__ import annotations

import json
import os
import time

from _common import parser, run_child, server, status_kb, table, verdict
from dataset import build

from sekha import ClientConfig, SyncSekhaClient


def child(side: str, base_url: str) -> None:
    """Run one side and print a JSON line with its memory and timing."""
    config = ClientConfig(api_key=os.environ["SEKHA_API_KEY"], base_url=base_url, rate_limit_requests=None)
    with SyncSekhaClient(config) as client:
        client.health()  # everything imported and connected before the baseline
        before = status_kb("VmRSS")
        started = time.perf_counter()
        size = 0
        if side == "stream":
            with open(os.devnull, "w", encoding="utf-8") as sink:
                for chunk in client.export_stream(format="markdown"):
                    sink.write(chunk)
                    size += len(chunk)
        else:
            size = len(client.export(format="markdown"))
        seconds = time.perf_counter() - started
        peak = status_kb("VmHWM")
    print(json.dumps({"before_kb": before, "peak_kb": peak, "chars": size, "seconds": seconds}))


def run_side(side: str, base_url: str, api_key: str) -> dict[str, float]:
    return run_child(__file__, [side, base_url], {**os.environ, "SEKHA_API_KEY": api_key})


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--child", nargs=2, metavar=("SIDE", "URL"), help=argparse_hidden())
    args = p.parse_args()
    if args.child:
        child(*args.child)
        return
    messages = 10_000 if args.quick else 1_000_000
    with server(build(messages), embedder="minilm") as srv:
        results = {side: run_side(side, srv.base_url, srv.api_key) for side in ("stream", "whole")}
    rows: list[list[object]] = []
    for side, label in (("stream", "export_stream()"), ("whole", "export()")):
        r = results[side]
        growth_mb = (r["peak_kb"] - r["before_kb"]) / 1024
        goal = verdict(growth_mb <= 50) if side == "stream" else ""
        rows.append([label, messages // 10, r["chars"] / 1e6, r["seconds"], growth_mb, goal])
    table(
        ["side", "conversations", "document M chars", "seconds", "peak RSS growth MB", "goal ≤ 50 MB"],
        rows,
        title="Export memory, markdown, each side in a fresh client process",
    )


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
