"""A live `sekha serve` subprocess on a free loopback port, and helpers for tests that use one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from sekha import ClientConfig

API_KEY = "e2e-" + uuid.uuid4().hex + uuid.uuid4().hex


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """A `sekha serve` process; start() waits until /health answers 200."""

    def __init__(self, data_dir: Path, api_key: str = API_KEY, *options: str) -> None:
        self.data_dir = data_dir
        self.options = options  # more `sekha serve` flags, such as ("--rate-limit", "60")
        self.api_key = api_key
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server.log"

    def start(self, timeout: float = 60.0) -> LiveServer:
        env = {**os.environ, "SEKHA_API_KEY": self.api_key}
        command = [
            sys.executable,
            "-m",
            "sekha",
            "serve",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
            *self.options,
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"sekha serve exited with {self.process.returncode}:\n{self.log.read_text()}"
                )
            try:
                if httpx.get(self.base_url + "/health", timeout=1.0).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"sekha serve did not become healthy in {timeout}s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def config(self, **options: Any) -> ClientConfig:
        return ClientConfig(api_key=self.api_key, base_url=self.base_url, **options)


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
