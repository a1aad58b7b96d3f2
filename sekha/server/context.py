"""Context assembly: relevant candidates in scope, ranked, their rendering fitted to a token budget."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sekha._context import Line, by_conversation, fit, in_folders

from . import fts
from .embedding import Embedder, EmbedderError
from .indexer import Indexer
from .search import semantic
from .store import ConversationFilter, Store, StoredMessage
from .timefmt import from_db, utcnow

log = logging.getLogger("sekha.server.context")

MAX_BUDGET = 2_000_000  # larger budgets are clamped: no prompt is that long
SEMANTIC_RECALL = 200
FTS_RECALL = 50
FTS_RELEVANCE = 0.5  # a message holding every word of the query is as relevant as a close paraphrase
DEFAULT_MIN_RELEVANCE = 0.2
"""The relevance (cosine similarity with the query) a message needs to enter a context.

With all-MiniLM-L6-v2, paraphrases score 0.3 to 0.8 and unrelated text (``zzzz``, ``hello``)
below 0.2."""


@dataclass
class _Candidate:
    message: StoredMessage
    relevance: float = 0.0


def _recency(timestamp: str) -> float:
    days = max(0.0, (utcnow() - from_db(timestamp)).total_seconds() / 86400)
    return float(max(2 ** (-days / 7), 0.1))


def _line(message: StoredMessage) -> Line:
    return Line(
        message.conversation_id,
        message.label,
        message.folder,
        from_db(message.timestamp),
        message.role,
        message.content,
    )


def _arrange(messages: list[StoredMessage]) -> list[StoredMessage]:
    """Render order: conversations as their best message ranks, each in its stored order."""
    return by_conversation(messages, lambda m: m.conversation_id, lambda m: (m.timestamp, m.pk))


def assemble(
    store: Store,
    indexer: Indexer,
    embedder: Embedder,
    query: str,
    preferred_labels: Sequence[str],
    budget: int,
    excluded_folders: Sequence[str],
    *,
    labels: Sequence[str] = (),
    folders: Sequence[str] = (),
    min_relevance: float = DEFAULT_MIN_RELEVANCE,
) -> list[StoredMessage]:
    """The messages that serve ``query``, grouped by conversation, within ``budget`` cl100k tokens.

    Candidates are semantic and full-text hits for the query whose relevance reaches
    ``min_relevance``: nothing enters for its label or pin alone, so an unrelated query gets
    nothing. ``labels`` and ``folders`` (a folder and everything under it) are hard limits;
    archived conversations and ``excluded_folders`` are left out; each message appears once.
    Relevance ranks first; importance, recency, a preferred label and a pin add to it. The
    rendering of the result, citation lines included (:func:`sekha._context.render`), fits the
    budget exactly.
    """
    budget = min(budget, MAX_BUDGET)
    if budget <= 0 or not query.strip():
        return []
    scope = ConversationFilter(archived=False, labels=tuple(labels) or None, folders=tuple(folders) or None)
    candidates: dict[int, _Candidate] = {}

    def offer(message: StoredMessage, relevance: float) -> None:
        if relevance < min_relevance or message.status == "archived":
            return
        if in_folders(message.folder, excluded_folders):
            return
        if (labels and message.label not in labels) or (folders and not in_folders(message.folder, folders)):
            return
        current = candidates.setdefault(message.pk, _Candidate(message))
        current.relevance = max(current.relevance, relevance)

    preferred = list(dict.fromkeys(preferred_labels))
    recall = [scope]
    if preferred:  # so that relevant messages of a preferred label are found even in a large memory
        within = [label for label in preferred if not labels or label in labels]
        if within:
            recall.append(replace(scope, labels=tuple(within)))
    for flt in recall:
        try:
            hits, _ = semantic(store, indexer, embedder, query, flt, limit=SEMANTIC_RECALL)
        except EmbedderError as exc:  # the embedder is optional for assembly: fall back to full text
            log.warning("semantic recall failed, using full-text recall only: %s", exc)
            break
        for message, distance in hits:
            offer(message, max(0.0, 1.0 - distance))
    text_hits, _ = fts.search(store, query, FTS_RECALL, loose=False)  # every word must match
    for rank, (message, _score) in enumerate(text_hits):
        offer(message, FTS_RELEVANCE * (1.0 - 0.5 * rank / max(len(text_hits), 1)))

    boosted = set(preferred)

    def score(c: _Candidate) -> float:
        m = c.message
        return (
            0.6 * c.relevance
            + 0.1 * min(max(m.importance_score, 0), 10) / 10
            + 0.1 * _recency(m.timestamp)
            + 0.1 * (m.label in boosted)
            + 0.1 * m.pinned
        )

    ranked = [c.message for c in sorted(candidates.values(), key=lambda c: (-score(c), c.message.pk))]
    return fit(ranked, budget, _line, _arrange)
