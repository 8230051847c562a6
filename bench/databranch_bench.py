"""Benchmark: what the data branch costs, per run and per year.

    python bench/databranch_bench.py [--rows 39] [--cases 149] [--nightly 2] [--days 7] [--edited 0]
                                     [--full-every 7] [--report] [--keep DIR]

Publishes a schema-true synthetic history (tests/support/synthetic.py; env.json with
~120 packages and a freeze.txt per row, as real rows have) to a local bare repository,
as the scheduled workflow does over --days days: a full run every --full-every days (every
cell; the Monday run), and daily runs in between where --edited cases changed (those cells
in every row; 0: a run where nothing changed) and every other cell is reused (a row run with
no records). The --nightly rows run every cell three times every day (--repeat 3). After
each publication: the history files it added, the growth of the remote repository (git's
objects as pushed: what GitHub stores), the planning index a row job downloads
(fetch-index, a partial fetch). Then the week is compacted (lossless, verified) and the
branch measured again.

Synthetic records repeat themselves far more than real ones (about 100 bytes a record in
Parquet against 400 for the real matrix), so the history's own size per year comes from
real runs (README); what this measures is the branch's overhead: latest/, the index, git.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from harness import records  # noqa: E402
from harness.history import databranch, ingest  # noqa: E402
from harness.history.layout import ResultsSet  # noqa: E402
from support import synthetic  # noqa: E402


def _git_bytes(remote: Path, gc: bool = False) -> int:
    """The remote's object store: as pushed (packs and loose objects), or after git gc."""
    if gc:
        subprocess.run(["git", "--git-dir", str(remote), "gc", "--quiet", "--aggressive", "--prune=now"], check=True)
    return sum(p.stat().st_size for p in (remote / "objects").rglob("*") if p.is_file())


def _row(results: Path, run_id: str, env_id: str, cases: list[str], rng: random.Random, e: int) -> None:
    packages = {"pkg-%03d" % i: "1.%d.%d" % (i % 7, e % 5) for i in range(120)}
    env = synthetic.env_json(env_id, "2.%d.1" % (1 + e // 3), "tf.keras", "2.%d.0" % (1 + e // 3), "3.11.9",
                             packages=packages)
    names, weights = list(synthetic._WEIGHTS), list(synthetic._WEIGHTS.values())
    recs = [synthetic.case_record(env_id, run_id, c, rng.choices(names, weights)[0], case_hash="c" * 64,
                                  runner_hash="r" * 64, env_hash="%064x" % e) for c in cases]
    folder = synthetic.write_run(results, run_id, env_id, env, recs, kept=False)
    (folder / records.FREEZE_FILE).write_text("".join("%s==%s\n" % kv for kv in packages.items()))
    (folder / records.TIMING_FILE).write_text(json.dumps({"env_id": env_id, "cases_s": 100.0}))
    ingest.ingest(ResultsSet(results), run_id, env_id, complete=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=39)
    parser.add_argument("--cases", type=int, default=149)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--edited", type=int, default=0, help="cases edited per daily run")
    parser.add_argument("--nightly", type=int, default=2, help="rows that run everything, three times, daily")
    parser.add_argument("--full-every", type=int, default=7, help="a full run every N days")
    parser.add_argument("--report", action="store_true", help="build the report daily: latest/ holds the table")
    parser.add_argument("--keep", metavar="DIR")
    args = parser.parse_args(argv)
    rng = random.Random(0)
    cases = ["seed%03d_scenario_%03d::variant_%d" % (c % 5, c // 4, c % 4) for c in range(args.cases)]
    with tempfile.TemporaryDirectory(prefix="kmatrix-branch-") as temp:
        base = Path(args.keep or temp)
        remote = base / "remote.git"
        subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
        subprocess.run(["git", "--git-dir", str(remote), "config", "uploadpack.allowFilter", "true"], check=True)
        results = base / "ci" / "library"
        previous = 0
        print("day  run                     records   history files added   remote growth   index fetched")
        for day in range(args.days):
            run_id = "202601%02dT031700Z-gh%d" % (day + 1, day + 1)
            before = {p: p.stat().st_size for p in (results / "history").rglob("*.parquet")} \
                if (results / "history").is_dir() else {}
            edited = cases if day % args.full_every == 0 else rng.sample(cases, args.edited)
            cells = 0
            for e in range(args.rows):
                mine = cases * 3 if e < args.nightly else edited
                _row(results, run_id, "tf2.%d-row-%02d" % (1 + e // 3, e), mine, rng, e)
                cells += len(mine)
            report = None
            if args.report:     # latest/ then holds the table too, as in CI
                from harness.report import publish
                report = publish.build(results, base / "reports").out
            started = time.perf_counter()
            databranch.publish(ResultsSet(results), str(remote), report=report, first_publication=(day == 0))
            took = time.perf_counter() - started
            added = sum(p.stat().st_size for p in (results / "history").rglob("*.parquet") if p not in before)
            size = _git_bytes(remote)
            index = base / ("row%d" % day)
            databranch.fetch_index(ResultsSet(index), str(remote))
            fetched = sum(p.stat().st_size for p in (index / "published").iterdir())
            print("%3d  %s  %6d   %8.2f MB            %8.2f MB      %6.3f MB   (publish %.1f s)"
                  % (day + 1, run_id, cells, added / 1e6, (size - previous) / 1e6,
                     fetched / 1e6, took))
            previous = size
        print("remote after %d days: %.2f MB as pushed, %.2f MB after git gc; local history %.2f MB in %d files"
              % (args.days, previous / 1e6, _git_bytes(remote, gc=True) / 1e6,
                 sum(p.stat().st_size for p in (results / "history").rglob("*.parquet")) / 1e6,
                 len(list((results / "history").rglob("*.parquet")))))
        from harness.report import publish
        publish.build(results, base / "reports")
        sizes = ["%s %.0f kB" % (n, (base / "reports" / n).stat().st_size / 1e3)
                 for n in ("summary.md", "table.csv", "table.json")]
        print("latest/ besides the index: %s" % ", ".join(sizes))
        started = time.perf_counter()
        said = databranch.compact(ResultsSet(base / "compact"), str(remote), "20260201")
        print("compaction (%.1f s): %s" % (time.perf_counter() - started, said))
        tree = subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "-l", "results", "history/"],
                              capture_output=True, text=True, check=True).stdout.splitlines()
        print("after compaction: the tip's history holds %d files, %.2f MB (the git history keeps the originals:"
              " remote %.2f MB)" % (len(tree), sum(int(line.split()[3]) for line in tree) / 1e6,
                                    _git_bytes(remote, gc=True) / 1e6))
    return 0


if __name__ == "__main__":
    sys.exit(main())
