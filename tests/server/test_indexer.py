"""The indexer in process, one step at a time, with a fake clock: strikes, quarantine, a down
embedder, rebuild resume, model changes and read-your-writes waits."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from sekha.server import indexer as indexer_module
from sekha.server import snapshot
from sekha.server.embedding import HashingEmbedder
from sekha.server.indexer import REBUILD_META_KEY, Indexer
from sekha.server.metrics import Metrics
from sekha.server.store import Store
from sekha.server.vectors import Vector
from tests.server.helpers import store_conversation


class Picky(HashingEmbedder):
    """Hashing vectors, but refuses any batch holding a text with ``bad`` in it; can go down."""

    def __init__(self, name: str = "picky") -> None:
        super().__init__(32)
        self.name = name
        self.down = False
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> Vector:
        self.calls += 1
        if self.down:
            raise ConnectionError("embedder unreachable")
        if any("bad" in t for t in texts):
            raise ValueError("input rejected")
        return super().embed(texts)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "sekha.db")
    yield s
    s.close()


def run_until_idle(ix: Indexer, limit: int = 50) -> None:
    for _ in range(limit):
        if ix._step() is not None:
            return
    raise AssertionError("the indexer never went idle")


def test_a_rejected_message_is_isolated_struck_and_quarantined(store: Store) -> None:
    store_conversation(store, "l", "/f", [("user", f"good {i}") for i in range(5)] + [("user", "bad one")])
    clock = Clock()
    ix = Indexer(store, Picky(), Metrics(), retry_delays=(2.0, 10.0), clock=clock)
    ix.load()
    assert ix._step() is None  # one batch: split until the bad text is alone
    assert len(ix.index) == 5
    assert ix.health()["retrying"] == 1
    assert 0 < ix._step() <= 2.0  # nothing due: sleep until the retry
    clock.now += 2.0
    ix._step()
    assert ix.health()["retrying"] == 1  # second strike
    clock.now += 10.0
    ix._step()
    assert ix.health() | {"texts_per_second": 0} == {
        "embedded": 5,
        "loaded": True,
        "retrying": 0,
        "quarantined": 1,
        "texts_per_second": 0,
    }
    assert store.message_counts()[2] == 0  # quarantined messages are not "pending"
    assert store.quarantined_count() == 1
    assert ix._step() == 5.0  # idle


def test_a_down_embedder_strikes_nothing_and_backs_off(store: Store) -> None:
    store_conversation(store, "l", "/f", [("user", "alpha"), ("user", "beta")])
    embedder = Picky()
    embedder.down = True
    ix = Indexer(store, embedder, Metrics())
    ix.load()
    with pytest.raises(indexer_module.EmbedderDownError):
        ix._step()
    assert ix.health()["retrying"] == 0
    assert embedder.calls == 2  # the batch, then one probe: no splitting against a dead embedder
    embedder.down = False
    run_until_idle(ix)
    assert len(ix.index) == 2


def test_settled_tracks_the_first_message_still_waiting(store: Store) -> None:
    clock = Clock()
    ix = Indexer(store, Picky(), Metrics(), clock=clock)
    ix.load()
    store_conversation(store, "l", "/f", [("user", "one"), ("user", "bad two"), ("user", "three")])
    newest = store.last_message_pk()
    assert not ix.wait_settled(newest, timeout=0)  # nothing embedded yet (and no worker running)
    ix._step()
    ix._step()
    assert ix._settled == newest  # the struck one does not hold the others back
    assert store.unembedded_matches('"two"', newest, None, 10)[0].content == "bad two"
    assert store.unembedded_matches('"three"', newest, None, 10) == []  # already has its vector


def test_a_rebuild_resumes_where_it_stopped(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store_conversation(store, "l", "/f", [("user", f"message {i}") for i in range(10)])
    first = Indexer(store, Picky(), Metrics())
    first.load()
    run_until_idle(first)
    first.rebuild()
    monkeypatch.setattr(indexer_module, "BATCH_SIZE", 4)
    first._step()  # re-embeds four messages, records how far it got
    assert store.get_meta(REBUILD_META_KEY) == str(store.last_message_pk() - 6)
    assert first.health()["rebuild"] == {"reembedded": 4, "of": 10}
    restarted = Indexer(store, Picky(), Metrics())
    restarted.load()
    assert restarted.health()["rebuild"] == {"reembedded": 4, "of": 10}
    run_until_idle(restarted)
    assert "rebuild" not in restarted.health()
    assert len(restarted.index) == 10
    assert store.get_meta(REBUILD_META_KEY) is None


def test_deleting_during_a_rebuild_removes_from_both_indexes(store: Store) -> None:
    keep = store_conversation(store, "l", "/f", [("user", "stay")]).id
    gone = store_conversation(store, "l", "/f", [("user", "leave")]).id
    ix = Indexer(store, Picky(), Metrics())
    ix.load()
    run_until_idle(ix)
    ix.rebuild()
    assert store.delete(gone, ix.remove)
    run_until_idle(ix)
    assert len(ix.index) == 1
    assert store.messages(keep)[0].pk in ix.index.message_keys()


class Meddling(Picky):
    """Runs ``meanwhile`` once, in the middle of the next batch (as a request would, while a slow
    model embeds)."""

    def __init__(self) -> None:
        super().__init__()
        self.meanwhile: Callable[[], None] | None = None

    def embed(self, texts: Sequence[str]) -> Vector:
        vectors = super().embed(texts)
        hook, self.meanwhile = self.meanwhile, None
        if hook is not None:
            hook()
        return vectors


def stored_vector_of(store: Store, text: str) -> Vector:
    (pk,) = [
        pk
        for pk, content in store.read(lambda c: c.execute("SELECT pk, content FROM messages").fetchall())
        if content == text
    ]
    return np.frombuffer(store.vector_blobs([pk])[pk], dtype="<f4")


@pytest.mark.parametrize("during", ["new messages", "a rebuild"])
def test_a_message_deleted_while_it_embeds_gives_its_vector_to_no_other(store: Store, during: str) -> None:
    """SQLite hands the key of a deleted last row to the next insert: a vector computed for the
    deleted message must not be stored for the new one that took its key."""
    embedder = Meddling()
    ix = Indexer(store, embedder, Metrics())
    ix.load()
    gone = store_conversation(store, "l", "/f", [("user", "deleted words"), ("user", "more of them")]).id
    if during == "a rebuild":
        run_until_idle(ix)
        ix.rebuild()

    def delete_and_write() -> None:
        assert store.delete(gone, ix.remove)
        store_conversation(store, "l", "/f", [("user", "the newcomer"), ("user", "its reply")])

    embedder.meanwhile = delete_and_write
    run_until_idle(ix)
    for text in ("the newcomer", "its reply"):
        assert np.allclose(stored_vector_of(store, text), Picky().embed([text])[0])
    assert len(ix.index) == 2


def test_a_replacing_model_keeps_the_old_vectors_searchable(store: Store) -> None:
    store_conversation(store, "l", "/f", [("user", "alpha"), ("user", "beta")])
    old = Indexer(store, Picky("old-model"), Metrics())
    old.load()
    run_until_idle(old)
    successor = Picky("new-model")
    successor.replaces = ("old-model",)  # type: ignore[attr-defined]
    upgraded = Indexer(store, successor, Metrics())
    upgraded.load()
    assert len(upgraded.index) == 2  # searchable at once
    assert upgraded.health()["rebuild"] == {"reembedded": 0, "of": 2}
    run_until_idle(upgraded)
    assert "rebuild" not in upgraded.health()
    unrelated = Indexer(store, Picky("unrelated-model"), Metrics())
    unrelated.load()
    assert len(unrelated.index) == 0  # another space: dropped and queued again
    assert store.message_counts()[2] == 2


def test_a_hopeless_backlog_does_not_make_a_query_wait(store: Store) -> None:
    clock = Clock()
    ix = Indexer(store, Picky(), Metrics(), clock=clock)
    ix.load()
    ix._rate = 10.0  # texts per second
    store_conversation(store, "l", "/f", [("user", f"m {i}") for i in range(100)])
    ix._thread = type("Alive", (), {"is_alive": lambda self: True})()  # type: ignore[assignment]
    assert not ix.wait_settled(store.last_message_pk(), timeout=2.0)  # 100 texts at 10/s: give up now
    assert clock.now == 100.0


def test_vectors_of_the_index_match_the_stored_ones(store: Store) -> None:
    store_conversation(store, "l", "/f", [("user", "alpha beta"), ("user", "gamma")])
    ix = Indexer(store, Picky(), Metrics())
    ix.load()
    run_until_idle(ix)
    keys = [int(k) for k in ix.index.message_keys()]
    stored = store.vector_blobs(keys)
    expected = Picky().embed(["alpha beta", "gamma"])
    got = np.stack([np.frombuffer(stored[k], dtype="<f4") for k in sorted(keys)])
    assert np.allclose(got, expected)


def test_a_clean_stop_saves_the_index_and_the_next_start_reads_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_conversation(store, "l", "/f", [("user", f"message {i}") for i in range(20)])
    first = Indexer(store, Picky(), Metrics())
    first.start()
    assert first.wait_idle(30)
    first.stop(flush_timeout=10)
    assert store.get_meta(snapshot.META_KEY) is not None
    assert (store.path.parent / snapshot.FILE_NAME).stat().st_mode & 0o777 == 0o600

    def no_scan(*args: object) -> None:
        raise AssertionError("read SQLite although the snapshot is current")

    with monkeypatch.context() as patched:
        patched.setattr(store, "scan_embeddings", no_scan)
        second = Indexer(store, Picky(), Metrics())
        second.load()
    assert sorted(second.index.message_keys().tolist()) == sorted(first.index.message_keys().tolist())
    query = Picky().embed(["message 7"])[0]
    assert second.index.candidates(query, allowed=None, count=1) == first.index.candidates(
        query, allowed=None, count=1
    )
    # written later: the snapshot is stale once embedded
    store_conversation(store, "l", "/f", [("user", "one more")])
    run_until_idle(second)
    assert store.get_meta(snapshot.META_KEY) is None  # the trigger dropped its token with that vector
    third = Indexer(store, Picky(), Metrics())
    third.load()
    assert len(third.index) == 21


def test_a_failing_database_at_a_clean_stop_costs_only_the_snapshot(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A disk that refuses writes (full, failing, over a size limit) may refuse the snapshot's
    token at the very end: the stop still ends cleanly, says why in one line, and leaves no file
    the next start could mistake for current (it reads SQLite)."""
    store_conversation(store, "l", "/f", [("user", "alpha"), ("user", "beta")])
    indexer = Indexer(store, Picky(), Metrics())
    indexer.load()
    run_until_idle(indexer)

    def refused(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "save_embeddings_locked", refused)
    with caplog.at_level(logging.WARNING, logger="sekha.server"):
        indexer.save_snapshot()
    said = [r.getMessage() for r in caplog.records]
    assert said == ["could not save the vector snapshot: OperationalError"]
    assert not (store.path.parent / snapshot.FILE_NAME).exists()
    assert store.get_meta(snapshot.META_KEY) is None


def test_a_delete_or_a_damaged_file_sends_the_next_start_to_sqlite(store: Store) -> None:
    cid = store_conversation(store, "l", "/f", [("user", "alpha"), ("user", "beta")]).id
    store_conversation(store, "l", "/f", [("user", "gamma")])
    first = Indexer(store, Picky(), Metrics())
    first.load()
    run_until_idle(first)
    first.save_snapshot()
    assert store.delete(cid, first.remove)
    assert store.get_meta(snapshot.META_KEY) is None
    again = Indexer(store, Picky(), Metrics())
    again.load()
    assert len(again.index) == 1
    again.save_snapshot()
    path = store.path.parent / snapshot.FILE_NAME
    path.write_bytes(path.read_bytes()[:-10])  # truncated
    damaged = Indexer(store, Picky(), Metrics())
    damaged.load()
    assert len(damaged.index) == 1  # read from SQLite instead
