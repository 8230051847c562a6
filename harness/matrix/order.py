"""In which order `nox -s matrix -j N` starts its rows: longest first (LPT scheduling).

With N rows at once, the matrix ends when its slowest worker does; starting the rows that take
longest first keeps the workers evenly loaded at the end (a 31-minute row started last would
run alone for half an hour). What a row costs is read from the history: the sum of the case
durations of its newest cells (what a full rerun costs). Rows never run come first, in table
order: they install their packages too and their cost is unknown.

The order is computed once per state of the history (a cache keyed by its files' names and
sizes) because every nox process reads the noxfile.
"""
from __future__ import annotations

import json
from pathlib import Path


DURATION = "duration_s"   # the record field that says how long a case took


def longest_first(row_ids: list[str], costs: dict[str, float]) -> list[str]:
    unknown = [r for r in row_ids if r not in costs]
    known = sorted((r for r in row_ids if r in costs), key=lambda r: (-costs[r], row_ids.index(r)))
    return unknown + known


def row_costs(results_set: Path) -> dict[str, float]:
    """env_id -> seconds its newest cells took, from the history of `results_set`."""
    from ..history import ingest
    from ..history.layout import ResultsSet
    from ..history.query import History
    results = ResultsSet(str(results_set))
    ingest.sync(results)
    history = History(results)
    try:
        files = sorted(str(p) for p in (Path(results_set) / "history").glob("run=*/*.records.parquet"))
        if not files:
            return {}
        frame = history.df("""
            WITH d AS (SELECT env_id, case_id, run_id, line, {took} FROM read_parquet(?, union_by_name = true)
                       WHERE case_id IS NOT NULL),
            newest AS (SELECT d.env_id, d.{took} FROM d JOIN run_order USING (env_id, run_id)
                       QUALIFY row_number() OVER (PARTITION BY d.case_id, d.env_id
                                                  ORDER BY run_order.run_rank DESC, d.line DESC) = 1)
            SELECT env_id, sum(coalesce(TRY_CAST({took} AS DOUBLE), 0)) AS seconds FROM newest GROUP BY env_id"""
                           .format(took=DURATION), files)
    finally:
        history.close()
    return {r["env_id"]: float(r["seconds"]) for r in frame.to_dict("records")}


def _signature(results_set: Path) -> list:
    base = Path(results_set) / "history"
    return sorted([str(p.relative_to(base)), p.stat().st_size] for p in base.glob("run=*/*.parquet")) \
        if base.is_dir() else []


def cached_order(row_ids: list[str], results_set: Path, cache: Path) -> list[str]:
    """longest_first() with costs from the history, cached in `cache`; the table order when the
    history cannot be read (a matrix must still run)."""
    signature = _signature(results_set)
    try:
        saved = json.loads(Path(cache).read_text())
        if saved.get("signature") == signature:
            return longest_first(row_ids, saved["costs"])
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    try:
        costs = row_costs(results_set) if signature else {}
    except Exception as exc:   # noqa: BLE001 - ordering is an optimisation, never a reason to fail
        print("note: rows in table order (the history could not be read: %s)" % exc)
        return list(row_ids)
    try:
        Path(cache).parent.mkdir(parents=True, exist_ok=True)
        Path(cache).write_text(json.dumps({"signature": signature, "costs": costs}))
    except OSError:
        pass
    return longest_first(row_ids, costs)
