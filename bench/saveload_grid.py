"""Benchmark the saved-in / loaded-in grid: the matrix's two passes over chosen rows, timed.

    python bench/saveload_grid.py --rows ROW ROW ... [-j 2] [-- -k saveload]
    python bench/saveload_grid.py --no-run          # only the per-cell costs of the newest records

Pass 1 is `nox -s <rows> -j N` with KMATRIX_DEFER_READERS=1 (rows write; what `nox -s matrix`
runs first), pass 2 the matrix's read pass (harness/matrix/readpass.py, N rows at once: only
the reader cells the new artifacts made stale). Prints both wall times, then from the newest
record of every reader cell: cells, median / p90 wall time per read (the case process forked
from the row's warm parent: unpack, load, predict, compare), the same per reader variant, and
the artifacts' sizes per writer.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from harness import records  # noqa: E402
from harness.history.layout import ResultsSet  # noqa: E402
from harness.history.query import History  # noqa: E402
from harness.matrix import readpass, rowrun  # noqa: E402
from harness.matrix.table import load_matrix  # noqa: E402


def _pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def costs(results: Path) -> None:
    history = History(ResultsSet(results))
    try:
        cells = history.latest_cells()
    finally:
        history.close()
    if not len(cells):
        print("no records")
        return
    readers = cells[cells["case_id"].str.contains("@", regex=False)]
    ran = readers[readers["outcome"] != "not_applicable"]
    walls = [float(w) for w in ran["wall_s"].dropna()]
    print("reader cells: %d (%d forked; %d not applicable by metadata, no process)" % (
        len(readers), len(ran), len(readers) - len(ran)))
    print("per read, forked from the warm parent: median %.2f s, p90 %.2f s, sum %.0f s" % (
        _pct(walls, .5), _pct(walls, .9), sum(walls)))
    by_variant = {}
    for case_id, wall in zip(ran["case_id"], ran["wall_s"]):
        by_variant.setdefault(case_id.split("@")[0], []).append(float(wall))
    for variant, values in sorted(by_variant.items()):
        print("  %-70s %4d cells  median %.2f s" % (variant, len(values), statistics.median(values)))
    writers = cells[cells["artifact"].notna() & ~cells["case_id"].str.contains("@", regex=False)]
    sizes = {}
    for case_id, size in zip(writers["case_id"], writers["artifact_bytes"]):
        sizes.setdefault(case_id, []).append(int(size))
    print("artifacts (bytes, .tar.gz) per writer: min / max over environments")
    for case_id, values in sorted(sizes.items()):
        print("  %-60s %3d  %9d / %9d" % (case_id, len(values), min(values), max(values)))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    posargs = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[:argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", nargs="*", default=[])
    parser.add_argument("-j", type=int, default=2)
    parser.add_argument("--no-run", action="store_true")
    args = parser.parse_args(argv)
    results = Path(os.environ.get(records.ENV_RESULTS_ROOT) or REPO / "results")
    if not args.no_run:
        rows = [r for r in load_matrix(REPO / "matrix.toml") if r.id in args.rows]
        env = dict(os.environ, **{rowrun.ENV_DEFER_READERS: "1"})
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "nox", "-s"] + [r.id for r in rows] + ["-j", str(args.j), "--"] + posargs,
                       cwd=str(REPO), env=env)
        first = time.monotonic() - started
        started = time.monotonic()
        for line in readpass.run_all(rows, REPO, results, posargs, str(REPO / ".nox" / "kmatrix-interpreters.json"),
                                     jobs=args.j):
            print(line)
        second = time.monotonic() - started
        print("pass 1 (write): %.0f s; pass 2 (read): %.0f s; total %.0f s" % (first, second, first + second))
    costs(results / "library")
    return 0


if __name__ == "__main__":
    sys.exit(main())
