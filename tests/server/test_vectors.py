"""The int8 vector index: adds, replaces, removals, filters, boosts, growth, and its top-k selection."""

from __future__ import annotations

import numpy as np
import pytest

from sekha.server.vectors import VectorIndex, from_blobs, quantize, to_blob, top_indices


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def keys(found: tuple[list[tuple[int, int]], int]) -> list[int]:
    return [pk for pk, _ in found[0]]


def test_candidates_rank_filter_and_count_eligible_rows() -> None:
    index = VectorIndex()
    index.add([(1, 10, unit(1, 0)), (2, 10, unit(0, 1)), (3, 20, unit(1, 1)), (4, 30, unit(-1, 0))])
    best, total = index.candidates(unit(1, 0), allowed=None, count=2)
    assert total == 4
    assert [pk for pk, _ in best] and sorted(pk for pk, _ in best) == [1, 3]
    assert set(best) == {(1, 10), (3, 20)}  # each key comes with its conversation key
    assert sorted(keys(index.candidates(unit(1, 0), allowed=[10, 30], count=10))) == [1, 2, 4]
    assert index.candidates(unit(1, 0), allowed=[10, 30], count=10)[1] == 3
    assert sorted(keys(index.candidates(unit(1, 0), allowed=None, excluded=[10], count=10))) == [3, 4]
    boosted = index.candidates(unit(1, 0.05), allowed=None, boosted=[20], boost=0.5, count=1)
    assert keys(boosted) == [3]
    assert index.candidates(unit(1, 0), allowed=[99], count=3) == ([], 0)
    assert index.candidates(unit(1, 0), allowed=None, count=0) == ([], 4)  # a zero page still counts
    assert index.candidates(unit(1, 0, 0), allowed=None, count=3) == ([], 0)  # another dimension


def test_add_replaces_existing_keys_and_remove_fills_holes() -> None:
    index = VectorIndex()
    index.add([(1, 10, unit(1, 0)), (2, 10, unit(0, 1)), (3, 20, unit(1, 1))])
    index.add([(2, 11, unit(1, 0))])  # replace keeps the count and takes the new conversation
    assert len(index) == 3
    assert (2, 11) in index.candidates(unit(1, 0), allowed=[11], count=5)[0]
    index.remove([1, 99])
    assert len(index) == 2
    assert sorted(index.message_keys().tolist()) == [2, 3]
    index.remove([])
    index.add([(7, 1, unit(0, 1)), (7, 2, unit(1, 0))])  # the same key twice in a batch: the last wins
    assert index.candidates(unit(1, 0), allowed=[2], count=5)[0] == [(7, 2)]
    with pytest.raises(ValueError, match="dimension"):
        index.add([(9, 1, unit(1, 0, 0))])
    index.clear()
    assert len(index) == 0
    index.add((pk, 1, unit(pk, 1, 2)) for pk in range(1, 3000))  # grows past the first block, new dim
    assert len(index) == 2999


def test_removing_many_rows_keeps_every_other_row_findable() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((500, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = VectorIndex()
    index.add_arrays(np.arange(1, 501), np.arange(1, 501) // 10, vectors)
    gone = set(range(1, 501, 3)) | {499, 500}
    index.remove(sorted(gone))
    assert sorted(index.message_keys().tolist()) == sorted(set(range(1, 501)) - gone)
    for pk in (2, 3, 5, 498):
        assert keys(index.candidates(vectors[pk - 1], allowed=None, count=1)) == [pk]


def test_candidates_contain_the_exact_top_ten_on_random_vectors() -> None:
    rng = np.random.default_rng(2)
    matrix = rng.standard_normal((60_000, 64)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    index = VectorIndex()
    index.reserve(len(matrix))
    index.add_arrays(np.arange(len(matrix)), np.zeros(len(matrix), dtype=np.int64), matrix)
    found = 0
    for q in rng.standard_normal((20, 64)).astype(np.float32):
        q /= np.linalg.norm(q)
        exact = set(np.argsort(-(matrix @ q))[:10].tolist())
        found += len(exact & set(keys(index.candidates(q, allowed=None, count=42))))
    assert found / 200 >= 0.99


def test_quantized_codes_reconstruct_each_row_closely() -> None:
    rng = np.random.default_rng(3)
    matrix = rng.standard_normal((50, 384)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix[0] = 0.0  # an all-zero row gets a usable scale, not a division by zero
    codes, scales = quantize(matrix)
    assert codes.dtype == np.int8
    assert np.abs(codes).max() == 127
    back = codes.astype(np.float32) * scales[:, None]
    assert np.abs(back - matrix).max() <= scales.max() / 2 + 1e-7


def test_top_indices_by_sample_threshold_and_fallback() -> None:
    rng = np.random.default_rng(4)
    values = rng.standard_normal(200_000)
    for count in (1, 10, 300):
        assert set(top_indices(values, count).tolist()) == set(np.argsort(-values)[:count].tolist())
    ties = np.zeros(100_000)
    assert len(top_indices(ties, 10)) == 10  # every value passes the threshold: still exactly 10
    spiky = np.full(100_000, -np.inf)
    spiky[[5, 50, 500]] = 1.0
    assert set(top_indices(spiky, 3).tolist()) == {5, 50, 500}  # the sample saw none of them
    assert sorted(top_indices(np.array([3.0, 1.0]), 5).tolist()) == [0, 1]


def test_blobs_round_trip_as_one_matrix() -> None:
    rows = [unit(1, 2, 3), unit(-1, 0, 4)]
    assert np.array_equal(from_blobs([to_blob(r) for r in rows], 3), np.stack(rows))
    assert from_blobs([], 3).shape == (0, 3)
