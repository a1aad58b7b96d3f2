"""Idempotency records in the store: replay, reuse with another request, expiry, old records."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from sekha.server.store import IDEMPOTENCY_TTL, KeyReusedError, Store
from sekha.server.timefmt import to_db, utcnow
from tests.server.helpers import store_conversation

MESSAGES = [("user", "remember the milk")]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "sekha.db")
    yield opened
    opened.close()


def age_records(store: Store, by: timedelta) -> None:
    store.write(lambda c: c.execute("UPDATE idempotency_records SET created_at = ?", (to_db(utcnow() - by),)))


def records(store: Store) -> int:
    return int(store.read(lambda c: c.execute("SELECT COUNT(*) FROM idempotency_records").fetchone()[0]))


def test_the_same_request_replays_and_another_is_refused(store: Store) -> None:
    first = store_conversation(store, "l", "/f", MESSAGES, idempotency_key="k")
    again = store_conversation(store, "l", "/f", MESSAGES, idempotency_key="k")
    assert (again.id, again.replayed) == (first.id, True)
    with pytest.raises(KeyReusedError, match="'k' was already used for a different request"):
        store_conversation(store, "l", "/f", MESSAGES, importance_score=9, idempotency_key="k")
    assert store.message_counts()[0] == 1


def test_an_expired_record_no_longer_replays(store: Store) -> None:
    first = store_conversation(store, "l", "/f", MESSAGES, idempotency_key="k")
    age_records(store, IDEMPOTENCY_TTL + timedelta(minutes=1))
    second = store_conversation(store, "l", "/f", MESSAGES, idempotency_key="k")
    assert not second.replayed and second.id != first.id
    assert records(store) == 1  # the new answer replaced the expired one
    assert store_conversation(store, "l", "/f", MESSAGES, idempotency_key="k").id == second.id


def test_expired_records_are_swept(store: Store) -> None:
    for n in range(3):
        store_conversation(store, "l", "/f", MESSAGES, idempotency_key=f"old-{n}")
    age_records(store, IDEMPOTENCY_TTL * 2)
    store._next_purge = 0.0  # the sweep runs at most once a minute; make this create the next one
    store_conversation(store, "l", "/f", MESSAGES, idempotency_key="new")
    assert records(store) == 1


def test_a_record_from_before_request_hashes_replays_any_request(store: Store) -> None:
    first = store_conversation(store, "l", "/f", MESSAGES, idempotency_key="k")
    store.write(lambda c: c.execute("UPDATE idempotency_records SET request_hash = ''"))
    assert store_conversation(store, "other", "/g", [], idempotency_key="k").id == first.id


def test_deleting_the_conversation_deletes_its_record(store: Store) -> None:
    first = store_conversation(store, "l", "/f", MESSAGES, idempotency_key="k")
    assert store.delete(first.id, lambda pks: None)
    assert records(store) == 0
