"""Issue 16 goal 2: acknowledged creates per second while the default embedder works in the background.

Two servers in their own processes, one with the default MiniLM embedder and one with the
non-semantic hashing embedder used by tests, take the same sequential creates (conversations of
four messages, one request at a time, as an agent saving turns would) in alternating rounds.
Before every round the MiniLM server's backlog is embedded, so its indexer never runs during
the hashing server's rounds (it would slow both sides alike and hide its cost), and during its
own rounds it is busy throughout: creates arrive faster than it embeds. The ratio is MiniLM
creates/s over hashing creates/s (medians; the spread is the ratio of each round's pair); the
goal is ≥ 0.8. The table also says how fast the background embedder went meanwhile, so a
"fast" side that simply stopped embedding shows.
"""

# ruff: noqa: RUF001

from __future__ import annotations

import os
import time
from itertools import count

import httpx
from _common import Server, conversation_body, median, parser, server, table, verdict

GOAL = 0.8
MESSAGES = 4


def sequential(base_url: str, headers: dict[str, str], ids: list[int]) -> float:
    """Conversations per second, each create sent after the previous one was acknowledged."""
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        started = time.perf_counter()
        for i in ids:
            client.post("/api/v1/conversations", json=conversation_body(i, MESSAGES)).raise_for_status()
        return len(ids) / (time.perf_counter() - started)


def pending(srv: Server) -> int:
    health = httpx.get(
        f"{srv.base_url}/health", headers=srv.headers, timeout=30
    ).json()  # details need the key
    return int(health["checks"]["indexer"]["pending"])


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--per-round", type=int, default=300, help="conversations per round and side")
    p.add_argument("--baseline", action="store_true", help="also measure the baseline commit's code")
    args = p.parse_args()
    rounds, per_round = (2, 60) if args.quick else (args.rounds, args.per_round)
    load_before = os.getloadavg()
    rows = []
    for side in ("baseline", "current") if args.baseline else ("current",):
        rows += measure(side, rounds, per_round)
    load_after = os.getloadavg()
    table(
        [
            "code",
            "embedder",
            "creates/s (median)",
            "× hashing",
            "round ratios min / max",
            "MiniLM texts/s during its rounds / catching up",
            "goal ≥ 0.8×",
        ],
        rows,
        title=f"Sequential creates of {MESSAGES}-message conversations, {rounds} rounds of {per_round} "
        f"(load average {load_before[0]:.1f} before, {load_after[0]:.1f} after, {os.cpu_count()} cores)",
    )


def measure(side: str, rounds: int, per_round: int) -> list[list[object]]:
    ids = count()
    rates: dict[str, list[float]] = {"minilm": [], "hashing": []}
    during: list[float] = []  # texts/s the MiniLM indexer embedded while its round's creates ran
    after: list[float] = []  # texts/s while it caught up afterwards
    with server(embedder="minilm", side=side) as minilm, server(embedder="hashing", side=side) as hashing:
        servers = {"minilm": minilm, "hashing": hashing}
        for srv in servers.values():  # warm both up (and load the model)
            sequential(srv.base_url, srv.headers, [next(ids) for _ in range(10)])
            srv.wait_embedded()
        for r in range(rounds):
            for name in list(servers) if r % 2 == 0 else list(servers)[::-1]:
                srv = servers[name]
                started = time.perf_counter()
                rates[name].append(
                    sequential(srv.base_url, srv.headers, [next(ids) for _ in range(per_round)])
                )
                if name == "minilm":
                    ran = time.perf_counter() - started
                    backlog = pending(minilm)
                    during.append((per_round * MESSAGES - backlog) / ran)
                    caught_up = time.perf_counter()
                    minilm.wait_embedded()
                    after.append(backlog / max(time.perf_counter() - caught_up, 1e-9))
    ratios = [m / h for m, h in zip(rates["minilm"], rates["hashing"], strict=True)]
    ratio = median(rates["minilm"]) / median(rates["hashing"])
    return [
        [side, "hashing (tests)", median(rates["hashing"]), 1.0, "", "", ""],
        [
            side,
            "MiniLM (default)",
            median(rates["minilm"]),
            ratio,
            f"{min(ratios):.2f} / {max(ratios):.2f}",
            f"{median(during):.0f} / {median(after):.0f}",
            verdict(ratio >= GOAL) if side == "current" else "",
        ],
    ]


if __name__ == "__main__":
    main()
