"""The in-memory side of semantic search: int8 codes of every vector, scanned in one SIMD pass.

SQLite keeps each float32 vector (the truth, used for the exact re-rank in ``search.py``); memory
holds one byte per dimension and a scale per row, a quarter of a float32 matrix. A query scores
every code with ``simsimd`` (int8 dot products, several times faster than a float32 product over
four times the bytes), then picks the best rows by a threshold taken from a sample instead of a
partial sort of the whole array. The codes are close enough that the true best rows are among the
candidates returned; the exact distances come from the stored float32 vectors.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import simsimd

Vector = npt.NDArray[np.float32]
Indices = npt.NDArray[np.intp]

CODE_MAX = 127  # symmetric int8 codes: each row is scaled so its largest component maps to ±127
SAMPLE_ABOVE = 4096  # a threshold sample has about this many rows, for indexes much larger than that


def to_blob(vector: Vector) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes) -> Vector:
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


def from_blobs(blobs: Sequence[bytes], dim: int) -> Vector:
    """Many blobs of one dimension as one ``(len(blobs), dim)`` matrix, without a row loop."""
    if not blobs:
        return np.zeros((0, dim), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(blobs), dim).astype(np.float32)


def quantize(matrix: Vector) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float32]]:
    """Rows as int8 codes and the per-row scale that maps a code back (``row ≈ code * scale``)."""
    mat = np.asarray(matrix, dtype=np.float32)
    peak = np.abs(mat).max(axis=1) if mat.size else np.zeros(len(mat), dtype=np.float32)
    scale = (np.where(peak > 0, peak, 1.0) / CODE_MAX).astype(np.float32)
    codes = np.rint(mat / scale[:, None]).astype(np.int8)
    return codes, scale


def top_indices(values: npt.NDArray[np.floating[Any]], count: int) -> Indices:
    """Positions of the ``count`` largest values (in no order), -inf never among them if avoidable.

    For large arrays a threshold from a strided sample keeps only a few times ``count`` rows, so
    the partial sort runs on those instead of on every value; if the sample misjudged (too few
    rows pass), the whole array is partitioned after all.
    """
    n = len(values)
    if count >= n:
        return np.arange(n)
    if n > 8 * SAMPLE_ABOVE and count * 64 < n:
        stride = n // SAMPLE_ABOVE
        sample = values[::stride]
        keep = min(len(sample), math.ceil(4 * count / stride) + 2)  # about 4 * count rows pass
        threshold = np.partition(sample, len(sample) - keep)[len(sample) - keep]
        passed = np.flatnonzero(values >= threshold)
        if len(passed) >= count:
            best = np.argpartition(values[passed], len(passed) - count)[len(passed) - count :]
            out: Indices = passed[best]
            return out
    everything: Indices = np.argpartition(values, n - count)[n - count :]
    return everything


class VectorIndex:
    """Vectors keyed by message, each tagged with its conversation for filtering.

    Rows live in preallocated arrays; removal moves the last row into the hole, so adding and
    removing cost O(batch) plus one pass over the keys to find the rows. All state changes and
    scans hold one lock.
    """

    def __init__(self) -> None:
        self.dim: int | None = None  # learnt from the first vector, so remote embedders need no probe
        self._lock = threading.Lock()
        self._codes: npt.NDArray[np.int8] = np.zeros((0, 0), dtype=np.int8)
        self._scales: npt.NDArray[np.float32] = np.zeros(0, dtype=np.float32)
        self._pks: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._cpks: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._n = 0
        self._max_pk = 0  # keys above this are certainly new, so most adds skip the duplicate check
        self._reserved = 0  # rows to allocate once the dimension is known

    def __len__(self) -> int:
        return self._n

    def reserve(self, rows: int) -> None:
        """Make room for ``rows`` rows in all, e.g. before loading a store of known size."""
        with self._lock:
            if self.dim is not None:
                self._grow_to(rows)
            else:
                self._reserved = rows

    def add(self, items: Iterable[tuple[int, int, Vector]]) -> None:
        """Add or replace ``(message key, conversation key, vector)`` rows."""
        rows = list(items)
        if not rows:
            return
        self.add_arrays(
            np.fromiter((r[0] for r in rows), np.int64, len(rows)),
            np.fromiter((r[1] for r in rows), np.int64, len(rows)),
            np.stack([np.asarray(r[2], dtype=np.float32) for r in rows]),
        )

    def add_arrays(self, pks: npt.NDArray[np.int64], cpks: npt.NDArray[np.int64], matrix: Vector) -> None:
        """Add or replace many rows at once: keys, conversation keys and a ``(rows, dim)`` matrix."""
        if len(pks) == 0:
            return
        if matrix.ndim != 2 or len(matrix) != len(pks) or len(cpks) != len(pks):
            raise ValueError("add_arrays needs one vector and one conversation key per message key")
        keys = np.asarray(pks, dtype=np.int64)
        pks, from_end = np.unique(keys[::-1], return_index=True)  # sorted; a repeated key's last row wins
        keep = len(keys) - 1 - from_end
        cpks = np.asarray(cpks, dtype=np.int64)[keep]
        codes, scales = quantize(matrix[keep])
        with self._lock:
            if self.dim is None:
                self._init_dim(int(matrix.shape[1]))
            if matrix.shape[1] != self.dim:
                raise ValueError(f"vectors have dimension {matrix.shape[1]}, index expects {self.dim}")
            n = self._n
            pos = np.full(len(pks), -1, dtype=np.intp)
            if n and int(pks[0]) <= self._max_pk:  # some may already be indexed: replace those rows
                existing = np.flatnonzero(np.isin(self._pks[:n], pks))
                where = np.searchsorted(pks, self._pks[existing])
                pos[where] = existing
            new = np.flatnonzero(pos < 0)
            self._grow_to(n + len(new))
            pos[new] = np.arange(n, n + len(new))
            self._codes[pos] = codes
            self._scales[pos] = scales
            self._pks[pos] = pks
            self._cpks[pos] = cpks
            self._n = n + len(new)
            self._max_pk = max(self._max_pk, int(pks[-1]))

    def _init_dim(self, dim: int) -> None:
        self.dim = dim
        self._codes = np.zeros((0, dim), dtype=np.int8)
        self._grow_to(max(self._reserved, 1))

    def _grow_to(self, rows: int) -> None:
        capacity = len(self._pks)
        if rows <= capacity:
            return
        size = max(1024, rows, capacity + capacity // 2)  # half again: less slack than doubling
        assert self.dim is not None
        codes = np.zeros((size, self.dim), dtype=np.int8)
        codes[: self._n] = self._codes[: self._n]
        self._codes = codes
        for name in ("_scales", "_pks", "_cpks"):
            old = getattr(self, name)
            grown = np.zeros(size, dtype=old.dtype)
            grown[: self._n] = old[: self._n]
            setattr(self, name, grown)

    def remove(self, pks: Iterable[int]) -> None:
        gone = np.fromiter(pks, np.int64)
        if gone.size == 0:
            return
        with self._lock:
            holes = np.flatnonzero(np.isin(self._pks[: self._n], gone))
            for pos in holes[::-1]:  # highest first, so a moved-in last row is never a later hole
                last = self._n - 1
                if pos != last:
                    self._codes[pos] = self._codes[last]
                    self._scales[pos] = self._scales[last]
                    self._pks[pos] = self._pks[last]
                    self._cpks[pos] = self._cpks[last]
                self._n = last

    def clear(self) -> None:
        with self._lock:
            self.clear_locked()

    def clear_locked(self) -> None:
        self._n = 0
        self._max_pk = 0
        self.dim = None
        self._codes = np.zeros((0, 0), dtype=np.int8)
        self._scales = np.zeros(0, dtype=np.float32)
        self._pks = np.zeros(0, dtype=np.int64)
        self._cpks = np.zeros(0, dtype=np.int64)

    def replace_with(self, other: VectorIndex) -> None:
        """Take ``other``'s rows in one step (a rebuilt index goes live; queries never see a gap)."""
        with other._lock, self._lock:
            self.dim, self._n, self._max_pk = other.dim, other._n, other._max_pk
            self._codes, self._scales, self._pks, self._cpks = (
                other._codes,
                other._scales,
                other._pks,
                other._cpks,
            )

    def export(
        self,
    ) -> tuple[
        npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32], npt.NDArray[np.int8], int
    ]:
        """Views of the live rows (keys, conversation keys, scales, codes) and the largest key.

        For saving at a stop, when nothing else changes the index.
        """
        with self._lock:
            n = self._n
            return self._pks[:n], self._cpks[:n], self._scales[:n], self._codes[:n], self._max_pk

    def import_rows(self, rows: int, dim: int, max_pk: int, fill: Callable[[npt.NDArray[Any]], None]) -> None:
        """Allocate ``rows`` rows (plus room to grow) and let ``fill`` write each array in place.

        ``fill`` is called with the keys, conversation keys, scales and codes, in that order, each
        exactly ``rows`` long: what :meth:`export` gave, read back without an intermediate copy.
        """
        with self._lock:
            self.clear_locked()
            if rows == 0:
                return
            self._init_dim(dim)
            self._grow_to(rows + max(1024, rows // 16))
            for array in (self._pks, self._cpks, self._scales, self._codes):
                fill(array[:rows])
            self._n = rows
            self._max_pk = max_pk

    def message_keys(self) -> npt.NDArray[np.int64]:
        """A copy of every indexed message key."""
        with self._lock:
            return self._pks[: self._n].copy()

    def candidates(
        self,
        query: Vector,
        *,
        allowed: Iterable[int] | None,
        excluded: Iterable[int] = (),
        boosted: Iterable[int] = (),
        boost: float = 0.0,
        count: int,
    ) -> tuple[list[tuple[int, int]], int]:
        """``(message key, conversation key)`` of about the ``count`` best rows, and how many were eligible.

        Eligible rows belong to ``allowed`` conversations (None: every conversation but the
        ``excluded`` ones). Rows of ``boosted`` conversations rank ``boost`` higher in cosine
        terms. Scores come from the int8 codes; callers re-rank the candidates exactly.
        """
        allowed_arr = None if allowed is None else np.fromiter(allowed, np.int64)
        excluded_arr = np.fromiter(excluded, np.int64)
        boosted_arr = np.fromiter(boosted, np.int64)
        with self._lock:
            n = self._n
            if n == 0 or query.shape != (self.dim,):
                return [], 0
            cpks = self._cpks[:n]
            rows: Indices | None = None  # None: every row is eligible
            if allowed_arr is not None:
                rows = np.flatnonzero(np.isin(cpks, allowed_arr))
            elif excluded_arr.size:
                rows = np.flatnonzero(~np.isin(cpks, excluded_arr))
            total = n if rows is None else len(rows)
            if total == 0 or count <= 0:
                return [], total
            codes = self._codes[:n] if rows is None else self._codes[rows]
            scales = self._scales[:n] if rows is None else self._scales[rows]
            q_codes, q_scale = quantize(np.asarray(query, dtype=np.float32)[None, :])
            # One thread: a scan split across threads waits for the slowest, and on a busy
            # two-core machine that one is often descheduled (measured 2-8x slower than one).
            raw = np.asarray(simsimd.cdist(q_codes, codes, metric="dot", threads=1)).ravel()
            score: npt.NDArray[np.floating[Any]] = raw * scales * float(q_scale[0])  # ≈ cosine similarity
            if boost and boosted_arr.size:
                score += boost * np.isin(cpks if rows is None else cpks[rows], boosted_arr)
            best = top_indices(score, min(count, total))
            picked = best if rows is None else rows[best]
            return [(int(self._pks[r]), int(self._cpks[r])) for r in picked], total
