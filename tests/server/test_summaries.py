"""Summaries and previews stay short whatever the conversation holds: a text with no sentence
punctuation, one enormous word, a huge label, or a chat model that rambles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sekha.server import intelligence
from sekha.server.intelligence import LEVELS, ChatClient, prune_suggestions, summarize
from sekha.server.store import Store
from tests.server.helpers import store_conversation

BOUND_WORDS = {"daily": 150, "weekly": 250, "monthly": 350}
BOUND_CHARS = {"daily": 2000, "weekly": 3000, "monthly": 4000}
UNPUNCTUATED = " ".join(f"word{n % 997} topic{n % 13}" for n in range(30_000))  # 60,000 words
ONE_WORD = "a" * 1_500_000


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "sekha.db")
    yield opened
    opened.close()


def stored_summaries(store: Store) -> list[tuple[str, str]]:
    rows = store.read(lambda c: c.execute("SELECT level, summary_text FROM summaries").fetchall())
    return [(str(level), str(text)) for level, text in rows]


@pytest.mark.parametrize(
    ("label", "content"),
    [("Notes", UNPUNCTUATED), ("Notes", ONE_WORD), ("L" * 100_000, "A short message. Another one.")],
    ids=["60k words without punctuation", "one 1.5 MB word", "a 100k-character label"],
)
def test_every_level_and_every_stored_copy_is_bounded(store: Store, label: str, content: str) -> None:
    created = store_conversation(store, label, "/f", [("user", content)])
    conv = store.get(created.id)
    assert conv is not None
    for level in LEVELS:
        text = summarize(store, conv, level, None)
        assert len(text.split()) <= BOUND_WORDS[level]
        assert len(text) <= BOUND_CHARS[level]
    summaries = stored_summaries(store)
    assert len(summaries) == 3
    for level, text in summaries:
        assert len(text.split()) <= BOUND_WORDS[level] and len(text) <= BOUND_CHARS[level]


def test_a_rambling_chat_model_is_cut_short(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    chat = ChatClient("http://127.0.0.1:9/v1", "model")
    monkeypatch.setattr(chat, "complete", lambda instruction, text: "blah " * 50_000)
    created = store_conversation(store, "Notes", "/f", [("user", "Some text to summarise.")])
    conv = store.get(created.id)
    assert conv is not None
    for level in LEVELS:
        assert len(summarize(store, conv, level, chat).split()) <= BOUND_WORDS[level]


def test_a_prune_preview_is_bounded(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store_conversation(store, "L" * 100_000, "/" + "f" * 100_000, [("user", ONE_WORD)])
    monkeypatch.setattr(intelligence, "utcnow", lambda: intelligence.from_db("2999-01-01 00:00:00.000000"))
    (suggestion,) = prune_suggestions(store, 30)
    assert len(suggestion.preview) <= 1000
