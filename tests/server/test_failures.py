"""Failures inside the controller are reported clearly and lose nothing: a full disk, a bug in a
route, a dead write thread, an embedder that fails, a client that hangs up."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from sekha.server import health as health_checks
from sekha.server.embedding import EmbedderError, HashingEmbedder
from sekha.server.schema import LATEST
from sekha.server.vectors import Vector
from tests.live import wait_for
from tests.server.inprocess import KEY, Served, served

BODY = {"label": "l", "folder": "/f", "messages": [{"role": "user", "content": "kept safe"}]}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Served]:
    with served(tmp_path) as live:
        yield live


def metric(text: str, prefix: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix))


def set_page_limit(server: Served, pages: int | None) -> None:
    """Cap the database file at ``pages`` pages (SQLite then fails writes as on a full disk)."""
    store = server.state.store
    with store.locked():
        if pages is None:
            pages = 1_073_741_823
        store._writer.execute(f"PRAGMA max_page_count = {int(pages)}")


def test_a_full_disk_answers_507_reports_it_and_recovers(
    server: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    with server.client() as api:
        stored = [api.post("/api/v1/conversations", json=BODY).json()["id"] for _ in range(3)]
        page_count = server.state.store.read(lambda c: c.execute("PRAGMA page_count").fetchone()[0])
        set_page_limit(server, page_count)
        big = {**BODY, "messages": [{"role": "user", "content": "x" * 200_000}]}
        refused = api.post("/api/v1/conversations", json=big)
        assert refused.status_code == 507
        assert refused.json()["code"] == 507
        assert "is full, so nothing was stored" in refused.json()["error"]
        health = api.get("/health")
        assert health.status_code == 503
        database = health.json()["checks"]["database"]
        assert database["status"] == "error" and "is full" in database["error"]
        assert api.get("/api/v1/conversations/count").json()["count"] == 3  # reads still work
        set_page_limit(server, None)  # space freed, and nothing has written since
        monkeypatch.setattr(health_checks, "FAILURE_HOLD", 0.0)
        assert api.get("/health").json()["checks"]["database"] == {"status": "ok", "schema_version": LATEST}
        monkeypatch.setattr(health_checks, "FAILURE_HOLD", 60.0)
        set_page_limit(server, page_count + 2)  # nearly full: small writes pass, large ones fail
        assert api.post("/api/v1/conversations", json=big).status_code == 507
        assert api.post("/api/v1/conversations", json=BODY).status_code == 201
        assert api.get("/health").json()["checks"]["database"]["status"] == "error"  # still reported
        set_page_limit(server, None)
        assert api.post("/api/v1/conversations", json=big).status_code == 201
        for cid in stored:
            assert api.get(f"/api/v1/conversations/{cid}").json()["message_count"] == 1


def test_a_bug_in_a_route_is_a_500_logged_once_and_the_connection_is_closed(
    server: Served, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(server.state.store, "count", broken)
    caplog.set_level(logging.INFO)
    with server.client() as api:
        response = api.get("/api/v1/conversations/count")
    assert response.status_code == 500
    assert response.json() == {"error": "Internal error: RuntimeError", "code": 500}
    assert response.headers["connection"] == "close"
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        "unhandled error on GET /api/v1/conversations/count: RuntimeError"
    ]
    assert errors[0].exc_info is not None


def test_a_client_hanging_up_mid_body_is_neither_an_error_nor_a_500(
    server: Served, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with server.client() as api:
        before = api.get("/metrics").text
    port = int(server.base_url.rsplit(":", 1)[1])
    for _ in range(3):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(
                b"POST /api/v1/conversations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + f"Authorization: Bearer {KEY}\r\n".encode()
                + b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                + b'{"label": "half'
            )
    series = 'sekha_http_requests_total{method="POST",route="/api/v1/conversations",status="499"}'
    with server.client() as api:
        # The server counts each request once it notices the hang-up.
        wait_for(lambda: metric(api.get("/metrics").text, series) - metric(before, series) == 3)
        assert 'status="500"' not in api.get("/metrics").text
        assert api.get("/api/v1/conversations/count").json()["count"] == 0
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


class QueryTrap(HashingEmbedder):
    """Embeds messages; a query starting with ``fail:`` raises what the test asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.error: Exception = EmbedderError("ConnectError: connection refused")

    def embed(self, texts: Sequence[str]) -> Vector:
        if any(text.startswith("fail:") for text in texts):
            raise self.error
        return super().embed(texts)


@pytest.fixture
def trapped(tmp_path: Path) -> Iterator[tuple[Served, QueryTrap]]:
    trap = QueryTrap()
    with served(tmp_path, embedder=trap) as live:
        yield live, trap


def test_an_embedder_that_fails_is_503_with_its_cause_logged(
    trapped: tuple[Served, QueryTrap], caplog: pytest.LogCaptureFixture
) -> None:
    server, _ = trapped
    with server.client() as api:
        response = api.post("/api/v1/query", json={"query": "fail: anything"})
    assert response.status_code == 503
    assert response.json()["error"] == "the embedder is unavailable: ConnectError: connection refused"
    (record,) = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.levelno == logging.WARNING
    assert "ConnectError: connection refused" in record.getMessage()


def test_a_bug_in_semantic_search_is_a_500_logged_with_its_traceback(
    trapped: tuple[Served, QueryTrap], caplog: pytest.LogCaptureFixture
) -> None:
    server, trap = trapped
    trap.error = IndexError("an off-by-one")
    with server.client() as api:
        response = api.post("/api/v1/query", json={"query": "fail: anything"})
        assembled = api.post(
            "/api/v1/context/assemble",
            json={"query": "fail: x", "preferred_labels": [], "context_budget": 100},
        )
    assert response.status_code == 500
    assert assembled.status_code == 500  # context assembly no longer hides it behind full text
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 2
    assert all(r.exc_info and isinstance(r.exc_info[1], IndexError) for r in errors)


def test_a_dead_write_thread_fails_writes_at_once_and_shows_in_health(
    server: Served, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def fatal(work: Sequence[Any]) -> list[Any]:
        raise SystemExit("simulated")

    with server.client() as api:
        assert api.post("/api/v1/conversations", json=BODY).status_code == 201
        monkeypatch.setattr(server.state.store, "commit_group", fatal)
        first = api.post("/api/v1/conversations", json=BODY)
        later = api.post("/api/v1/conversations", json=BODY)
        health = api.get("/health")
        count = api.get("/api/v1/conversations/count").json()["count"]
    reason = "the write thread stopped (SystemExit: simulated); restart the server"
    assert (first.status_code, first.json()["error"]) == (503, reason)
    assert (later.status_code, later.json()["error"]) == (503, reason)
    assert health.status_code == 503
    assert health.json()["checks"]["writer"] == {"status": "error", "error": reason}
    assert count == 1
    assert any(r.levelno == logging.ERROR and r.getMessage() == reason for r in caplog.records)
