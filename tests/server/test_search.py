"""Semantic query, full-text search and embedding rebuild over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.live import ServerProcess
from tests.server.helpers import DISPLAY_NAIVE, ISO_NAIVE, assert_error, create, mcp, unique, wait_indexed


@pytest.fixture(scope="module")
def api_module(sekha_server: ServerProcess) -> Iterator[httpx.Client]:
    with sekha_server.client() as client:
        yield client


@pytest.fixture(scope="module")
def corpus(api_module: httpx.Client) -> dict[str, str]:
    """A small labelled corpus, embedded before the tests run."""
    label = unique("search")
    ids = {
        "garden": create(
            api_module,
            label,
            "/home/garden",
            ["My tomato plants have yellow leaves.", "They probably need more nitrogen fertiliser."],
        )["id"],
        "car": create(
            api_module,
            label,
            "/home/car",
            ["The car makes a grinding noise when braking.", "Worn brake pads usually cause that sound."],
        )["id"],
        "archived": create(
            api_module, label, "/old", ["Tomato blight destroyed the whole harvest last year."]
        )["id"],
        "fts": create(
            api_module,
            label,
            "/fts",
            [
                "Café owners say the e-mail about API: limits didn't arrive.",
                "Running runners run; the runner ran.",
                "deploy deploy deploy the service",
                "deploy once",
            ],
        )["id"],
    }
    api_module.put(f"/api/v1/conversations/{ids['archived']}/archive").raise_for_status()
    wait_indexed(api_module)
    return {"label": label, **ids}


def test_semantic_hits_have_the_wire_shape(api: httpx.Client, corpus: dict[str, str]) -> None:
    body = api.post(
        "/api/v1/query",
        json={"query": "why do my tomato leaves turn yellow", "filters": {"label": corpus["label"]}},
    ).json()
    assert set(body) == {"results", "total", "page", "page_size"}
    hit = body["results"][0]
    assert hit["conversation_id"] == corpus["garden"]
    assert hit["content"] == "My tomato plants have yellow leaves."
    assert (hit["label"], hit["folder"]) == (corpus["label"], "/home/garden")
    assert ISO_NAIVE.match(hit["timestamp"])
    assert hit["metadata"] == {
        "conversation_id": corpus["garden"],
        "message_id": hit["message_id"],
        "content_preview": hit["content"],
        "role": "user",
        "timestamp": hit["timestamp"],
    }
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores)
    assert 0.0 <= scores[0] < 0.5


def test_semantic_matches_meaning_not_words(api: httpx.Client, corpus: dict[str, str]) -> None:
    body = api.post(
        "/api/v1/query",
        json={
            "query": "squealing sound when I stop the vehicle",
            "filters": {"label": corpus["label"]},
            "limit": 1,
        },
    ).json()
    assert body["results"][0]["conversation_id"] == corpus["car"]


def test_semantic_paging_filters_and_total(api: httpx.Client, corpus: dict[str, str]) -> None:
    flt = {"label": corpus["label"]}
    everything = api.post("/api/v1/query", json={"query": "plants", "filters": flt, "limit": 100}).json()
    assert everything["total"] == len(everything["results"]) == 8  # archived conversation left out
    page = api.post("/api/v1/query", json={"query": "plants", "filters": flt, "limit": 3, "offset": 3}).json()
    assert (page["total"], page["page"], page["page_size"]) == (8, 2, 3)
    assert [r["message_id"] for r in page["results"]] == [r["message_id"] for r in everything["results"][3:6]]
    folder = api.post(
        "/api/v1/query", json={"query": "plants", "filters": {**flt, "folder": "/home/car"}}
    ).json()
    assert {r["folder"] for r in folder["results"]} == {"/home/car"}
    archived = api.post(
        "/api/v1/query", json={"query": "blight", "filters": {**flt, "archived": True}}
    ).json()
    assert [r["conversation_id"] for r in archived["results"]] == [corpus["archived"]]
    both = api.post(
        "/api/v1/query", json={"query": "blight", "filters": {**flt, "include_archived": True}}
    ).json()
    assert both["total"] == 9
    assert api.post("/api/v1/query", json={"query": "x", "filters": flt, "limit": 0}).json()["results"] == []
    assert_error(api.post("/api/v1/query", json={"query": "x", "filters": [1]}), 422)
    assert_error(api.post("/api/v1/query", json={"query": "x", "filters": {"status": "gone"}}), 422)
    assert_error(api.post("/api/v1/query", json={"query": "x", "limit": -1}), 422)


def test_fts_ranks_by_bm25_and_stems(api: httpx.Client, corpus: dict[str, str]) -> None:
    body = api.post("/api/v1/search/fts", json={"query": "deploy"}).json()
    contents = [m["content"] for m in body["results"] if m["conversation_id"] == corpus["fts"]]
    assert contents[:2] == ["deploy deploy deploy the service", "deploy once"]
    hit = body["results"][0]
    assert set(hit) == {"id", "conversation_id", "role", "content", "timestamp", "embedding_id", "metadata"}
    assert ISO_NAIVE.match(hit["timestamp"])
    assert hit["metadata"] == {}
    stems = api.post("/api/v1/search/fts", json={"query": "runs"}).json()
    assert any("runners" in m["content"] for m in stems["results"])
    accents = api.post("/api/v1/search/fts", json={"query": "cafe"}).json()
    assert any(m["content"].startswith("Café") for m in accents["results"])


@pytest.mark.parametrize(
    "query", ["it's", "e-mail", "API:", '"unbalanced', "a.b", "didn't arrive", "NOT", "AND OR", "(", "*", "^"]
)
def test_fts_never_fails_on_syntax(api: httpx.Client, corpus: dict[str, str], query: str) -> None:
    response = api.post("/api/v1/search/fts", json={"query": query})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] >= len(body["results"])


def test_fts_searches_the_words_of_invalid_syntax(api: httpx.Client, corpus: dict[str, str]) -> None:
    for query in ("e-mail", "API:", "didn't"):
        found = api.post("/api/v1/search/fts", json={"query": query}).json()["results"]
        assert any(m["conversation_id"] == corpus["fts"] for m in found), query
    assert api.post("/api/v1/search/fts", json={"query": "   "}).json() == {"results": [], "total": 0}
    limited = api.post("/api/v1/search/fts", json={"query": "deploy", "limit": 1}).json()
    assert len(limited["results"]) == 1
    assert limited["total"] >= 2


def test_fts_leaves_out_archived(api: httpx.Client, corpus: dict[str, str]) -> None:
    found = api.post("/api/v1/search/fts", json={"query": "blight"}).json()["results"]
    assert all(m["conversation_id"] != corpus["archived"] for m in found)


def test_mcp_search_uses_display_timestamps(api: httpx.Client, corpus: dict[str, str]) -> None:
    data = mcp(
        api, "memory_search", {"query": "brake noise", "limit": 2, "filters": {"label": corpus["label"]}}
    )
    assert (data["query"], data["limit"], data["total_results"]) == ("brake noise", 2, 2)
    hit = data["results"][0]
    assert hit["conversation_id"] == corpus["car"]
    assert DISPLAY_NAIVE.match(hit["timestamp"])
    assert ISO_NAIVE.match(hit["metadata"]["timestamp"])


@pytest.mark.slow
def test_rebuild_embeddings_reembeds_everything(api: httpx.Client, corpus: dict[str, str]) -> None:
    response = api.post("/api/v1/rebuild-embeddings")
    assert response.status_code == 202
    assert response.content == b""
    wait_indexed(api, timeout=60)
    body = api.post(
        "/api/v1/query", json={"query": "yellow tomato leaves", "filters": {"label": corpus["label"]}}
    )
    assert body.json()["results"][0]["conversation_id"] == corpus["garden"]


@pytest.fixture(scope="module")
def language(api_module: httpx.Client) -> str:
    """Messages that tell the documented query language from FTS5 syntax."""
    cid = create(
        api_module,
        unique("language"),
        "/language",
        [
            "quokka alpha one",
            "quokka beta two",
            "quokka alpha or beta three",
            "the red lantern isn't lit",
            "the lantern isn't red",
            "alphabetical quokka order",
            "beta content notes",
        ],
    )["id"]
    return str(cid)


def _contents(api: httpx.Client, query: str, cid: str) -> list[str]:
    body = api.post("/api/v1/search/fts", json={"query": query, "limit": 100}).json()
    return [m["content"] for m in body["results"] if m["conversation_id"] == cid]


def test_fts_operators_are_plain_words(api: httpx.Client, language: str) -> None:
    # FTS5 would read OR as an operator and return all three quokka messages.
    assert _contents(api, "quokka alpha OR beta", language) == ["quokka alpha or beta three"]
    # NOT is a word too: no message has all three, so the best partial matches come back.
    assert _contents(api, "quokka alpha NOT beta", language)[0] == "quokka alpha or beta three"
    # No prefix search: "alphabetical" is another word.
    assert sorted(_contents(api, "alpha*", language)) == ["quokka alpha one", "quokka alpha or beta three"]
    assert _contents(api, "alphab*", language) == []
    # No column filter: "content" is a word (FTS5 would find every message with "beta").
    assert _contents(api, "content:beta", language) == ["beta content notes"]


def test_fts_quoted_phrases_are_honoured(api: httpx.Client, language: str) -> None:
    assert _contents(api, '"red lantern" isn\'t', language) == ["the red lantern isn't lit"]
    assert sorted(_contents(api, "red lantern isn't", language)) == sorted(
        ["the red lantern isn't lit", "the lantern isn't red"]
    )
    assert _contents(api, '"lantern red"', language) == []
    assert _contents(api, '"unclosed red lantern', language)  # a lone quote is ignored
