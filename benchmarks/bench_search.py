"""Search latency, recall and memory on synthetic corpora: today's code (the baseline commit) against ours.

Each side runs in its own worker process on the same cached corpus (``dataset.py``): it loads
the stored vectors with its own ``Indexer.load`` (so the memory column is that side's index),
then answers the queries the parent sends, alternating sides query by query. Semantic queries are
random unit vectors handed to ``search.semantic`` through a stand-in embedder, so the timing is
the search itself; the default model's time to embed a query is measured apart. The baseline's
semantic search is exact, so its top 10 is the reference for the recall of ours.

Full-text queries come in two kinds: two mid-frequency keywords, and natural-language questions
(three to five of the corpus's most frequent words, its "the", "how" and "do", around one or two
mid-frequency words, like "how do we fix the deploy"). Context assembly runs on our side only.
"""

# ruff: noqa: RUF001, S603

from __future__ import annotations

import inspect
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from _common import median, parser, percentile, side_env, table, verdict
from dataset import DIM, GivenVector, build, sample_words, vocabulary

SEMANTIC_GOAL = (0.25, 0.99, 0.35)  # issue 16 goal 3 at 1M: p50 ratio, recall@10, RSS ratio
QUESTION_GOAL = 0.1  # issue 16 goal 5 at 100k: natural-language full-text p50 ratio


def questions(count: int, seed: int = 11) -> list[str]:
    """Natural-language questions in the corpus's words: frequent words around one or two rarer ones."""
    words = vocabulary()
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        common = [words[int(i)] for i in rng.integers(0, 12, size=int(rng.integers(3, 6)))]
        rare = [words[int(i)] for i in rng.integers(20, 400, size=int(rng.integers(1, 3)))]
        mixed = common + rare
        rng.shuffle(mixed)
        out.append(" ".join(mixed) + "?")
    return out


def keyword_pairs(count: int) -> list[str]:
    words = sample_words(count * 2)
    return [f"{words[2 * i]} {words[2 * i + 1]}" for i in range(count)]


def query_vectors(count: int) -> np.ndarray:
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((count, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def memory_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def worker(size: int, count: int) -> None:
    """Load the corpus with whichever ``sekha`` is on the path; answer queries read from stdin."""
    from sekha.server import fts
    from sekha.server.indexer import Indexer
    from sekha.server.metrics import Metrics
    from sekha.server.search import semantic
    from sekha.server.store import ConversationFilter, Store

    store = Store(build(size) / "sekha.db")
    embedder = GivenVector(store.get_meta("embedder") or "")
    indexer = Indexer(store, embedder, Metrics())
    started = time.perf_counter()
    indexer.load()
    load_s = time.perf_counter() - started
    rss, hwm = memory_mb()
    new_api = "indexer" in inspect.signature(semantic).parameters
    target: Any = indexer if new_api else indexer.index
    vectors = query_vectors(count)
    texts = {"questions": questions(count), "keywords": keyword_pairs(count)}
    flt = ConversationFilter(archived=False)  # what a default semantic query filters on
    print(f"ready {load_s:.3f} {rss:.1f} {hwm:.1f}", flush=True)
    for line in sys.stdin:
        kind, index = line.split()
        i = int(index)
        call: Callable[[], Any]
        if kind == "semantic":
            embedder.vector = vectors[i]
            call = partial(semantic, store, target, embedder, "query", flt, limit=10)
        else:
            call = partial(fts.search, store, texts[kind][i], 10)
        started = time.perf_counter()
        hits, total = call()
        elapsed = (time.perf_counter() - started) * 1000
        print(f"{elapsed:.4f} {total} " + ",".join(str(m.pk) for m, _ in hits), flush=True)


class Worker:
    def __init__(self, side: str, size: int, count: int) -> None:
        self.side = side
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", str(size), str(count)],
            env=side_env(side),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        ready = self.proc.stdout.readline().split()
        if not ready or ready[0] != "ready":
            raise RuntimeError(f"the {side} search worker failed to start")
        self.load_s, self.rss, self.hwm = (float(x) for x in ready[1:])

    def ask(self, kind: str, i: int) -> tuple[float, int, list[int]]:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write(f"{kind} {i}\n")
        self.proc.stdin.flush()
        elapsed, total, pks = self.proc.stdout.readline().split(" ")
        return float(elapsed), int(total), [int(p) for p in pks.strip().split(",") if p]

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def compare(size: int, count: int, kinds: Sequence[str]) -> list[list[object]]:
    workers = {side: Worker(side, size, count) for side in ("baseline", "current")}
    results: dict[tuple[str, str], list[tuple[float, int, list[int]]]] = {}
    for kind in kinds:
        for i in range(count):
            for side in ("baseline", "current") if i % 2 == 0 else ("current", "baseline"):
                results.setdefault((kind, side), []).append(workers[side].ask(kind, i))
    for w in workers.values():
        w.close()
    rows: list[list[object]] = []
    base_w, ours_w = workers["baseline"], workers["current"]
    rows.append(
        [
            f"{size:,}",
            "index load (in process)",
            f"{base_w.load_s:.2f} s",
            f"{ours_w.load_s:.2f} s",
            ours_w.load_s / base_w.load_s,
            "",
            f"RSS {base_w.rss:,.0f} / {ours_w.rss:,.0f} MB ({ours_w.rss / base_w.rss:.2f}×), "
            f"peak {base_w.hwm:,.0f} / {ours_w.hwm:,.0f} MB ({ours_w.hwm / base_w.hwm:.2f}×)",
        ]
    )
    for kind in kinds:
        base, ours = results[(kind, "baseline")], results[(kind, "current")]
        b50, o50 = median([r[0] for r in base]), median([r[0] for r in ours])
        extra = ""
        goal = ""
        if kind == "semantic":
            recall = float(
                np.mean(
                    [len(set(b[2]) & set(o[2])) / max(1, len(b[2])) for b, o in zip(base, ours, strict=True)]
                )
            )
            extra = f"recall@10 vs exact {recall:.3f}"
            if size >= 1_000_000:
                p50_goal, recall_goal, rss_goal = SEMANTIC_GOAL
                ok = o50 / b50 <= p50_goal and recall >= recall_goal and ours_w.rss / base_w.rss <= rss_goal
                goal = f"≤ {p50_goal}×, recall ≥ {recall_goal}, RSS ≤ {rss_goal}×: {verdict(ok)}"
        else:
            extra = (
                f"matches median {median([r[1] for r in base]):,.0f} / {median([r[1] for r in ours]):,.0f}"
            )
            if kind == "questions" and size == 100_000:
                goal = f"≤ {QUESTION_GOAL}×: {verdict(o50 / b50 <= QUESTION_GOAL)}"
        rows.append(
            [
                f"{size:,}",
                kind,
                f"{b50:.3g} / {percentile([r[0] for r in base], 95):.3g}",
                f"{o50:.3g} / {percentile([r[0] for r in ours], 95):.3g}",
                o50 / b50,
                goal,
                extra,
            ]
        )
    return rows


def context_rows(size: int, count: int) -> list[list[object]]:
    """Context assembly on our side, in this process (no baseline: its goal is absolute)."""
    from sekha.server.context import assemble
    from sekha.server.indexer import Indexer
    from sekha.server.metrics import Metrics
    from sekha.server.store import Store

    store = Store(build(size) / "sekha.db")
    embedder = GivenVector(store.get_meta("embedder") or "")
    indexer = Indexer(store, embedder, Metrics())
    indexer.load()
    vectors, texts = query_vectors(count), keyword_pairs(count)
    timings = []
    for i in range(count):
        embedder.vector = vectors[i]
        started = time.perf_counter()
        assemble(store, indexer, embedder, texts[i], [], 8000, [])
        timings.append((time.perf_counter() - started) * 1000)
    store.close()
    return [
        [
            f"{size:,}",
            "context (ours only)",
            "",
            f"{median(timings):.3g} / {percentile(timings, 95):.3g}",
            "",
            "",
            "",
        ]
    ]


def embedding_ms(samples: int) -> float:
    from sekha.server.embedding import MiniLMEmbedder

    model = MiniLMEmbedder()
    model.embed(["warm up"])
    texts = keyword_pairs(samples)
    timings = []
    for t in texts:
        started = time.perf_counter()
        model.embed([t])
        timings.append((time.perf_counter() - started) * 1000)
    return median(timings)


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", help="corpus sizes in messages (default 100k 1M)")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--worker", nargs=2, type=int, help=argparse_hidden())
    args = p.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    sizes = args.sizes or ([10_000] if args.quick else [100_000, 1_000_000])
    count = 20 if args.quick else args.queries
    rows: list[list[object]] = []
    for size in sizes:
        kinds = ["semantic", "questions", "keywords"] if size <= 100_000 else ["semantic", "keywords"]
        rows += compare(size, count, kinds)
        if size <= 100_000:
            rows += context_rows(size, count)
    table(
        ["messages", "query", "baseline p50 / p95 ms", "ours p50 / p95 ms", "× baseline", "goal", "notes"],
        rows,
        title=f"Search, top 10, {count} queries per kind, sides alternating "
        f"(+ {embedding_ms(count):.2g} ms to embed a query with the default model)",
    )


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
