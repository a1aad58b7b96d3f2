"""Exact cosine search over an in-memory float32 matrix (vectors persist in SQLite as BLOBs)."""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]


def to_blob(vector: Vector) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes) -> Vector:
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


class VectorIndex:
    """Unit vectors keyed by message, each tagged with its conversation for filtering.

    Rows live in one preallocated matrix; removal swaps the last row in, so both add and remove
    are O(1) per vector and a query is one matrix-vector product.
    """

    def __init__(self) -> None:
        self.dim: int | None = None  # learnt from the first vector, so remote embedders need no probe
        self._lock = threading.Lock()
        self._mat: Vector = np.zeros((0, 0), dtype=np.float32)
        self._pks = np.zeros(0, dtype=np.int64)
        self._cpks = np.zeros(0, dtype=np.int64)
        self._pos: dict[int, int] = {}
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def add(self, items: Iterable[tuple[int, int, Vector]]) -> None:
        """Add or replace ``(message key, conversation key, vector)`` rows."""
        with self._lock:
            for pk, cpk, vec in items:
                if self.dim is None:
                    self.dim = int(vec.shape[0])
                    self._mat = np.zeros((0, self.dim), dtype=np.float32)
                    self._pks = np.zeros(0, dtype=np.int64)
                    self._cpks = np.zeros(0, dtype=np.int64)
                if vec.shape != (self.dim,):
                    raise ValueError(f"vector has shape {vec.shape}, index expects ({self.dim},)")
                pos = self._pos.get(pk)
                if pos is None:
                    self._grow()
                    pos = self._n
                self._mat[pos] = vec
                self._pks[pos] = pk
                self._cpks[pos] = cpk
                if pk not in self._pos:
                    self._pos[pk] = pos
                    self._n += 1

    def _grow(self) -> None:
        if self._n < len(self._pks):
            return
        size = max(1024, len(self._pks) * 2)
        mat = np.zeros((size, self._mat.shape[1]), dtype=np.float32)
        mat[: self._n] = self._mat[: self._n]
        pks = np.zeros(size, dtype=np.int64)
        pks[: self._n] = self._pks[: self._n]
        cpks = np.zeros(size, dtype=np.int64)
        cpks[: self._n] = self._cpks[: self._n]
        self._mat, self._pks, self._cpks = mat, pks, cpks

    def remove(self, pks: Iterable[int]) -> None:
        with self._lock:
            for pk in pks:
                pos = self._pos.pop(pk, None)
                if pos is None:
                    continue
                last = self._n - 1
                if pos != last:
                    moved = int(self._pks[last])
                    self._mat[pos] = self._mat[last]
                    self._pks[pos] = moved
                    self._cpks[pos] = self._cpks[last]
                    self._pos[moved] = pos
                self._n = last

    def clear(self) -> None:
        with self._lock:
            self._pos.clear()
            self._n = 0
            self.dim = None

    def search(
        self,
        query: Vector,
        *,
        allowed: Iterable[int] | None,
        excluded: Iterable[int] = (),
        boosted: Iterable[int] = (),
        boost: float = 0.0,
        k: int,
    ) -> tuple[list[tuple[int, float]], int]:
        """Top ``k`` ``(message key, cosine distance)`` among vectors of ``allowed`` conversations.

        ``allowed`` None means every conversation except the ``excluded`` ones (cheaper than
        listing all the others when few are left out). Ranking subtracts ``boost`` from the
        distance of ``boosted`` conversations (pinned ones); the reported distance is the true
        one. Also returns how many vectors were eligible. Everything runs under the lock on views
        of the live arrays, so a query copies nothing of the size of the index.
        """
        allowed_arr = None if allowed is None else np.fromiter(allowed, np.int64)
        excluded_arr = np.fromiter(excluded, np.int64)
        boosted_arr = np.fromiter(boosted, np.int64)
        with self._lock:
            n = self._n
            if n == 0 or query.shape != (self.dim,):
                return [], 0
            cpks = self._cpks[:n]
            dist = 1.0 - self._mat[:n] @ np.asarray(query, dtype=np.float32)
            if allowed_arr is not None:
                idx: npt.NDArray[np.intp] | None = np.nonzero(np.isin(cpks, allowed_arr))[0]
            elif excluded_arr.size:
                idx = np.nonzero(~np.isin(cpks, excluded_arr))[0]
            else:
                idx = None  # every vector is eligible
            total = n if idx is None else int(idx.size)
            if total == 0 or k <= 0:
                return [], total
            rank = dist.copy() if idx is None else dist[idx]
            if boost and boosted_arr.size:
                rank -= boost * np.isin(cpks if idx is None else cpks[idx], boosted_arr)
            k = min(k, total)
            top = np.argpartition(rank, k - 1)[:k] if k < total else np.arange(total)
            rows = top if idx is None else idx[top]
            order = np.lexsort((self._pks[rows], rank[top]))
            rows = rows[order]
            return [(int(self._pks[r]), float(dist[r])) for r in rows], total
