"""SQLite storage: schema, one writer connection, per-thread readers, one transaction per write."""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sekha._mixins import PINNED_IMPORTANCE

from .timefmt import to_db, utcnow

T = TypeVar("T")
Outcome = tuple[Any, Exception | None]  # a piece of grouped work: its result, or what it raised

SCHEMA = """
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

_CONV_COLUMNS = (
    "c.cpk, c.id, c.label, c.folder, c.status, c.importance_score, c.word_count, c.session_count, "
    "c.created_at, c.updated_at, "
    "(SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count"
)
_MSG_COLUMNS = (
    "m.pk, m.id, m.conversation_id, m.role, m.content, m.timestamp, m.embedding_id, m.metadata, "
    "c.label, c.folder, c.status, c.importance_score, c.cpk"
)


@dataclass(frozen=True)
class Conversation:
    cpk: int
    id: str
    label: str
    folder: str
    status: str
    importance_score: int
    word_count: int
    session_count: int
    created_at: str
    updated_at: str
    message_count: int


@dataclass(frozen=True)
class StoredMessage:
    """A message joined with the conversation fields every search result needs."""

    pk: int
    id: str
    conversation_id: str
    role: str
    content: str
    timestamp: str
    embedding_id: str | None
    metadata: Any
    label: str
    folder: str
    status: str
    importance_score: int
    cpk: int

    @property
    def pinned(self) -> bool:
        return self.importance_score >= PINNED_IMPORTANCE and self.status == "active"


@dataclass(frozen=True)
class Created:
    """What a create answered; replayed verbatim for a repeated ``Idempotency-Key``."""

    id: str
    label: str
    folder: str
    status: str
    message_count: int
    created_at: str
    replayed: bool = False


@dataclass(frozen=True)
class NewMessage:
    """A message to store: ``timestamp`` is its original time in stored form, or None for now."""

    role: str
    content: str
    timestamp: str | None = None


@dataclass(frozen=True)
class ConversationFilter:
    """Exact-match filters shared by listing, counting, stats and search."""

    label: str | None = None
    folder: str | None = None
    pinned: bool | None = None
    archived: bool | None = None
    conversation_id: str | None = None
    labels: tuple[str, ...] | None = None  # any of these labels exactly
    folders: tuple[str, ...] | None = None  # any of these folders or a folder under one

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.label is not None:
            clauses.append("c.label = ?")
            args.append(self.label)
        if self.folder is not None:
            clauses.append("c.folder = ?")
            args.append(self.folder)
        if self.pinned is not None:
            clauses.append(
                "(c.importance_score >= ? AND c.status = 'active')"
                if self.pinned
                else "NOT (c.importance_score >= ? AND c.status = 'active')"
            )
            args.append(PINNED_IMPORTANCE)
        if self.archived is not None:
            clauses.append("c.status = 'archived'" if self.archived else "c.status != 'archived'")
        if self.conversation_id is not None:
            clauses.append("c.id = ?")
            args.append(self.conversation_id)
        if self.labels is not None:
            clauses.append(f"c.label IN ({','.join('?' * len(self.labels))})" if self.labels else "0")
            args.extend(self.labels)
        if self.folders is not None:
            bases = [folder.rstrip("/") for folder in self.folders if folder]
            under = "(rtrim(c.folder, '/') = ? OR substr(c.folder, 1, length(?)) = ?)"
            clauses.append("(" + " OR ".join([under] * len(bases)) + ")" if bases else "0")
            for base in bases:
                args.extend([base, base + "/", base + "/"])
        return (" AND ".join(clauses) or "1"), args


def _conversation(row: sqlite3.Row) -> Conversation:
    return Conversation(**{k: row[k] for k in row.keys()})  # noqa: SIM118 - sqlite3.Row has no items()


def _message(row: sqlite3.Row) -> StoredMessage:
    meta = row["metadata"]
    return StoredMessage(
        pk=row["pk"],
        id=row["id"],
        conversation_id=row["conversation_id"],
        role=row["role"],
        content=row["content"],
        timestamp=row["timestamp"],
        embedding_id=row["embedding_id"],
        metadata=json.loads(meta) if meta is not None else None,
        label=row["label"],
        folder=row["folder"],
        status=row["status"],
        importance_score=row["importance_score"],
        cpk=row["cpk"],
    )


def _carried(messages: Sequence[NewMessage], first: str) -> list[str]:
    """Each message's time: its own, else that of the message before it (``first`` for the
    first), so messages without one keep their place after those with one."""
    times: list[str] = []
    for message in messages:
        times.append(message.timestamp or (times[-1] if times else first))
    return times


def _words(messages: Sequence[NewMessage]) -> int:
    return sum(len(m.content.split()) for m in messages)


def _insert_messages(
    conn: sqlite3.Connection, conversation_id: str, messages: Sequence[NewMessage], times: Sequence[str]
) -> None:
    conn.executemany(
        "INSERT INTO messages (id, conversation_id, role, content, timestamp, metadata) "
        "VALUES (?, ?, ?, ?, ?, '{}')",
        [
            (str(uuid.uuid4()), conversation_id, m.role, m.content, t)
            for m, t in zip(messages, times, strict=True)
        ],
    )


def _remember(conn: sqlite3.Connection, key: str, conversation_id: str, answer: dict[str, Any]) -> None:
    """Record what a write with an idempotency key did, so a repeat can answer the same."""
    conn.execute(
        "INSERT INTO idempotency_keys (key, conversation_id, response, created_at) VALUES (?, ?, ?, ?)",
        (key, conversation_id, json.dumps(answer), to_db(utcnow())),
    )


class Store:
    """The database. Writes are serialised on one connection; each thread reads on its own."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._writer = self._connect()
        self._writer.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        # FULL: a commit is on disk before the request is acknowledged, even across power loss.
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    def close(self) -> None:
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        with self._lock:
            self._writer.close()

    # -- transactions -------------------------------------------------------------------------

    def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn`` in one IMMEDIATE transaction on the writer connection."""
        with self._lock:
            return self._write_locked(fn)

    def commit_group(self, work: Sequence[Callable[[sqlite3.Connection], Any]]) -> list[Outcome]:
        """Run every piece of ``work`` in one transaction and commit once (group commit).

        Each piece runs in its own savepoint, so one that raises is rolled back alone; its outcome
        carries the exception. If the commit itself fails, nothing is stored and every outcome
        carries that error.
        """
        outcomes: list[Outcome] = []
        with self._lock:
            conn = self._writer
            try:
                conn.execute("BEGIN IMMEDIATE")
                for fn in work:
                    conn.execute("SAVEPOINT piece")
                    try:
                        outcomes.append((fn(conn), None))
                    except Exception as exc:
                        conn.execute("ROLLBACK TO piece")
                        outcomes.append((None, exc))
                    conn.execute("RELEASE piece")
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if not isinstance(exc, Exception):
                    raise
                return [(None, exc) for _ in work]
        return outcomes

    def locked(self) -> threading.Lock:
        """The writer lock, for work that must not interleave with writes (vector index updates)."""
        return self._lock

    def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn`` in a read transaction (one consistent snapshot) on this thread's connection."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        conn.execute("BEGIN")
        try:
            return fn(conn)
        finally:
            conn.execute("COMMIT")

    # -- meta ---------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.read(lambda c: c.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone())
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.write(
            lambda c: c.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        )

    def ping(self) -> None:
        self.read(lambda c: c.execute("SELECT 1").fetchone())

    # -- conversations ------------------------------------------------------------------------

    @staticmethod
    def create_work(
        label: str,
        folder: str,
        messages: Sequence[NewMessage],
        importance_score: int = 5,
        idempotency_key: str | None = None,
        created_at: str | None = None,
    ) -> Callable[[sqlite3.Connection], Created]:
        """Store a conversation and its messages in one transaction (or replay the key's answer).

        ``created_at`` and each message's own time are original times (stored form) kept as
        given: a message without one takes the time of the message before it (the first, the
        conversation's), and ``updated_at`` is the latest. Without any, everything is now.
        The transaction body, for :meth:`write` or :meth:`commit_group`.
        """

        def run(conn: sqlite3.Connection) -> Created:
            if idempotency_key is not None:
                row = conn.execute(
                    "SELECT response FROM idempotency_keys WHERE key = ?", (idempotency_key,)
                ).fetchone()
                if row is not None:
                    return Created(**json.loads(row[0]), replayed=True)
            now = to_db(utcnow())
            own = [m.timestamp for m in messages if m.timestamp is not None]
            started = created_at or min(own, default=now)
            times = _carried(messages, started)
            cid = str(uuid.uuid4())
            conn.execute(
                "INSERT INTO conversations (id, label, folder, status, importance_score, word_count, "
                "session_count, created_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?, 1, ?, ?)",
                (cid, label, folder, importance_score, _words(messages), started, max([started, *times])),
            )
            _insert_messages(conn, cid, messages, times)
            created = Created(cid, label, folder, "active", len(messages), started)
            if idempotency_key is not None:
                _remember(
                    conn, idempotency_key, cid, {k: v for k, v in created.__dict__.items() if k != "replayed"}
                )
            return created

        return run

    @staticmethod
    def append_work(
        conversation_id: str, messages: Sequence[NewMessage], idempotency_key: str | None = None
    ) -> Callable[[sqlite3.Connection], bool]:
        """Add messages after a conversation's others; False when there is no such conversation.

        The first message without its own time is stored at now, a later one at the time of the
        message before it; ``updated_at`` moves to the latest of its value and theirs. A repeated
        ``idempotency_key`` adds nothing.
        """
        key = None if idempotency_key is None else f"append {conversation_id} {idempotency_key}"

        def run(conn: sqlite3.Connection) -> bool:
            row = conn.execute(
                "SELECT updated_at FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if row is None:
                return False
            if (
                key is not None
                and conn.execute("SELECT 1 FROM idempotency_keys WHERE key = ?", (key,)).fetchone()
            ):
                return True
            times = _carried(messages, to_db(utcnow()))
            conn.execute(
                "UPDATE conversations SET word_count = word_count + ?, updated_at = ? WHERE id = ?",
                (_words(messages), max([str(row[0]), *times]), conversation_id),
            )
            _insert_messages(conn, conversation_id, messages, times)
            if key is not None:
                _remember(conn, key, conversation_id, {"appended": len(messages)})
            return True

        return run

    def get(self, conversation_id: str) -> Conversation | None:
        row = self.read(
            lambda c: c.execute(
                f"SELECT {_CONV_COLUMNS} FROM conversations c WHERE c.id = ?",  # noqa: S608 - constant SQL, values bound
                (conversation_id,),
            ).fetchone()
        )
        return None if row is None else _conversation(row)

    def list_page(self, flt: ConversationFilter, offset: int, limit: int) -> tuple[list[Conversation], int]:
        where, args = flt.where()

        def run(conn: sqlite3.Connection) -> tuple[list[Conversation], int]:
            total = conn.execute(f"SELECT COUNT(*) FROM conversations c WHERE {where}", args).fetchone()[0]  # noqa: S608 - constant SQL, values bound
            rows = conn.execute(
                f"SELECT {_CONV_COLUMNS} FROM conversations c WHERE {where} "  # noqa: S608 - constant SQL, values bound
                "ORDER BY c.updated_at DESC, c.cpk DESC LIMIT ? OFFSET ?",
                [*args, limit, offset],
            ).fetchall()
            return [_conversation(r) for r in rows], int(total)

        return self.read(run)

    def list_after(
        self, flt: ConversationFilter, after: int, limit: int
    ) -> tuple[list[Conversation], int, int | None]:
        """A page in creation order after the key ``after``: rows, total, and the key to go on from.

        ``cpk`` never changes, so paging on it neither skips nor repeats a conversation that
        exists throughout, whatever is created, updated or deleted between pages.
        """
        where, args = flt.where()

        def run(conn: sqlite3.Connection) -> tuple[list[Conversation], int, int | None]:
            total = conn.execute(f"SELECT COUNT(*) FROM conversations c WHERE {where}", args).fetchone()[0]  # noqa: S608 - constant SQL, values bound
            rows = conn.execute(
                f"SELECT {_CONV_COLUMNS} FROM conversations c WHERE {where} AND c.cpk > ? "  # noqa: S608 - constant SQL, values bound
                "ORDER BY c.cpk LIMIT ?",
                [*args, after, limit + 1],
            ).fetchall()
            page = [_conversation(r) for r in rows[:limit]]
            return page, int(total), (page[-1].cpk if len(rows) > limit else None)

        return self.read(run)

    def export_batch(
        self, flt: ConversationFilter, after: int, limit: int
    ) -> list[tuple[Conversation, list[StoredMessage]]]:
        """Up to ``limit`` conversations after the key ``after``, in creation order, with their
        messages oldest first: one consistent snapshot, two queries."""
        where, args = flt.where()

        def run(conn: sqlite3.Connection) -> list[tuple[Conversation, list[StoredMessage]]]:
            conversations = [
                _conversation(r)
                for r in conn.execute(
                    f"SELECT {_CONV_COLUMNS} FROM conversations c WHERE {where} AND c.cpk > ? "  # noqa: S608 - constant SQL, values bound
                    "ORDER BY c.cpk LIMIT ?",
                    [*args, after, limit],
                )
            ]
            if not conversations:
                return []
            messages: dict[str, list[StoredMessage]] = {c.id: [] for c in conversations}
            for row in conn.execute(
                f"SELECT {_MSG_COLUMNS} FROM messages m JOIN conversations c ON c.id = m.conversation_id "  # noqa: S608 - constant SQL, values bound
                "WHERE c.cpk > ? AND c.cpk <= ? ORDER BY m.conversation_id, m.timestamp, m.pk",
                (after, conversations[-1].cpk),
            ):
                if row["conversation_id"] in messages:  # another conversation in the key range: filtered out
                    messages[row["conversation_id"]].append(_message(row))
            return [(c, messages[c.id]) for c in conversations]

        return self.read(run)

    def count(self, flt: ConversationFilter) -> int:
        where, args = flt.where()
        return int(
            self.read(
                lambda c: c.execute(f"SELECT COUNT(*) FROM conversations c WHERE {where}", args).fetchone()  # noqa: S608 - constant SQL, values bound
            )[0]
        )

    def cpks(self, flt: ConversationFilter) -> list[int]:
        where, args = flt.where()
        rows = self.read(
            lambda c: c.execute(f"SELECT c.cpk FROM conversations c WHERE {where}", args).fetchall()  # noqa: S608 - constant SQL, values bound
        )
        return [int(r[0]) for r in rows]

    def delete(self, conversation_id: str, on_deleted: Callable[[list[int]], None]) -> bool:
        """Delete the conversation (messages, vectors and summaries cascade).

        ``on_deleted`` gets the removed message keys while the writer lock is still held, so the
        in-memory vector index can never keep a vector of a deleted message.
        """

        def run(conn: sqlite3.Connection) -> list[int] | None:
            if (
                conn.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
                is None
            ):
                return None
            pks = [
                int(r[0])
                for r in conn.execute("SELECT pk FROM messages WHERE conversation_id = ?", (conversation_id,))
            ]
            conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
            return pks

        with self._lock:
            pks = self._write_locked(run)
            if pks is None:
                return False
            on_deleted(pks)
            return True

    def _write_locked(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._writer
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result

    def update(
        self,
        conversation_id: str,
        *,
        label: str | None = None,
        folder: str | None = None,
        status: str | None = None,
        importance_score: int | None = None,
    ) -> bool:
        """Set the given fields and bump ``updated_at``; False when there is no such conversation."""
        sets: list[str] = []
        args: list[Any] = []
        for column, value in (
            ("label", label),
            ("folder", folder),
            ("status", status),
            ("importance_score", importance_score),
        ):
            if value is not None:
                sets.append(f"{column} = ?")
                args.append(value)
        sets.append("updated_at = ?")
        args.append(to_db(utcnow()))

        def run(conn: sqlite3.Connection) -> bool:
            cur = conn.execute(
                f"UPDATE conversations SET {', '.join(sets)} WHERE id = ?",  # noqa: S608 - constant SQL, values bound
                [*args, conversation_id],
            )
            return cur.rowcount > 0

        return self.write(run)

    def archive_all(self, ids: Sequence[str]) -> list[str]:
        """Archive every id, or none: returns the unknown ids (nothing is changed if any)."""

        def run(conn: sqlite3.Connection) -> list[str]:
            missing = [
                cid
                for cid in dict.fromkeys(ids)
                if conn.execute("SELECT 1 FROM conversations WHERE id = ?", (cid,)).fetchone() is None
            ]
            if missing:
                return missing
            now = to_db(utcnow())
            conn.executemany(
                "UPDATE conversations SET status = 'archived', updated_at = ? WHERE id = ?",
                [(now, cid) for cid in ids],
            )
            return []

        return self.write(run)

    def distinct_labels(self) -> list[str]:
        rows = self.read(
            lambda c: c.execute("SELECT DISTINCT label FROM conversations ORDER BY label").fetchall()
        )
        return [str(r[0]) for r in rows]

    def stats(self, flt: ConversationFilter) -> tuple[int, float, list[str]]:
        """Count, average importance and the distinct folders of the matching conversations."""
        where, args = flt.where()

        def run(conn: sqlite3.Connection) -> tuple[int, float, list[str]]:
            n, avg = conn.execute(
                f"SELECT COUNT(*), AVG(c.importance_score) FROM conversations c WHERE {where}",  # noqa: S608 - constant SQL, values bound
                args,
            ).fetchone()
            folders = [
                str(r[0])
                for r in conn.execute(
                    f"SELECT DISTINCT c.folder FROM conversations c WHERE {where} ORDER BY c.folder",  # noqa: S608 - constant SQL, values bound
                    args,
                )
            ]
            return int(n), float(avg or 0.0), folders

        return self.read(run)

    def stale(self, cutoff: str, max_importance: float | None = None) -> list[Conversation]:
        """Active conversations not updated since ``cutoff``, oldest first (pruning candidates)."""
        sql = f"SELECT {_CONV_COLUMNS} FROM conversations c WHERE c.status = 'active' AND c.updated_at < ?"  # noqa: S608 - constant SQL, values bound
        args: list[Any] = [cutoff]
        if max_importance is not None:
            sql += " AND c.importance_score <= ?"
            args.append(max_importance)
        rows = self.read(lambda c: c.execute(sql + " ORDER BY c.updated_at", args).fetchall())
        return [_conversation(r) for r in rows]

    # -- messages -----------------------------------------------------------------------------

    def messages(self, conversation_id: str) -> list[StoredMessage]:
        rows = self.read(
            lambda c: c.execute(
                f"SELECT {_MSG_COLUMNS} FROM messages m JOIN conversations c ON c.id = m.conversation_id "  # noqa: S608 - constant SQL, values bound
                "WHERE m.conversation_id = ? ORDER BY m.timestamp, m.pk",
                (conversation_id,),
            ).fetchall()
        )
        return [_message(r) for r in rows]

    def messages_by_pk(self, pks: Sequence[int]) -> dict[int, StoredMessage]:
        if not pks:
            return {}

        def run(conn: sqlite3.Connection) -> dict[int, StoredMessage]:
            out: dict[int, StoredMessage] = {}
            for start in range(0, len(pks), 500):
                chunk = list(pks[start : start + 500])
                marks = ",".join("?" * len(chunk))
                for row in conn.execute(
                    f"SELECT {_MSG_COLUMNS} FROM messages m JOIN conversations c ON c.id = m.conversation_id "  # noqa: S608 - constant SQL, values bound
                    f"WHERE m.pk IN ({marks})",
                    chunk,
                ):
                    out[int(row["pk"])] = _message(row)
            return out

        return self.read(run)

    def messages_where(self, where: str, args: Sequence[Any], limit: int) -> list[StoredMessage]:
        """Messages of conversations matching a conversation-level ``where``, newest first."""
        rows = self.read(
            lambda c: c.execute(
                f"SELECT {_MSG_COLUMNS} FROM messages m JOIN conversations c ON c.id = m.conversation_id "  # noqa: S608 - constant SQL, values bound
                f"WHERE {where} ORDER BY m.timestamp DESC, m.pk DESC LIMIT ?",
                [*args, limit],
            ).fetchall()
        )
        return [_message(r) for r in rows]

    def fts(
        self, match: str, limit: int, include_archived: bool
    ) -> tuple[list[tuple[StoredMessage, float]], int]:
        """Messages matching an FTS5 expression, best bm25 first, pinned conversations boosted.

        Raises ``sqlite3.OperationalError`` when ``match`` is not valid FTS5 syntax.
        """
        status = "" if include_archived else "AND c.status != 'archived'"

        def run(conn: sqlite3.Connection) -> tuple[list[tuple[StoredMessage, float]], int]:
            total = conn.execute(
                "SELECT COUNT(*) FROM messages_fts f JOIN messages m ON m.pk = f.rowid "  # noqa: S608 - constant SQL, values bound
                f"JOIN conversations c ON c.id = m.conversation_id WHERE messages_fts MATCH ? {status}",
                (match,),
            ).fetchone()[0]
            rows = conn.execute(
                f"SELECT {_MSG_COLUMNS}, bm25(messages_fts) * "  # noqa: S608 - constant SQL, values bound
                "(CASE WHEN c.importance_score >= 10 AND c.status = 'active' THEN 1.25 ELSE 1.0 END) AS rank "
                "FROM messages_fts f JOIN messages m ON m.pk = f.rowid "
                f"JOIN conversations c ON c.id = m.conversation_id WHERE messages_fts MATCH ? {status} "
                "ORDER BY rank, m.pk LIMIT ?",
                (match, limit),
            ).fetchall()
            return [(_message(r), float(r["rank"])) for r in rows], int(total)

        return self.read(run)

    def message_counts(self) -> tuple[int, int, int]:
        """(conversations, messages, messages waiting for an embedding)."""

        def run(conn: sqlite3.Connection) -> tuple[int, int, int]:
            convs = conn.execute("SELECT COUNT(*) FROM conversations").fetchone()[0]
            msgs = conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
            pending = conn.execute("SELECT COUNT(*) FROM messages WHERE embedding_id IS NULL").fetchone()[0]
            return int(convs), int(msgs), int(pending)

        return self.read(run)

    # -- embeddings ---------------------------------------------------------------------------

    def pending(self, limit: int) -> list[tuple[int, str]]:
        rows = self.read(
            lambda c: c.execute(
                "SELECT pk, content FROM messages WHERE embedding_id IS NULL ORDER BY pk LIMIT ?", (limit,)
            ).fetchall()
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    def save_embeddings_locked(self, items: Sequence[tuple[int, bytes]]) -> list[int]:
        """Store vectors for messages that still exist; caller holds :meth:`locked`. Returns saved keys."""

        def run(conn: sqlite3.Connection) -> list[int]:
            saved: list[int] = []
            for pk, blob in items:
                cur = conn.execute("UPDATE messages SET embedding_id = id WHERE pk = ?", (pk,))
                if cur.rowcount:
                    conn.execute(
                        "INSERT OR REPLACE INTO embeddings (message_pk, vector) VALUES (?, ?)", (pk, blob)
                    )
                    saved.append(pk)
            return saved

        return self._write_locked(run)

    def clear_embeddings_locked(self) -> None:
        """Forget every vector so the indexer embeds everything again; caller holds :meth:`locked`."""

        def run(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM embeddings")
            conn.execute("UPDATE messages SET embedding_id = NULL WHERE embedding_id IS NOT NULL")

        self._write_locked(run)

    def iter_embeddings(self) -> Iterator[tuple[int, int, bytes]]:
        """(message key, conversation key, vector blob) of every stored vector."""
        rows = self.read(
            lambda c: c.execute(
                "SELECT e.message_pk, c.cpk, e.vector FROM embeddings e "
                "JOIN messages m ON m.pk = e.message_pk JOIN conversations c ON c.id = m.conversation_id"
            ).fetchall()
        )
        for r in rows:
            yield int(r[0]), int(r[1]), bytes(r[2])

    def conversation_keys(self, pks: Sequence[int]) -> dict[int, int]:
        """Message key → conversation key, for vectors being added to the index."""
        found = self.messages_by_pk(pks)
        return {pk: m.cpk for pk, m in found.items()}

    # -- summaries ----------------------------------------------------------------------------

    def add_summary(
        self, conversation_id: str, level: str, text: str, period: tuple[str, str], model: str | None
    ) -> str:
        now = to_db(utcnow())
        self.write(
            lambda c: c.execute(
                "INSERT INTO summaries (id, conversation_id, level, summary_text, period_start, period_end, "
                "generated_at, model_used) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (str(uuid.uuid4()), conversation_id, level, text, period[0], period[1], now, model),
            )
        )
        return now

    def summaries_since(self, conversation_id: str, level: str, since: str) -> list[tuple[str, str]]:
        """(generated_at, text) of stored summaries of one level, oldest first."""
        rows = self.read(
            lambda c: c.execute(
                "SELECT generated_at, summary_text FROM summaries WHERE conversation_id = ? AND level = ? "
                "AND generated_at >= ? ORDER BY generated_at",
                (conversation_id, level, since),
            ).fetchall()
        )
        return [(str(r[0]), str(r[1])) for r in rows]
