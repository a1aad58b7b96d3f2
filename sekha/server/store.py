"""SQLite storage: schema, one writer connection, per-thread readers, one transaction per write."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from sekha._mixins import PINNED_IMPORTANCE

from .schema import migrate
from .sqlerrors import StorageFailure, explain
from .timefmt import to_db, utcnow

T = TypeVar("T")
Outcome = tuple[Any, Exception | None]  # a piece of grouped work: its result, or what it raised

_CONV_COLUMNS = (
    "c.cpk, c.id, c.label, c.folder, c.status, c.importance_score, c.word_count, c.session_count, "
    "c.created_at, c.updated_at, "
    "(SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count"
)
_MSG_COLUMNS = (
    "m.pk, m.id, m.conversation_id, m.role, m.content, m.timestamp, m.embedding_id, m.metadata, "
    "c.label, c.folder, c.status, c.importance_score, c.cpk"
)
IDEMPOTENCY_TTL = timedelta(hours=24)  # a retry comes within seconds; a day covers any outage
PURGE_INTERVAL = 60.0  # seconds between sweeps of expired idempotency records


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


def count_words(text: str, chunk: int = 65_536) -> int:
    """``len(text.split())`` without building the list (a 2 MB message would make ~300k strings)."""
    count = 0
    for start in range(0, len(text), chunk):
        piece = text[start : start + chunk]
        count += len(piece.split())
        if start and piece[:1].strip() and text[start - 1 : start].strip():
            count -= 1  # a word straddles the boundary: counted in both pieces
    return count


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


def _messages_by_pk(conn: sqlite3.Connection, pks: Sequence[int]) -> dict[int, StoredMessage]:
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


def _prefixes(conn: sqlite3.Connection, pks: list[int], max_chars: int) -> list[tuple[int, str]]:
    """The first ``max_chars`` of each message, one row at a time: SQLite holds one whole text at most."""
    out: list[tuple[int, str]] = []
    for pk in pks:
        row = conn.execute(
            "SELECT substr(content, 1, ?) FROM messages WHERE pk = ?", (max_chars, pk)
        ).fetchone()
        if row is not None:
            out.append((pk, str(row[0])))
    return out


class KeyReusedError(Exception):
    """An ``Idempotency-Key`` already answered a different request."""

    def __init__(self, key: str) -> None:
        super().__init__(
            f"Idempotency-Key {key!r} was already used for a different request; "
            "use a new key for a new conversation"
        )


def _request_hash(*request: Any) -> str:
    """What identifies a write request, for telling a retry from a reused key."""
    canonical = json.dumps(request, ensure_ascii=False, default=lambda m: [m.role, m.content, m.timestamp])
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _recorded(conn: sqlite3.Connection, key: str, request_hash: str, not_before: str) -> Any:
    """The stored answer to ``key`` if it is live and was for this request; None if there is none."""
    row = conn.execute(
        "SELECT request_hash, response FROM idempotency_records WHERE key = ? AND created_at >= ?",
        (key, not_before),
    ).fetchone()
    if row is None:
        return None
    if row[0] and row[0] != request_hash:  # records from before version 2 have no hash
        raise KeyReusedError(key)
    return json.loads(row[1])


def _remember(
    conn: sqlite3.Connection, keyed: tuple[str, str], conversation_id: str, answer: dict[str, Any], now: str
) -> None:
    """Record what a write with an idempotency key did, so a retry can answer the same."""
    conn.execute(  # REPLACE: an expired record of the same key may still be there
        "INSERT OR REPLACE INTO idempotency_records "
        "(key, conversation_id, request_hash, response, created_at) VALUES (?, ?, ?, ?, ?)",
        (keyed[0], conversation_id, keyed[1], json.dumps(answer), now),
    )


def _carried(messages: Sequence[NewMessage], first: str) -> list[str]:
    """Each message's time: its own, else that of the message before it (``first`` for the
    first), so messages without one keep their place after those with one."""
    times: list[str] = []
    for message in messages:
        times.append(message.timestamp or (times[-1] if times else first))
    return times


def _words(messages: Sequence[NewMessage]) -> int:
    return sum(count_words(m.content) for m in messages)


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


class Store:
    """The database. Writes are serialised on one connection; each thread reads on its own."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._next_purge = 0.0
        self.failure: tuple[StorageFailure, float] | None = None  # the last, with its time.time()
        self.last_write = 0.0  # time.time() of the last write that committed
        self._writer = self._connect()
        try:
            self.schema_version = migrate(self._writer)
        except BaseException:
            self._writer.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            # FULL: a commit is on disk before the request is acknowledged, even across power loss.
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=30000")
        except BaseException:
            conn.close()
            raise
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
                self._rollback(exc)
                if not isinstance(exc, Exception):
                    raise
                return [(None, exc) for _ in work]
            self.last_write = time.time()
        for _, error in outcomes:
            if isinstance(error, sqlite3.Error):
                self._note(error)
        return outcomes

    def _rollback(self, exc: BaseException) -> None:
        """End a failed write transaction (SQLite may have rolled it back already) and note why."""
        if self._writer.in_transaction:
            self._writer.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            self._note(exc)

    def _note(self, exc: sqlite3.Error) -> None:
        failure = explain(exc, self.path)
        if failure is not None:
            self.failure = (failure, time.time())

    def probe(self) -> None:
        """A tiny write, to learn whether a storage failure has cleared (more space, say)."""
        self.write(
            lambda c: c.execute(
                "INSERT INTO meta (key, value) VALUES ('write_probe', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (to_db(utcnow()),),
            )
        )

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
        except sqlite3.Error as exc:
            self._note(exc)
            raise
        finally:
            if conn.in_transaction:  # an I/O error may have ended it already
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

    def create_work(
        self,
        label: str,
        folder: str,
        messages: Sequence[NewMessage],
        importance_score: int = 5,
        idempotency_key: str | None = None,
        created_at: str | None = None,
    ) -> Callable[[sqlite3.Connection], Created]:
        """Store a conversation and its messages in one transaction: the work for :meth:`write`.

        ``created_at`` and each message's own time are original times (stored form) kept as
        given: a message without one takes the time of the message before it (the first, the
        conversation's), and ``updated_at`` is the latest. Without any, everything is now.
        Concurrent creates hand it to :meth:`commit_group` instead.

        With a key, a record of the answer is kept for :data:`IDEMPOTENCY_TTL` (and no longer
        than the conversation): the same key with the same request replays it, the same key with
        a different request raises :class:`KeyReusedError`.
        """
        keyed = None  # the key and the hash of the request it names
        if idempotency_key is not None:
            keyed = (idempotency_key, _request_hash(label, folder, messages, importance_score, created_at))
        purge = self._purge_due()

        def run(conn: sqlite3.Connection) -> Created:
            now_dt = utcnow()
            now = to_db(now_dt)
            if purge:
                conn.execute(
                    "DELETE FROM idempotency_records WHERE created_at < ?", (to_db(now_dt - IDEMPOTENCY_TTL),)
                )
            if keyed is not None:
                replayed = _recorded(conn, *keyed, to_db(now_dt - IDEMPOTENCY_TTL))
                if replayed is not None:
                    return Created(**replayed, replayed=True)
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
            if keyed is not None:
                _remember(
                    conn, keyed, cid, {k: v for k, v in created.__dict__.items() if k != "replayed"}, now
                )
            return created

        return run

    def _purge_due(self) -> bool:
        """True at most once per :data:`PURGE_INTERVAL`: the next create also drops expired records."""
        now = time.monotonic()
        if now < self._next_purge:
            return False
        self._next_purge = now + PURGE_INTERVAL
        return True

    def append_work(
        self, conversation_id: str, messages: Sequence[NewMessage], idempotency_key: str | None = None
    ) -> Callable[[sqlite3.Connection], bool]:
        """Add messages after a conversation's others; False when there is no such conversation.

        The first message without its own time is stored at now, a later one at the time of the
        message before it; ``updated_at`` moves to the latest of its value and theirs. A repeated
        ``idempotency_key`` adds nothing (for :data:`IDEMPOTENCY_TTL`, as with creates), and the
        same key with different messages raises :class:`KeyReusedError`.
        """
        keyed = None
        if idempotency_key is not None:
            keyed = (f"append {conversation_id} {idempotency_key}", _request_hash(conversation_id, messages))

        def run(conn: sqlite3.Connection) -> bool:
            row = conn.execute(
                "SELECT updated_at FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if row is None:
                return False
            now_dt = utcnow()
            now = to_db(now_dt)
            if keyed is not None and _recorded(conn, *keyed, to_db(now_dt - IDEMPOTENCY_TTL)) is not None:
                return True
            times = _carried(messages, now)
            conn.execute(
                "UPDATE conversations SET word_count = word_count + ?, updated_at = ? WHERE id = ?",
                (_words(messages), max([str(row[0]), *times]), conversation_id),
            )
            _insert_messages(conn, conversation_id, messages, times)
            if keyed is not None:
                _remember(conn, keyed, conversation_id, {"appended": len(messages)}, now)
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
        try:
            conn.execute("BEGIN IMMEDIATE")
            result = fn(conn)
            conn.execute("COMMIT")  # a full disk often shows only here
        except BaseException as exc:
            self._rollback(exc)
            raise
        self.last_write = time.time()
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
        return self.read(lambda conn: _messages_by_pk(conn, pks))

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
        """Messages matching an FTS5 expression (built by ``fts``), best bm25 first, pinned boosted.

        While no conversation is pinned or (for a search without archived ones) archived, which
        is the common case, ranking and counting run on the full-text index alone; otherwise
        every match is joined with its conversation. Whole rows are loaded for the page only.
        """
        status = "" if include_archived else "AND c.status != 'archived'"
        special = "c.status = 'active' AND c.importance_score >= 10" + (
            "" if include_archived else " OR c.status = 'archived'"
        )

        def run(conn: sqlite3.Connection) -> tuple[list[tuple[StoredMessage, float]], int]:
            if conn.execute(f"SELECT 1 FROM conversations c WHERE {special} LIMIT 1").fetchone() is None:  # noqa: S608 - constant SQL
                total = conn.execute(
                    "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH ?", (match,)
                ).fetchone()[0]
                ranked = conn.execute(
                    "SELECT rowid, bm25(messages_fts) AS rank FROM messages_fts WHERE messages_fts MATCH ? "
                    "ORDER BY rank, rowid LIMIT ?",
                    (match, limit),
                ).fetchall()
            else:
                total = conn.execute(
                    "SELECT COUNT(*) FROM messages_fts f JOIN messages m ON m.pk = f.rowid "  # noqa: S608 - constant SQL, values bound
                    f"JOIN conversations c ON c.id = m.conversation_id WHERE messages_fts MATCH ? {status}",
                    (match,),
                ).fetchone()[0]
                ranked = conn.execute(
                    "SELECT m.pk, bm25(messages_fts) * (CASE WHEN c.importance_score >= 10 "  # noqa: S608 - constant SQL, values bound
                    "AND c.status = 'active' THEN 1.25 ELSE 1.0 END) AS rank "
                    "FROM messages_fts f JOIN messages m ON m.pk = f.rowid "
                    f"JOIN conversations c ON c.id = m.conversation_id WHERE messages_fts MATCH ? {status} "
                    "ORDER BY rank, m.pk LIMIT ?",
                    (match, limit),
                ).fetchall()
            rows = _messages_by_pk(conn, [int(r[0]) for r in ranked])
            return [(rows[int(r[0])], float(r[1])) for r in ranked if int(r[0]) in rows], int(total)

        return self.read(run)

    def fts_count(self, match: str, cap: int) -> int:
        """How many messages match ``match``, counting no further than ``cap`` (cost bounded by it)."""
        return int(
            self.read(
                lambda c: c.execute(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM messages_fts WHERE messages_fts MATCH ? LIMIT ?)",
                    (match, cap),
                ).fetchone()[0]
            )
        )

    def message_count_estimate(self) -> int:
        """At least the number of messages, in O(log n): the span of their keys."""

        def run(conn: sqlite3.Connection) -> int:  # two statements: SQLite seeks MIN or MAX alone, not both
            low = conn.execute("SELECT MIN(pk) FROM messages").fetchone()[0]
            high = conn.execute("SELECT MAX(pk) FROM messages").fetchone()[0]
            return 0 if low is None else int(high) - int(low) + 1

        return self.read(run)

    def unembedded_matches(
        self, match: str, upto: int, flt: ConversationFilter | None, limit: int
    ) -> list[StoredMessage]:
        """Messages up to key ``upto`` still waiting for a vector that match ``match``, best bm25 first.

        What a semantic query returns for writes the indexer has not reached yet. Quarantined
        messages are left out (the embedder will never take them).
        """
        where, args = (flt or ConversationFilter()).where()

        def run(conn: sqlite3.Connection) -> list[StoredMessage]:
            low = conn.execute(
                "SELECT MIN(pk) FROM messages WHERE embedding_id IS NULL AND pk <= ?", (upto,)
            ).fetchone()[0]
            if low is None:  # the usual case: nothing is waiting
                return []
            rows = conn.execute(
                f"SELECT {_MSG_COLUMNS} FROM messages_fts f JOIN messages m ON m.pk = f.rowid "  # noqa: S608 - constant SQL, values bound
                "JOIN conversations c ON c.id = m.conversation_id "
                "WHERE messages_fts MATCH ? AND f.rowid BETWEEN ? AND ? AND m.embedding_id IS NULL "
                f"AND m.pk NOT IN (SELECT message_pk FROM embedding_quarantine) AND {where} "
                "ORDER BY bm25(messages_fts), m.pk LIMIT ?",
                [match, low, upto, *args, limit],
            ).fetchall()
            return [_message(r) for r in rows]

        return self.read(run)

    def message_counts(self) -> tuple[int, int, int]:
        """(conversations, messages, messages waiting for an embedding; quarantined ones do not wait)."""

        def run(conn: sqlite3.Connection) -> tuple[int, int, int]:
            convs = conn.execute("SELECT COUNT(*) FROM conversations").fetchone()[0]
            msgs = conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
            pending = conn.execute(
                "SELECT COUNT(*) FROM messages WHERE embedding_id IS NULL "
                "AND pk NOT IN (SELECT message_pk FROM embedding_quarantine)"
            ).fetchone()[0]
            return int(convs), int(msgs), int(pending)

        return self.read(run)

    def last_message_pk(self) -> int:
        """The newest committed message's key (0 for none): a query waits for the indexer to reach it."""
        return int(self.read(lambda c: c.execute("SELECT COALESCE(MAX(pk), 0) FROM messages").fetchone()[0]))

    # -- embeddings ---------------------------------------------------------------------------

    def pending(self, limit: int, max_chars: int) -> tuple[list[tuple[int, str]], int]:
        """The oldest ``limit`` messages waiting for a vector (text cut to ``max_chars``), and the newest key.

        Both come from one snapshot, so when fewer than ``limit`` are pending, every message up to
        that newest key has been seen.
        """

        def run(conn: sqlite3.Connection) -> tuple[list[tuple[int, str]], int]:
            keys = conn.execute(
                "SELECT pk FROM messages WHERE embedding_id IS NULL "
                "AND pk NOT IN (SELECT message_pk FROM embedding_quarantine) ORDER BY pk LIMIT ?",
                (limit,),
            ).fetchall()
            newest = conn.execute("SELECT COALESCE(MAX(pk), 0) FROM messages").fetchone()[0]
            return _prefixes(conn, [int(r[0]) for r in keys], max_chars), int(newest)

        return self.read(run)

    def embedded_after(self, after: int, limit: int, max_chars: int) -> list[tuple[int, str]]:
        """Messages that have a vector, keys above ``after``, oldest first: the next rebuild batch."""

        def run(conn: sqlite3.Connection) -> list[tuple[int, str]]:
            keys = conn.execute(
                "SELECT pk FROM messages WHERE pk > ? AND embedding_id IS NOT NULL ORDER BY pk LIMIT ?",
                (after, limit),
            ).fetchall()
            return _prefixes(conn, [int(r[0]) for r in keys], max_chars)

        return self.read(run)

    def quarantine(self, pk: int, reason: str, attempts: int) -> None:
        """Stop trying to embed a message the embedder keeps rejecting (full-text search still finds it)."""
        self.write(
            lambda c: c.execute(
                "INSERT OR REPLACE INTO embedding_quarantine (message_pk, reason, attempts, quarantined_at) "
                "SELECT pk, ?, ?, ? FROM messages WHERE pk = ?",
                (reason, attempts, to_db(utcnow()), pk),
            )
        )

    def quarantined_count(self) -> int:
        return int(self.read(lambda c: c.execute("SELECT COUNT(*) FROM embedding_quarantine").fetchone()[0]))

    def clear_quarantine(self) -> None:
        self.write(lambda c: c.execute("DELETE FROM embedding_quarantine"))

    def save_embeddings_locked(
        self, items: Sequence[tuple[int, bytes]], meta: dict[str, str | None] | None = None
    ) -> dict[int, int]:
        """Store vectors of messages that still exist; caller holds :meth:`locked`.

        Returns message key → conversation key of the saved ones (what the vector index needs).
        One statement per table for the whole batch: a batch costs about one row's overhead.
        ``meta`` entries (None deletes one) commit in the same transaction, e.g. a rebuild's progress.
        """

        def run(conn: sqlite3.Connection) -> dict[int, int]:
            blobs = dict(items)
            found: dict[int, int] = {}
            keys = list(blobs)
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(
                    (int(pk), int(cpk))
                    for pk, cpk in conn.execute(
                        "SELECT m.pk, c.cpk FROM messages m JOIN conversations c ON c.id = m.conversation_id "  # noqa: S608 - constant SQL, values bound
                        f"WHERE m.pk IN ({marks})",
                        chunk,
                    )
                )
            conn.executemany(
                "UPDATE messages SET embedding_id = id WHERE pk = ? AND embedding_id IS NULL",
                [(pk,) for pk in found],
            )
            conn.executemany(
                "INSERT OR REPLACE INTO embeddings (message_pk, vector) VALUES (?, ?)",
                [(pk, blobs[pk]) for pk in found],
            )
            for key, value in (meta or {}).items():
                if value is None:
                    conn.execute("DELETE FROM meta WHERE key = ?", (key,))
                else:
                    conn.execute(
                        "INSERT INTO meta (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (key, value),
                    )
            return found

        return self._write_locked(run)

    def clear_embeddings_locked(self) -> None:
        """Forget every vector so the indexer embeds everything again; caller holds :meth:`locked`."""

        def run(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM embeddings")
            conn.execute("UPDATE messages SET embedding_id = NULL WHERE embedding_id IS NOT NULL")

        self._write_locked(run)

    def embedding_count(self) -> int:
        return int(self.read(lambda c: c.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]))

    def scan_embeddings(self, consume: Callable[[list[tuple[int, int, bytes]]], None], chunk: int) -> None:
        """Hand every stored ``(message key, conversation key, vector blob)`` to ``consume`` in chunks.

        One read transaction, streamed: memory holds one chunk of blobs, never the whole table.
        """

        def run(conn: sqlite3.Connection) -> None:
            cursor = conn.execute(
                "SELECT e.message_pk, c.cpk, e.vector FROM embeddings e "
                "JOIN messages m ON m.pk = e.message_pk JOIN conversations c ON c.id = m.conversation_id"
            )
            while rows := cursor.fetchmany(chunk):
                consume(rows)

        self.read(run)

    def vector_blobs(self, pks: Sequence[int]) -> dict[int, bytes]:
        """Stored vectors of these messages (those that have one)."""
        if not pks:
            return {}

        def run(conn: sqlite3.Connection) -> dict[int, bytes]:
            out: dict[int, bytes] = {}
            for start in range(0, len(pks), 500):
                chunk = list(pks[start : start + 500])
                marks = ",".join("?" * len(chunk))
                out.update(
                    (int(pk), bytes(blob))
                    for pk, blob in conn.execute(
                        f"SELECT message_pk, vector FROM embeddings WHERE message_pk IN ({marks})",  # noqa: S608 - constant SQL, values bound
                        chunk,
                    )
                )
            return out

        return self.read(run)

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
