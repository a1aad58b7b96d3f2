"""A call never outlives the bound the docs state, whatever the server does with its bytes.

The bound (docs/reliability.md, the README): ``(max_retries + 1) * timeout + retry_max_wait``.
Each attempt is given ``timeout`` in all, from connecting to the last byte; every wait (rate
limiter, backoff, ``Retry-After``) comes out of ``retry_max_wait``.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sekha import ClientConfig, SekhaError, SekhaTimeoutError
from tests.runner import FLAVOURS, client_runner

ROOT = Path(__file__).resolve().parents[2]
CONV = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"
TRICKLE_FOR = 40.0  # seconds the server keeps dribbling: far past the bound, so a miss is plain
SLACK = 2.0  # scheduling on a busy machine; the failure this catches took 29 s


class TrickleServer:
    """Answers every request one byte at a time, each byte well within a read timeout."""

    def __init__(self, phase: str, interval: float = 0.2) -> None:
        self.phase = phase  # "headers": the status line dribbles; "body": the body does
        self.interval = interval
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)  # so the accepting thread sees the stop promptly
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> TrickleServer:
        accepting = threading.Thread(target=self._accept, daemon=True)
        accepting.start()
        self._threads.append(accepting)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                head += chunk
            if self.phase == "headers":
                dribble = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000
            else:
                conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 9999\r\n\r\n")
                dribble = b'{"id": "' + b"a" * 9_000
            ends = time.monotonic() + TRICKLE_FOR
            for byte in dribble:
                if self._stop.wait(self.interval) or time.monotonic() > ends:
                    return
                conn.sendall(bytes([byte]))


def documented_bound(config: ClientConfig) -> float:
    return (config.max_retries + 1) * config.timeout + config.retry_max_wait


def test_the_docs_state_the_bound_this_file_checks() -> None:
    formula = re.compile(r"\(max_retries \+ 1\) [\u00d7*] timeout \+ retry_max_wait")
    for doc in (ROOT / "docs" / "reliability.md", ROOT / "README.md"):
        assert formula.search(doc.read_text(encoding="utf-8")), doc


@pytest.fixture(params=["headers", "body"])
def trickle(request: pytest.FixtureRequest) -> Iterator[TrickleServer]:
    with TrickleServer(request.param) as server:
        yield server


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize(
    ("call", "args"),
    [("get_conversation", (CONV,)), ("create", ([{"role": "user", "content": "hi"}], "L", "/f"))],
    ids=["read", "create"],
)
def test_a_dribbling_server_cannot_stretch_a_call(
    trickle: TrickleServer, flavour: str, call: str, args: tuple[object, ...]
) -> None:
    config = ClientConfig(
        api_key="sk-test-" + "k" * 40, base_url=trickle.url, timeout=1, max_retries=1, retry_max_wait=0.5
    )
    started = time.monotonic()
    with client_runner(flavour, config) as run, pytest.raises(SekhaError) as caught:
        run(call, *args)
    elapsed = time.monotonic() - started
    assert elapsed <= documented_bound(config) + SLACK, f"{call} took {elapsed:.1f} s"
    assert isinstance(caught.value, SekhaTimeoutError)
