"""The data directory: one owner at a time, private files, and a database checked before use."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import stat
from pathlib import Path

from .config import PRIVATE_FILE
from .schema import SchemaError
from .store import Store

LOCK_FILE = "sekha.lock"
DB_FILE = "sekha.db"
PRIVATE_FILES = (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", "api_key", LOCK_FILE)


class DataDirError(Exception):
    """The data directory cannot be used; the message says what is wrong and what to do."""


def _make_private(path: Path) -> None:
    """Create ``path`` with mode 0600, or take group and other access away from an existing file.

    SQLite gives its ``-wal`` and ``-shm`` files the database file's mode, so a private
    database keeps its journal private too.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:
            os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)


class DataDir:
    """An opened data directory: its exclusive lock and its store, until :meth:`close`."""

    def __init__(self, path: Path, store: Store, lock_fd: int) -> None:
        self.path = path
        self.store = store
        self._lock_fd: int | None = lock_fd

    @classmethod
    def open(cls, path: Path, owner: str) -> DataDir:
        """Lock ``path`` for this process and open its database; ``owner`` says who holds it
        (shown to a second controller that is refused)."""
        lock_fd = _lock(path, owner)
        try:
            for name in PRIVATE_FILES:
                if (path / name).exists() or name == DB_FILE:
                    _make_private(path / name)
            store = _open_store(path / DB_FILE)
        except BaseException:
            os.close(lock_fd)
            raise
        return cls(path, store, lock_fd)

    def close(self) -> None:
        """Close the database, then give the directory up. Safe to call twice."""
        if self._lock_fd is None:
            return
        try:
            self.store.close()
        finally:
            os.close(self._lock_fd)  # closing the descriptor releases the lock
            self._lock_fd = None


def _lock(path: Path, owner: str) -> int:
    lock_path = path / LOCK_FILE
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = ""
        with contextlib.suppress(OSError):
            holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
        os.close(fd)
        raise DataDirError(
            f"the data directory {path} is in use by another Sekha controller"
            + (f" ({holder})" if holder else "")
            + "; stop it, connect to it instead, or choose another data directory"
        ) from None
    except BaseException:
        os.close(fd)
        raise
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{owner}, pid {os.getpid()}\n".encode(), 0)
    return fd


def _open_store(db_path: Path) -> Store:
    try:
        return Store(db_path)
    except SchemaError as exc:
        raise DataDirError(f"cannot open {db_path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise DataDirError(damaged(db_path, exc)) from None


def damaged(db_path: Path, exc: sqlite3.DatabaseError) -> str:
    """The one-line explanation of a database file that SQLite cannot read."""
    return (
        f"the database {db_path} is damaged or is not a Sekha database ({exc}); "
        "restore it from a backup, or move it aside to start with an empty one"
    )
