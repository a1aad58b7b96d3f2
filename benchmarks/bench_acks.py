"""Issue 16 goal 2: acknowledged creates per second while the default embedder works in the background.

Two servers in their own processes, one with the default MiniLM embedder and one with the
non-semantic hashing embedder used by tests, take the same sequential creates (conversations of
four messages, one request at a time, as an agent saving turns would) in alternating rounds.
Each round keeps the MiniLM server's indexer busy: it has more to embed than it can finish in a
round. The ratio is MiniLM creates/s over hashing creates/s; the goal is ≥ 0.8.
"""

# ruff: noqa: RUF001

from __future__ import annotations

import time
from itertools import count

import httpx
from _common import conversation_body, median, parser, server, table, verdict

GOAL = 0.8
MESSAGES = 4


def sequential(base_url: str, headers: dict[str, str], ids: list[int]) -> float:
    """Conversations per second, each create sent after the previous one was acknowledged."""
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        started = time.perf_counter()
        for i in ids:
            client.post("/api/v1/conversations", json=conversation_body(i, MESSAGES)).raise_for_status()
        return len(ids) / (time.perf_counter() - started)


def pending(base_url: str, headers: dict[str, str]) -> int:
    health = httpx.get(f"{base_url}/health", headers=headers, timeout=30).json()  # details need the key
    return int(health["checks"]["indexer"]["pending"])


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--per-round", type=int, default=300, help="conversations per round and side")
    p.add_argument("--baseline", action="store_true", help="also measure the baseline commit's code")
    args = p.parse_args()
    rounds, per_round = (2, 60) if args.quick else (args.rounds, args.per_round)
    rows = []
    for side in ("baseline", "current") if args.baseline else ("current",):
        rows += measure(side, rounds, per_round)
    table(
        [
            "code",
            "embedder",
            "creates/s (median)",
            "× hashing",
            "MiniLM backlog after each round",
            "goal ≥ 0.8×",
        ],
        rows,
        title=f"Sequential creates of {MESSAGES}-message conversations, {rounds} rounds of {per_round}",
    )


def measure(side: str, rounds: int, per_round: int) -> list[list[object]]:
    ids = count()
    rates: dict[str, list[float]] = {"minilm": [], "hashing": []}
    backlog: list[int] = []
    with server(embedder="minilm", side=side) as minilm, server(embedder="hashing", side=side) as hashing:
        servers = {"minilm": minilm, "hashing": hashing}
        for srv in servers.values():  # warm both up (and load the model)
            sequential(srv.base_url, srv.headers, [next(ids) for _ in range(10)])
            srv.wait_embedded()
        for r in range(rounds):
            for name in list(servers) if r % 2 == 0 else list(servers)[::-1]:
                srv = servers[name]
                rates[name].append(
                    sequential(srv.base_url, srv.headers, [next(ids) for _ in range(per_round)])
                )
                if name == "minilm":
                    backlog.append(pending(srv.base_url, srv.headers))
    ratio = median(rates["minilm"]) / median(rates["hashing"])
    return [
        [side, "hashing (tests)", median(rates["hashing"]), 1.0, "", ""],
        [
            side,
            "MiniLM (default)",
            median(rates["minilm"]),
            ratio,
            " ".join(str(b) for b in backlog),
            verdict(ratio >= GOAL) if side == "current" else "",
        ],
    ]


if __name__ == "__main__":
    main()
