"""Issue 16 goal 1: the default embedder's texts per second, today's code against ours, same texts.

Each side runs in its own process: the baseline is the code of ``BASELINE_REF`` (its float32
``MiniLMEmbedder``, run from an exported copy of that commit), the other the current tree. Both
embed the same texts in batches of 32, as the indexer does, in alternating rounds. The texts are
the paraphrase set's sentences joined into messages of one to eight sentences (chat turns are
mostly short, some long). The table also gives the cosine between the two sides' vectors of each
text; the retrieval quality itself is checked by ``tests/server/test_semantic_quality.py``.
"""

# ruff: noqa: RUF001

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import REPO, median, parser, side_env, table, verdict

GOAL = 2.5
BATCH = 32


def texts(count: int) -> list[str]:
    sys.path.append(str(REPO))  # after PYTHONPATH: the baseline's sekha still wins
    from tests.server.paraphrase_corpus import NEAR_MISSES, PAIRS, generated_distractors

    sentences = [t for t, _ in PAIRS] + [q for _, q in PAIRS] + NEAR_MISSES + generated_distractors(300)
    rng = random.Random(1)
    lengths = [1, 1, 1, 1, 2, 2, 3, 5, 8]
    return [" ".join(rng.choice(sentences) for _ in range(rng.choice(lengths))) for _ in range(count)]


def worker(count: int, vectors_out: Path) -> None:
    """Embed the texts once per line read from stdin; print the seconds each round took."""
    from sekha.server.embedding import MiniLMEmbedder

    model = MiniLMEmbedder()
    data = texts(count)
    model.embed(data[:BATCH])  # load and warm up
    print("ready", flush=True)
    vectors = None
    for _ in sys.stdin:
        started = time.perf_counter()
        vectors = [model.embed(data[i : i + BATCH]) for i in range(0, len(data), BATCH)]
        print(f"{time.perf_counter() - started:.6f}", flush=True)
    if vectors is not None:
        np.save(vectors_out, np.vstack(vectors))


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--texts", type=int, default=640)
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--worker", nargs=2, metavar=("COUNT", "VECTORS"), help=argparse_hidden())
    args = p.parse_args()
    if args.worker:
        worker(int(args.worker[0]), Path(args.worker[1]))
        return
    count, rounds = (128, 2) if args.quick else (args.texts, args.rounds)
    with tempfile.TemporaryDirectory(prefix="sekha-bench-embed-") as tmp:
        procs = {}
        for side in ("baseline", "current"):
            procs[side] = subprocess.Popen(  # noqa: S603 - our own script
                [sys.executable, __file__, "--worker", str(count), str(Path(tmp) / f"{side}.npy")],
                env=side_env(side),
                cwd=tmp,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        for proc in procs.values():
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                raise RuntimeError("an embedding worker failed to start")
        seconds: dict[str, list[float]] = {side: [] for side in procs}
        for i in range(rounds):
            for side in list(procs) if i % 2 == 0 else list(procs)[::-1]:
                proc = procs[side]
                assert proc.stdin is not None
                assert proc.stdout is not None
                proc.stdin.write("go\n")
                proc.stdin.flush()
                seconds[side].append(float(proc.stdout.readline()))
        for proc in procs.values():
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait()
        base, ours = (np.load(Path(tmp) / f"{side}.npy") for side in ("baseline", "current"))
    cosines = (base * ours).sum(axis=1)
    rates = {side: count / median(values) for side, values in seconds.items()}
    ratio = rates["current"] / rates["baseline"]
    table(
        ["side", "texts", "texts/s (median)", "× baseline", "cosine to baseline min / median", "goal ≥ 2.5×"],
        [
            ["baseline (float32 MiniLM)", count, rates["baseline"], 1.0, "", ""],
            [
                "current (int8 MiniLM)",
                count,
                rates["current"],
                ratio,
                f"{cosines.min():.3f} / {np.median(cosines):.3f}",
                verdict(ratio >= GOAL),
            ],
        ],
        title=f"Embedding throughput, batches of {BATCH}, {rounds} alternating rounds",
    )


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
