"""Schema versions: a new file is created at the latest version, an older file is upgraded in
place with its data intact, a newer file is refused, and a failed upgrade changes nothing."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import httpx
import pytest

from sekha.server.embedded import EmbeddedServer
from sekha.server.embedding import HashingEmbedder
from sekha.server.schema import LATEST, MIGRATIONS, Migration, SchemaError, migrate, sql, statements
from sekha.server.store import Store

V1_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v1" / "sekha.db"
V1_KEY = "sk-fixture-" + "f" * 32  # the key tests/fixtures/schema_v1/make.py used
V1_PINNED = "cd7f4c5b-5bb4-4c3c-9ef7-45efe05b419a"


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    """A private copy of the database that the schema-1 controller wrote."""
    shutil.copyfile(V1_FILE, tmp_path / "sekha.db")
    return tmp_path / "sekha.db"


def test_a_new_database_starts_at_the_latest_version(tmp_path: Path) -> None:
    store = Store(tmp_path / "sekha.db")
    try:
        assert store.schema_version == LATEST
    finally:
        store.close()
    assert user_version(tmp_path / "sekha.db") == LATEST


def test_the_file_of_the_unversioned_controller_is_upgraded_in_place(v1_copy: Path) -> None:
    assert user_version(v1_copy) == 0  # written before the schema had a version
    store = Store(v1_copy)
    try:
        assert store.schema_version == LATEST
        conversation = store.get(V1_PINNED)
        assert conversation is not None
        assert (conversation.label, conversation.importance_score, conversation.message_count) == (
            "Project Planning",
            10,
            2,
        )
        assert store.message_counts() == (2, 3, 0)
        assert store.embedding_count() == 3
    finally:
        store.close()
    assert user_version(v1_copy) == LATEST


def test_an_upgraded_file_serves_everything_it_held(v1_copy: Path) -> None:
    with EmbeddedServer(v1_copy.parent, api_key=V1_KEY, embedder=HashingEmbedder()) as server:
        headers = {"Authorization": f"Bearer {V1_KEY}"}
        with httpx.Client(base_url=server.base_url, headers=headers) as api:
            assert api.get("/api/v1/conversations/count").json()["count"] == 2
            hits = api.post("/api/v1/query", json={"query": "beta ships Friday", "limit": 1}).json()
            assert hits["results"][0]["conversation_id"] == V1_PINNED  # the stored vectors, loaded
            text = api.post("/api/v1/search/fts", json={"query": "sourdough"}).json()
            assert text["total"] == 1
            exported = api.post("/mcp/tools/memory_export", json={"conversation_id": V1_PINNED}).json()
            contents = [m["content"] for m in exported["data"]["messages"]]
            assert contents == [
                "We decided to ship the beta on Friday.",
                "Noted: beta ships Friday, docs freeze Thursday.",
            ]


def test_opening_twice_changes_nothing(tmp_path: Path) -> None:
    Store(tmp_path / "sekha.db").close()
    with sqlite3.connect(tmp_path / "sekha.db") as db:
        before = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    Store(tmp_path / "sekha.db").close()
    with sqlite3.connect(tmp_path / "sekha.db") as db:
        assert db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == before


def test_a_file_from_a_newer_sekha_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "sekha.db"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(SchemaError, match=rf"schema version {LATEST + 1}.*upgrade the sekha package"):
        Store(path)
    assert user_version(path) == LATEST + 1


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    broken = (
        *MIGRATIONS,
        Migration(LATEST + 1, "adds a table, then fails", sql("CREATE TABLE t (x);\nSELECT * FROM nowhere;")),
    )
    with pytest.raises(sqlite3.OperationalError, match="nowhere"):
        migrate(conn, broken)
    assert conn.execute("PRAGMA user_version").fetchone() == (LATEST,)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 't'").fetchall() == []
    assert not conn.in_transaction
    conn.close()


def test_migrations_are_numbered_one_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_statements_keep_trigger_bodies_whole() -> None:
    script = (
        "CREATE TABLE a (x);\n"
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n    INSERT INTO a VALUES (1);\n    SELECT 1;\nEND;\n"
    )
    assert list(statements(script)) == [
        "CREATE TABLE a (x);",
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n    INSERT INTO a VALUES (1);\n    SELECT 1;\nEND;",
    ]
    with pytest.raises(ValueError, match="incomplete"):
        list(statements("CREATE TABLE b (x"))


def test_version_2_keeps_live_idempotency_records_and_drops_those_of_deleted_conversations(
    v1_copy: Path,
) -> None:
    with sqlite3.connect(v1_copy) as db:
        db.execute(
            "INSERT INTO idempotency_keys VALUES (?, ?, '{}', ?)",
            ("orphan", "a-deleted-conversation", "2026-01-01 00:00:00.000000"),
        )
    store = Store(v1_copy)
    try:
        rows = store.read(lambda c: c.execute("SELECT key, request_hash FROM idempotency_records").fetchall())
        assert [tuple(r) for r in rows] == [("fixture-key-1", "")]
    finally:
        store.close()


def test_version_2_takes_credentials_out_of_the_stored_embedder_name(v1_copy: Path) -> None:
    secret = (
        "OpenAIEmbedder:https://me:hunter2@llm.internal/v1/embeddings?api-key=s3cr3t:text-embedding-3-small"
    )
    with contextlib.closing(sqlite3.connect(v1_copy)) as db, db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'embedder'", (secret,))
    Store(v1_copy).close()
    with contextlib.closing(sqlite3.connect(v1_copy)) as db:
        (value,) = db.execute("SELECT value FROM meta WHERE key = 'embedder'").fetchone()
    assert value == "OpenAIEmbedder:https://***@llm.internal/v1/embeddings?api-key=***:text-embedding-3-small"
    files = [p.read_bytes() for p in v1_copy.parent.iterdir() if p.name.startswith("sekha.db")]
    assert not [raw for raw in files if b"hunter2" in raw or b"s3cr3t" in raw]  # no stale page kept it
