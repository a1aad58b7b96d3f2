"""Iteration is complete under concurrent change: every survivor exactly once, never a repeat.

A fake controller in memory answers the list route the way each kind of server does (the real
one: offset pages over the last update; the local one: a cursor over creation order) and, before
each answer, applies whatever changes hypothesis scheduled for that moment: creates, deletes,
updates (which move a conversation to the front of the real controller's order). A survivor is
a conversation that existed before the iteration began and was never deleted.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections import Counter
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sekha import ClientConfig, SekhaClient, SekhaUnsupportedError, SyncSekhaClient
from tests.fixtures import body
from tests.unit.conftest import API_KEY

Change = tuple[str, int]  # ("create" | "delete" | "update", which existing conversation)


@attrs.define
class Stored:
    id: str
    key: int  # creation order, never changes
    updated: int


class FakeController:
    def __init__(self, initial: int, schedule: list[list[Change]], *, cursor: bool) -> None:
        self.clock = itertools.count(1)
        self.keys = itertools.count(1)
        self.rows: dict[str, Stored] = {}
        self.schedule = schedule
        self.cursor = cursor
        self.requests = 0
        self.deleted: set[str] = set()
        for _ in range(initial):
            self._create()
        self.initial = set(self.rows)

    def _create(self) -> None:
        conversation = Stored(str(uuid.uuid4()), next(self.keys), next(self.clock))
        self.rows[conversation.id] = conversation

    def _apply(self, changes: list[Change]) -> None:
        for kind, which in changes:
            if kind == "create":
                self._create()
                continue
            if not self.rows:
                continue
            target = sorted(self.rows.values(), key=lambda r: r.key)[which % len(self.rows)]
            if kind == "delete":
                del self.rows[target.id]
                self.deleted.add(target.id)
            else:
                target.updated = next(self.clock)

    @staticmethod
    def _row(stored: Stored) -> dict[str, Any]:
        row = dict(body("list_conversations_200")["results"][0])
        return {
            **row,
            "conversation_id": stored.id,
            "timestamp": f"2026-01-16T21:09:{stored.updated % 60:02d}.{stored.updated:06d}",
        }

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/health":
            capabilities = {"list_cursor": True} if self.cursor else None
            report = (
                body("health_200")
                if capabilities is None
                else {**body("health_200"), "capabilities": capabilities}
            )
            return httpx.Response(200, json=report)
        if self.requests < len(self.schedule):
            self._apply(self.schedule[self.requests])
        self.requests += 1
        q = request.url.params
        size = int(q["page_size"])
        if "cursor" in q:
            after = int(q["cursor"] or 0)
            ordered = sorted((r for r in self.rows.values() if r.key > after), key=lambda r: r.key)
            page = ordered[:size]
            more = len(ordered) > size
            return httpx.Response(
                200,
                json={
                    "results": [self._row(r) for r in page],
                    "total": len(self.rows),
                    "page": 1,
                    "page_size": size,
                    "next_cursor": str(page[-1].key) if more else None,
                },
            )
        ordered = sorted(self.rows.values(), key=lambda r: (r.updated, r.key), reverse=True)
        start = (int(q["page"]) - 1) * size
        return httpx.Response(
            200,
            json={
                "results": [self._row(r) for r in ordered[start : start + size]],
                "total": len(self.rows),
                "page": int(q["page"]),
                "page_size": size,
            },
        )


def _wire(client: SyncSekhaClient | SekhaClient, fake: FakeController) -> None:
    """Put the fake controller under the client's own transport (retries, limiter and all)."""
    transport = httpx.MockTransport(fake.handle)
    client._http._transport._transport = transport  # type: ignore[attr-defined]


def _iterate(flavour: str, fake: FakeController, page_size: int) -> list[str]:
    config = ClientConfig(api_key=API_KEY, rate_limit_requests=None)
    if flavour == "sync":
        with SyncSekhaClient(config) as client:
            _wire(client, fake)
            return [str(row.id) for row in client.iter_conversations(page_size=page_size)]

    async def drain() -> list[str]:
        async with SekhaClient(config) as client:
            _wire(client, fake)
            return [str(row.id) async for row in client.iter_conversations(page_size=page_size)]

    return asyncio.run(drain())


changes = st.lists(
    st.tuples(st.sampled_from(["create", "delete", "update"]), st.integers(min_value=0, max_value=50)),
    max_size=3,
)


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("cursor", [True, False], ids=["cursor", "offset"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    initial=st.integers(min_value=0, max_value=25),
    page_size=st.integers(min_value=1, max_value=6),
    schedule=st.lists(changes, max_size=15),
)
def test_no_survivor_is_missed_and_none_comes_twice(
    flavour: str, cursor: bool, initial: int, page_size: int, schedule: list[list[Change]]
) -> None:
    fake = FakeController(initial, schedule, cursor=cursor)
    seen = _iterate(flavour, fake, page_size)
    repeats = [conversation for conversation, n in Counter(seen).items() if n > 1]
    assert repeats == []
    survivors = fake.initial - fake.deleted
    assert survivors <= set(seen), f"missed {len(survivors - set(seen))} of {len(survivors)}"
    assert set(seen) <= fake.initial | set(fake.rows) | fake.deleted  # nothing made up


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_pinning_old_conversations_mid_iteration_loses_none(flavour: str) -> None:
    """The reported case, by offset: five old ones updated (pinned) while the pass is under way."""
    schedule: list[list[Change]] = [[]] * 3 + [[("update", n) for n in range(5)]]
    fake = FakeController(40, schedule, cursor=False)
    assert set(_iterate(flavour, fake, 10)) == fake.initial


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_deleting_exported_ones_mid_iteration_hides_no_other(flavour: str) -> None:
    """The reported case: five already seen deleted, which shifts every later page forward."""
    schedule: list[list[Change]] = [[]] * 2 + [[("delete", 39 - n) for n in range(5)]]
    fake = FakeController(40, schedule, cursor=False)
    seen = set(_iterate(flavour, fake, 10))
    assert fake.initial - fake.deleted <= seen


def test_a_list_that_never_holds_still_is_reported_not_trusted() -> None:
    schedule: list[list[Change]] = [[("update", n)] for n in range(200)]
    fake = FakeController(5, schedule, cursor=False)
    with pytest.raises(SekhaUnsupportedError, match=r"kept changing.*list_cursor"):
        _iterate("sync", fake, 2)
