"""Context assembly, summaries, pruning and label suggestions over HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import httpx
import quicktok

from sekha import AssembledContext
from sekha.models import StoredMessage
from tests.live import ServerProcess
from tests.server.helpers import DISPLAY_NAIVE, ISO_NAIVE, assert_error, create, unique, wait_indexed

ENC = quicktok.get_encoding("cl100k_base")


def assemble(api: httpx.Client, **body: object) -> list[dict[str, object]]:
    response = api.post("/api/v1/context/assemble", json={"preferred_labels": [], **body})
    assert response.status_code == 200, response.text
    data = response.json()
    assert isinstance(data, list)
    return data


def test_context_is_a_bare_array_with_citations(api: httpx.Client) -> None:
    label = unique("ctx")
    created = create(api, label, "/ctx", ["How do I configure the nginx reverse proxy?", "Use proxy_pass."])
    wait_indexed(api)
    messages = assemble(api, query="nginx reverse proxy configuration", context_budget=500)
    mine = [m for m in messages if m["conversation_id"] == created["id"]]
    assert mine
    citation = mine[0]["metadata"]["citation"]  # type: ignore[index]
    assert (citation["label"], citation["folder"]) == (label, "/ctx")
    assert DISPLAY_NAIVE.match(citation["timestamp"])
    assert ISO_NAIVE.match(str(mine[0]["timestamp"]))
    assert len({m["id"] for m in messages}) == len(messages)  # deduplicated


def rendered(messages: list[dict[str, object]]) -> str:
    """The context exactly as the client renders it from these messages."""
    return AssembledContext("q", tuple(StoredMessage.from_dict(m) for m in messages)).context


def test_context_never_exceeds_the_token_budget(api: httpx.Client) -> None:
    label = unique("budget")
    long_texts = [f"Budget test {i}: " + '数据库 JSON {"k": [1, 2, 3]} ' * (i + 3) for i in range(8)]
    create(api, label, "/budget", long_texts)
    create(api, unique("budget"), "/budget", ["Budget test database json, short."])
    wait_indexed(api)
    for budget in (1, 20, 57, 200, 1000):
        messages = assemble(
            api, query="budget test database json", context_budget=budget, preferred_labels=[label]
        )
        assert ENC.count(rendered(messages)) <= budget  # citation lines included
        if budget >= 57:
            assert messages
    assert assemble(api, query="budget", context_budget=0, preferred_labels=[label]) == []
    assert assemble(api, query="budget", context_budget=10**12, preferred_labels=[label])


def test_context_exclusions_archive_pins_and_labels(api: httpx.Client) -> None:
    word = unique("quokka")
    pinned = create(api, unique("pinned"), "/secret/pinned", [f"{word} pinned but excluded"])
    unrelated_pin = create(api, unique("pinned"), "/open", ["a pinned note about nothing in particular"])
    preferred_label = unique("pref")
    preferred = create(api, preferred_label, "/secret", [f"{word} preferred but excluded"])
    unrelated_preferred = create(api, preferred_label, "/open/notes", ["preferred label message"])
    archived = create(api, unique("arch"), "/open", [f"{word} archived"])
    relevant = create(api, unique("rel"), "/secretive", [f"{word} relevant and allowed"])
    for conv in (pinned, unrelated_pin):
        api.put(f"/api/v1/conversations/{conv['id']}/pin").raise_for_status()
    api.put(f"/api/v1/conversations/{archived['id']}/archive").raise_for_status()
    wait_indexed(api)
    messages = assemble(
        api,
        query=word,
        context_budget=100_000,
        preferred_labels=[preferred_label],
        excluded_folders=["/secret"],
    )
    got = {m["conversation_id"] for m in messages}
    assert relevant["id"] in got
    # Excluded, archived, and (issue 13 item 3) pinned or preferred but unrelated to the query.
    assert not got & {
        pinned["id"],
        preferred["id"],
        archived["id"],
        unrelated_pin["id"],
        unrelated_preferred["id"],
    }


def test_an_unrelated_query_gets_no_memory(server_factory: Callable[..., ServerProcess]) -> None:
    with server_factory().client() as api:  # its own memory: other tests store words like "z"
        pinned = create(api, unique("pin"), "/p", ["Deploys happen on Thursdays after the freeze review."])
        api.put(f"/api/v1/conversations/{pinned['id']}/pin").raise_for_status()
        create(api, unique("notes"), "/p", ["The staging database is read-only on Fridays."])
        wait_indexed(api)
        assert assemble(api, query="zzzz", context_budget=2000) == []
        assert assemble(api, query="when do we deploy?", context_budget=2000)
        everything = assemble(api, query="zzzz", context_budget=2000, min_relevance=0.0)
        assert {m["conversation_id"] for m in everything} >= {pinned["id"]}


def test_pinned_boosts_rank_among_relevant_messages(api: httpx.Client) -> None:
    word = unique("wombat")
    plain = create(api, unique("plain"), "/r", [f"{word} burrows are deep"])
    pinned = create(api, unique("pinned"), "/r", [f"{word} burrows are deep"])
    api.put(f"/api/v1/conversations/{pinned['id']}/pin").raise_for_status()
    wait_indexed(api)
    messages = assemble(api, query=f"{word} burrows", context_budget=2000)
    order = [m["conversation_id"] for m in messages]
    assert order.index(pinned["id"]) < order.index(plain["id"])


def test_labels_and_folders_limit_the_context_hard(api: httpx.Client) -> None:
    word = unique("ocelot")
    alice = create(api, "user:alice-" + word, "/team/projects", [f"{word} Alice is vegetarian"])
    bob = create(api, "user:bob-" + word, "/team", [f"{word} Bob eats anything"])
    other = create(api, "user:alice-" + word, "/teamwork", [f"{word} Alice in another folder"])
    wait_indexed(api)
    scoped = assemble(api, query=f"{word} diet", context_budget=2000, labels=["user:alice-" + word])
    assert {m["conversation_id"] for m in scoped} == {alice["id"], other["id"]}
    in_team = assemble(api, query=f"{word} diet", context_budget=2000, folders=["/team"])
    assert {m["conversation_id"] for m in in_team} == {alice["id"], bob["id"]}
    both = assemble(
        api, query=f"{word} diet", context_budget=2000, labels=["user:alice-" + word], folders=["/team/"]
    )
    assert {m["conversation_id"] for m in both} == {alice["id"]}
    assert_error(
        api.post(
            "/api/v1/context/assemble",
            json={"query": "x", "preferred_labels": [], "context_budget": 5, "min_relevance": 2},
        ),
        422,
    )


def test_context_comes_grouped_by_conversation_in_stored_order(api: httpx.Client) -> None:
    word = unique("tapir")
    stored = [f"What do {word}s eat?", f"{word}s eat fruit and leaves.", "Thanks!"]
    first = create(api, unique("g"), "/g", stored)
    second = create(api, unique("g"), "/g", [f"{word} facts: they are related to horses."])
    wait_indexed(api)
    messages = assemble(api, query=f"what do {word}s eat", context_budget=2000, min_relevance=0.0)
    order = [(m["conversation_id"], m["content"]) for m in messages]
    mine = [content for cid, content in order if cid == first["id"]]
    assert len(mine) >= 2 and mine == [c for c in stored if c in mine]  # the question before its answer
    conversations = list(dict.fromkeys(cid for cid, _ in order))
    assert conversations.index(first["id"]) < conversations.index(second["id"])
    positions = [i for i, (cid, _) in enumerate(order) if cid == first["id"]]
    assert positions == list(range(positions[0], positions[0] + len(positions)))  # contiguous


def test_context_validation(api: httpx.Client) -> None:
    assert_error(api.post("/api/v1/context/assemble", json={"query": "x", "context_budget": 5}), 422)
    assert_error(
        api.post(
            "/api/v1/context/assemble", json={"query": "x", "preferred_labels": [], "context_budget": -1}
        ),
        422,
    )
    assert_error(
        api.post(
            "/api/v1/context/assemble", json={"query": "x", "preferred_labels": [1], "context_budget": 5}
        ),
        422,
    )


def test_summaries_roll_up_per_level(api: httpx.Client) -> None:
    created = create(
        api,
        unique("sum"),
        "/s",
        [
            "We decided to migrate the billing service to PostgreSQL next quarter.",
            "The migration needs a schema freeze and a rollback plan.",
            "Alice owns the rollback plan; Bob writes the data migration scripts.",
        ],
    )
    cid = created["id"]
    daily = api.post("/api/v1/summarize", json={"conversation_id": cid, "level": "daily"}).json()
    assert daily["level"] == "daily"
    assert daily["conversation_id"] == cid
    assert ISO_NAIVE.match(daily["generated_at"])
    assert "3 messages" in daily["summary"]
    assert "migration" in daily["summary"].lower()
    weekly = api.post("/api/v1/summarize", json={"conversation_id": cid, "level": "weekly"}).json()["summary"]
    assert weekly.startswith("Weekly summary") and "from 1 daily summaries" in weekly
    monthly = api.post("/api/v1/summarize", json={"conversation_id": cid, "level": "monthly"}).json()[
        "summary"
    ]
    assert monthly.startswith("Monthly summary") and "weekly summaries" in monthly
    empty = create(api, unique("sum"), "/s")
    assert (
        api.post("/api/v1/summarize", json={"conversation_id": empty["id"], "level": "weekly"}).json()[
            "summary"
        ]
        == "No messages to summarize"
    )
    assert_error(api.post("/api/v1/summarize", json={"conversation_id": cid, "level": "yearly"}), 400)
    assert_error(
        api.post("/api/v1/summarize", json={"conversation_id": str(uuid.uuid4()), "level": "daily"}), 404
    )
    assert_error(api.post("/api/v1/summarize", json={"conversation_id": "nope", "level": "daily"}), 422)


def test_prune_dry_run_and_execute(api: httpx.Client) -> None:
    label = unique("prune")
    plain = create(api, label, "/p", ["hello", "short chat"])
    important = create(
        api, label, "/p", ["URGENT: the production outage decision is critical; deadline is Friday.", "ok"]
    )
    pinned = create(api, label, "/p", ["pinned"])
    api.put(f"/api/v1/conversations/{pinned['id']}/pin").raise_for_status()
    body = api.post("/api/v1/prune/dry-run", json={"threshold_days": 0}).json()
    assert body["total"] == len(body["suggestions"])
    mine = {s["conversation_id"]: s for s in body["suggestions"] if s["conversation_label"] == label}
    assert mine[plain["id"]]["recommendation"] == "archive"
    assert mine[plain["id"]]["message_count"] == 2
    assert mine[plain["id"]]["token_estimate"] == ENC.count("hello") + ENC.count("short chat")
    assert mine[important["id"]]["recommendation"] == "keep"
    assert mine[pinned["id"]]["recommendation"] == "keep"
    assert ISO_NAIVE.match(mine[plain["id"]]["last_accessed"])
    assert label in mine[plain["id"]]["preview"]
    assert api.post("/api/v1/prune/dry-run", json={"threshold_days": 10**12}).json() == {
        "suggestions": [],
        "total": 0,
    }
    assert api.post("/api/v1/prune/dry-run", json={"threshold_days": -5}).status_code == 200
    assert_error(api.post("/api/v1/prune/dry-run", json={}), 422)

    missing = str(uuid.uuid4())
    assert_error(api.post("/api/v1/prune/execute", json={"conversation_ids": [plain["id"], missing]}), 404)
    assert api.get(f"/api/v1/conversations/{plain['id']}").json()["status"] == "active"
    response = api.post("/api/v1/prune/execute", json={"conversation_ids": [plain["id"]]})
    assert response.status_code == 200
    assert response.content == b""
    assert api.get(f"/api/v1/conversations/{plain['id']}").json()["status"] == "archived"
    assert api.post("/api/v1/prune/execute", json={"conversation_ids": []}).status_code == 200
    assert_error(api.post("/api/v1/prune/execute", json={"conversation_ids": ["x"]}), 422)


def test_label_suggestions_prefer_matching_existing_labels(api: httpx.Client) -> None:
    existing = unique("Kubernetes")
    create(api, existing, "/k8s", ["kubectl get pods"])
    target = create(
        api,
        unique("untitled"),
        "/k8s",
        [f"My {existing.lower()} pod keeps restarting.", "Check the kubernetes liveness probe and pod logs."],
    )
    body = api.post("/api/v1/labels/suggest", json={"conversation_id": target["id"]}).json()
    assert body["conversation_id"] == target["id"]
    suggestions = body["suggestions"]
    assert 1 <= len(suggestions) <= 5
    assert suggestions[0]["label"] == existing
    assert suggestions[0]["is_existing"] is True
    assert any(s["label"].lower() == "pod" for s in suggestions)
    confidences = [s["confidence"] for s in suggestions]
    assert confidences == sorted(confidences, reverse=True)
    empty = create(api, unique("empty"), "/e")
    assert (
        api.post("/api/v1/labels/suggest", json={"conversation_id": empty["id"]}).json()["suggestions"] == []
    )
    assert_error(api.post("/api/v1/labels/suggest", json={"conversation_id": str(uuid.uuid4())}), 404)
