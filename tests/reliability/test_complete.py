"""Exports and iteration are complete while the store changes under them, on every path.

The reported case: during an export of 250 conversations, pinning 5 old ones left exactly those
5 out, and deleting 5 already exported ones made 5 others vanish. Each path the client can take
is run against the live local controller, the proxy deciding which extensions it announces:
the bulk export stream, the list cursor with one export per conversation, and neither (the
real controller's offset pages, re-read until a pass holds still).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from collections.abc import Callable, Collection

import pytest

from sekha import ClientConfig, SekhaClient, SyncSekhaClient
from tests.live import ServerProcess
from tests.reliability.faults import FaultProxy

COUNT = 250
CHANGE_AFTER = 100  # conversations received before the store changes under the export
PATHS = {
    "bulk export": True,
    "cursor, one export each": {"list_cursor", "list_filters", "idempotency_keys"},
    "offset pages (real controller)": False,
}


def _stored(server: ServerProcess, label: str) -> list[str]:
    """Store the export's conversations, returning their ids oldest first."""
    with SyncSekhaClient(server.config(rate_limit_requests=None)) as direct:
        return [
            str(direct.create([{"role": "user", "content": f"{label} {n}"}], label, "/complete").id)
            for n in range(COUNT)
        ]


def _change(server: ServerProcess, made: list[str], exported: set[str]) -> set[str]:
    """Pin the five oldest (not exported yet) and delete five exported ones; return the deleted."""
    with SyncSekhaClient(server.config(rate_limit_requests=None)) as direct:
        for conversation in made[:5]:
            direct.pin(conversation)
        doomed = sorted(exported)[:5]
        for conversation in doomed:
            direct.delete_conversation(conversation)
    return set(doomed)


def _export(flavour: str, config: ClientConfig, label: str, on_progress: Callable[[set[str]], None]) -> str:
    chunks: list[str] = []
    exported: set[str] = set()

    def take(chunk: str) -> None:
        chunks.append(chunk)
        if chunk.startswith(("\n{", ",\n{")):
            exported.add(json.loads(chunk.lstrip(",\n"))["id"])
            on_progress(exported)

    if flavour == "sync":
        with SyncSekhaClient(config) as client:
            for chunk in client.export_stream(label, format="json"):
                take(chunk)
    else:

        async def drain() -> None:
            async with SekhaClient(config) as client:
                async for chunk in client.export_stream(label, format="json"):
                    take(chunk)

        asyncio.run(drain())
    return "".join(chunks)


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("announced", list(PATHS.values()), ids=list(PATHS))
def test_an_export_under_changes_has_every_survivor_exactly_once(
    server: ServerProcess, flavour: str, announced: bool | Collection[str]
) -> None:
    label = f"complete-{uuid.uuid4().hex[:8]}"
    made = _stored(server, label)
    deleted: set[str] = set()

    def on_progress(exported: set[str]) -> None:
        if len(exported) == CHANGE_AFTER and not deleted:
            deleted.update(_change(server, made, exported))

    with FaultProxy(server.base_url, rate=0.0, capabilities=announced) as proxy:
        config = ClientConfig(api_key=server.api_key, base_url=proxy.url, rate_limit_requests=None)
        document = json.loads(_export(flavour, config, label, on_progress))

    assert len(deleted) == 5
    copies = Counter(conversation["id"] for conversation in document)
    assert [c for c, n in copies.items() if n > 1] == []
    assert set(made) - deleted <= set(copies)
    pinned = {c["id"]: c["importance_score"] for c in document if c["id"] in made[:5]}
    assert len(pinned) == 5  # the five pinned mid-export are there (at their old or new importance)
