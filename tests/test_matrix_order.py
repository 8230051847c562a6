"""`nox -s matrix -j N` starts the longest rows first (harness/matrix/order.py), with costs read
from a real history (Parquet, DuckDB) and cached per state of the history."""
from harness.matrix import order

from support.published import row_run


def test_longest_first_with_unknown_rows_first_in_table_order():
    ids = ["a", "b", "c", "d", "e"]
    assert order.longest_first(ids, {"a": 5.0, "c": 50.0, "e": 5.0}) == ["b", "d", "c", "a", "e"]
    assert order.longest_first(ids, {}) == ids


def test_costs_come_from_the_newest_cells_of_each_row(tmp_path):
    results = tmp_path / "library"
    row_run(results, "20260101T000000Z-a", env_id="slow-row", cases=("s::a", "s::b"), duration_s=30.0)
    row_run(results, "20260101T000000Z-a", env_id="fast-row", cases=("s::a", "s::b"), duration_s=1.0)
    row_run(results, "20260102T000000Z-b", env_id="fast-row", cases=("s::a",), duration_s=2.0,
            started_at="2026-01-02T00:00:05Z")   # a newer run of one cell replaces its old cost
    costs = order.row_costs(results)
    assert costs == {"slow-row": 60.0, "fast-row": 3.0}
    cache = tmp_path / "order.json"
    ids = ["fast-row", "new-row", "slow-row"]
    assert order.cached_order(ids, results, cache) == ["new-row", "slow-row", "fast-row"]
    assert cache.exists()
    row_run(results, "20260103T000000Z-c", env_id="fast-row", cases=("s::a", "s::b"), duration_s=100.0,
            started_at="2026-01-03T00:00:05Z")
    assert order.cached_order(ids, results, cache) == ["new-row", "fast-row", "slow-row"]   # cache follows the history


def test_an_unreadable_history_keeps_the_table_order(tmp_path):
    (tmp_path / "library" / "history" / "run=x").mkdir(parents=True)
    (tmp_path / "library" / "history" / "run=x" / "r.records.parquet").write_bytes(b"not parquet")
    assert order.cached_order(["b", "a"], tmp_path / "library", tmp_path / "o.json") == ["b", "a"]
