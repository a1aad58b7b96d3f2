"""What every handler needs: opened before serving starts, closed after it ends."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass, field

from . import health
from .config import Settings
from .datadir import DataDir, DataDirError, damaged
from .embedding import Embedder, build_embedder
from .embedding_process import for_background
from .indexer import Indexer
from .intelligence import ChatClient
from .metrics import Metrics
from .ratelimit import RateLimiter
from .store import Store
from .writer import GroupWriter


@dataclass
class AppState:
    settings: Settings
    data: DataDir
    embedder: Embedder
    indexer: Indexer
    metrics: Metrics
    limiter: RateLimiter  # requests with the key
    anonymous: RateLimiter  # requests without it (including every failed authentication)
    chat: ChatClient | None
    writer: GroupWriter
    started: float = field(default_factory=time.monotonic)
    _closed: threading.Event = field(default_factory=threading.Event)

    @property
    def store(self) -> Store:
        return self.data.store

    def uptime(self) -> float:
        return time.monotonic() - self.started

    def components(self) -> dict[str, health.Component]:
        """Who reports in ``/health``, by name."""
        return {
            "database": health.database(self.store),
            "writer": health.writer(self.writer),
            "indexer": health.indexer(self.indexer, self.store),
            "embedder": health.embedder(self.embedder, self.indexer),
        }

    def start(self) -> None:
        """Start the background threads: the embedding worker and the group writer."""
        self.indexer.start()
        self.writer.start()

    def close(self) -> None:
        """Commit queued writes, flush embeddings (bounded), close the database, free the data
        directory. Safe to call twice."""
        if self._closed.is_set():
            return
        self._closed.set()
        try:
            self.writer.stop()
            self.indexer.stop(self.settings.flush_timeout_seconds)
        finally:
            self.data.close()


def open_state(settings: Settings, data: DataDir, embedder: Embedder | None = None) -> AppState:
    """Build the embedder and load the vectors; ``data`` is closed if that fails."""
    try:
        metrics = Metrics()
        model = embedder if embedder is not None else build_embedder(settings.embedder)
        indexer = Indexer(data.store, for_background(model), metrics)  # queries embed with ``model``
        try:
            indexer.load()
        except sqlite3.DatabaseError as exc:
            raise DataDirError(damaged(data.store.path, exc)) from None
        chat = (
            ChatClient(settings.chat_url, settings.chat_model or "gpt-4o-mini") if settings.chat_url else None
        )
        return AppState(
            settings,
            data,
            model,
            indexer,
            metrics,
            RateLimiter(settings.rate_limit_per_minute),
            RateLimiter(settings.rate_limit_per_minute),
            chat,
            GroupWriter(data.store),
        )
    except BaseException:
        data.close()
        raise
