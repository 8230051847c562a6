"""Per-case cost of isolation: fork vs a fresh interpreter vs in-process.

Runs the case library (or a -k slice of it) inside one environment three
times, once per isolation mode, and reports the runner's wall time per case
(`wall_s` in the records: process start, the case, teardown) and the whole
pytest run.

    python bench/case_cost.py --python .nox/tf2-15-keras2-py3-11-cpu/bin/python [-k seed004] [--modes fork,spawn,inprocess]

The interpreter is any environment's Python with TensorFlow and pytest installed.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_mode(python, mode, select, cases):
    results = tempfile.mkdtemp(prefix="kmatrix-bench-")
    cmd = [python, "-m", "pytest", "-p", "harness.runner.plugin", cases, "-q", "-p", "no:cacheprovider",
           "--results", results, "--isolation", mode, "--no-fingerprint"]
    if select:
        cmd += ["-k", select]
    started = time.time()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    total = time.time() - started
    path = os.path.join(results, "records.jsonl")
    if not os.path.exists(path):
        sys.exit("no records for mode %s:\n%s" % (mode, proc.stdout[-3000:] + proc.stderr[-3000:]))
    with open(path) as handle:
        recs = [json.loads(line) for line in handle]
    ran = [r for r in recs if r["outcome"] != "not_applicable"]
    walls = [r["wall_s"] for r in ran]
    bodies = [r.get("duration_s", 0.0) for r in ran]
    return {"mode": mode, "cases": len(ran), "total_s": round(total, 1),
            "wall_mean_s": round(statistics.mean(walls), 3), "wall_median_s": round(statistics.median(walls), 3),
            "overhead_median_s": round(statistics.median(w - b for w, b in zip(walls, bodies)), 3),
            "isolation_seen": sorted({r.get("isolation") for r in recs})}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", required=True, help="the environment's interpreter")
    parser.add_argument("-k", dest="select", default=None, help="pytest -k expression")
    parser.add_argument("--modes", default="fork,spawn,inprocess")
    parser.add_argument("--cases", default="cases")
    args = parser.parse_args()
    rows = [run_mode(args.python, mode, args.select, args.cases) for mode in args.modes.split(",")]
    print("%-10s %6s %9s %12s %14s %18s" % ("mode", "cases", "total_s", "wall_mean_s", "wall_median_s",
                                           "overhead_median_s"))
    for row in rows:
        print("%-10s %6d %9.1f %12.3f %14.3f %18.3f" % (row["mode"], row["cases"], row["total_s"],
                                                        row["wall_mean_s"], row["wall_median_s"],
                                                        row["overhead_median_s"]))
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
