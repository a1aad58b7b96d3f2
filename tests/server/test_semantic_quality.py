"""Paraphrase retrieval with the default embedder: hit@1 over our own set must stay high."""

from __future__ import annotations

import random
import time

import httpx
import pytest

from tests.server.helpers import create, unique, wait_indexed
from tests.server.paraphrase_corpus import NEAR_MISSES, PAIRS, generated_distractors

HIT_AT_1_FLOOR = 0.97  # what the float32 model scored before quantization


@pytest.mark.slow
def test_paraphrase_hit_at_1(api: httpx.Client) -> None:
    label = unique("paraphrase")
    messages = [t for t, _ in PAIRS] + NEAR_MISSES + generated_distractors(260)
    random.Random(3).shuffle(messages)
    started = time.monotonic()
    for start in range(0, len(messages), 5):  # conversations of five messages, like real chats
        create(api, label, "/quality", messages[start : start + 5])
    wait_indexed(api, timeout=120)
    elapsed = time.monotonic() - started
    assert len(messages) >= 300

    semantic_hits = lexical_hits = 0
    for target, query in PAIRS:
        body = api.post(
            "/api/v1/query", json={"query": query, "limit": 1, "filters": {"label": label}}
        ).json()
        semantic_hits += body["results"][0]["content"] == target
        fts = api.post("/api/v1/search/fts", json={"query": query, "limit": 1000}).json()["results"]
        mine = [m["content"] for m in fts if m["content"] in messages]
        lexical_hits += bool(mine) and mine[0] == target
    hit_at_1 = semantic_hits / len(PAIRS)
    print(
        f"\nparaphrase hit@1: embedder {hit_at_1:.2f}, bm25 {lexical_hits / len(PAIRS):.2f} "
        f"({len(PAIRS)} queries, {len(messages)} messages, stored+embedded in {elapsed:.1f} s)"
    )
    assert len(PAIRS) >= 30
    assert hit_at_1 >= HIT_AT_1_FLOOR
    assert semantic_hits > lexical_hits
