"""URL-based embedders (OpenAI-compatible, Ollama) and the optional chat model, against fake services."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.live import ServerProcess, free_port, wait_for
from tests.server.helpers import create, mcp, unique, wait_indexed


def fake_vector(text: str) -> list[float]:
    """Deterministic 8-d vectors: texts sharing their first word point the same way."""
    digest = hashlib.sha256(text.split()[0].lower().encode() if text.split() else b"").digest()
    return [b / 255 for b in digest[:8]]


class FakeService:
    """Answers Ollama /api/embed, OpenAI /v1/embeddings and /v1/chat/completions; records calls.

    ``fail`` answers 500 to everything; ``reject`` answers 400 to an embedding request that has a
    text containing it (a remote embedder refusing one over-long input); ``hold`` keeps an
    embedding request whose texts it accepts waiting until ``release`` is set.
    """

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.inputs: list[list[str]] = []
        self.fail = False
        self.reject: str | None = None
        self.hold: Callable[[list[str]], bool] = lambda texts: False
        self.release = threading.Event()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                service.calls.append(self.path)
                path = self.path.split("?", 1)[0]
                texts = list(body.get("input", []))
                if texts:
                    service.inputs.append(texts)
                    if service.hold(texts):
                        service.release.wait(60)
                if service.fail or (service.reject and any(service.reject in t for t in texts)):
                    self.send_response(400 if not service.fail else 500)
                    self.end_headers()
                    return
                reply: dict[str, Any]
                if path == "/api/embed":
                    reply = {"embeddings": [fake_vector(t) for t in body["input"]]}
                elif path == "/v1/embeddings":
                    reply = {
                        "data": [
                            {"index": i, "embedding": fake_vector(t)} for i, t in enumerate(body["input"])
                        ]
                    }
                else:
                    reply = {"choices": [{"message": {"content": "LLM summary: all about " + body["model"]}}]}
                data = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.port = free_port()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fake_service() -> Iterator[FakeService]:
    service = FakeService()
    yield service
    service.close()


@pytest.mark.parametrize(
    ("kind", "path", "url_suffix"), [("ollama", "/api/embed", ""), ("openai", "/v1/embeddings", "/v1")]
)
def test_url_embedders_power_semantic_search(
    server_factory: Callable[..., ServerProcess],
    fake_service: FakeService,
    kind: str,
    path: str,
    url_suffix: str,
) -> None:
    server = server_factory(
        embedder=kind,
        extra_args=("--embedder-url", fake_service.url + url_suffix, "--embedder-model", "fake"),
    )
    with server.client() as api:
        label = unique(kind)
        created = create(api, label, "/r", ["zeppelin flights over the bay", "submarine tours under the bay"])
        wait_indexed(api)
        hits = api.post("/api/v1/query", json={"query": "zeppelin rides", "filters": {"label": label}}).json()
        assert hits["results"][0]["content"] == "zeppelin flights over the bay"
        assert hits["results"][0]["score"] < 1e-5
        assert hits["results"][0]["conversation_id"] == created["id"]
        assert path in fake_service.calls

        fake_service.fail = True
        create(api, label, "/r", ["written while the embedder is down"])
        wait_for(lambda: api.get("/health").json()["checks"]["embedder"]["status"] != "ok")
        health = api.get("/health")
        assert health.status_code == 200  # storage still works; the embedder is degraded
        assert health.json()["checks"]["embedder"]["status"] == "degraded"
        assert health.json()["checks"]["indexer"]["pending"] == 1
        assert api.post("/api/v1/query", json={"query": "anything"}).status_code == 503
        assert api.post("/api/v1/search/fts", json={"query": "embedder down"}).json()["total"] == 1

        fake_service.fail = False
        wait_indexed(api)
        assert api.get("/health").json()["checks"]["embedder"]["status"] == "ok"


def test_embedder_url_keeps_its_query_and_its_credentials_show_nowhere(
    server_factory: Callable[..., ServerProcess], fake_service: FakeService
) -> None:
    host = fake_service.url.removeprefix("http://")
    url = f"http://me:hunter2@{host}/v1?api-version=2024-02-01&api-key=s3cr3t"
    server = server_factory(embedder="openai", extra_args=("--embedder-url", url, "--embedder-model", "fake"))
    with server.client() as api:
        create(api, unique("azure"), "/r", ["zeppelin flights over the bay"])
        wait_indexed(api)
        assert fake_service.calls[-1] == "/v1/embeddings?api-version=2024-02-01&api-key=s3cr3t"
        fake_service.fail = True
        create(api, unique("azure"), "/r", ["written while the embedder is down"])
        wait_for(lambda: api.get("/health").json()["checks"]["embedder"]["status"] == "degraded")
        embedder = api.get("/health").json()["checks"]["embedder"]
        searched = api.post("/api/v1/query", json={"query": "anything"})
    assert (
        embedder["model"]
        == f"OpenAIEmbedder:http://***@{host}/v1/embeddings?api-version=2024-02-01&api-key=***:fake"
    )
    assert "500 Internal Server Error" in embedder["error"]
    assert searched.status_code == 503
    seen = [json.dumps(embedder), searched.text, server.log_path.read_text()]
    server.stop()
    seen += [p.read_bytes().decode("latin-1") for p in server.data_dir.iterdir() if p.is_file()]
    assert [text for text in seen if "hunter2" in text or "s3cr3t" in text] == []


def test_chat_model_is_used_and_heuristics_take_over_on_failure(
    server_factory: Callable[..., ServerProcess], fake_service: FakeService
) -> None:
    server = server_factory(
        embedder="hashing", extra_args=("--chat-url", fake_service.url + "/v1", "--chat-model", "tiny")
    )
    with server.client() as api:
        cid = create(
            api, unique("chat"), "/c", ["Let's plan the garden layout.", "Tomatoes go by the wall."]
        )["id"]
        summary = api.post("/api/v1/summarize", json={"conversation_id": cid, "level": "daily"}).json()[
            "summary"
        ]
        assert summary == "LLM summary: all about tiny"
        labels = api.post("/api/v1/labels/suggest", json={"conversation_id": cid}).json()["suggestions"]
        assert labels[0]["reason"] == "Suggested by the language model"
        fake_service.fail = True
        fallback = api.post("/api/v1/summarize", json={"conversation_id": cid, "level": "daily"}).json()[
            "summary"
        ]
        assert fallback.startswith("Daily summary of")
        assert mcp(api, "memory_stats", {})["total_conversations"] == 1
