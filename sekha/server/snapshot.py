"""The vector index saved beside the database at a clean stop, so the next start need not rebuild it.

Rebuilding the index from SQLite reads every float32 vector (1.5 GB at a million messages) and
takes tens of seconds; the snapshot is the int8 index itself, read straight into its arrays.
SQLite stays the truth: the snapshot is used only while ``meta`` still holds the token written
with it, and triggers on ``embeddings`` delete that token in the same transaction as any change
to a vector (by any version of the code: the triggers are part of the schema, version 3), so a
stale snapshot is never read. A crash simply
means the next start takes the slow path.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import struct
from io import BufferedReader
from pathlib import Path

import numpy as np

from .vectors import VectorIndex

META_KEY = "vector_snapshot"
FILE_NAME = "vectors.snapshot"
_MAGIC = b"SEKHAVX1"
_HEADER = struct.Struct("<8s32sqqq")  # magic, token, rows, dimension, largest message key


def save(index: VectorIndex, directory: Path) -> str:
    """Write ``index`` atomically (owner-only file); returns the token to store in ``meta`` after."""
    token = secrets.token_hex(16)
    pks, cpks, scales, codes, max_pk = index.export()
    path = directory / FILE_NAME
    partial = path.with_suffix(".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(
            _HEADER.pack(_MAGIC, token.encode(), len(pks), codes.shape[1] if codes.ndim == 2 else 0, max_pk)
        )
        for array in (pks, cpks, scales, codes):
            out.write(np.ascontiguousarray(array).data.cast("B"))
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)
    return token


def load(index: VectorIndex, directory: Path, token: str) -> bool:
    """Fill an empty ``index`` from the snapshot written with ``token``; False if there is none."""
    path = directory / FILE_NAME
    try:
        with path.open("rb") as src:
            magic, stamp, rows, dim, max_pk = _HEADER.unpack(src.read(_HEADER.size))
            if magic != _MAGIC or stamp.decode() != token:
                return False
            index.import_rows(rows, dim, max_pk, lambda array: _fill(src, array))
    except (OSError, struct.error, ValueError):
        index.clear()
        return False
    return True


def _fill(src: BufferedReader, array: np.ndarray) -> None:
    view = array.data.cast("B")
    if src.readinto(view) != len(view):
        raise ValueError("the vector snapshot is truncated")


def discard(directory: Path) -> None:
    """Remove a snapshot (its token is gone from ``meta``; the file would only take disk)."""
    for name in (FILE_NAME, FILE_NAME.replace(".snapshot", ".partial")):
        with contextlib.suppress(FileNotFoundError):
            (directory / name).unlink()
