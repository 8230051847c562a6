"""Benchmark: load and tabulate one million records.

    python bench/aggregate_bench.py [--envs 40] [--cases 25000] [--keep DIR]

Writes synthetic, schema-true results (harness.report.synthetic: 40 environments
x 25,000 case variants by default, realistic fields: errors with tracebacks,
claims on a third of the cases) to a temporary folder, then times the two host
steps every report build runs: loading + validating every line
(harness.report.load, one worker process per CPU) and building the full case x
environment table with claim verdicts (harness.report.table). Target: under
10 s on a 2-core machine (with both cores free: the parse is CPU-bound).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.report import load, synthetic, table  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--envs", type=int, default=40)
    parser.add_argument("--cases", type=int, default=25_000)
    parser.add_argument("--keep", metavar="DIR", help="write (or reuse) the records here instead of a temp dir")
    parser.add_argument("--target", type=float, default=10.0, help="seconds; exit 1 when slower")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kmatrix-bench-") as temp:
        root = Path(args.keep or temp)
        if not any(root.glob("*/records.jsonl")):
            started = time.perf_counter()
            count = synthetic.synthetic_library(root, args.envs, args.cases)
            print(f"generated {count:,} records in {time.perf_counter() - started:.1f} s")
        size = sum(p.stat().st_size for p in root.glob("*/records.jsonl"))

        started, cpu_started = time.perf_counter(), time.process_time()
        loaded = load.load([root])
        loaded_at = time.perf_counter()
        built = table.build(loaded)
        done, cpu_done = time.perf_counter(), time.process_time()

        cells = len(built.cells)
        print(f"{len(loaded.records):,} records ({size / 1e6:.0f} MB), {len(loaded.problems)} problems")
        print(f"load + validate: {loaded_at - started:6.2f} s")
        print(f"build table:     {done - loaded_at:6.2f} s  ({len(built.rows):,} cases x "
              f"{len(built.columns)} envs = {cells:,} cells, verdicts included)")
        total = done - started
        print(f"total:           {total:6.2f} s  (target {args.target:.0f} s); CPU time {cpu_done - cpu_started:.2f} s"
              f" (this process only: parsing runs in {load.workers_for(root)} worker process(es); JSON parser: {load.PARSER})")
        return 0 if total < args.target else 1


if __name__ == "__main__":
    sys.exit(main())
