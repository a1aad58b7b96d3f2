"""Summaries, label suggestions, importance and pruning: deterministic heuristics, optional LLM.

With a chat URL configured (any OpenAI-compatible ``/v1/chat/completions``), summaries and label
suggestions ask the model first and fall back to the heuristics on any failure.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import httpx

from sekha._tokens import count_tokens

from .store import Conversation, Store, StoredMessage
from .timefmt import from_db, to_db, utcnow
from .urls import with_path_suffix

log = logging.getLogger("sekha.server.intelligence")

LEVELS = ("daily", "weekly", "monthly")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#-]*[A-Za-z0-9+#]|[A-Za-z]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_STOPWORD_TEXT = """
a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can can't could did didn't do does doesn't doing don't down during
each few for from further get got had has have having he her here hers herself him himself his how i
if in into is isn't it it's its itself just let like make many may me might more most much my
myself no nor not now of off on once one only or other ought our ours ourselves out over own please
same she should so some such than thank thanks that the their theirs them themselves then there
these they this those through to too under until up use used using very want was we well were what
when where which while who whom why will with would yes yet you your yours yourself yourselves sure
okay ok hi hello know think need really way going thing things something anything good great new
help tell show give try want let's i'm you're we're that's there's here's can i'd i'll i've you'll
you've
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_IMPORTANT_TEXT = """
critical important urgent decision decided decide agreed deadline must requirement blocker security
incident production outage contract budget legal
"""
_IMPORTANT = frozenset(_IMPORTANT_TEXT.split())


class ChatClient:
    """An OpenAI-compatible chat endpoint; every failure returns None so callers fall back."""

    def __init__(self, url: str, model: str, timeout: float = 60.0) -> None:
        self.url = with_path_suffix(url, "/chat/completions")
        self.model = model
        self._client = httpx.Client(timeout=timeout)

    def complete(self, instruction: str, text: str) -> str | None:
        try:
            response = self._client.post(
                self.url,
                json={
                    "model": self.model,
                    "temperature": 0,
                    "messages": [
                        {"role": "system", "content": instruction},
                        {"role": "user", "content": text},
                    ],
                },
            )
            response.raise_for_status()
            content = response.json()["choices"][0]["message"]["content"]
        except Exception as exc:  # any failure means: use the heuristic
            log.warning("chat model unavailable, using heuristics: %s", type(exc).__name__)
            return None
        return content.strip() if isinstance(content, str) and content.strip() else None


def words(text: str) -> list[str]:
    """Lower-cased content words (stop words removed)."""
    return [w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOPWORDS and len(w) > 2]


def keywords(texts: Sequence[str], n: int) -> list[tuple[str, int]]:
    """The ``n`` most frequent content words, ties broken alphabetically for determinism."""
    counts = Counter(w for text in texts for w in words(text))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


ELLIPSIS = "…"


def clip(text: str, max_words: int, max_chars: int) -> str:
    """``text`` cut to at most ``max_words`` words and ``max_chars`` characters (ending in "…")."""
    parts = text.split(maxsplit=max_words)
    clipped = len(parts) > max_words
    text = " ".join(parts[:max_words])
    if len(text) > max_chars:
        text, clipped = text[: max_chars - 1].rstrip(), True
    return text + ELLIPSIS if clipped else text


def extract(texts: Sequence[str], max_words: int) -> str:
    """The most informative sentences of ``texts`` (by content-word frequency), in original order,
    about ``max_words`` long: a sentence longer than that (text without punctuation) is cut."""
    sentences: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for raw in _SENTENCE.split(text):
            sentence = clip(raw, max_words, max_words * _CHARS_PER_WORD)
            if len(words(sentence)) >= 2 and sentence.lower() not in seen:
                seen.add(sentence.lower())
                sentences.append(sentence)
    if not sentences:
        return ""
    freq = Counter(w for s in sentences for w in words(s))
    scored = sorted(
        range(len(sentences)),
        key=lambda i: (
            -sum(freq[w] for w in set(words(sentences[i]))) / math.sqrt(len(words(sentences[i]))),
            i,
        ),
    )
    chosen: list[int] = []
    used = 0
    for i in scored:
        length = len(sentences[i].split())
        if used + length > max_words and chosen:
            continue
        chosen.append(i)
        used += length
        if used >= max_words:
            break
    return " ".join(sentences[i] for i in sorted(chosen))


# -- summaries ----------------------------------------------------------------------------------

_MAX_WORDS = {"daily": 80, "weekly": 160, "monthly": 240}  # of highlights
# Whole summaries, whoever wrote them: the highlights plus a header of label, counts and topics.
_BOUNDS = {"daily": (150, 2000), "weekly": (250, 3000), "monthly": (350, 4000)}  # words, characters
_CHARS_PER_WORD = 12  # allowance per word where characters are bounded by words
_LABEL_CHARS = 80
_HIGHLIGHTS = "Highlights: "


def _short_label(conv: Conversation) -> str:
    return clip(conv.label, 12, _LABEL_CHARS)


def _bounded(level: str, text: str) -> str:
    return clip(text, *_BOUNDS[level])


def _daily_text(
    conv: Conversation, messages: Sequence[StoredMessage], chat: ChatClient | None
) -> tuple[str, str | None]:
    contents = [m.content for m in messages]
    if chat is not None:
        lines = "\n".join(f"{m.role}: {m.content}" for m in messages)
        answer = chat.complete("Summarise this conversation in at most 150 words.", lines[:12000])
        if answer:
            return answer, chat.model
    roles = Counter(m.role for m in messages)
    role_text = ", ".join(f"{n} {role}" for role, n in sorted(roles.items()))
    topics = ", ".join(w for w, _ in keywords(contents, 5))
    text = f"Daily summary of '{_short_label(conv)}' ({len(messages)} messages: {role_text})."
    if topics:
        text += f" Topics: {topics}."
    highlights = extract(contents, _MAX_WORDS["daily"])
    if highlights:
        text += f" {_HIGHLIGHTS}{highlights}"
    return text, None


def _rollup_text(
    conv: Conversation, level: str, parts: Sequence[str], chat: ChatClient | None
) -> tuple[str, str | None]:
    lower = "daily" if level == "weekly" else "weekly"
    if chat is not None:
        answer = chat.complete(
            f"Combine these {lower} summaries into one {level} summary of at most 250 words.",
            "\n\n".join(parts)[:12000],
        )
        if answer:
            return answer, chat.model
    bodies = [p.split(_HIGHLIGHTS, 1)[1] if _HIGHLIGHTS in p else p for p in parts]
    topics = ", ".join(w for w, _ in keywords(bodies, 6))
    text = f"{level.capitalize()} summary of '{_short_label(conv)}' from {len(parts)} {lower} summaries."
    if topics:
        text += f" Topics: {topics}."
    highlights = extract(bodies, _MAX_WORDS[level])
    if highlights:
        text += f" {_HIGHLIGHTS}{highlights}"
    return text, None


def summarize(store: Store, conv: Conversation, level: str, chat: ChatClient | None) -> str:
    """Summarise at ``level`` and store the result.

    daily: the last 24 hours of the conversation's messages. weekly: rolls up the daily summaries
    stored in the last 7 days (making one first if there is none); monthly: rolls up the weekly
    summaries of the last 30 days the same way.
    """
    now = utcnow()
    if level == "daily":
        messages = store.messages(conv.id)
        if not messages:
            return "No messages to summarize"
        latest = from_db(messages[-1].timestamp)
        window = [m for m in messages if from_db(m.timestamp) >= latest - timedelta(days=1)]
        text, model = _daily_text(conv, window, chat)
        text = _bounded("daily", text)
        store.add_summary(conv.id, "daily", text, (window[0].timestamp, window[-1].timestamp), model)
        return text
    lower, days = ("daily", 7) if level == "weekly" else ("weekly", 30)
    since = to_db(now - timedelta(days=days))
    stored = store.summaries_since(conv.id, lower, since)
    if not stored:
        first = summarize(store, conv, lower, chat)
        if first == "No messages to summarize":
            return first
        stored = store.summaries_since(conv.id, lower, since)
    text, model = _rollup_text(conv, level, [t for _, t in stored], chat)
    text = _bounded(level, text)
    store.add_summary(conv.id, level, text, (stored[0][0], stored[-1][0]), model)
    return text


# -- labels -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelSuggestion:
    label: str
    confidence: float
    is_existing: bool
    reason: str


def suggest_labels(
    messages: Sequence[StoredMessage], existing: Sequence[str], chat: ChatClient | None
) -> list[LabelSuggestion]:
    """Up to five labels, most likely first: existing labels that share content words, then topics."""
    if not messages:
        return []
    known = {label.lower(): label for label in existing if label.strip()}
    contents = [m.content for m in messages]
    if chat is not None:
        answer = chat.complete(
            "Suggest 3 to 5 short labels for this conversation as a comma-separated list. "
            f"Prefer these existing labels when they fit: {', '.join(sorted(known.values()))[:2000]}",
            "\n".join(f"{m.role}: {m.content}" for m in messages)[:8000],
        )
        if answer:
            labels = [part.strip() for part in answer.split(",") if part.strip()][:5]
            return [
                LabelSuggestion(
                    known.get(label.lower(), label),
                    0.9 if label.lower() in known else 0.7,
                    label.lower() in known,
                    "Suggested by the language model",
                )
                for label in labels
            ]
    counts = Counter(w for text in contents for w in words(text))
    top = max(counts.values(), default=1)
    out: dict[str, LabelSuggestion] = {}
    for lower, label in sorted(known.items()):
        label_words = words(label)
        shared = [w for w in label_words if w in counts]
        if label_words and shared:
            overlap = len(shared) / len(label_words)
            weight = min(1.0, sum(counts[w] for w in shared) / top)
            out[lower] = LabelSuggestion(
                label,
                round(0.5 + 0.3 * overlap + 0.15 * weight, 2),
                True,
                f"Existing label; the conversation mentions {', '.join(shared)}",
            )
    for word, n in keywords(contents, 8):
        if len(out) >= 5 or word in out:
            continue
        label = known.get(word, word.capitalize())
        out[word] = LabelSuggestion(
            label,
            round(0.3 + 0.4 * n / top, 2),
            word in known,
            f"Frequent topic in the conversation ({n} mention{'s' if n != 1 else ''})",
        )
    ranked = sorted(out.values(), key=lambda s: (-s.confidence, s.label))
    return ranked[:5]


# -- importance and pruning ---------------------------------------------------------------------


def importance(messages: Sequence[StoredMessage]) -> int:
    """A 1-10 score from content: length, code, decisions and urgency words raise it."""
    text = "\n".join(m.content for m in messages)
    score = 5.0
    if len(text) > 2000:
        score += 1
    if len(text) < 200:
        score -= 1
    if "```" in text:
        score += 1.5
    lowered = set(words(text))
    score += min(3, len(lowered & _IMPORTANT))
    if text.rstrip().endswith("?"):
        score += 0.5
    return int(min(10, max(1, round(score))))


@dataclass(frozen=True)
class PruneSuggestion:
    conversation: Conversation
    token_estimate: int
    preview: str
    recommendation: str


def prune_suggestions(
    store: Store, threshold_days: int, max_importance: float | None = None
) -> list[PruneSuggestion]:
    """Active conversations idle for ``threshold_days``; archive unless they look important."""
    cutoff = to_db(utcnow() - timedelta(days=threshold_days))
    out: list[PruneSuggestion] = []
    for conv in store.stale(cutoff, max_importance):
        messages = store.messages(conv.id)
        tokens = sum(count_tokens(m.content) for m in messages)
        heuristic = importance(messages)
        keep = conv.importance_score >= 7 or heuristic >= 7
        topics = ", ".join(w for w, _ in keywords([m.content for m in messages], 4)) or "no recorded topics"
        days = (utcnow() - from_db(conv.updated_at)).days
        where = f"'{clip(conv.label, 12, _LABEL_CHARS)}' in {clip(conv.folder, 12, _LABEL_CHARS * 2)}"
        preview = (
            f"{where}: {len(messages)} messages ({tokens} tokens) about {clip(topics, 8, 200)}; "
            f"untouched for {days} days; importance {conv.importance_score} (content suggests {heuristic})."
        )
        out.append(PruneSuggestion(conv, tokens, preview, "keep" if keep else "archive"))
    return out
