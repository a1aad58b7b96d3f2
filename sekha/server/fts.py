"""Full-text search that accepts any text: FTS5 syntax when valid, otherwise the query's words."""

from __future__ import annotations

import re
import sqlite3

from .store import Store, StoredMessage

_WORD = re.compile(r"\w+", re.UNICODE)


def words_query(text: str, joiner: str) -> str | None:
    """An always-valid FTS5 expression of the words in ``text`` (each quoted), or None if none."""
    words = _WORD.findall(text)
    if not words:
        return None
    return joiner.join(f'"{w}"' for w in words)


def search(
    store: Store, text: str, limit: int, *, include_archived: bool = False, loose: bool = True
) -> tuple[list[tuple[StoredMessage, float]], int]:
    """Best bm25 matches first, with the total number of matches.

    Valid FTS5 syntax (phrases, ``OR``, ``NOT``, ``prefix*``) is honoured. Text that is not valid
    syntax (``it's``, ``e-mail``, ``API:``) searches for its words; when requiring every word finds
    nothing, any word may match (bm25 still ranks messages with more of them first) unless
    ``loose`` is off: context assembly wants no matches on a lone "how" or "the".
    """
    if not text.strip():
        return [], 0
    try:
        hits, total = store.fts(text, limit, include_archived)
    except sqlite3.OperationalError:
        strict = words_query(text, " ")
        if strict is None:
            return [], 0
        hits, total = store.fts(strict, limit, include_archived)
    if total == 0 and loose:
        any_word = words_query(text, " OR ")
        if any_word is not None and len(_WORD.findall(text)) > 1:
            hits, total = store.fts(any_word, limit, include_archived)
    return hits, total
