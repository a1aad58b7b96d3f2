"""Issue 16 goal 6: wall time of ``export_stream`` over 100k conversations, bulk vs one at a time.

Both sides run at the defaults users get: the client's 1000 requests a minute and the local
controller's own 1000 a minute per client. The corpus is 100k conversations of 10 messages
(``--quick``: 1k). "Today" is the client of the commit this work started from
(``BASELINE_REF``, exported once under the benchmark cache): it lists the conversations 100 at
a time and asks for each one's messages, so its time is bound by the rate limit, one request per
conversation. It runs for its first ``--sample`` conversations and is extrapolated linearly to
the whole corpus (the per-conversation cost is the rate limit's interval; the list pages add one
request per hundred, counted in the sample). The new side streams the whole corpus through the
``bulk_export`` extension in one request and is measured in full. Each side runs in a fresh
client process, which also reports its peak resident memory growth.
"""

# ruff: noqa: S603, S607

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from _common import CACHE, REPO, parser, run_child, server, status_kb, table, verdict
from dataset import PER_CONVERSATION, build

from sekha import ClientConfig, SyncSekhaClient

BASELINE_REF = "6d51cdf"  # the branch point of issue 11: one MCP export per conversation
GOAL = 0.05


def baseline_tree() -> Path:
    """The client sources of ``BASELINE_REF``; first on ``PYTHONPATH``, ``import sekha`` finds them."""
    target = CACHE / f"client-{BASELINE_REF}"
    if not (target / "sekha" / "__init__.py").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", BASELINE_REF, "sekha", "generated"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def child(base_url: str, limit: int) -> None:
    """Export (JSON) at the client's defaults until ``limit`` conversations arrived; print the timing."""
    config = ClientConfig(api_key=os.environ["SEKHA_API_KEY"], base_url=base_url)
    with SyncSekhaClient(config) as client:
        client.health()
        before = status_kb("VmRSS")
        started = time.perf_counter()
        exported = 0
        with open(os.devnull, "w", encoding="utf-8") as sink:
            for chunk in client.export_stream(format="json"):
                sink.write(chunk)
                if chunk.startswith(("\n{", ",\n{")):
                    exported += 1
                    if exported == limit:
                        break
        seconds = time.perf_counter() - started
        peak = status_kb("VmHWM")
    print(json.dumps({"exported": exported, "seconds": seconds, "growth_kb": peak - before}))


def run_side(side: str, base_url: str, api_key: str, limit: int) -> dict[str, float]:
    env = {**os.environ, "SEKHA_API_KEY": api_key}
    if side == "today":
        tree = baseline_tree()
        env["PYTHONPATH"] = os.pathsep.join([str(tree), str(tree / "generated")])
    return run_child(__file__, [base_url, str(limit)], env)


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--child", nargs=2, metavar=("URL", "LIMIT"), help=argparse_hidden())
    p.add_argument("--sample", type=int, default=None, help="conversations today's side exports (600)")
    args = p.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    conversations = 1_000 if args.quick else 100_000
    sample = args.sample or (100 if args.quick else 600)
    with server(build(conversations * PER_CONVERSATION), embedder="minilm", rate_limit=1000) as srv:
        bulk = run_side("bulk", srv.base_url, srv.api_key, conversations)
        today = run_side("today", srv.base_url, srv.api_key, sample)
    assert bulk["exported"] == conversations
    assert today["exported"] == sample
    today_total = today["seconds"] * conversations / sample
    ratio = bulk["seconds"] / today_total
    table(
        ["side", "conversations run", "seconds", "seconds for all", "peak RSS growth MB"],
        [
            ["today: one MCP export each", sample, today["seconds"], today_total, today["growth_kb"] / 1024],
            ["bulk_export stream", conversations, bulk["seconds"], bulk["seconds"], bulk["growth_kb"] / 1024],
        ],
        title=f"export_stream of {conversations:,} conversations at the client's defaults",
    )
    print(f"\nratio bulk / today = {ratio:.4f} (goal ≤ {GOAL}: {verdict(ratio <= GOAL)})")
    print(f"today's {sample:,} extrapolated to {conversations:,} linearly (it is bound by the rate limit)")


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
