"""kill -9 in the middle of a concurrent ingest loses nothing that was acknowledged."""

from __future__ import annotations

import os
import random
import resource
import shutil
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live import ServerProcess


@dataclass(frozen=True)
class Acked:
    key: str
    body: dict[str, object]
    id: str


FIRST_ACK_TIMEOUT = 120.0  # a bound for a very busy machine, not an expectation


def ingest(
    server: ServerProcess,
    stop: threading.Event,
    acked: list[Acked],
    attempted: dict[str, Any],
    seed: int,
    first_ack: threading.Event,
) -> None:
    """Create conversations until the server dies; remember every attempt and those answered 201."""
    rng = random.Random(seed)
    with server.client(timeout=10.0) as api:
        while not stop.is_set():
            key = uuid.uuid4().hex
            body = {
                "label": f"durable-{seed}-{key[:8]}",
                "folder": f"/durability/{seed}",
                "messages": [
                    {
                        "role": "user" if i % 2 == 0 else "assistant",
                        "content": f"{key} part {i} " + "x" * rng.randint(0, 400),
                    }
                    for i in range(rng.randint(1, 6))
                ],
            }
            attempted[str(body["label"])] = body
            try:
                response = api.post("/api/v1/conversations", json=body, headers={"Idempotency-Key": key})
            except httpx.TransportError:
                return
            if response.status_code == 201:
                acked.append(Acked(key, body, response.json()["id"]))
                first_ack.set()


@pytest.mark.slow
def test_acknowledged_writes_survive_kill_9(server_factory: Callable[..., ServerProcess]) -> None:
    server = server_factory()
    total = 0
    timings = random.Random(2026)
    # Kill at the first acknowledgement, then later and later into the ingest: timed from an
    # event, not from the start, so a slow machine shifts nothing.
    delays = [0.0, 1.2] + [timings.uniform(0.0, 1.0) for _ in range(4)]
    for round_, delay in enumerate(delays):
        acked: list[Acked] = []
        attempted: dict[str, Any] = {}
        stop = threading.Event()
        first_ack = threading.Event()
        workers = [
            threading.Thread(target=ingest, args=(server, stop, acked, attempted, round_ * 10 + n, first_ack))
            for n in range(4)
        ]
        for worker in workers:
            worker.start()
        assert first_ack.wait(FIRST_ACK_TIMEOUT), "no create was acknowledged"
        time.sleep(delay)
        server.kill()
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
        assert acked, "nothing was acknowledged before the kill"
        total += len(acked)

        with sqlite3.connect(server.data_dir / "sekha.db") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []

        server.start()
        with server.client() as api:
            for item in acked:
                response = api.post("/mcp/tools/memory_export", json={"conversation_id": item.id})
                assert response.status_code == 200, f"acknowledged conversation {item.id} lost"
                data = response.json()["data"]
                assert data["conversation"]["label"] == item.body["label"]
                sent = [(m["role"], m["content"]) for m in item.body["messages"]]  # type: ignore[attr-defined]
                assert [(m["role"], m["content"]) for m in data["messages"]] == sent
            replay = acked[0]
            again = api.post(
                "/api/v1/conversations", json=replay.body, headers={"Idempotency-Key": replay.key}
            )
            assert again.json()["id"] == replay.id
            count = api.get("/api/v1/conversations/count").json()["count"]
            assert count >= total
            # Attempts in flight at the kill are either whole or absent: never missing messages.
            answered = {str(item.body["label"]) for item in acked}
            in_flight = {label: body for label, body in attempted.items() if label not in answered}
            assert in_flight, "the kill interrupted no request"
            for label, body in in_flight.items():
                listed = api.get("/api/v1/conversations", params={"label": label}).json()["results"]
                assert len(listed) <= 1
                for row in listed:
                    exported = api.post(
                        "/mcp/tools/memory_export", json={"conversation_id": row["conversation_id"]}
                    )
                    stored = [(m["role"], m["content"]) for m in exported.json()["data"]["messages"]]
                    assert stored == [(m["role"], m["content"]) for m in body["messages"]]
    # Writes are fast enough now that the embedding backlog outlasts a graceful stop's flush;
    # this test is about kill -9, so end the same way.
    server.kill()


def test_a_disk_that_refuses_writes_loses_nothing_acknowledged(tmp_path: Path) -> None:
    """Writes past a file-size limit fail with an I/O error, as on a failing disk: the create is
    refused with 503 and a reason, /health says so, and everything acknowledged is kept."""
    limits = {resource.RLIMIT_FSIZE: 3_000_000}
    server = ServerProcess(tmp_path / "data", embedder="hashing", rlimits=limits).start()
    acked: list[tuple[str, list[dict[str, str]]]] = []
    try:
        with server.client() as api:
            for n in range(1000):
                messages = [{"role": "user", "content": f"{n} " + "payload " * 2500}]
                response = api.post(
                    "/api/v1/conversations", json={"label": "l", "folder": "/d", "messages": messages}
                )
                if response.status_code != 201:
                    break
                acked.append((response.json()["id"], messages))
            assert acked and response.status_code in (503, 507), response.text
            assert response.json()["error"].startswith("the database ")
            health = api.get("/health")
            assert health.status_code == 503
            assert health.json()["checks"]["database"]["status"] == "error"
        server.stop()
        assert "Traceback" not in server.log_path.read_text()
        server.rlimits = {}
        server.start()
        with server.client() as api:
            for cid, messages in acked:
                exported = api.post("/mcp/tools/memory_export", json={"conversation_id": cid})
                assert exported.status_code == 200, f"acknowledged conversation {cid} lost"
                stored = exported.json()["data"]["messages"]
                assert [(m["role"], m["content"]) for m in stored] == [
                    (m["role"], m["content"]) for m in messages
                ]
    finally:
        if server.proc is not None:
            server.stop()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs: a disk that really fills up (needs root to mount; skipped otherwise)."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_answers_507_and_loses_nothing_acknowledged(small_disk: Path) -> None:
    server = ServerProcess(small_disk / "data", embedder="hashing").start()
    acked: list[str] = []
    try:
        with server.client() as api:
            for n in range(1000):
                body = {
                    "label": "l",
                    "folder": "/d",
                    "messages": [{"role": "user", "content": f"{n} " + "x " * 20_000}],
                }
                response = api.post("/api/v1/conversations", json=body)
                if response.status_code != 201:
                    break
                acked.append(response.json()["id"])
            assert acked and response.status_code == 507, response.text
            assert "is full, so nothing was stored" in response.json()["error"]
            assert api.get("/health").json()["checks"]["database"]["status"] == "error"
            assert api.get("/api/v1/conversations/count").json()["count"] == len(acked)
            for cid in acked:
                assert api.get(f"/api/v1/conversations/{cid}").json()["message_count"] == 1
    finally:
        server.kill()
