"""Benchmark: the report from a long history.

    python bench/history_bench.py [--runs 100] [--envs 43] [--cases 58] [--keep DIR]

Writes a synthetic, schema-true history (tests/support/synthetic.py: --runs runs of
--envs rows x --cases cells, about 2% of the cells changing from run to run, errors
with tracebacks, claims on a third of the cases; each row run ingested as a real one
is: one Parquet file) to a temporary folder, then times what every report build does:
the DuckDB queries (latest cell, flaky detection, timelines, row runs, audits), the
case x environment grid with claim verdicts, the analyses, and the rendering of every
output. Target: under 10 s for 100 runs x 2,500 cells on a 2-core machine.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from harness.history.query import History  # noqa: E402
from harness.report import model, publish  # noqa: E402
from support import synthetic  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--envs", type=int, default=43)
    parser.add_argument("--cases", type=int, default=58)
    parser.add_argument("--keep", metavar="DIR", help="write (or reuse) the history here instead of a temp dir")
    parser.add_argument("--target", type=float, default=10.0, help="seconds; exit 1 when slower")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kmatrix-bench-") as temp:
        root = Path(args.keep or temp) / "library"
        if not any(root.glob("history/run=*/*.parquet")):
            started = time.perf_counter()
            count = synthetic.synthetic_history(root, args.runs, args.envs, args.cases)
            print(f"generated {count:,} records in {args.runs * args.envs:,} row runs "
                  f"in {time.perf_counter() - started:.1f} s")
        files = list(root.glob("history/run=*/*.parquet"))
        size = sum(p.stat().st_size for p in files)

        started, cpu_started = time.perf_counter(), time.process_time()
        history = History(root)
        grid = model.build(history, [], [])
        history.close()
        built_at = time.perf_counter()
        out = Path(temp) / "reports"
        publish.build(root, out)
        done, cpu_done = time.perf_counter(), time.process_time()
        print(f"history: {len(files):,} Parquet files, {size / 1e6:.1f} MB; {len(grid.runs)} runs, "
              f"{len(grid.timelines):,} timeline points")
        print(f"query + grid:          {built_at - started:6.2f} s  ({len(grid.rows):,} cases x "
              f"{len(grid.columns)} envs = {len(grid.cells):,} cells, verdicts included)")
        print(f"whole report (again):  {done - built_at:6.2f} s  (index.html "
              f"{(out / 'index.html').stat().st_size / 1e6:.1f} MB)")
        total = done - built_at
        print(f"report build: {total:.2f} s (target {args.target:.0f} s); CPU time {cpu_done - cpu_started:.2f} s")
        return 0 if total < args.target else 1


if __name__ == "__main__":
    sys.exit(main())
