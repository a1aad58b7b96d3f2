"""Context assembly: recall candidates, deduplicate, rank, and fill a real-token budget."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sekha._mixins import PINNED_IMPORTANCE

from . import fts
from .embedding import Embedder, EmbedderError
from .indexer import Indexer
from .search import semantic
from .store import ConversationFilter, Store, StoredMessage
from .timefmt import from_db, utcnow
from .tokens import count_tokens

log = logging.getLogger("sekha.server.context")

MAX_BUDGET = 2_000_000  # larger budgets are clamped: no prompt is that long
SEMANTIC_RECALL = 200
FTS_RECALL = 50
EXTRA_RECALL = 200


@dataclass
class _Candidate:
    message: StoredMessage
    relevance: float = 0.0


def folder_excluded(folder: str, excluded: Sequence[str]) -> bool:
    """True when ``folder`` is one of ``excluded`` or inside one of them (path prefix, not string prefix)."""
    for item in excluded:
        if not item:
            continue
        base = item.rstrip("/")
        if folder.rstrip("/") == base or folder.startswith(base + "/"):
            return True
    return False


def _recency(timestamp: str) -> float:
    days = max(0.0, (utcnow() - from_db(timestamp)).total_seconds() / 86400)
    return float(max(2 ** (-days / 7), 0.1))


def assemble(
    store: Store,
    indexer: Indexer,
    embedder: Embedder,
    query: str,
    preferred_labels: Sequence[str],
    budget: int,
    excluded_folders: Sequence[str],
) -> list[StoredMessage]:
    """Messages best first whose cl100k token total never exceeds ``budget``.

    Candidates: semantic and full-text hits for the query, every message of pinned conversations,
    and messages of conversations with a preferred label. Archived conversations and excluded
    folders are dropped from all of them, and each message appears once.
    """
    budget = min(budget, MAX_BUDGET)
    if budget <= 0:
        return []
    candidates: dict[int, _Candidate] = {}

    def offer(message: StoredMessage, relevance: float) -> None:
        if message.status == "archived" or folder_excluded(message.folder, excluded_folders):
            return
        current = candidates.setdefault(message.pk, _Candidate(message))
        current.relevance = max(current.relevance, relevance)

    if query.strip():
        try:
            hits, _ = semantic(
                store, indexer, embedder, query, ConversationFilter(archived=False), limit=SEMANTIC_RECALL
            )
        except EmbedderError as exc:  # the embedder is optional for assembly: fall back to full text
            log.warning("semantic recall failed, using full-text recall only: %s", exc)
            hits = []
        for message, distance in hits:
            offer(message, max(0.0, 1.0 - distance))
        text_hits, _ = fts.search(store, query, FTS_RECALL, loose=False)  # every word must match
        for rank, (message, _score) in enumerate(text_hits):
            offer(message, 0.6 * (1.0 - rank / max(len(text_hits), 1)))
    pinned = store.messages_where(
        "c.importance_score >= ? AND c.status = 'active'", [PINNED_IMPORTANCE], EXTRA_RECALL
    )
    for message in pinned:
        offer(message, 0.0)
    labels = list(dict.fromkeys(preferred_labels))
    if labels:
        marks = ",".join("?" * len(labels))
        for message in store.messages_where(
            f"c.status = 'active' AND c.label IN ({marks})", labels, EXTRA_RECALL
        ):
            offer(message, 0.0)

    preferred = set(labels)

    def score(c: _Candidate) -> float:
        m = c.message
        return (
            0.6 * c.relevance
            + 0.1 * min(max(m.importance_score, 0), 10) / 10
            + 0.1 * _recency(m.timestamp)
            + 0.1 * (m.label in preferred)
            + 0.1 * m.pinned
        )

    ranked = sorted(candidates.values(), key=lambda c: (-score(c), c.message.pk))
    chosen: list[StoredMessage] = []
    used = 0
    for cand in ranked:
        cost = count_tokens(cand.message.content)
        if used + cost <= budget:
            chosen.append(cand.message)
            used += cost
            if used == budget:
                break
    return chosen
