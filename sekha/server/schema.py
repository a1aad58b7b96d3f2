"""The database schema by version, and the migrations that upgrade an older file in place.

The version lives in SQLite's ``PRAGMA user_version``. Each migration runs in its own
transaction together with the version bump, so a crash mid-upgrade leaves the file at the
previous version, intact, and the next start resumes. A file written by a newer Sekha is refused
rather than guessed at.

To change the schema, append a :class:`Migration` with the next version number; never edit one
that has shipped (files in the field are at its version already).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .redact import redact

Step = Callable[[sqlite3.Connection], None]


class SchemaError(Exception):
    """The file's schema cannot be used by this version of the controller."""


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    apply: Step


def statements(script: str) -> Iterator[str]:
    """The complete SQL statements of ``script`` in order (``BEGIN … END`` of triggers kept whole)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:60]}")


def sql(script: str) -> Step:
    """A migration step running each statement of ``script`` (``executescript`` would commit)."""

    def run(conn: sqlite3.Connection) -> None:
        for statement in statements(script):
            conn.execute(statement)

    return run


# Version 1 is the schema from before versioning. Its statements say IF NOT EXISTS, so a file
# that old code wrote (user_version 0, tables present) is simply stamped with version 1.
_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conversations (
    cpk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    folder TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    importance_score INTEGER NOT NULL DEFAULT 5,
    word_count INTEGER NOT NULL DEFAULT 0,
    session_count INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_label ON conversations (label, status);
CREATE INDEX IF NOT EXISTS conversations_folder ON conversations (folder, updated_at);
CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated_at);
CREATE INDEX IF NOT EXISTS conversations_status ON conversations (status, importance_score);
CREATE TABLE IF NOT EXISTS messages (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    embedding_id TEXT,
    metadata TEXT
);
CREATE INDEX IF NOT EXISTS messages_conversation ON messages (conversation_id, pk);
CREATE INDEX IF NOT EXISTS messages_pending ON messages (pk) WHERE embedding_id IS NULL;
CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5 (
    content, content='messages', content_rowid='pk', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS messages_ai AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (new.pk, new.content);
END;
CREATE TRIGGER IF NOT EXISTS messages_ad AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.pk, old.content);
END;
CREATE TABLE IF NOT EXISTS embeddings (
    message_pk INTEGER PRIMARY KEY REFERENCES messages (pk) ON DELETE CASCADE,
    vector BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
    key TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS summaries (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    level TEXT NOT NULL CHECK (level IN ('daily', 'weekly', 'monthly')),
    summary_text TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    model_used TEXT
);
CREATE INDEX IF NOT EXISTS summaries_lookup ON summaries (conversation_id, level, generated_at);
"""

# Version 2: an idempotency record knows the request it answered and goes with its conversation.
# Records of conversations already deleted are dropped; older records have no hash (''), and
# match any body until they expire.
_V2_IDEMPOTENCY = """
CREATE TABLE idempotency_records (
    key TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    request_hash TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO idempotency_records (key, conversation_id, request_hash, response, created_at)
    SELECT k.key, k.conversation_id, '', k.response, k.created_at
    FROM idempotency_keys k JOIN conversations c ON c.id = k.conversation_id;
DROP TABLE idempotency_keys;
CREATE INDEX idempotency_records_conversation ON idempotency_records (conversation_id);
CREATE INDEX idempotency_records_created ON idempotency_records (created_at);
"""


def _v2(conn: sqlite3.Connection) -> None:
    sql(_V2_IDEMPOTENCY)(conn)
    # The embedder's name held its URL verbatim, credentials included.
    conn.execute("PRAGMA secure_delete = ON")  # overwrite the old text instead of leaving it in a free page
    try:
        for key, value in conn.execute("SELECT key, value FROM meta").fetchall():
            if redact(value) != value:
                conn.execute("UPDATE meta SET value = ? WHERE key = ?", (redact(value), key))
    finally:
        conn.execute("PRAGMA secure_delete = OFF")


# Version 3: messages the embedder keeps rejecting are quarantined (no longer retried), and any
# change to a stored vector withdraws the saved vector-index snapshot (see ``snapshot.py``) in the
# same transaction, whichever version of the code makes it. (IF NOT EXISTS: development builds
# made the same table and triggers before they became a migration.)
_V3_INDEXING = """
CREATE TABLE IF NOT EXISTS embedding_quarantine (
    message_pk INTEGER PRIMARY KEY REFERENCES messages (pk) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    quarantined_at TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS embeddings_snapshot_ai AFTER INSERT ON embeddings BEGIN
    DELETE FROM meta WHERE key = 'vector_snapshot';
END;
CREATE TRIGGER IF NOT EXISTS embeddings_snapshot_au AFTER UPDATE ON embeddings BEGIN
    DELETE FROM meta WHERE key = 'vector_snapshot';
END;
CREATE TRIGGER IF NOT EXISTS embeddings_snapshot_ad AFTER DELETE ON embeddings BEGIN
    DELETE FROM meta WHERE key = 'vector_snapshot';
END;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "conversations, messages, full-text index, vectors, idempotency keys, summaries", sql(_V1)),
    Migration(2, "idempotency records tied to a request and its conversation; no credentials in meta", _v2),
    Migration(
        3, "embedding quarantine; vector snapshots withdrawn by any change to a vector", sql(_V3_INDEXING)
    ),
)
LATEST = MIGRATIONS[-1].version


def version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """Bring the database on ``conn`` (autocommit mode) up to the latest version; returns it."""
    latest = migrations[-1].version
    current = version(conn)
    if current > latest:
        raise SchemaError(
            f"the database has schema version {current}, newer than this Sekha knows ({latest}); "
            "upgrade the sekha package to open it"
        )
    for migration in migrations:
        if migration.version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration.apply(conn)
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        current = migration.version
    return current
