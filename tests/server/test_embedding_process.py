"""The indexer's embedder in a child process: same vectors, lower priority, and no failure of the
child can lose work or hang the server (it dies, hangs, rejects, cannot start, is signalled)."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from sekha.server import embedding_process
from sekha.server.embedding import EmbedderError, HashingEmbedder, MiniLMEmbedder
from sekha.server.embedding_process import NICE, ProcessEmbedder, for_background
from sekha.server.indexer import Indexer
from sekha.server.metrics import Metrics
from sekha.server.store import Store
from tests.live import ServerProcess, wait_for
from tests.server.helpers import create, store_conversation, unique, wait_indexed

SCRIPTED = "tests.server.child_embedders:Scripted"
BOUND = 60.0  # seconds any wait here may take on a slow, busy machine


def scripted(**options: float) -> ProcessEmbedder:
    return ProcessEmbedder(SCRIPTED, {}, HashingEmbedder(32), **options)  # type: ignore[arg-type]


@pytest.fixture
def child() -> Iterator[ProcessEmbedder]:
    embedder = scripted()
    yield embedder
    embedder.close()


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_default_model_runs_in_a_child_at_lower_priority_with_the_same_vectors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SEKHA_API_KEY", "sk-never-in-the-child-" + "x" * 20)
    model = MiniLMEmbedder()
    background = for_background(model)
    assert isinstance(background, ProcessEmbedder)
    try:
        texts = ["the quick brown fox", "deploys fail on Fridays", "word " * 3000]
        vectors = background.embed(texts)
        assert np.array_equal(vectors, model.embed(texts))  # each text alone, one thread: identical
        assert background.name == model.name
        assert background.replaces == model.replaces
        pid = background.pid
        assert pid is not None and pid != os.getpid()
        assert os.getpriority(os.PRIO_PROCESS, pid) == min(os.getpriority(os.PRIO_PROCESS, 0) + NICE, 19)
        environ = Path(f"/proc/{pid}/environ").read_bytes()
        assert b"SEKHA_API_KEY" not in environ
        assert b"sk-never-in-the-child" not in environ
    finally:
        background.close()
    wait_for(lambda: not alive(pid), BOUND)


def test_other_embedders_stay_in_the_server_process() -> None:
    hashing = HashingEmbedder()
    assert for_background(hashing) is hashing


def test_a_rejected_text_fails_its_batch_and_the_child_carries_on(child: ProcessEmbedder) -> None:
    before = child.embed(["good words"])
    pid = child.pid
    with pytest.raises(EmbedderError, match="ValueError: input rejected"):
        child.embed(["good", "bad words"])
    assert np.array_equal(child.embed(["good words"]), before)
    assert child.pid == pid
    assert child.embed([]).shape[0] == 0


def test_a_child_that_dies_fails_its_batch_and_the_next_batch_starts_another(child: ProcessEmbedder) -> None:
    child.embed(["warm"])
    first = child.pid
    assert first is not None
    with pytest.raises(EmbedderError, match="the embedding process stopped"):
        child.embed(["crash now"])
    assert not alive(first)
    assert np.array_equal(child.embed(["after"]), HashingEmbedder(32).embed(["after"]))
    assert child.pid not in (None, first)


def test_a_killed_child_is_replaced(child: ProcessEmbedder) -> None:
    child.embed(["warm"])
    first = child.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    wait_for(lambda: not alive(first), BOUND)
    with pytest.raises(EmbedderError):
        child.embed(["lost with its process"])
    assert child.embed(["next"]).shape == (1, 32)


def test_a_child_that_cannot_start_leaves_the_work_to_the_server_process(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    fallback = HashingEmbedder(32)
    broken = ProcessEmbedder("tests.server.no_such_module:Nothing", {}, fallback)
    with caplog.at_level(logging.WARNING, logger="sekha.server.embedding"):
        assert np.array_equal(broken.embed(["words"]), fallback.embed(["words"]))
    assert "could not start (ModuleNotFoundError" in caplog.text
    assert broken.pid is None
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    missing = ProcessEmbedder(SCRIPTED, {}, fallback)
    assert np.array_equal(missing.embed(["words"]), fallback.embed(["words"]))
    assert "could not start (FileNotFoundError" in caplog.text


def test_the_child_ignores_ctrl_c_and_term_and_leaves_with_its_server(child: ProcessEmbedder) -> None:
    """Ctrl-C reaches the whole process group while the server still flushes through the child."""
    child.embed(["warm"])
    pid = child.pid
    assert pid is not None
    os.kill(pid, signal.SIGINT)
    os.kill(pid, signal.SIGTERM)
    assert child.embed(["still here"]).shape == (1, 32)
    assert child.pid == pid
    child.close()
    wait_for(lambda: not alive(pid), BOUND)
    with pytest.raises(EmbedderError, match="closed"):
        child.embed(["too late"])


def children(pid: int) -> list[int]:
    """Child processes of every thread of ``pid`` (the indexer's thread starts the embedding one)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(FileNotFoundError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def test_a_served_default_model_embeds_in_a_niced_child_that_dies_with_the_server(
    server_factory: Callable[..., ServerProcess],
) -> None:
    server = server_factory(embedder="minilm")
    assert server.proc is not None
    with server.client() as api:
        label = unique("child")
        create(api, label, "/c", ["zeppelin flights over the bay", "and a second message"])
        wait_indexed(api, BOUND)
        hits = api.post("/api/v1/query", json={"query": "zeppelin flights", "filters": {"label": label}})
        assert hits.json()["results"][0]["content"] == "zeppelin flights over the bay"
    (child,) = children(server.proc.pid)
    assert os.getpriority(os.PRIO_PROCESS, child) == min(
        os.getpriority(os.PRIO_PROCESS, server.proc.pid) + NICE, 19
    )
    server.kill()
    wait_for(lambda: not alive(child), BOUND)  # end of input: it leaves, no orphan


def test_an_idle_child_exits_and_the_next_batch_starts_another() -> None:
    embedder = scripted(idle_exit=0.2)
    try:
        embedder.embed(["one"])
        first = embedder.pid
        assert first is not None
        wait_for(lambda: embedder.pid is None and not alive(first), BOUND)
        assert embedder.embed(["two"]).shape == (1, 32)
        assert embedder.pid not in (None, first)
    finally:
        embedder.close()


def test_closing_during_a_batch_ends_the_batch_instead_of_waiting_for_it(child: ProcessEmbedder) -> None:
    child.embed(["warm"])
    pid = child.pid
    assert pid is not None
    failures: list[BaseException] = []

    def hang() -> None:
        try:
            child.embed(["hold forever"])
        except BaseException as exc:
            failures.append(exc)

    worker = threading.Thread(target=hang)
    worker.start()
    wait_for(child._lock.locked, BOUND)
    child.close()
    worker.join(BOUND)
    assert not worker.is_alive()
    assert failures and isinstance(failures[0], EmbedderError)
    wait_for(lambda: not alive(pid), BOUND)


def test_the_indexer_strikes_and_embeds_through_the_child_and_stops_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "sekha.db")
    try:
        store_conversation(
            store, "l", "/f", [("user", f"good {i}") for i in range(5)] + [("user", "bad one")]
        )
        background = scripted()
        ix = Indexer(store, background, Metrics())
        ix.load()
        ix.start()
        wait_for(lambda: len(ix.index) == 5 and ix.health()["retrying"] == 1, BOUND)
        pid = background.pid
        assert pid is not None
        ix.stop(flush_timeout=0.5)
        wait_for(lambda: not alive(pid), BOUND)
    finally:
        store.close()


def test_a_server_that_writes_no_bytecode_starts_a_child_that_writes_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``-I`` drops PYTHONDONTWRITEBYTECODE, so the server passes its own choice on (a checkout
    whose generated/ must stay as generated gets no ``__pycache__`` from the child)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    embedder = ProcessEmbedder("tests.server.child_embedders:Bytecode", {}, HashingEmbedder(32))
    try:
        assert np.array_equal(embedder.embed(["which"]), HashingEmbedder(32).embed(["skips"]))
    finally:
        embedder.close()


def test_texts_cross_the_pipe_unchanged() -> None:
    texts = ["", "plain", "é 日本 🙂", "x" * 70_000]
    assert embedding_process._decode_texts(embedding_process._encode_texts(texts)) == texts
