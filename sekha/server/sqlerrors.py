"""What a SQLite failure means for the caller: an HTTP status and a message saying what to do.

Only failures of the storage itself are explained (a full disk, an I/O error, a damaged or
read-only file, a database held by another program); anything else is a bug and stays one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

# Primary result codes (the low byte of ``sqlite_errorcode``), from sqlite3.h.
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


@dataclass(frozen=True)
class StorageFailure:
    status: int
    message: str
    retry_after: int | None = None


def primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def explain(exc: sqlite3.Error, db_path: Path) -> StorageFailure | None:
    """The storage failure behind ``exc``, or None when it is not one."""
    code = primary_code(exc)
    if code == SQLITE_FULL:
        return StorageFailure(
            507,
            f"the disk holding {db_path.parent} is full, so nothing was stored; "
            "free some space and retry (the controller recovers by itself)",
        )
    if code == SQLITE_IOERR:
        return StorageFailure(
            503,
            f"the database {db_path} could not be read or written (disk I/O error: {exc}); "
            "check the disk and its free space, then retry",
        )
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StorageFailure(
            503,
            f"the database {db_path} is damaged ({exc}); stop the controller and restore it from a backup",
        )
    if code in (SQLITE_READONLY, SQLITE_CANTOPEN):
        return StorageFailure(
            503, f"the database {db_path} cannot be written ({exc}); check its permissions and the disk"
        )
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StorageFailure(
            503, f"the database {db_path} is locked by another program; retry shortly", retry_after=1
        )
    return None
