"""Every conversation exactly once, whatever changes while the list is read.

The sync twin, ``sekha/_sync/iteration.py``, is derived from this file by ``scripts/unasync.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING
from uuid import UUID

from sekha._listing import ListFilter, PassMark
from sekha.errors import SekhaUnsupportedError

if TYPE_CHECKING:
    from sekha._async.client import SekhaClient
    from sekha_api.models import ConversationSummary

__all__ = ["by_cursor", "by_rescans"]

MAX_PASSES = 10
"""Passes over a list without a cursor before giving up on it ever holding still."""


async def by_cursor(
    client: SekhaClient, page_size: int, wanted: ListFilter
) -> AsyncIterator[ConversationSummary]:
    """Pages in creation order, keyed on an immutable order (extension ``list_cursor``)."""
    cursor = ""
    while True:
        page = await client.list_conversations(cursor=cursor, page_size=page_size, **wanted.params())
        for row in page:
            yield row
        if not page.next_cursor:
            return
        cursor = page.next_cursor


async def by_rescans(
    client: SekhaClient, page_size: int, wanted: ListFilter
) -> AsyncIterator[ConversationSummary]:
    """Offset pages over the last update, read again until one whole pass saw no change.

    Each conversation is yielded the first time it is seen, so one that exists throughout comes
    exactly once; one created or deleted meanwhile may or may not.
    """
    seen: set[UUID] = set()
    for _ in range(MAX_PASSES):
        number, start, shifted = 1, None, False
        while True:
            page = await client.list_conversations(page=number, page_size=page_size, **wanted.params())
            if start is None:
                start = PassMark.of(page)
            shifted = shifted or page.total != start.total
            for row in page:
                if row.id not in seen:
                    seen.add(row.id)
                    yield row
            if not page.results or not page.has_next:
                break
            number += 1
        end = await client.list_conversations(page=1, page_size=1, **wanted.params())
        if not shifted and PassMark.of(end) == start:
            return
    raise SekhaUnsupportedError(
        f"the conversation list kept changing through {MAX_PASSES} passes, and this controller "
        "has no stable cursor (list_cursor) to page by; iterate again when fewer writes are under way"
    )
