"""Goals 5 and 6: full-text and semantic top-10 latency, and context assembly, on synthetic corpora.

In process, the server's own code runs on the cached corpus (see ``dataset.py``): ``fts.search``,
``search.semantic`` and ``context.assemble``, the last two with the query vector computed
beforehand so the table shows the search itself; the default model's time to embed a query is
measured separately and shown beside it. The baseline is exact numpy search over the very same
matrix (one matrix-vector product and a partial sort), alternated query by query with ours.
Over HTTP, a server in its own process serves the corpus with the default model, so those
numbers include embedding the query.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial

import httpx
import numpy as np
from _common import median, parser, percentile, server, table, verdict
from dataset import DIM, build, sample_words

from sekha.server import fts
from sekha.server.context import assemble
from sekha.server.embedding import MiniLMEmbedder
from sekha.server.search import semantic
from sekha.server.store import ConversationFilter, Store
from sekha.server.vectors import Vector, VectorIndex, from_blob

GOALS = {  # (messages, what) -> p50 goal in ms
    (100_000, "full-text"): 5.0,
    (100_000, "semantic"): 10.0,
    (1_000_000, "semantic"): 80.0,
    (100_000, "context"): 50.0,
}


class Precomputed:
    """An embedder that hands back a vector computed beforehand, so timing sees only the search."""

    name = MiniLMEmbedder.name

    def __init__(self) -> None:
        self.vector: Vector = np.zeros(DIM, dtype=np.float32)

    def embed(self, texts: Sequence[str]) -> Vector:
        return self.vector[None, :]


def ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def numpy_top10(matrix: Vector, query: Vector) -> list[int]:
    sims = matrix @ query
    top = np.argpartition(-sims, 9)[:10]
    return [int(i) for i in top[np.argsort(-sims[top])]]


def load_index(store: Store) -> VectorIndex:
    index = VectorIndex()
    index.add((pk, cpk, from_blob(blob)) for pk, cpk, blob in store.iter_embeddings())
    return index


def in_process(size: int, queries: int, embed_ms: float) -> list[list[object]]:
    directory = build(size)
    store = Store(directory / "sekha.db")
    index = load_index(store)
    matrix = np.ascontiguousarray(index._mat[: len(index)])  # the same vectors, as a plain matrix
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((queries, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    words = sample_words(queries * 2)
    texts = [f"{words[2 * i]} {words[2 * i + 1]}" for i in range(queries)]
    embedder = Precomputed()
    flt = ConversationFilter(archived=False)  # what a default semantic query filters on
    ours: list[float] = []
    base: list[float] = []
    text: list[float] = []
    context: list[float] = []
    for i in range(queries):
        embedder.vector = vector = vectors[i]
        query = texts[i]
        sides: list[tuple[list[float], Callable[[], object]]] = [
            (ours, partial(semantic, store, index, embedder, query, flt, limit=10)),
            (base, partial(numpy_top10, matrix, vector)),
        ]
        for out, fn in sides if i % 2 == 0 else reversed(sides):
            out.append(ms(fn))
        text.append(ms(partial(fts.search, store, query, 10)))
        context.append(ms(partial(assemble, store, index, embedder, query, [], 8000, [])))
    store.close()
    rows: list[list[object]] = []
    for what, values, baseline in (
        ("full-text", text, None),
        ("semantic", ours, base),
        ("context", context, None),
    ):
        goal = GOALS.get((size, what))
        p50 = median(values)
        rows.append(
            [
                f"{size:,}",
                what,
                p50,
                percentile(values, 95),
                "" if baseline is None else f"{median(baseline):.3g} / {percentile(baseline, 95):.3g}",
                "" if what == "full-text" else f"{embed_ms:.3g}",
                "" if goal is None else f"≤ {goal:g}: {verdict(p50 <= goal)}",
            ]
        )
    return rows


def over_http(size: int, queries: int) -> list[list[object]]:
    words = sample_words(queries * 2, seed=5)
    texts = [f"{words[2 * i]} {words[2 * i + 1]}" for i in range(queries)]
    timings: dict[str, list[float]] = {"full-text": [], "semantic": [], "context": []}
    with (
        server(build(size), embedder="minilm") as srv,
        httpx.Client(base_url=srv.base_url, headers=srv.headers, timeout=120) as client,
    ):
        routes: dict[str, tuple[str, dict[str, object]]] = {
            "full-text": ("/api/v1/search/fts", {"limit": 10}),
            "semantic": ("/api/v1/query", {"limit": 10}),
            "context": ("/api/v1/context/assemble", {"preferred_labels": [], "context_budget": 8000}),
        }

        def call(what: str, query: str) -> None:
            path, extra = routes[what]
            client.post(path, json={"query": query, **extra}).raise_for_status()

        for q in texts[:3]:  # warm up
            for what in routes:
                call(what, q)
        for q in texts:
            for what in routes:
                timings[what].append(ms(partial(call, what, q)))
    return [[f"{size:,}", what, median(v), percentile(v, 95), "", "incl.", ""] for what, v in timings.items()]


def embedding_ms(samples: int) -> float:
    model = MiniLMEmbedder()
    words = sample_words(samples * 2, seed=9)
    model.embed(["warm up"])
    texts = [f"{words[2 * i]} {words[2 * i + 1]}" for i in range(samples)]
    return median([ms(partial(model.embed, [t])) for t in texts])


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", help="corpus sizes in messages (default 10k 100k 1M)")
    p.add_argument("--no-http", action="store_true", help="skip the HTTP runs")
    args = p.parse_args()
    sizes = args.sizes or ([10_000] if args.quick else [10_000, 100_000, 1_000_000])
    queries = 20 if args.quick else 200
    embed = embedding_ms(queries)
    rows: list[list[object]] = []
    for size in sizes:
        rows += [["in process", *r] for r in in_process(size, queries, embed)]
        if not args.no_http:
            rows += [["HTTP", *r] for r in over_http(size, max(10, queries // 4))]
    table(
        [
            "where",
            "messages",
            "query",
            "p50 ms",
            "p95 ms",
            "numpy exact p50 / p95 ms",
            "+ query embedding ms",
            "goal (p50)",
        ],
        rows,
        title=f"Search and context latency, top 10, {queries} queries per size",
    )


if __name__ == "__main__":
    main()
