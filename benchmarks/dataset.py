"""Synthetic corpora for the search, context and export benchmarks, cached outside the repository.

Embedding a million real messages would take hours at ~775 messages a second, so the vectors are
random unit vectors and the text is drawn from a Zipf-distributed vocabulary of made-up words.
Rows go straight into the server's own schema (``Store``), FTS trigger included, and the stored
embedder name is the default model's, so ``sekha serve`` on the directory loads the vectors
instead of re-embedding them. Search cost does not depend on what the vectors mean.

``python benchmarks/dataset.py 100000`` builds (or finds) ``~/.cache/sekha-bench/corpus-100000``.
"""

from __future__ import annotations

import sqlite3
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from _common import CACHE

from sekha.server.embedding import MiniLMEmbedder
from sekha.server.indexer import EMBEDDER_META_KEY
from sekha.server.store import Store

DIM = 384
PER_CONVERSATION = 10
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qui", "dor", "fen", "gal", "hus"]


def vocabulary(size: int = 20_000) -> list[str]:
    rng = np.random.default_rng(7)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES, size=int(rng.integers(2, 5)))))
    return sorted(words)


def corpus_dir(messages: int) -> Path:
    return CACHE / f"corpus-{messages}"


def build(messages: int) -> Path:
    """The data directory of a corpus of ``messages`` messages, built once."""
    directory = corpus_dir(messages)
    db = directory / "sekha.db"
    if db.exists():
        with sqlite3.connect(db) as conn:
            if conn.execute("SELECT value FROM meta WHERE key = 'bench_complete'").fetchone():
                return directory
        db.unlink()
    directory.mkdir(parents=True, exist_ok=True)
    Store(db).close()  # the server's schema
    words = np.array(vocabulary())
    rng = np.random.default_rng(messages)
    zipf = 1.0 / np.arange(1, len(words) + 1) ** 1.05
    zipf /= zipf.sum()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    started = time.perf_counter()
    conversations = messages // PER_CONVERSATION
    chunk = 1000  # conversations per transaction
    for first in range(0, conversations, chunk):
        count = min(chunk, conversations - first)
        n = count * PER_CONVERSATION
        drawn = rng.choice(len(words), size=(n, 14), p=zipf)
        vectors = rng.standard_normal((n, DIM)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        conv_rows, msg_rows = [], []
        for c in range(count):
            cid = str(uuid.uuid4())
            day = f"2025-{(first + c) % 12 + 1:02d}-{(first + c) % 28 + 1:02d} 12:00:00.000000"
            conv_rows.append((cid, f"Label:{(first + c) % 40}", f"/folder/{(first + c) % 9}", day, day))
            for j in range(PER_CONVERSATION):
                mid = str(uuid.uuid4())
                text = " ".join(words[drawn[c * PER_CONVERSATION + j]])
                role = "user" if j % 2 == 0 else "assistant"
                msg_rows.append((mid, cid, role, text, day, mid))
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO conversations (id, label, folder, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            conv_rows,
        )
        base = conn.execute("SELECT COALESCE(MAX(pk), 0) FROM messages").fetchone()[0]
        conn.executemany(
            "INSERT INTO messages (id, conversation_id, role, content, timestamp, embedding_id, metadata) "
            "VALUES (?, ?, ?, ?, ?, ?, '{}')",
            msg_rows,
        )
        conn.executemany(
            "INSERT INTO embeddings (message_pk, vector) VALUES (?, ?)",
            [(base + 1 + i, vectors[i].astype("<f4").tobytes()) for i in range(n)],
        )
        conn.execute("COMMIT")
        done = first + count
        if done % 20_000 == 0 or done == conversations:
            elapsed = time.perf_counter() - started
            print(f"  {done * PER_CONVERSATION:,} messages in {elapsed:.0f} s", flush=True)
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (EMBEDDER_META_KEY, MiniLMEmbedder.name)
    )
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('bench_complete', '1')")
    conn.close()
    return directory


class GivenVector:
    """An embedder that hands back a vector set beforehand, so timing sees only the search.

    ``name`` is the one stored with the corpus: no model change, nothing re-embedded.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.vector = np.zeros(DIM, dtype=np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.vector[None, :]


def sample_words(count: int, seed: int = 1) -> list[str]:
    """Words that occur in every corpus, for queries (mid-frequency: neither rare nor stop words)."""
    words = vocabulary()
    rng = np.random.default_rng(seed)
    return [words[int(i)] for i in rng.integers(20, 400, size=count)]


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(build(int(arg)))
