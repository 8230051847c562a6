"""The planning index: what a row needs of the published history to plan, without it.

    latest/cells.parquet    the newest record of every (case, row) (every planning column:
                            case_id, env_id, run_id, line, outcome, error_type, the case /
                            runner / env hashes, any limits field; `flaky`), and the newest
                            whole-environment record of every row (case_id NULL)
    latest/rowruns.parquet  every (run, row) the history holds: a re-run row job that finds
                            its (run, row) published writes under a new run id

`publish` writes them to the data branch at each publication (History.write_index);
`fetch-index` copies them to results/<set>/published/, where History reads cells.parquet
beside the local history files (planning_cells / fresh_cases: the newer record wins) and
the row run reads rowruns.parquet (published_row_runs, below). Small: about 0.1 MB for
149 cases x 43 rows, however long the history.
"""
from __future__ import annotations

import duckdb

from .layout import ROWRUNS_FILE, ResultsSet


def published_row_runs(results: ResultsSet, row_id: str | None = None) -> set:
    """Run ids of `row_id` in the published index (or every (run, row) without row_id)."""
    path = results.published / ROWRUNS_FILE
    if not path.is_file():
        return set()
    con = duckdb.connect()
    try:
        rows = con.execute("SELECT run_id, env_id FROM read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error:
        return set()      # an unreadable index: fetch-index refuses one; never fatal here
    finally:
        con.close()
    return {r for r, e in rows if e == row_id} if row_id is not None else set(rows)
