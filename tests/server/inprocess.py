"""A local controller served over real sockets from a thread of the test process, with its state
at hand: for faults that only a test inside the process can cause (a full disk, a dying thread)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from sekha.server.config import Limits, Settings
from sekha.server.datadir import DataDir
from sekha.server.embedding import Embedder, HashingEmbedder
from sekha.server.serve import bind, make_server
from sekha.server.state import AppState, open_state

KEY = "sk-inprocess-" + "i" * 32
READY_TIMEOUT = 60.0


@dataclass
class Served:
    base_url: str
    state: AppState

    def client(self, **options: object) -> httpx.Client:
        headers = {"Authorization": f"Bearer {KEY}"}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30.0, **options)  # type: ignore[arg-type]


@contextlib.contextmanager
def served(
    data_dir: Path,
    *,
    limits: Limits | None = None,
    embedder: Embedder | None = None,
    allowed_hosts: tuple[str, ...] = (),
) -> Iterator[Served]:
    settings = Settings(
        data_dir=data_dir, api_key=KEY, limits=limits or Limits(), allowed_hosts=allowed_hosts
    )
    state = open_state(settings, DataDir.open(data_dir, "a test"), embedder or HashingEmbedder())
    sock = bind("127.0.0.1", 0)
    server = make_server(state)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        assert server.ready.wait(READY_TIMEOUT), "the in-process server did not start"
        yield Served(f"http://127.0.0.1:{sock.getsockname()[1]}", state)
    finally:
        server.should_exit = True
        thread.join(READY_TIMEOUT)
        sock.close()
        state.close()
