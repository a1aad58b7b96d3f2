"""Connections: unfinished requests are cut off, the number of connections is bounded, errors
say whether the connection stays open, and a client hanging up is not an error."""

from __future__ import annotations

import resource
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sekha.server.config import Limits
from tests.live import ServerProcess
from tests.server.inprocess import KEY, Served, served

# Short enough for a quick test, long enough that a busy machine sends what a test sends in time.
LIMITS = Limits(header_timeout=2.0, body_timeout=2.0, keep_alive_timeout=2.0, max_connections=8)
CLOSE_WITHIN = 30.0  # generous bound for a busy machine; the deadlines above are what is tested


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Served]:
    with served(tmp_path, limits=LIMITS) as live:
        yield live


def connect(server: Served) -> socket.socket:
    port = int(server.base_url.rsplit(":", 1)[1])
    return socket.create_connection(("127.0.0.1", port), timeout=CLOSE_WITHIN)


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (fails if it never does)."""
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except TimeoutError:
        raise AssertionError(f"the server kept the connection open; it sent {received!r}") from None
    except ConnectionResetError:
        pass
    finally:
        sock.close()
    return received


def head(method: str, path: str, *extra: str, length: int | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Authorization: Bearer {KEY}", *extra]
    if length is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {length}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def status_and_headers(raw: bytes) -> tuple[int, dict[str, str]]:
    top, _, _ = raw.partition(b"\r\n\r\n")
    status_line, *lines = top.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines)
    return int(status_line.split()[1]), headers


def test_a_connection_that_never_sends_a_request_is_closed(server: Served) -> None:
    assert read_until_closed(connect(server)) == b""


def test_headers_that_never_end_are_cut_off(server: Served) -> None:
    sock = connect(server)
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    assert read_until_closed(sock) == b""


def test_a_kept_alive_connection_that_starts_a_request_and_stalls_is_cut_off(server: Served) -> None:
    sock = connect(server)
    sock.sendall(head("GET", "/api/v1/conversations/count"))
    response = b""
    while b"}" not in response:
        chunk = sock.recv(65536)
        assert chunk, f"closed before answering: {response!r}"
        response += chunk
    assert response.startswith(b"HTTP/1.1 200")
    sock.sendall(b"GET /health HTTP/1.1\r\n")  # the next request, never finished
    assert read_until_closed(sock) == b""


def test_a_body_that_never_arrives_gets_408_and_the_connection_closes(server: Served) -> None:
    sock = connect(server)
    sock.sendall(head("POST", "/api/v1/query", length=100) + b'{"query": ')
    status, headers = status_and_headers(read_until_closed(sock))
    assert status == 408
    assert headers["connection"] == "close"


def test_idle_connections_make_room_for_new_clients(server: Served) -> None:
    idle = [connect(server) for _ in range(LIMITS.max_connections * 2)]
    try:
        with server.client() as api:
            assert api.get("/api/v1/conversations/count").status_code == 200
    finally:
        for sock in idle:
            sock.close()


def test_when_every_connection_is_busy_a_newcomer_gets_503_until_one_frees(tmp_path: Path) -> None:
    patient = Limits(header_timeout=30.0, body_timeout=30.0, keep_alive_timeout=1.0, max_connections=4)
    with served(tmp_path, limits=patient) as server:
        busy = [connect(server) for _ in range(patient.max_connections)]
        for sock in busy:
            sock.sendall(head("POST", "/api/v1/query", length=100) + b"{")
        refused = httpx.get(f"{server.base_url}/health", timeout=CLOSE_WITHIN)
        assert refused.status_code == 503
        assert refused.json() == {
            "error": "the server has too many open connections; retry shortly",
            "code": 503,
        }
        assert refused.headers["retry-after"] == "1"
        busy.pop().close()  # one client gives up: its place is free again
        deadline = time.monotonic() + CLOSE_WITHIN
        while (answer := httpx.get(f"{server.base_url}/health", timeout=CLOSE_WITHIN)).status_code == 503:
            assert time.monotonic() < deadline, "the freed connection was never counted out"
            time.sleep(0.05)
        assert answer.status_code == 200
        for sock in busy:
            sock.close()


def test_hundreds_of_idle_connections_do_not_lock_anyone_out(tmp_path: Path) -> None:
    """The reported case: with 256 file descriptors, 300 connections that never send a request
    used to leave the server unable to accept anyone."""
    server = ServerProcess(
        tmp_path / "data", embedder="hashing", rlimits={resource.RLIMIT_NOFILE: 256}
    ).start()
    idle: list[socket.socket] = []
    try:
        for _ in range(300):
            idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=CLOSE_WITHIN))
        with server.client() as api:
            assert api.get("/api/v1/conversations/count").status_code == 200
            body = {"label": "l", "folder": "/f", "messages": [{"role": "user", "content": "still here"}]}
            assert api.post("/api/v1/conversations", json=body).status_code == 201
    finally:
        for sock in idle:
            sock.close()
        server.stop()
