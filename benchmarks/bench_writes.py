"""Goal 4: acknowledged writes over HTTP vs SQLite batched inserts alone, in messages per second.

HTTP side: a server in its own process (hashing embedder, embedding in the background, rate limit
raised) takes conversations of 10 messages from several concurrent connections; a write counts
once its 201 arrives, i.e. after its transaction committed with ``synchronous=FULL``.
Baseline: the server's own ``Store`` schema (FTS trigger included) filled by ``executemany`` in
transactions of 100 conversations, no HTTP at all. Rounds alternate between the two.
"""

# ruff: noqa: RUF001

from __future__ import annotations

import asyncio
import json
import sqlite3
import tempfile
import time
import uuid
from itertools import count
from pathlib import Path

import httpx
from _common import alternate, conversation_body, median, parser, server, table, verdict

from sekha.server.store import Store

MESSAGES = 10
BATCH = 100


async def _http(base_url: str, headers: dict[str, str], ids: list[int], concurrency: int) -> float:
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, limits=limits) as client:
        bodies = [conversation_body(i, MESSAGES) for i in ids]

        async def one(body: dict[str, object]) -> None:
            async with gate:
                response = await client.post("/api/v1/conversations", json=body)
                if response.status_code != 201:
                    raise RuntimeError(f"create answered {response.status_code}: {response.text}")

        started = time.perf_counter()
        await asyncio.gather(*(one(b) for b in bodies))
        return len(ids) * MESSAGES / (time.perf_counter() - started)


def http_rate(base_url: str, headers: dict[str, str], ids: list[int], concurrency: int) -> float:
    return asyncio.run(_http(base_url, headers, ids, concurrency))


async def _lean(port: int, headers: dict[str, str], ids: list[int], concurrency: int) -> float:
    """Like ``_http``, with requests encoded up front and answers read off raw sockets.

    httpx's async client spends about a core's worth of CPU at these rates, which on a two-core
    machine starves the server; this client costs a few per cent of that.
    """
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    requests = []
    for i in ids:
        body = json.dumps(conversation_body(i, MESSAGES)).encode()
        head = (
            f"POST /api/v1/conversations HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        requests.append(head.encode() + body)
    todo = iter(requests)

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for request in todo:
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                if not head.startswith(b"HTTP/1.1 201"):
                    raise RuntimeError(f"create answered {head[:40]!r}")
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                await reader.readexactly(length)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return len(ids) * MESSAGES / (time.perf_counter() - started)


def lean_rate(port: int, headers: dict[str, str], ids: list[int], concurrency: int) -> float:
    return asyncio.run(_lean(port, headers, ids, concurrency))


def sqlite_rate(store: Store, ids: list[int]) -> float:
    """Messages per second inserted straight into the store's tables, ``BATCH`` conversations a commit."""
    bodies = [conversation_body(i, MESSAGES) for i in ids]
    now = "2026-01-01 00:00:00.000000"
    started = time.perf_counter()
    for start in range(0, len(bodies), BATCH):
        chunk = bodies[start : start + BATCH]

        def run(conn: sqlite3.Connection, chunk: list[dict[str, object]] = chunk) -> None:
            conversations = []
            messages = []
            for body in chunk:
                cid = str(uuid.uuid4())
                conversations.append((cid, body["label"], body["folder"], now, now))
                messages += [
                    (str(uuid.uuid4()), cid, m["role"], m["content"], now)
                    for m in body["messages"]  # type: ignore[attr-defined]
                ]
            conn.executemany(
                "INSERT INTO conversations (id, label, folder, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                conversations,
            )
            conn.executemany(
                "INSERT INTO messages (id, conversation_id, role, content, timestamp, metadata) "
                "VALUES (?, ?, ?, ?, ?, '{}')",
                messages,
            )

        store.write(run)
    return len(ids) * MESSAGES / (time.perf_counter() - started)


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--concurrency", type=int, default=32, help="concurrent HTTP connections")
    args = p.parse_args()
    per_round, rounds = (100, 2) if args.quick else (1000, 6)
    ids = count()
    with tempfile.TemporaryDirectory(prefix="sekha-bench-") as tmp, server() as srv:
        store = Store(Path(tmp) / "baseline.db")
        http_rate(srv.base_url, srv.headers, [next(ids) for _ in range(20)], args.concurrency)  # warm up
        got = alternate(
            {
                "sqlite": lambda: sqlite_rate(store, [next(ids) for _ in range(per_round)]),
                "httpx": lambda: http_rate(
                    srv.base_url, srv.headers, [next(ids) for _ in range(per_round)], args.concurrency
                ),
                "lean": lambda: lean_rate(
                    srv.port, srv.headers, [next(ids) for _ in range(per_round)], args.concurrency
                ),
            },
            rounds,
        )
        store.close()
    base, httpx_side, lean = median(got["sqlite"]), median(got["httpx"]), median(got["lean"])
    n = args.concurrency
    table(
        ["side", "messages/s (median)", "× SQLite alone", "goal ≥ 5,000 msg/s"],
        [
            [f"SQLite executemany, {BATCH} conversations a transaction", base, 1.0, ""],
            [
                f"HTTP, httpx.AsyncClient, {n} connections",
                httpx_side,
                httpx_side / base,
                verdict(httpx_side >= 5000),
            ],
            [f"HTTP, lean asyncio client, {n} connections", lean, lean / base, verdict(lean >= 5000)],
        ],
        title=f"Write throughput, conversations of {MESSAGES} messages, {rounds} alternating rounds "
        f"of {per_round} conversations",
    )


if __name__ == "__main__":
    main()
