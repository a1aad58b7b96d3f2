"""Unit tests of the pieces whose edge cases are awkward to reach over HTTP."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from sekha._context import in_folders
from sekha.server import fts
from sekha.server.app import create_app
from sekha.server.config import Settings
from sekha.server.datadir import DataDir
from sekha.server.embedding import HashingEmbedder, MiniLMEmbedder
from sekha.server.indexer import Indexer
from sekha.server.intelligence import extract, importance, keywords
from sekha.server.metrics import Metrics
from sekha.server.ratelimit import RateLimiter
from sekha.server.state import open_state
from sekha.server.store import Store
from sekha.server.vectors import from_blob, to_blob
from tests.server.helpers import store_conversation


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_vector_blob_round_trip() -> None:
    v = unit(0.1, -2, 3)
    assert np.array_equal(from_blob(to_blob(v)), v)


def test_rate_limiter_refills_over_time() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    assert all(limiter.check("a") == 0 for _ in range(60))
    assert limiter.check("a") == 1
    assert limiter.check("b") == 0
    now[0] += 2.0
    assert limiter.check("a") == 0


def test_folder_exclusion_is_by_path() -> None:
    assert in_folders("/work/secret", ["/work"])
    assert in_folders("/work", ["/work/"])
    assert not in_folders("/workshop", ["/work"])
    assert not in_folders("/a", [""])


def test_text_heuristics() -> None:
    assert keywords(["Kubernetes pods crash; the pods restart.", "pods again"], 1) == [("pods", 3)]
    text = extract(["Alpha beta gamma. Unrelated filler words here. Alpha beta again, gamma!"], 6)
    assert "Alpha" in text
    assert len(text.split()) <= 8


def test_importance_rewards_code_and_urgency() -> None:
    class Msg:
        def __init__(self, content: str) -> None:
            self.content = content

    plain = importance([Msg("hi")])  # type: ignore[list-item]
    urgent = importance([Msg("URGENT production outage: a critical decision is needed. ```rm -rf```")])  # type: ignore[list-item]
    assert 1 <= plain < 5 < urgent <= 10


def test_metrics_text_format() -> None:
    metrics = Metrics()
    metrics.observe_request("GET", '/a"b', 200, 0.5)
    text = metrics.render(lambda: {"sekha_x": ("X.", 3)})
    assert 'sekha_http_requests_total{method="GET",route="/a\\"b",status="200"} 1' in text
    assert "# TYPE sekha_x gauge\nsekha_x 3" in text
    assert text.endswith("\n")


def test_hashing_embedder_is_deterministic_unit_length() -> None:
    vectors = HashingEmbedder().embed(["same words", "same words", ""])
    assert np.allclose(vectors[0], vectors[1])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_minilm_truncates_long_texts_and_pads_per_batch() -> None:
    model = MiniLMEmbedder()
    short, long = model.embed(["hello there", "word " * 2000])
    alone = model.embed(["hello there"])[0]
    assert float(short @ alone) == pytest.approx(1.0, abs=1e-4)
    assert np.linalg.norm(long) == pytest.approx(1.0, abs=1e-4)
    assert model.embed([]).shape == (0, 384)


def in_process_app(tmp_path: Path) -> Starlette:
    settings = Settings(data_dir=tmp_path, api_key="k" * 40)
    return create_app(open_state(settings, DataDir.open(tmp_path, "a test"), HashingEmbedder()))


def test_health_is_503_json_when_a_component_fails(tmp_path: Path) -> None:
    headers = {"Authorization": "Bearer " + "k" * 40}
    with TestClient(in_process_app(tmp_path), headers=headers) as client:
        assert client.get("/health").status_code == 200
        client.app.state.sekha.indexer.stop(flush_timeout=5)  # type: ignore[attr-defined]
        response = client.get("/health")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "unhealthy"
        assert body["checks"]["indexer"]["status"] == "error"
        assert body["checks"]["database"]["status"] == "ok"


def test_vectors_persist_and_a_new_embedder_reembeds(tmp_path: Path) -> None:
    store = Store(tmp_path / "sekha.db")
    store_conversation(store, "l", "/f", [("user", "alpha beta"), ("assistant", "gamma")])
    first = Indexer(store, HashingEmbedder(64), Metrics())
    first.load()
    first.start()
    first.stop(flush_timeout=10)
    assert store.message_counts()[2] == 0
    reloaded = Indexer(store, HashingEmbedder(64), Metrics())
    reloaded.load()
    assert len(reloaded.index) == 2  # read back from SQLite, nothing re-embedded
    switched = Indexer(store, HashingEmbedder(32), Metrics())
    switched.load()
    assert len(switched.index) == 0
    assert store.message_counts()[2] == 2  # vectors of the old space are dropped and queued again
    store.close()


def test_full_text_reports_database_errors_instead_of_guessing_a_syntax_error(tmp_path: Path) -> None:
    class FailingOnce(Store):
        failures = 1

        def fts(self, match: str, limit: int, include_archived: bool) -> Any:
            if self.failures:
                self.failures -= 1
                raise sqlite3.OperationalError("database is locked")
            return super().fts(match, limit, include_archived)

    store = FailingOnce(tmp_path / "sekha.db")
    store_conversation(store, "l", "/f", [("user", "deploy the service")])
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        fts.search(store, "deploy", 10)
    assert [m.content for m, _ in fts.search(store, "deploy", 10)[0]] == ["deploy the service"]
    store.close()


def test_query_terms_are_quoted_words_and_phrases() -> None:
    assert fts.terms('it\'s an "e-mail: API" NOT x*') == [
        '"it"',
        '"s"',
        '"an"',
        '"e mail API"',
        '"NOT"',
        '"x"',
    ]
    assert fts.terms('"unclosed phrase') == ['"unclosed"', '"phrase"']
    assert fts.terms('a "" b a') == ['"a"', '"b"']
    assert fts.terms("¿?!") == []
