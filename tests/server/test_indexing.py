"""The indexer's promises over HTTP: read your writes, one bad message stalls nothing, rebuilds never
black out search, big messages do not grow memory. The remote embedder is a fake service, so the
tests decide when an embedding answers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.live import ServerProcess
from tests.server.helpers import create, unique, wait_indexed
from tests.server.test_remote_services import FakeService


@pytest.fixture
def fake_service() -> Iterator[FakeService]:
    service = FakeService()
    yield service
    service.close()


def remote_server(factory: Callable[..., ServerProcess], service: FakeService) -> ServerProcess:
    return factory(
        embedder="openai", extra_args=("--embedder-url", service.url + "/v1", "--embedder-model", "fake")
    )


def query(api: httpx.Client, text: str, label: str, limit: int = 10) -> list[dict[str, object]]:
    response = api.post("/api/v1/query", json={"query": text, "filters": {"label": label}, "limit": limit})
    assert response.status_code == 200, response.text
    results: list[dict[str, object]] = response.json()["results"]
    return results


def indexer_health(api: httpx.Client) -> dict[str, object]:
    checks: dict[str, dict[str, object]] = api.get("/health").json()["checks"]
    return checks["indexer"]


def test_a_query_waits_for_the_writes_acknowledged_before_it(
    server_factory: Callable[..., ServerProcess], fake_service: FakeService
) -> None:
    server = remote_server(server_factory, fake_service)
    with server.client() as api:
        label = unique("ryw")
        wait_indexed(api)
        fake_service.hold = lambda texts: any("zeppelin" in t for t in texts) and len(texts) == 1
        create(api, label, "/r", ["zeppelin flights over the bay"])
        releaser = threading.Timer(0.8, fake_service.release.set)  # the indexer answers late, in bound
        releaser.start()
        started = time.monotonic()
        hits = query(api, "zeppelin flights", label)
        releaser.join()
        assert [h["content"] for h in hits] == ["zeppelin flights over the bay"]
        assert hits[0]["score"] == pytest.approx(0.0, abs=1e-5)  # found by its vector: the wait paid off
        assert time.monotonic() - started < 10


def test_writes_the_indexer_cannot_reach_in_time_are_found_by_their_words(
    server_factory: Callable[..., ServerProcess], fake_service: FakeService
) -> None:
    server = remote_server(server_factory, fake_service)
    with server.client() as api:
        label = unique("lexical")
        create(api, label, "/r", ["submarine tours under the bay"])
        wait_indexed(api)
        # The indexer's batches get stuck; the query's own embedding (its text first) does not.
        fake_service.hold = lambda texts: texts[0] != "glacier hikes"
        create(api, label, "/r", ["glacier hikes above the bay", "unrelated words entirely"])
        started = time.monotonic()
        hits = query(api, "glacier hikes", label)
        elapsed = time.monotonic() - started
        contents = [h["content"] for h in hits]
        assert contents[0] == "glacier hikes above the bay"  # embedded with the query: true distance
        assert hits[0]["score"] == pytest.approx(0.0, abs=1e-5)
        assert "submarine tours under the bay" in contents
        assert "unrelated words entirely" not in contents  # only lexical matches stand in for vectors
        assert elapsed < 10  # waited about the 2 s bound, not for the indexer
        assert indexer_health(api)["pending"] == 2
        fake_service.release.set()
        wait_indexed(api)


@pytest.mark.slow
def test_one_rejected_message_is_quarantined_and_never_stalls_the_rest(
    server_factory: Callable[..., ServerProcess], fake_service: FakeService
) -> None:
    fake_service.reject = "POISON"
    server = remote_server(server_factory, fake_service)
    with server.client() as api:
        label = unique("poison")
        for n in range(5):
            contents = [f"good message {n}-{i} about harbour {i}" for i in range(10)]
            if n == 2:
                contents[4] = "POISON " + "x" * 100
            create(api, label, "/p", contents)
        deadline = time.monotonic() + 60
        while indexer_health(api)["embedded"] != 49:  # every good message, long before any quarantine
            assert time.monotonic() < deadline, indexer_health(api)
            time.sleep(0.1)
        while indexer_health(api)["quarantined"] != 1:
            assert time.monotonic() < deadline, indexer_health(api)
            time.sleep(0.2)
        health = indexer_health(api)
        assert (health["pending"], health["retrying"]) == (0, 0)
        assert api.get("/health").json()["status"] == "healthy"  # the embedder works; one input did not
        metrics = api.get("/metrics").text
        assert "sekha_embeddings_quarantined 1" in metrics
        assert "sekha_embeddings_quarantined_total 1" in metrics
        fts = api.post("/api/v1/search/fts", json={"query": "POISON"}).json()
        assert fts["total"] == 1  # still stored, still found by its words
        assert len(query(api, "good harbour", label, limit=100)) == 49
        assert "POISON" not in api.get("/health").text  # no message text in /health


@pytest.mark.slow
def test_a_rebuild_keeps_answering_from_the_old_index_until_it_swaps(
    server_factory: Callable[..., ServerProcess], fake_service: FakeService
) -> None:
    server = remote_server(server_factory, fake_service)
    with server.client() as api:
        label = unique("rebuild")
        contents = [f"{word} notes number {i}" for i, word in enumerate(["zebra", "yak", "walrus"] * 4)]
        create(api, label, "/r", contents)
        wait_indexed(api)
        fake_service.hold = lambda texts: len(texts) > 1  # rebuild batches wait; queries go through
        assert api.post("/api/v1/rebuild-embeddings").status_code == 202
        deadline = time.monotonic() + 30
        while "rebuild" not in indexer_health(api):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        for _ in range(3):  # while the rebuild is stuck, search still answers from the old index
            assert query(api, "walrus notes", label, limit=3)[0]["content"].startswith("walrus")
        fake_service.release.set()
        while "rebuild" in indexer_health(api):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert indexer_health(api)["embedded"] == 12
        assert len(query(api, "walrus notes", label, limit=100)) == 12


@pytest.mark.slow
def test_big_messages_leave_the_servers_memory_flat(server_factory: Callable[..., ServerProcess]) -> None:
    server = server_factory(embedder="minilm")
    assert server.proc is not None
    with server.client(timeout=120) as api:
        label = unique("big")
        create(api, label, "/b", ["a message longer than the model reads " * 60])  # buffers at full size
        wait_indexed(api, timeout=120)
        before = peak_rss_mb(server.proc.pid)
        words = "lorem ipsum dolor sit amet consectetur adipiscing elit " * 34_000  # ~1.9 MB each
        for n in range(8):
            create(api, label, "/b", [f"big message {n} " + words])
        wait_indexed(api, timeout=300)
        growth = peak_rss_mb(server.proc.pid) - before
        assert growth < 100, f"peak RSS grew by {growth:.0f} MB for eight 1.9 MB messages"
        assert len(query(api, "lorem ipsum dolor", label)) == 9


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")
