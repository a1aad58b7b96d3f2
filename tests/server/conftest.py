"""Fixtures that run ``sekha serve`` as a subprocess on a free loopback port.

* ``sekha_server`` (session): one live server shared by the HTTP tests, rate limit raised so
  whole-suite traffic is never throttled. Has ``base_url``, ``api_key``, ``data_dir``.
* ``api`` (function): an ``httpx.Client`` for ``sekha_server`` that sends the bearer key.
* ``server_factory`` (function): ``server_factory(**options)`` starts a private server (e.g.
  ``rate_limit=5``, ``data_dir=...``, ``embedder="hashing"``) and stops it after the test.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

STARTUP_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """A ``sekha serve`` child process; restartable on the same port and data directory."""

    def __init__(
        self,
        data_dir: Path,
        *,
        api_key: str | None = None,
        rate_limit: int = 1_000_000,
        embedder: str = "minilm",
        extra_args: tuple[str, ...] = (),
    ) -> None:
        self.data_dir = data_dir
        self.api_key = api_key or "sk-test-" + secrets.token_hex(24)
        self.rate_limit = rate_limit
        self.embedder = embedder
        self.extra_args = extra_args
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir.parent / f"{data_dir.name}-server.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self, timeout: float = 30.0) -> httpx.Client:
        """An HTTP client that sends this server's bearer key."""
        headers = {"Authorization": f"Bearer {self.api_key}"}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)

    def start(self) -> ServerProcess:
        env = {**os.environ, "SEKHA_API_KEY": self.api_key}
        cmd = [
            sys.executable,
            "-m",
            "sekha.server",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
            "--rate-limit",
            str(self.rate_limit),
            "--embedder",
            self.embedder,
            *self.extra_args,
        ]
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.wait_healthy()
        return self

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"sekha serve exited early:\n{self.log_path.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.base_url}/health", timeout=2.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError("sekha serve did not become healthy")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        """Signal the process and wait for it; returns its exit code."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        code = self.proc.wait(timeout=timeout)
        self.proc = None
        return code

    def kill(self) -> None:
        """kill -9: no shutdown code runs at all."""
        self.stop(signal.SIGKILL)


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
