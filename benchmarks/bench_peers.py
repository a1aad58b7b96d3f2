"""Issue 16 goal 7: our vector store beside chromadb, lancedb, qdrant-client and sqlite-vec.

Every store gets the same vectors (the cached corpus's random unit vectors, 384 dimensions, with
their message texts) and the same 200 random unit query vectors, top 10 by cosine. Each store
runs in fresh processes: one builds it (insert/s, disk), another opens it and queries (open time
to the first answer, p50/p95, recall@10 against exact numpy, RSS after the queries). The stores:

* sekha: the controller's own write path without HTTP or a model (conversations of ten messages
  committed in groups, vectors saved in batches of 32 as the indexer does), a clean stop (which
  saves the index snapshot), then ``search.semantic`` with its int8 scan and exact re-rank;
* chromadb ``PersistentClient`` (HNSW, cosine space), lancedb (no index: exact flat search),
  qdrant-client local mode (``path=``, exact), sqlite-vec (a ``vec0`` table, exact).

Needs the ``bench`` extra (``pip install -e ".[bench]"``). ``--chart`` writes the PNG that
``docs/benchmarks.md`` shows.
"""

# ruff: noqa: S603

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from _common import median, parser, percentile, table
from dataset import DIM, PER_CONVERSATION, GivenVector, build

STORES = ["sekha", "chromadb", "lancedb", "qdrant", "sqlite-vec"]
QUERIES = 200
BATCH = 5000  # rows per insert call for the peers (chromadb refuses much larger batches)


def corpus(size: int) -> tuple[np.ndarray, list[str]]:
    """The first ``size`` stored vectors of the corpus and their texts, in message order."""
    conn = sqlite3.connect(build(size) / "sekha.db")
    rows = conn.execute(
        "SELECT m.content, e.vector FROM messages m JOIN embeddings e ON e.message_pk = m.pk "
        "ORDER BY m.pk LIMIT ?",
        (size,),
    ).fetchall()
    conn.close()
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), DIM).copy()
    return matrix, [str(r[0]) for r in rows]


def queries() -> np.ndarray:
    rng = np.random.default_rng(3)
    q = rng.standard_normal((QUERIES, DIM)).astype(np.float32)
    unit: np.ndarray = q / np.linalg.norm(q, axis=1, keepdims=True)
    return unit


def memory_mb() -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def batches(n: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, n, size):
        yield start, min(n, start + size)


# -- each store: build(directory, vectors, texts) and open(directory) -> query function ----------


def build_sekha(directory: Path, vectors: np.ndarray, texts: list[str]) -> None:
    from sekha.server.embedding import HashingEmbedder
    from sekha.server.indexer import Indexer
    from sekha.server.metrics import Metrics
    from sekha.server.store import Store
    from sekha.server.vectors import to_blob

    store = Store(directory / "sekha.db")
    indexer = Indexer(store, HashingEmbedder(DIM), Metrics())
    indexer.load()
    for start, end in batches(len(texts), 100 * PER_CONVERSATION):  # a group commit of 100 creates
        work = [
            store.create_work("bench", "/bench", [("user", t) for t in texts[s : s + PER_CONVERSATION]])
            for s in range(start, end, PER_CONVERSATION)
        ]
        store.commit_group(work)
    pks = [pk for pk, _ in store.pending(len(texts), 1)[0]]
    for start, end in batches(len(pks), 32):  # the indexer's batches
        chunk = pks[start:end]
        with store.locked():
            saved = store.save_embeddings_locked(
                [(pk, to_blob(vectors[i])) for i, pk in enumerate(chunk, start)]
            )
            indexer.index.add_arrays(
                np.array(chunk, dtype=np.int64),
                np.array([saved[pk] for pk in chunk], dtype=np.int64),
                vectors[start:end],
            )
    indexer.save_snapshot()  # what a clean stop does
    store.close()


def open_sekha(directory: Path) -> Callable[[np.ndarray], list[int]]:
    from sekha.server.indexer import Indexer
    from sekha.server.metrics import Metrics
    from sekha.server.search import semantic
    from sekha.server.store import ConversationFilter, Store

    store = Store(directory / "sekha.db")
    given = GivenVector(store.get_meta("embedder") or "")
    indexer = Indexer(store, given, Metrics())
    indexer.load()
    first = store.last_message_pk() - len(indexer.index)  # message keys start after this
    flt = ConversationFilter(archived=False)

    def query(q: np.ndarray) -> list[int]:
        given.vector = q
        hits, _ = semantic(store, indexer, given, "q", flt, limit=10)
        return [m.pk - first - 1 for m, _ in hits]

    return query


def build_chromadb(directory: Path, vectors: np.ndarray, texts: list[str]) -> None:
    import chromadb

    client = chromadb.PersistentClient(path=str(directory))
    collection = client.create_collection("bench", configuration={"hnsw": {"space": "cosine"}})
    for start, end in batches(len(texts), BATCH):
        collection.add(
            ids=[str(i) for i in range(start, end)], embeddings=vectors[start:end], documents=texts[start:end]
        )


def open_chromadb(directory: Path) -> Callable[[np.ndarray], list[int]]:
    import chromadb

    collection = chromadb.PersistentClient(path=str(directory)).get_collection("bench")

    def query(q: np.ndarray) -> list[int]:
        found = collection.query(query_embeddings=[q.tolist()], n_results=10, include=[])
        return [int(i) for i in found["ids"][0]]

    return query


def build_lancedb(directory: Path, vectors: np.ndarray, texts: list[str]) -> None:
    import lancedb
    import pyarrow as pa  # type: ignore[import-untyped]

    db = lancedb.connect(str(directory))
    table_ = None
    for start, end in batches(len(texts), BATCH):
        data = pa.table(
            {
                "id": pa.array(range(start, end), pa.int64()),
                "text": pa.array(texts[start:end]),
                "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors[start:end].ravel()), DIM),
            }
        )
        if table_ is None:
            table_ = db.create_table("bench", data=data)
        else:
            table_.add(data)


def open_lancedb(directory: Path) -> Callable[[np.ndarray], list[int]]:
    import lancedb

    table_ = lancedb.connect(str(directory)).open_table("bench")

    def query(q: np.ndarray) -> list[int]:
        search = table_.search(q).distance_type("cosine")  # type: ignore[attr-defined]
        rows = search.limit(10).select(["id"]).to_list()
        return [int(r["id"]) for r in rows]

    return query


def build_qdrant(directory: Path, vectors: np.ndarray, texts: list[str]) -> None:
    from qdrant_client import QdrantClient, models

    client = QdrantClient(path=str(directory))
    client.create_collection(
        "bench", vectors_config=models.VectorParams(size=DIM, distance=models.Distance.COSINE)
    )
    for start, end in batches(len(texts), BATCH):
        client.upload_collection(
            "bench",
            vectors=vectors[start:end],
            payload=[{"text": t} for t in texts[start:end]],
            ids=list(range(start, end)),
        )
    client.close()


def open_qdrant(directory: Path) -> Callable[[np.ndarray], list[int]]:
    from qdrant_client import QdrantClient

    client = QdrantClient(path=str(directory))

    def query(q: np.ndarray) -> list[int]:
        points = client.query_points("bench", query=q, limit=10, with_payload=False).points
        return [int(p.id) for p in points]

    return query


def _sqlite_vec(directory: Path) -> Any:
    """An apsw connection with sqlite-vec loaded (this Python's sqlite3 cannot load extensions)."""
    import apsw  # type: ignore[import-not-found, unused-ignore]
    import sqlite_vec  # type: ignore[import-untyped]

    conn = apsw.Connection(str(directory / "vec.db"))
    conn.enable_load_extension(True)
    conn.load_extension(sqlite_vec.loadable_path())
    conn.enable_load_extension(False)
    return conn


def build_sqlite_vec(directory: Path, vectors: np.ndarray, texts: list[str]) -> None:
    conn = _sqlite_vec(directory)
    conn.execute(f"CREATE VIRTUAL TABLE vectors USING vec0(embedding float[{DIM}] distance_metric=cosine)")
    conn.execute("CREATE TABLE texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    for start, end in batches(len(texts), BATCH):
        with conn:
            conn.executemany(
                "INSERT INTO vectors (rowid, embedding) VALUES (?, ?)",
                [(i + 1, vectors[i].tobytes()) for i in range(start, end)],
            )
            conn.executemany(
                "INSERT INTO texts (id, text) VALUES (?, ?)", [(i + 1, texts[i]) for i in range(start, end)]
            )
    conn.close()


def open_sqlite_vec(directory: Path) -> Callable[[np.ndarray], list[int]]:
    conn = _sqlite_vec(directory)

    def query(q: np.ndarray) -> list[int]:
        rows = conn.execute(
            "SELECT rowid FROM vectors WHERE embedding MATCH ? AND k = 10 ORDER BY distance", (q.tobytes(),)
        ).fetchall()
        return [int(r[0]) - 1 for r in rows]

    return query


BUILDERS: dict[str, Callable[[Path, np.ndarray, list[str]], None]] = {
    "sekha": build_sekha,
    "chromadb": build_chromadb,
    "lancedb": build_lancedb,
    "qdrant": build_qdrant,
    "sqlite-vec": build_sqlite_vec,
}
OPENERS: dict[str, Callable[[Path], Callable[[np.ndarray], list[int]]]] = {
    "sekha": open_sekha,
    "chromadb": open_chromadb,
    "lancedb": open_lancedb,
    "qdrant": open_qdrant,
    "sqlite-vec": open_sqlite_vec,
}


def worker(mode: str, store: str, directory: Path, size: int) -> None:
    """One phase for one store, in its own process; prints one JSON line."""
    if mode == "build":
        vectors, texts = corpus(size)
        started = time.perf_counter()
        BUILDERS[store](directory, vectors, texts)
        elapsed = time.perf_counter() - started
        disk = sum(f.stat().st_size for f in directory.rglob("*") if f.is_file())
        print(json.dumps({"insert_per_s": size / elapsed, "disk_mb": disk / 2**20}))
        return
    qs = queries()
    started = time.perf_counter()
    query = OPENERS[store](directory)
    first = query(qs[0])
    open_s = time.perf_counter() - started
    timings, results = [], [first]
    for q in qs[1:]:
        t = time.perf_counter()
        results.append(query(q))
        timings.append((time.perf_counter() - t) * 1000)
    rss, peak = memory_mb()
    print(json.dumps({"open_s": open_s, "ms": timings, "ids": results, "rss_mb": rss, "peak_mb": peak}))


def run(mode: str, store: str, directory: Path, size: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", mode, store, str(directory), str(size)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{store} {mode} failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def exact(size: int) -> list[set[int]]:
    vectors, _ = corpus(size)
    return [set(np.argsort(-(vectors @ q))[:10].tolist()) for q in queries()]


def chart(rows: list[dict[str, Any]], path: Path, size: int) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [r["store"] for r in rows]
    colours = ["#c0392b" if n == "sekha" else "#7f8c8d" for n in names]
    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    panels = [
        ("p50", "query p50, ms (log)", True),
        ("insert_per_s", "insert, vectors/s (log)", True),
        ("recall", "recall@10 vs exact", False),
    ]
    for ax, (key, label, log) in zip(axes, panels, strict=True):
        ax.bar(names, [r[key] for r in rows], color=colours)
        ax.set_title(label)
        if log:
            ax.set_yscale("log")
        ax.tick_params(axis="x", rotation=30)
    fig.suptitle(f"{size:,} vectors of 384 dimensions, top 10 by cosine, this machine")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=100_000, help="vectors (1000000 on request)")
    p.add_argument("--stores", nargs="+", default=STORES, choices=STORES)
    p.add_argument("--chart", type=Path, help="write the comparison chart (PNG) here")
    p.add_argument("--worker", nargs=4, help=argparse_hidden())
    args = p.parse_args()
    if args.worker:
        mode, store, directory, size = args.worker
        worker(mode, store, Path(directory), int(size))
        return
    size = 10_000 if args.quick else args.size
    truth = exact(size)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="sekha-bench-peers-") as tmp:
        for store in args.stores:
            directory = Path(tmp) / store
            directory.mkdir()
            built = run("build", store, directory, size)
            opened = run("query", store, directory, size)
            recall = float(
                np.mean([len(set(ids) & t) / 10 for ids, t in zip(opened["ids"], truth, strict=True)])
            )
            rows.append(
                {
                    "store": store,
                    **built,
                    "open_s": opened["open_s"],
                    "p50": median(opened["ms"]),
                    "p95": percentile(opened["ms"], 95),
                    "recall": recall,
                    "rss_mb": opened["rss_mb"],
                }
            )
            shutil.rmtree(directory)
    table(
        ["store", "insert/s", "disk MB", "open to first answer s", "p50 ms", "p95 ms", "recall@10", "RSS MB"],
        [
            [
                r["store"],
                r["insert_per_s"],
                r["disk_mb"],
                r["open_s"],
                r["p50"],
                r["p95"],
                f"{r['recall']:.3f}",
                r["rss_mb"],
            ]
            for r in rows
        ],
        title=f"Vector stores side by side, {size:,} vectors, {QUERIES} queries",
    )
    if args.chart:
        chart(rows, args.chart, size)
        print(f"\nchart: {args.chart}")


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
