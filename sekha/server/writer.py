"""Group commit: one thread commits the creates of many concurrent requests in one transaction.

With ``synchronous=FULL`` every commit waits for the disk, so committing each create alone caps
throughput at one fsync per conversation, however many clients write at once. Here each request
queues its work and awaits a future; the writer thread takes everything queued while its
previous commit ran, commits it once, and only then resolves the futures, so a 201 still means
the conversation is on disk. A lone request waits for nobody. It also spares each create the cost
of a hop through the general thread pool.

If the thread ever dies, every waiting request and every later one fails at once with
:class:`WriterStoppedError` (nothing waits forever), and :attr:`GroupWriter.failure` says why.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from .store import Outcome, Store

log = logging.getLogger("sekha.server.writer")

T = TypeVar("T")
Work = Callable[[sqlite3.Connection], Any]
_Queued = tuple[Work, "asyncio.Future[Any]", asyncio.AbstractEventLoop]


class WriterStoppedError(Exception):
    """The write thread is not running, so nothing can be stored."""


class GroupWriter:
    """The thread that runs queued writes in groups on :meth:`Store.commit_group`."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._queue: queue.SimpleQueue[_Queued | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # orders enqueueing against the thread's death
        self._batch: list[_Queued] = []
        self._closed = False
        self.failure: str | None = None  # why the thread died, when it did

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sekha-writer", daemon=True)
        self._thread.start()

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        """Commit what is queued, then end the thread."""
        if self._thread is not None:
            with self._lock:
                self._closed = True
                self._queue.put(None)
            self._thread.join()
            self._thread = None

    async def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` in the next group; returns once that group is committed."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self._lock:
            if self.failure is not None:
                raise WriterStoppedError(self.failure)
            if self._closed or not self.alive:
                raise WriterStoppedError("the write thread is not running (the server is stopping)")
            self._queue.put((work, future, loop))
        return await future

    def _run(self) -> None:
        try:
            self._commit_until_stopped()
        except BaseException as exc:
            reason = f"the write thread stopped ({type(exc).__name__}: {exc}); restart the server"
            log.error("%s", reason, exc_info=exc)
            with self._lock:
                self.failure = reason
                orphans = self._batch + self._drain()
            _fail(orphans, WriterStoppedError(reason))

    def _drain(self) -> list[_Queued]:
        out: list[_Queued] = []
        while True:
            try:
                queued = self._queue.get_nowait()
            except queue.Empty:
                return out
            if queued is not None:
                out.append(queued)

    def _commit_until_stopped(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is None:
                return
            batch = self._batch = [first]
            while True:
                try:
                    queued = self._queue.get_nowait()
                except queue.Empty:
                    break
                if queued is None:
                    stopping = True
                    break
                batch.append(queued)
            outcomes = self._store.commit_group([work for work, _, _ in batch])
            self._batch = []
            by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], Outcome]]] = {}
            for (_, future, loop), outcome in zip(batch, outcomes, strict=True):
                by_loop.setdefault(loop, []).append((future, outcome))
            for loop, settled in by_loop.items():
                with contextlib.suppress(RuntimeError):  # a closed loop: nobody is waiting any more
                    loop.call_soon_threadsafe(_settle, settled)


def _fail(queued: list[_Queued], error: Exception) -> None:
    for _, future, loop in queued:
        failed: list[tuple[asyncio.Future[Any], Outcome]] = [(future, (None, error))]
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(_settle, failed)


def _settle(settled: list[tuple[asyncio.Future[Any], Outcome]]) -> None:
    for future, (result, error) in settled:
        if future.done():  # the request was cancelled; its write stands, as with a thread pool
            continue
        if error is None:
            future.set_result(result)
        else:
            future.set_exception(error)
