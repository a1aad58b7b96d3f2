"""Semantic search: embed the query, rank vectors by cosine distance, apply filters and paging.

Two promises beyond ranking:

* Read your writes. A query first waits (up to :data:`READ_YOUR_WRITES_WAIT`) for the indexer to
  embed every message committed before the query arrived. Messages it has still not reached
  (a bulk import, a slow or failing embedder) are not dropped: those that contain any of the
  query's words are embedded together with the query (up to :data:`WAITING_LIMIT`) and ranked
  with the rest, or, if the embedder rejects them, listed after them at distance 1.0.
* Exact distances. The index scores int8 codes; the best candidates are re-ranked with their
  stored float32 vectors, so the reported ``score`` is the true cosine distance.
"""

from __future__ import annotations

import numpy as np

from .embedding import Embedder
from .fts import terms
from .indexer import READ_CHARS, Indexer
from .store import ConversationFilter, Store, StoredMessage
from .vectors import Vector, from_blobs

PINNED_BOOST = 0.05  # distance bonus for pinned conversations when ranking
DEFAULT_FILTER = ConversationFilter(archived=False)  # what a query without filters searches
READ_YOUR_WRITES_WAIT = 2.0  # seconds a query waits for the writes acknowledged before it
LOAD_WAIT = 300.0  # seconds a query waits for the stored vectors to load after a start
WAITING_LIMIT = 32  # not-yet-embedded messages embedded with a query, at most
RERANK_EXTRA = 32  # candidates beyond the page that are re-ranked exactly

Ranked = tuple[float, int, float]  # (rank, message key, true distance)


def semantic(
    store: Store,
    indexer: Indexer,
    embedder: Embedder,
    query: str,
    flt: ConversationFilter | None,
    *,
    limit: int,
    offset: int = 0,
    wait: float = READ_YOUR_WRITES_WAIT,
) -> tuple[list[tuple[StoredMessage, float]], int]:
    """``(message, distance)`` pairs closest first, and how many messages matched the filters.

    ``flt`` None means every conversation. Quarantined messages (the embedder rejects them) are
    found by full-text search only.
    """
    target = store.last_message_pk()
    indexer.wait_loaded(LOAD_WAIT)
    indexer.wait_settled(target, wait)
    want = offset + limit
    words = terms(query)
    waiting = (
        store.unembedded_matches(" OR ".join(words), target, flt, min(want, WAITING_LIMIT))
        if words and want
        else []
    )
    vector, waiting_ranked = _embed(embedder, query, waiting)
    allowed: list[int] | None = None
    excluded: list[int] = []
    if flt == DEFAULT_FILTER:  # the usual query: list the few archived, not the many others
        excluded = store.cpks(ConversationFilter(archived=True))
    elif flt is not None:
        allowed = store.cpks(flt)
    boosted = store.cpks(ConversationFilter(pinned=True))
    count = max(2 * want, want + RERANK_EXTRA) if want else 0
    candidates, total = indexer.index.candidates(
        vector, allowed=allowed, excluded=excluded, boosted=boosted, boost=PINNED_BOOST, count=count
    )
    ranked = _exact(store, vector, candidates, set(boosted)) + waiting_ranked
    ranked.sort()
    page = ranked[offset:want]
    rows = store.messages_by_pk([pk for _, pk, _ in page])
    return [(rows[pk], dist) for _, pk, dist in page if pk in rows], total + len(waiting)


def _embed(embedder: Embedder, query: str, waiting: list[StoredMessage]) -> tuple[Vector, list[Ranked]]:
    """The query's vector, and the waiting messages ranked by their distance to it."""
    boost = {m.pk: PINNED_BOOST if m.pinned else 0.0 for m in waiting}
    if waiting:
        try:
            vectors = embedder.embed([query] + [m.content[:READ_CHARS] for m in waiting])
        except Exception:  # one of them may be what the embedder rejects: rank them last instead
            vector = embedder.embed([query])[0]
            return vector, [(1.0 - boost[m.pk], m.pk, 1.0) for m in waiting]
        dists = 1.0 - vectors[1:] @ vectors[0]
        ranked = [(float(d) - boost[m.pk], m.pk, float(d)) for m, d in zip(waiting, dists, strict=True)]
        return vectors[0], ranked
    return embedder.embed([query])[0], []


def _exact(
    store: Store, vector: Vector, candidates: list[tuple[int, int]], boosted: set[int]
) -> list[Ranked]:
    """Candidates with their true distances from the stored float32 vectors."""
    if not candidates:
        return []
    blobs = store.vector_blobs([pk for pk, _ in candidates])
    kept = [(pk, cpk) for pk, cpk in candidates if pk in blobs]
    if not kept:
        return []
    matrix = from_blobs([blobs[pk] for pk, _ in kept], len(vector))
    dists = 1.0 - matrix @ np.asarray(vector, dtype=np.float32)
    return [
        (float(d) - (PINNED_BOOST if cpk in boosted else 0.0), pk, float(d))
        for (pk, cpk), d in zip(kept, dists, strict=True)
    ]
