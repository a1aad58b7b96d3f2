"""A live `sekha serve` subprocess on a free loopback port, and helpers for tests that use one."""

from __future__ import annotations

import os
import resource
import secrets
import select
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

import httpx

from sekha import ClientConfig

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
        rlimits: Mapping[int, int] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.api_key = api_key or "sk-test-" + secrets.token_hex(24)
        self.rate_limit = rate_limit
        self.embedder = embedder
        self.extra_args = extra_args
        # resource limits for the child, e.g. RLIMIT_FSIZE (writes past it fail, like a bad disk)
        self.rlimits = dict(rlimits or {})
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir.parent / f"{data_dir.name}-server.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self, **options: Any) -> ClientConfig:
        """An SDK configuration for this server."""
        return ClientConfig(api_key=self.api_key, base_url=self.base_url, **options)

    def client(self, timeout: float = 30.0) -> httpx.Client:
        """An HTTP client that sends this server's bearer key."""
        headers = {"Authorization": f"Bearer {self.api_key}"}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)

    def start(self) -> ServerProcess:
        env = {**os.environ, "SEKHA_API_KEY": self.api_key}
        cmd = [
            sys.executable,
            "-m",
            "sekha",
            "serve",
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
        preexec = self._apply_rlimits if self.rlimits else None
        self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, preexec_fn=preexec)
        log.close()
        self.wait_healthy()
        return self

    def _apply_rlimits(self) -> None:
        for which, value in self.rlimits.items():
            resource.setrlimit(which, (value, value))

    def wait_healthy(self) -> None:
        assert self.proc is not None
        wait_until_healthy(self.base_url, self.proc, self.log_path)

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


def readline_within(stream: IO[Any], timeout: float = STARTUP_TIMEOUT) -> Any:
    """The next line a child process prints, failing instead of waiting for ever."""
    ready, _, _ = select.select([stream], [], [], timeout)
    if not ready:
        raise AssertionError(f"nothing printed within {timeout:.0f} s")
    return stream.readline()


def wait_until_healthy(base_url: str, proc: subprocess.Popen[bytes], log: Path | None = None) -> None:
    """Until ``/health`` answers 200; raises if the process exits first or it takes too long."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            detail = log.read_text(errors="replace") if log is not None else f"exit code {proc.returncode}"
            raise RuntimeError(f"sekha serve exited early:\n{detail}")
        try:
            # 429: up, and a test's tiny rate limit is spent on these polls
            if httpx.get(f"{base_url}/health", timeout=2.0).status_code in (200, 429):
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError("sekha serve did not become healthy")


def unique(prefix: str) -> str:
    """A label no other test uses, so tests sharing one server never see each other's data."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    """Embedding happens after the write is acknowledged; poll until search can see it."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)
