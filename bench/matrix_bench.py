"""Benchmark the matrix: wall time of the rows and where it goes.

    python bench/matrix_bench.py -j 2 -- --rerun-all   # every CPU row, every cell again (warm: reused venvs)
    python bench/matrix_bench.py -j 2                  # only what is stale (nothing: the no-change run)
    python bench/matrix_bench.py --rows ID ID ...      # chosen rows
    python bench/matrix_bench.py --no-run              # only read the newest timing.json of each row
    python bench/matrix_bench.py -j 2 -- -k seed004    # arguments after -- reach the row sessions

Runs `nox -s <rows>` (the same sessions `nox -s matrix` runs, without the report), then
prints the total wall time, the per-row breakdown from each row's newest timing.json
(results/library/runs/<run>/<row>/: venv created/reused, install, import, cases, how many
cells ran and how many were reused) and the disk used by uv's cache and by .nox, with how
many environment files are hardlinks into uv's cache.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from harness.matrix.table import load_matrix  # noqa: E402


def disk_usage(folder: Path) -> tuple[int, int, int]:
    """(apparent bytes counting each inode once, files, files with more than one link)."""
    seen, total, files, linked = set(), 0, 0, 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            try:
                st = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            files += 1
            if st.st_nlink > 1:
                linked += 1
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total, files, linked


def uv_cache_dir() -> Path:
    out = subprocess.run(["uv", "cache", "dir"], capture_output=True, text=True)
    return Path(out.stdout.strip() or Path.home() / ".cache" / "uv")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    posargs = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[:argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", nargs="*", help="row ids (default: every cpu row)")
    parser.add_argument("--tag", help="rows with this tag")
    parser.add_argument("-j", "--jobs", default="1", help="nox -j (rows in parallel)")
    parser.add_argument("--no-run", action="store_true", help="only summarise the timing.json present")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    rows = [r for r in load_matrix(REPO / "matrix.toml") if r.device == "cpu"]
    if args.tag:
        rows = [r for r in rows if args.tag in r.tags]
    ids = args.rows or [r.id for r in rows]
    wall = None
    if not args.no_run:
        nox = shutil.which("nox") or "nox"
        cmd = [nox, "-s", *ids, "-j", args.jobs] + (["--", *posargs] if posargs else [])
        started = time.monotonic()
        subprocess.run(cmd, cwd=REPO)
        wall = time.monotonic() - started

    table = []
    runs = REPO / "results" / "library" / "runs"
    for row_id in ids:
        found = sorted(runs.glob("*/%s/timing.json" % row_id)) if runs.is_dir() else []
        table.append(json.loads(found[-1].read_text()) if found else {"env_id": row_id})
    cols = ("venv", "create_s", "install_s", "import_s", "cases_s", "total_s", "exit_code", "planned", "reused")
    width = max(len(i) for i in ids)
    print("%-*s %8s %9s %9s %9s %9s %9s %5s %7s %6s" % (width, "row", *cols))
    for t in table:
        print("%-*s %8s %9s %9s %9s %9s %9s %5s %7s %6s" % (width, t["env_id"], *(t.get(c, "-") for c in cols)))
    sums = {c: round(sum(t.get(c) or 0 for t in table), 1) for c in cols[1:6]}
    print("sum of phases: " + ", ".join("%s=%ss" % kv for kv in sums.items())
          + " (import_s overlaps cases_s)")
    if wall is not None:
        print("wall time of %d rows (-j %s): %.1f s" % (len(ids), args.jobs, wall))

    cache, nox_dir = uv_cache_dir(), REPO / ".nox"
    cache_bytes, _, _ = disk_usage(cache)
    nox_bytes, nox_files, nox_linked = disk_usage(nox_dir)
    print("uv cache %s: %.2f GiB" % (cache, cache_bytes / 2**30))
    print(".nox: %.2f GiB counted alone; %d of %d files are hardlinks (shared with uv's cache)"
          % (nox_bytes / 2**30, nox_linked, nox_files))
    if args.json:
        args.json.write_text(json.dumps({"wall_s": wall, "rows": table, "sums": sums,
                                         "uv_cache_bytes": cache_bytes, "nox_bytes": nox_bytes,
                                         "nox_files": nox_files, "nox_hardlinked": nox_linked}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
