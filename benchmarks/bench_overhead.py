"""Goal 2: per-call cost of SyncSekhaClient and SekhaClient vs raw httpx, same requests, same server.

The server runs in its own process with the hashing embedder, so its share of each call is small
and steady. Both sides send byte-for-byte the same request (the raw side also sends an
``Idempotency-Key`` on creates, as the SDK does) and decode the JSON answer; the SDK also
validates, retries on failure and converts to its models. Batches of calls alternate between
the sides; the table shows the median per-call time of each and the ratio of the medians.
"""

# ruff: noqa: RUF001

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from functools import partial

import httpx
from _common import alternate, median, parser, server, table, verdict

from sekha import ClientConfig, SekhaClient, SyncSekhaClient

QUERY = "quick brown fox"
MESSAGES = [
    {"role": "user", "content": "What is the token limit for Claude?"},
    {"role": "assistant", "content": "200K tokens"},
]
BODY = {"label": "Bench:overhead", "folder": "/bench", "messages": MESSAGES}


def check(response: httpx.Response) -> object:
    response.raise_for_status()
    return response.json()


def sync_ops(
    sdk: SyncSekhaClient, raw: httpx.Client, cid: str
) -> dict[str, tuple[Callable[[], object], ...]]:
    return {
        "get": (
            lambda: sdk.get_conversation(cid),
            lambda: check(raw.get(f"/api/v1/conversations/{cid}")),
        ),
        "create": (
            lambda: sdk.create(MESSAGES, label="Bench:overhead", folder="/bench"),
            lambda: check(
                raw.post("/api/v1/conversations", json=BODY, headers={"Idempotency-Key": uuid.uuid4().hex})
            ),
        ),
        "search": (
            lambda: sdk.smart_query(QUERY, limit=10),
            lambda: check(raw.post("/api/v1/query", json={"query": QUERY, "limit": 10, "offset": 0})),
        ),
    }


def async_ops(
    sdk: SekhaClient, raw: httpx.AsyncClient, cid: str
) -> dict[str, tuple[Callable[[], Awaitable[object]], ...]]:
    async def raw_get() -> object:
        return check(await raw.get(f"/api/v1/conversations/{cid}"))

    async def raw_create() -> object:
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        return check(await raw.post("/api/v1/conversations", json=BODY, headers=headers))

    async def raw_search() -> object:
        return check(await raw.post("/api/v1/query", json={"query": QUERY, "limit": 10, "offset": 0}))

    return {
        "get": (lambda: sdk.get_conversation(cid), raw_get),
        "create": (lambda: sdk.create(MESSAGES, label="Bench:overhead", folder="/bench"), raw_create),
        "search": (lambda: sdk.smart_query(QUERY, limit=10), raw_search),
    }


def per_call_us(fn: Callable[[], object], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - started) / calls * 1e6


async def per_call_us_async(fn: Callable[[], Awaitable[object]], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        await fn()
    return (time.perf_counter() - started) / calls * 1e6


def row(client: str, op: str, sdk: list[float], raw: list[float]) -> list[object]:
    s, r = median(sdk), median(raw)
    return [client, op, r, s, s - r, s / r, verdict(s / r <= 1.10)]


def seed(base_url: str, headers: dict[str, str], n: int) -> str:
    with httpx.Client(base_url=base_url, headers=headers) as raw:
        ids = [str(check(raw.post("/api/v1/conversations", json=BODY))["id"]) for _ in range(n)]  # type: ignore[index]
    return ids[0]


async def measure_async(
    config: ClientConfig, headers: dict[str, str], cid: str, calls: int, rounds: int, ops: tuple[str, ...]
) -> list[list[object]]:
    rows: list[list[object]] = []
    async with (
        SekhaClient(config) as sdk,
        httpx.AsyncClient(base_url=config.base_url, headers=headers) as raw,
    ):
        for op in ops:
            sdk_fn, raw_fn = async_ops(sdk, raw, cid)[op]
            await per_call_us_async(sdk_fn, calls)  # warm both pools and code paths
            await per_call_us_async(raw_fn, calls)
            sdk_t: list[float] = []
            raw_t: list[float] = []
            for i in range(rounds):
                pair = [(sdk_fn, sdk_t), (raw_fn, raw_t)]
                for fn, out in pair if i % 2 == 0 else reversed(pair):
                    out.append(await per_call_us_async(fn, calls))
            rows.append(row("SekhaClient (async)", op, sdk_t, raw_t))
    return rows


def measure_sync(
    config: ClientConfig, headers: dict[str, str], cid: str, calls: int, rounds: int, ops: tuple[str, ...]
) -> list[list[object]]:
    rows: list[list[object]] = []
    with SyncSekhaClient(config) as sdk, httpx.Client(base_url=config.base_url, headers=headers) as raw:
        for op in ops:
            sdk_fn, raw_fn = sync_ops(sdk, raw, cid)[op]
            per_call_us(sdk_fn, calls)  # warm both pools and code paths
            per_call_us(raw_fn, calls)
            got = alternate(
                {"sdk": partial(per_call_us, sdk_fn, calls), "raw": partial(per_call_us, raw_fn, calls)},
                rounds,
            )
            rows.append(row("SyncSekhaClient", op, got["sdk"], got["raw"]))
    return rows


def main() -> None:
    args = parser(__doc__.splitlines()[0]).parse_args()
    calls, rounds = (20, 6) if args.quick else (100, 30)
    with server() as srv:
        cid = seed(srv.base_url, srv.headers, 200)
        srv.wait_embedded()
        config = ClientConfig(api_key=srv.api_key, base_url=srv.base_url, rate_limit_requests=None)
        measured = (srv.headers, cid, calls, rounds)
        # Reads first, on a corpus that no longer changes; creates last, since they grow it.
        rows = measure_sync(config, *measured, ops=("get", "search"))
        rows += asyncio.run(measure_async(config, *measured, ops=("get", "search")))
        rows += measure_sync(config, *measured, ops=("create",))
        rows += asyncio.run(measure_async(config, *measured, ops=("create",)))
    rows.sort(key=lambda r: (str(r[0]) != "SyncSekhaClient", ["get", "create", "search"].index(str(r[1]))))
    table(
        ["client", "call", "raw httpx µs", "SDK µs", "overhead µs", "ratio", "goal ≤ 1.10×"],
        rows,
        title=f"Per-call cost, median of {rounds} alternating batches of {calls} calls",
    )


if __name__ == "__main__":
    main()
