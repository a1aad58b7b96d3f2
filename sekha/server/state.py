"""What every handler needs, built once per app at startup."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .config import Settings
from .embedding import Embedder
from .indexer import Indexer
from .intelligence import ChatClient
from .metrics import Metrics
from .ratelimit import RateLimiter
from .store import Store
from .writer import GroupWriter


@dataclass
class AppState:
    settings: Settings
    store: Store
    embedder: Embedder
    indexer: Indexer
    metrics: Metrics
    limiter: RateLimiter
    chat: ChatClient | None
    writer: GroupWriter
    started: float = field(default_factory=time.monotonic)

    def uptime(self) -> float:
        return time.monotonic() - self.started
