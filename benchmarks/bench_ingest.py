"""Goal 3: bulk ingest through the SDK with bounded concurrency vs sequential raw httpx.

The server runs in its own process with the hashing embedder and ``--rate-limit 10000000`` (its
default of 1000 requests a minute per client would cap both sides at ~17/s), and the SDK clients
are built with ``rate_limit_requests=None`` for the same reason. Each conversation has 4
messages. Rounds alternate: a slice of sequential raw posts, then a slice through the SDK
(``SekhaClient`` with an ``asyncio.Semaphore``, and ``SyncSekhaClient`` on a thread pool).
"""

# ruff: noqa: RUF001

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from itertools import count
from pathlib import Path

import httpx
from _common import alternate, conversation_body, median, parser, server, table, verdict

from sekha import ClientConfig, MessageDto, NewConversation, SekhaClient, SyncSekhaClient

MESSAGES = 4


def new_conversation(i: int) -> NewConversation:
    body = conversation_body(i, MESSAGES)
    messages = [MessageDto(**m) for m in body["messages"]]  # type: ignore[attr-defined]
    return NewConversation(messages=messages, label=str(body["label"]), folder=str(body["folder"]))


def sequential_raw(base_url: str, headers: dict[str, str], ids: list[int]) -> float:
    """Conversations per second, one request at a time."""
    with httpx.Client(base_url=base_url, headers=headers) as raw:
        started = time.perf_counter()
        for i in ids:
            raw.post("/api/v1/conversations", json=conversation_body(i, MESSAGES)).raise_for_status()
        return len(ids) / (time.perf_counter() - started)


async def _sdk_async(config: ClientConfig, ids: list[int], concurrency: int) -> float:
    gate = asyncio.Semaphore(concurrency)
    async with SekhaClient(config) as client:

        async def one(i: int) -> None:
            async with gate:
                await client.create_conversation(new_conversation(i))

        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in ids))
        return len(ids) / (time.perf_counter() - started)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of another process, from ``/proc``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _raw_async(base_url: str, headers: dict[str, str], ids: list[int], concurrency: int) -> float:
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=base_url, headers=headers) as raw:

        async def one(i: int) -> None:
            async with gate:
                response = await raw.post("/api/v1/conversations", json=conversation_body(i, MESSAGES))
                response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in ids))
        return len(ids) / (time.perf_counter() - started)


def raw_async(base_url: str, headers: dict[str, str], ids: list[int], concurrency: int) -> float:
    """The same concurrency with raw httpx, to show what the async stack itself costs."""
    return asyncio.run(_raw_async(base_url, headers, ids, concurrency))


def sdk_async(config: ClientConfig, ids: list[int], concurrency: int) -> float:
    return asyncio.run(_sdk_async(config, ids, concurrency))


def sdk_threads(config: ClientConfig, ids: list[int], concurrency: int) -> float:
    with SyncSekhaClient(config) as client, ThreadPoolExecutor(concurrency) as pool:
        started = time.perf_counter()
        list(pool.map(lambda i: client.create_conversation(new_conversation(i)), ids))
        return len(ids) / (time.perf_counter() - started)


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--conversations", type=int, help="conversations through each SDK side (default 10000)")
    p.add_argument("--concurrency", type=int, default=16)
    args = p.parse_args()
    total = args.conversations or (400 if args.quick else 10_000)
    rounds = 2 if args.quick else 4
    per_round = total // rounds
    seq_per_round = max(20, per_round // 10)  # the sequential side is slower: sample it
    ids = count()
    cpu: dict[str, list[tuple[float, float]]] = {"raw": [], "raw async": [], "async": [], "threads": []}
    with server() as srv:
        config = ClientConfig(api_key=srv.api_key, base_url=srv.base_url, rate_limit_requests=None)

        def side(name: str, n: int, run: Callable[[list[int]], float]) -> Callable[[], float]:
            def measured() -> float:
                client, served = time.process_time(), cpu_seconds(srv.proc.pid)
                rate = run([next(ids) for _ in range(n)])
                cpu[name].append(
                    ((time.process_time() - client) / n * 1e3, (cpu_seconds(srv.proc.pid) - served) / n * 1e3)
                )
                return rate

            return measured

        got = alternate(
            {
                "raw": side("raw", seq_per_round, partial(sequential_raw, srv.base_url, srv.headers)),
                "raw async": side(
                    "raw async",
                    per_round,
                    partial(raw_async, srv.base_url, srv.headers, concurrency=args.concurrency),
                ),
                "async": side("async", per_round, partial(sdk_async, config, concurrency=args.concurrency)),
                "threads": side(
                    "threads", per_round, partial(sdk_threads, config, concurrency=args.concurrency)
                ),
            },
            rounds,
        )
    base = median(got["raw"])
    rows: list[list[object]] = []
    for name, label, n in (
        ("raw", "sequential raw httpx", 1),
        ("raw async", "raw httpx.AsyncClient + Semaphore", args.concurrency),
        ("async", "SekhaClient + Semaphore", args.concurrency),
        ("threads", "SyncSekhaClient + threads", args.concurrency),
    ):
        rate = median(got[name])
        client_ms = median([c for c, _ in cpu[name]])
        server_ms = median([s for _, s in cpu[name]])
        goal = "" if name.startswith("raw") else verdict(rate / base >= 5)
        done = rounds * (seq_per_round if name == "raw" else per_round)
        rows.append([label, n, done, rate, rate / base, client_ms, server_ms, goal])
    table(
        [
            "side",
            "concurrency",
            "conversations",
            "conv/s (median)",
            "× sequential",
            "client CPU ms/conv",
            "server CPU ms/conv",
            "goal ≥ 5×",
        ],
        rows,
        title=f"Bulk ingest, {MESSAGES} messages per conversation, {rounds} alternating rounds",
    )


if __name__ == "__main__":
    main()
