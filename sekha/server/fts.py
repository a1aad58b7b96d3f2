"""Full-text search in one small query language: words, and ``"quoted phrases"``; nothing else.

* A query's terms are its ``"quoted phrases"`` and its words (runs of letters and digits).
  Everything else separates words: punctuation, ``*``, ``:``, brackets, a quote left unclosed.
  ``OR``, ``NOT``, ``AND`` and ``NEAR`` are words like any other. No text is a syntax error.
* A message matches when it contains every term: words match case- and accent-insensitively
  and by stem (``runs`` finds ``running``), a phrase's words must appear together, in order.
* Best bm25 first (pinned conversations boosted), archived conversations left out.
* ``loose`` (the search route; context assembly turns it off): when no message contains every
  term, messages that contain some of the query's distinctive terms are returned instead, still
  best bm25 first. A term found in more than :data:`COMMON_SHARE` of all messages ("the", "how")
  is too common to make a message match on its own; a question made only of such terms finds
  nothing.

SQLite errors are not reinterpreted: a locked or failing database is an error, not an empty
answer. FTS5 is only ever given expressions built here, every term quoted.
"""

from __future__ import annotations

import re

from .store import Store, StoredMessage

_TERM = re.compile(r'"([^"]*)"|(\w+)', re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
COMMON_SHARE = 0.05  # a term in more than one message in twenty does not match alone
COMMON_FLOOR = 200  # ... and never a term in fewer messages than this (small stores)


def terms(text: str) -> list[str]:
    """The query's terms as FTS5 strings, each quoted: ``"word"`` or ``"several words"``."""
    found: list[str] = []
    for match in _TERM.finditer(text):
        phrase = match.group(1)
        words = _WORD.findall(phrase) if phrase is not None else [match.group(2)]
        if words:
            found.append('"' + " ".join(words) + '"')
    return list(dict.fromkeys(found))


def match_all(text: str) -> str | None:
    """The FTS5 expression that requires every term of ``text``, or None if it has none."""
    found = terms(text)
    return " ".join(found) or None


def search(
    store: Store, text: str, limit: int, *, include_archived: bool = False, loose: bool = True
) -> tuple[list[tuple[StoredMessage, float]], int]:
    """Best bm25 matches first, with the total number of matches."""
    found = terms(text)
    if not found:
        return [], 0
    hits, total = store.fts(" ".join(found), limit, include_archived)
    if total or not loose or len(found) < 2:
        return hits, total
    cap = max(COMMON_FLOOR, int(COMMON_SHARE * store.message_count_estimate()))
    distinctive = [term for term in found if store.fts_count(term, cap + 1) <= cap]
    if not distinctive:
        return [], 0
    return store.fts(" OR ".join(distinctive), limit, include_archived)
