"""Fixtures that run ``sekha serve`` as a subprocess on a free loopback port.

* ``sekha_server`` (session): one live server shared by the HTTP tests, rate limit raised so
  whole-suite traffic is never throttled. Has ``base_url``, ``api_key``, ``data_dir``.
* ``api`` (function): an ``httpx.Client`` for ``sekha_server`` that sends the bearer key.
* ``server_factory`` (function): ``server_factory(**options)`` starts a private server (e.g.
  ``rate_limit=5``, ``data_dir=...``, ``embedder="hashing"``) and stops it after the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.live import ServerProcess


@pytest.fixture(scope="session")
def sekha_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path_factory.mktemp("sekha-live") / "data").start()
    yield server
    server.stop()


@pytest.fixture
def api(sekha_server: ServerProcess) -> Iterator[httpx.Client]:
    with sekha_server.client() as client:
        yield client


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Callable[..., ServerProcess]]:
    started: list[ServerProcess] = []

    def start(data_dir: Path | None = None, **options: object) -> ServerProcess:
        directory = data_dir or tmp_path / f"data{len(started)}"
        server = ServerProcess(directory, **options).start()  # type: ignore[arg-type]
        started.append(server)
        return server

    yield start
    for server in started:
        if server.proc is not None:
            server.stop()
