"""Background embedding: writes are acknowledged on commit, vectors follow in batches."""

from __future__ import annotations

import logging
import threading
import time

from .embedding import Embedder
from .metrics import Metrics
from .store import Store
from .vectors import VectorIndex, from_blob, to_blob

log = logging.getLogger("sekha.server.indexer")

BATCH_SIZE = 32
EMBEDDER_META_KEY = "embedder"


class Indexer:
    """Owns the vector index and the worker thread that embeds pending messages.

    A message is pending while its ``embedding_id`` is NULL; that state is in SQLite, so a crash
    or a stop with work left only delays the embedding until the next start.
    """

    def __init__(self, store: Store, embedder: Embedder, metrics: Metrics) -> None:
        self.store = store
        self.embedder = embedder
        self.metrics = metrics
        self.index = VectorIndex()
        self.last_error: str | None = None
        self._cv = threading.Condition()
        self._generation = 0  # bumped by every notify(), so a drain that raced a write is not "idle"
        self._idle = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def load(self) -> None:
        """Load stored vectors; forget them if they came from another embedder."""
        if self.store.get_meta(EMBEDDER_META_KEY) != self.embedder.name:
            with self.store.locked():
                self.store.clear_embeddings_locked()
            self.store.set_meta(EMBEDDER_META_KEY, self.embedder.name)
            return
        self.index.add((pk, cpk, from_blob(blob)) for pk, cpk, blob in self.store.iter_embeddings())

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sekha-indexer", daemon=True)
        self._thread.start()
        self.notify()

    def notify(self) -> None:
        """New messages were committed: wake the worker."""
        with self._cv:
            self._generation += 1
            self._idle = False
            self._cv.notify_all()

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def rebuild(self) -> None:
        """Drop every vector and embed all messages again in the background."""
        with self.store.locked():
            self.store.clear_embeddings_locked()
            self.index.clear()
        self.notify()

    def remove(self, pks: list[int]) -> None:
        self.index.remove(pks)

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is pending (or ``timeout``); True when the queue drained."""
        with self._cv:
            return self._cv.wait_for(
                lambda: self._idle or self.last_error is not None or not self.alive, timeout
            )

    def stop(self, flush_timeout: float) -> None:
        """Embed what is pending (up to ``flush_timeout`` seconds), then stop the worker."""
        if self._thread is None:
            return
        self.notify()
        self.wait_idle(flush_timeout)
        self._stop.set()
        with self._cv:
            self._cv.notify_all()
        self._thread.join(timeout=flush_timeout + 5)
        self._thread = None

    def _run(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            with self._cv:
                seen = self._generation
            try:
                done = self._step()
            except Exception as exc:  # keep the worker alive; the state stays pending in SQLite
                self.last_error = f"{type(exc).__name__}: {exc}"
                self.metrics.inc("sekha_embedding_errors_total")
                log.warning("embedding failed, retrying in %.1f s: %s", backoff, type(exc).__name__)
                with self._cv:
                    self._cv.notify_all()  # a flush waiting in stop() should not wait on a failing embedder
                    self._cv.wait(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            backoff = 0.5
            if done:
                with self._cv:
                    if self._generation == seen:
                        self._idle = True
                        self._cv.notify_all()
                        self._cv.wait(5.0)

    def _step(self) -> bool:
        """Embed one batch; True when nothing was pending."""
        batch = self.store.pending(BATCH_SIZE)
        if not batch:
            return True
        started = time.perf_counter()
        vectors = self.embedder.embed([content for _, content in batch])
        self.metrics.observe_embedding(len(batch), time.perf_counter() - started)
        row = {pk: i for i, (pk, _) in enumerate(batch)}
        with self.store.locked():
            saved = self.store.save_embeddings_locked([(pk, to_blob(vectors[i])) for pk, i in row.items()])
            cpks = self.store.conversation_keys(saved)
            self.index.add((pk, cpks[pk], vectors[row[pk]]) for pk in saved if pk in cpks)
        self.last_error = None
        return False
