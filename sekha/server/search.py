"""Semantic search: embed the query, rank stored vectors by cosine distance, apply filters and paging."""

from __future__ import annotations

from .embedding import Embedder
from .store import ConversationFilter, Store, StoredMessage
from .vectors import VectorIndex

PINNED_BOOST = 0.05  # distance bonus for pinned conversations when ranking
DEFAULT_FILTER = ConversationFilter(archived=False)  # what a query without filters searches


def semantic(
    store: Store,
    index: VectorIndex,
    embedder: Embedder,
    query: str,
    flt: ConversationFilter | None,
    *,
    limit: int,
    offset: int = 0,
) -> tuple[list[tuple[StoredMessage, float]], int]:
    """``(message, distance)`` pairs closest first, and how many embedded messages matched the filters.

    ``flt`` None means every conversation; messages not embedded yet are not counted or returned.
    """
    vector = embedder.embed([query])[0]
    allowed: list[int] | None = None
    excluded: list[int] = []
    if flt == DEFAULT_FILTER:  # the usual query: list the few archived, not the many others
        excluded = store.cpks(ConversationFilter(archived=True))
    elif flt is not None:
        allowed = store.cpks(flt)
    boosted = store.cpks(ConversationFilter(pinned=True))
    hits, total = index.search(
        vector, allowed=allowed, excluded=excluded, boosted=boosted, boost=PINNED_BOOST, k=offset + limit
    )
    page = hits[offset:]
    rows = store.messages_by_pk([pk for pk, _ in page])
    return [(rows[pk], dist) for pk, dist in page if pk in rows], total
