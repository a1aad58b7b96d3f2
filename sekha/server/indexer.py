"""Background embedding: writes are acknowledged on commit, vectors follow in batches.

A message is pending while its ``embedding_id`` is NULL and it is not quarantined; that state is in
SQLite, so a crash or a stop with work left only delays the embedding until the next start.

What keeps one bad message from stalling the rest: a batch the embedder rejects is split in
halves until the message it rejects is alone; that message gets a strike and waits
(:data:`RETRY_DELAYS`) while the others go on; after :data:`MAX_STRIKES` it is quarantined
(kept in ``embedding_quarantine``, counted in ``/health`` and ``/metrics``, still found by
full-text search). Strikes only count while the embedder demonstrably works (a probe text
succeeds); when the embedder itself is down, the whole worker backs off and nothing is struck.

The default model computes in a child process at a lower CPU priority (``embedding_process``),
so a backlog takes what the threads that answer requests leave of the CPU, without sharing the
GIL with them; this thread only sends texts and stores the vectors that come back.

A rebuild re-embeds every message into a second index beside the live one, which keeps
answering until the new one is complete and takes its place in one step.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import numpy as np

from . import snapshot
from .embedding import Embedder, EmbedderError
from .metrics import Metrics
from .redact import redact
from .store import Store
from .vectors import VectorIndex, from_blobs, to_blob

log = logging.getLogger("sekha.server.indexer")

BATCH_SIZE = 32
LOAD_CHUNK = 8192  # stored vectors read per step at start-up
MAX_STRIKES = 3
RETRY_DELAYS = (2.0, 10.0)  # seconds before a struck message is tried again, after strike 1, 2, …
READ_CHARS = 65_536  # no embedder reads more of a message than this; longer texts are not loaded whole
PROBE_TEXT = "sekha embedder probe"
EMBEDDER_META_KEY = "embedder"
REBUILD_META_KEY = "rebuild_cursor"


@dataclass
class _Struck:
    strikes: int
    retry_at: float


class EmbedderDownError(Exception):
    """The embedder failed on a probe text too: the fault is not in the messages."""


def describe(exc: BaseException) -> str:
    """A short reason for logs and /health, without URLs (they may carry credentials)."""
    cause = exc.__cause__ if isinstance(exc, EmbedderError) and exc.__cause__ is not None else exc
    if isinstance(cause, httpx.HTTPStatusError):
        return f"HTTP {cause.response.status_code} {cause.response.reason_phrase} from the embedder"
    if isinstance(cause, httpx.HTTPError):
        return f"{type(cause).__name__} talking to the embedder"
    return redact(f"{type(exc).__name__}: {str(exc)[:200]}")


class Indexer:
    """Owns the vector index and the worker thread that embeds pending messages."""

    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        metrics: Metrics,
        *,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.metrics = metrics
        self.index = VectorIndex()
        self.last_error: str | None = None
        self._retry_delays = tuple(retry_delays)
        self._clock = clock
        self._cv = threading.Condition()
        self._generation = 0  # bumped by every notify(), so a drain that raced a write is not "idle"
        self._idle = False
        self._stop = threading.Event()
        self._loaded = threading.Event()
        self._thread: threading.Thread | None = None
        self._struck: dict[int, _Struck] = {}
        self._settled = 0  # every message up to this key is embedded, quarantined or waiting to retry
        self._rate = 0.0  # texts per second, smoothed over recent batches
        self._next: VectorIndex | None = None  # a rebuild in progress, beside the live index
        self._cursor = 0  # the rebuild has re-embedded every message up to this key
        self._quarantined = 0
        # Keys deleted since this step began: SQLite gives a deleted last row's key to the
        # next insert, so a vector computed meanwhile may belong to a message that no longer exists.
        self._deleted: set[int] = set()
        self.directory = store.path.parent

    # -- start-up -------------------------------------------------------------------------------

    def load(self) -> None:
        """Load stored vectors (in chunks, never the whole table at once); handle a model change.

        Vectors of another embedder are dropped and queued again, unless the embedder declares
        that it replaces that one (``replaces``): then they stay searchable while a rebuild
        re-embeds them.
        """
        stored = self.store.get_meta(EMBEDDER_META_KEY)
        self._quarantined = self.store.quarantined_count()
        if stored != self.embedder.name:
            if stored is not None and stored in getattr(self.embedder, "replaces", ()):
                self.store.set_meta(REBUILD_META_KEY, "0")
            else:
                with self.store.locked():
                    self.store.clear_embeddings_locked()
            self.store.set_meta(EMBEDDER_META_KEY, self.embedder.name)
        cursor = self.store.get_meta(REBUILD_META_KEY)
        token = self.store.get_meta(snapshot.META_KEY)
        if cursor is None and token is not None and snapshot.load(self.index, self.directory, token):
            self._loaded.set()
            return
        total = self.store.embedding_count()
        self.index.reserve(total)
        if cursor is not None:
            self._cursor = int(cursor)
            self._next = VectorIndex()
        dim: list[int] = []

        def consume(rows: list[tuple[int, int, bytes]]) -> None:
            if not dim:
                dim.append(len(rows[0][2]) // 4)
            pks = np.fromiter((r[0] for r in rows), np.int64, len(rows))
            cpks = np.fromiter((r[1] for r in rows), np.int64, len(rows))
            matrix = from_blobs([r[2] for r in rows], dim[0])
            self.index.add_arrays(pks, cpks, matrix)
            if self._next is not None:  # resume a rebuild: what it already re-embedded is stored
                done = pks <= self._cursor
                self._next.add_arrays(pks[done], cpks[done], matrix[done])

        self.store.scan_embeddings(consume, LOAD_CHUNK)
        self._loaded.set()

    def start(self) -> None:
        """Start the worker; it loads the stored vectors first unless :meth:`load` already ran."""
        self._thread = threading.Thread(target=self._run, name="sekha-indexer", daemon=True)
        self._thread.start()
        self.notify()

    @property
    def loaded(self) -> bool:
        return self._loaded.is_set()

    def wait_loaded(self, timeout: float) -> bool:
        return self._loaded.wait(timeout)

    # -- what requests ask ----------------------------------------------------------------------

    def notify(self) -> None:
        """New messages were committed: wake the worker."""
        with self._cv:
            self._generation += 1
            self._idle = False
            self._cv.notify_all()

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait_settled(self, target: int, timeout: float) -> bool:
        """Wait until every message up to key ``target`` is embedded (or cannot be); False on timeout.

        Gives up at once when the backlog cannot be embedded within ``timeout`` at the recent
        rate, so a query during a bulk import does not wait in vain.
        """
        deadline = self._clock() + timeout
        with self._cv:
            while self._settled < target:
                remaining = deadline - self._clock()
                if remaining <= 0 or not self.alive:
                    return False
                if self._rate and (target - self._settled) / self._rate > remaining:
                    return False
                self._cv.wait(min(remaining, 0.25))
            return True

    def rebuild(self) -> None:
        """Re-embed every message beside the live index, which keeps answering until the swap."""
        self.store.clear_quarantine()
        with self.store.locked():  # the worker swaps and advances under this lock too
            self.store.save_embeddings_locked([], meta={REBUILD_META_KEY: "0"})
            self._quarantined = 0
            self._struck.clear()
            self._next = VectorIndex()
            self._cursor = 0
        self.notify()

    def remove(self, pks: list[int]) -> None:
        """Forget deleted messages; the caller holds the store's writer lock (as the batch saves do)."""
        self._deleted.update(pks)
        self.index.remove(pks)
        rebuilt = self._next
        if rebuilt is not None:
            rebuilt.remove(pks)

    def health(self) -> dict[str, Any]:
        """The indexer's facts for /health: how far behind it is, and what it gave up on."""
        facts: dict[str, Any] = {
            "embedded": len(self.index),
            "loaded": self.loaded,
            "retrying": len(self._struck),
            "quarantined": self._quarantined,
            "texts_per_second": round(self._rate, 1),
        }
        rebuilt = self._next
        if rebuilt is not None:
            facts["rebuild"] = {"reembedded": len(rebuilt), "of": len(self.index)}
        return facts

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
        close = getattr(self.embedder, "close", None)  # the default model's child process
        if close is not None:
            close()
        self.save_snapshot()

    def save_snapshot(self) -> None:
        """Save the index for the next start (not mid-rebuild: that state lives in SQLite)."""
        if not self.loaded or self._next is not None or len(self.index) == 0:
            return
        try:
            with self.store.locked():
                token = snapshot.save(self.index, self.directory)
                self.store.save_embeddings_locked([], meta={snapshot.META_KEY: token})
        except (OSError, sqlite3.Error) as exc:  # a full or failing disk: the next start reads SQLite
            log.warning("could not save the vector snapshot: %s", type(exc).__name__)
            snapshot.discard(self.directory)

    # -- the worker -----------------------------------------------------------------------------

    def _run(self) -> None:
        if not self.loaded:
            try:
                self.load()
            except Exception as exc:  # the worker stops; /health reports it as not running
                log.error("loading the stored vectors failed: %s", describe(exc))
                self.last_error = describe(exc)
                self._loaded.set()
                return
        backoff = 0.5
        while not self._stop.is_set():
            with self._cv:
                seen = self._generation
            try:
                wait = self._step()
            except Exception as exc:  # keep the worker alive; the state stays pending in SQLite
                self.last_error = describe(exc)
                self.metrics.inc("sekha_embedding_errors_total")
                log.warning("embedding failed, retrying in %.1f s: %s", backoff, self.last_error)
                with self._cv:
                    self._cv.notify_all()  # a flush waiting in stop() should not wait on a failing embedder
                    self._cv.wait(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            backoff = 0.5
            if wait is not None:
                with self._cv:
                    if self._generation == seen:
                        self._idle = True
                        self._cv.notify_all()
                        self._cv.wait(wait)

    def _step(self) -> float | None:
        """Embed one batch of new messages, else one rebuild batch; else how long to sleep."""
        limit = BATCH_SIZE + len(self._struck)
        with self.store.locked():  # deletes from here on are seen by this step's save
            for pk in self._deleted:
                self._struck.pop(pk, None)
            self._deleted.clear()
        rows, newest = self.store.pending(limit, READ_CHARS)
        now = self._clock()
        fresh = [pk for pk, _ in rows if pk not in self._struck]
        with self._cv:  # everything below the first fresh pending message is settled
            if fresh:
                self._settled = fresh[0] - 1
            elif len(rows) < limit:
                self._settled = newest
            self._cv.notify_all()
        due = [(pk, text) for pk, text in rows if pk not in self._struck or self._struck[pk].retry_at <= now]
        if due:
            self._embed_and_save(due[:BATCH_SIZE])
            self.last_error = None
            return None
        if self._next is not None:
            self._rebuild_step()
            return None
        if self._struck:
            return max(0.05, min(s.retry_at for s in self._struck.values()) - now)
        return 5.0

    def _embed_and_save(self, rows: list[tuple[int, str]]) -> None:
        started = self._clock()
        done = self._embed_isolating(rows)
        elapsed = self._clock() - started
        self.metrics.observe_embedding(len(done), elapsed)
        if elapsed > 0 and done:
            rate = len(done) / elapsed
            self._rate = rate if not self._rate else 0.7 * self._rate + 0.3 * rate
        if not done:
            return
        with self.store.locked():
            done = self._still_there_locked(done)
            saved = self.store.save_embeddings_locked([(pk, to_blob(vec)) for pk, vec in done])
            self._add(done, saved, self.index)
            rebuilt = self._next
            if rebuilt is not None:
                self._add(done, saved, rebuilt)
        for pk, _ in done:
            self._struck.pop(pk, None)

    def _still_there_locked(self, done: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
        """``done`` without messages deleted since the batch was read (their keys may be reused)."""
        return [(pk, vec) for pk, vec in done if pk not in self._deleted]

    @staticmethod
    def _add(done: list[tuple[int, Any]], saved: dict[int, int], index: VectorIndex) -> None:
        kept = [(pk, vec) for pk, vec in done if pk in saved]
        if kept:
            index.add_arrays(
                np.array([pk for pk, _ in kept], dtype=np.int64),
                np.array([saved[pk] for pk, _ in kept], dtype=np.int64),
                np.stack([vec for _, vec in kept]),
            )

    def _embed_isolating(self, rows: list[tuple[int, str]]) -> list[tuple[int, Any]]:
        """Vectors of the rows the embedder accepts; each row it rejects alone gets a strike.

        Raises :class:`EmbedderDownError` (via the probe) when the embedder rejects even a probe text.
        """
        try:
            vectors = self.embedder.embed([text for _, text in rows])
        except Exception as exc:
            self._probe(exc)
            if len(rows) == 1:
                self._strike(rows[0][0], exc)
                return []
            half = len(rows) // 2
            return self._embed_isolating(rows[:half]) + self._embed_isolating(rows[half:])
        return [(pk, vectors[i]) for i, (pk, _) in enumerate(rows)]

    def _probe(self, cause: Exception) -> None:
        try:
            self.embedder.embed([PROBE_TEXT])
        except Exception as exc:
            raise EmbedderDownError(describe(cause)) from exc

    def _strike(self, pk: int, exc: Exception) -> None:
        if pk in self._deleted:  # the text was of a deleted message; its key may be another's now
            return
        entry = self._struck.setdefault(pk, _Struck(0, 0.0))
        entry.strikes += 1
        reason = describe(exc)
        self.metrics.inc("sekha_embedding_errors_total")
        if entry.strikes >= MAX_STRIKES:
            self.store.quarantine(pk, reason, entry.strikes)
            del self._struck[pk]
            self._quarantined += 1
            self.metrics.inc("sekha_embeddings_quarantined_total")
            log.warning("message %d quarantined after %d failed embeddings: %s", pk, entry.strikes, reason)
            return
        delay = self._retry_delays[min(entry.strikes, len(self._retry_delays)) - 1]
        entry.retry_at = self._clock() + delay
        log.warning("embedding message %d failed (%s); retrying it alone in %.0f s", pk, reason, delay)

    def _rebuild_step(self) -> None:
        rebuilt = self._next
        assert rebuilt is not None
        rows = self.store.embedded_after(self._cursor, BATCH_SIZE, READ_CHARS)
        if not rows:
            with self.store.locked():
                if self._next is not rebuilt:  # restarted meanwhile
                    return
                self.index.replace_with(rebuilt)
                self.store.save_embeddings_locked([], meta={REBUILD_META_KEY: None})
                self._next = None
            log.info("rebuild complete: %d vectors", len(self.index))
            return
        done = dict(self._embed_keeping_old(rows))
        last = rows[-1][0]
        with self.store.locked():
            if self._next is not rebuilt:
                return
            kept = self._still_there_locked(list(done.items()))
            fresh = [(pk, to_blob(vec)) for pk, vec in kept]
            saved = self.store.save_embeddings_locked(fresh, meta={REBUILD_META_KEY: str(last)})
            self._add(kept, saved, rebuilt)
            self._cursor = last

    def _embed_keeping_old(self, rows: list[tuple[int, str]]) -> list[tuple[int, Any]]:
        """A rebuild batch: new vectors where the embedder gives them, the stored ones where not."""
        try:
            vectors = self.embedder.embed([text for _, text in rows])
            return [(pk, vectors[i]) for i, (pk, _) in enumerate(rows)]
        except Exception as exc:
            self._probe(exc)
        blobs = self.store.vector_blobs([pk for pk, _ in rows])
        out: list[tuple[int, Any]] = []
        for pk, text in rows:
            try:
                out.append((pk, self.embedder.embed([text])[0]))
            except Exception:
                if pk in blobs:
                    out.append((pk, np.frombuffer(blobs[pk], dtype="<f4").astype(np.float32)))
        return out
