"""Command line of the published history (the data branch: databranch.py).

    python -m harness.history fetch       [--remote R] [--results DIR] [--first-publication]
    python -m harness.history fetch-index [--remote R] [--results DIR] [--first-publication]
    python -m harness.history fetch-table [--remote R] --out reports/latest
    python -m harness.history add         [--results DIR] FOLDER...      (the row jobs' uploads)
    python -m harness.history publish     [--remote R] [--results DIR] [--report reports --matrix matrix.toml]
    python -m harness.history compact     [--remote R] --before 20260101
    python -m harness.history verify      [--remote R]

R: a URL, a local path or a remote name of this repository (default: origin); the branch
is `results` (--branch). Exit codes: 0 done, 1 refused (it would lose published data, or
verify found a commit that does), 2 the published history cannot be read as it must be
(missing branch, unreachable remote, a file that is not a history file, unreadable or over
a limit) or a usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import databranch, ingest
from .gitdata import GitError, Limits
from .layout import ResultsSet

EXIT_OK, EXIT_REFUSED, EXIT_UNAVAILABLE = 0, 1, 2
MB = 1024 ** 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m harness.history", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    sub = parser.add_subparsers(dest="command", required=True)

    def remote(p, first=True):
        p.add_argument("--remote", default="origin", help="URL, path or remote name (default: origin)")
        p.add_argument("--branch", default=databranch.BRANCH)
        p.add_argument("--max-file-mb", type=int, default=Limits.file_bytes // MB, help="largest file accepted")
        p.add_argument("--max-total-mb", type=int, default=Limits.total_bytes // MB, help="most bytes copied")
        if first:
            p.add_argument("--first-publication", action="store_true",
                           help="no data branch yet is expected: start one (otherwise a missing branch fails)")

    for name, text in (("fetch", "add the published history to the local one (history/ and published/)"),
                       ("fetch-index", "fetch only the planning index (latest/cells.parquet, rowruns.parquet)"),
                       ("publish", "add the local history's new files and a new latest/ to the data branch")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--results", default="results/library")
        remote(p)
        if name == "publish":
            p.add_argument("--report", help="a built report folder: its summary.md, table.csv, table.json "
                                            "go to latest/ (rebuilt there if the branch moved meanwhile)")
            p.add_argument("--matrix", help="matrix table for that rebuild")
            p.add_argument("--cases", help="case library for that rebuild")
    t = sub.add_parser("fetch-table", help="copy latest/summary.md and table.csv into a folder")
    t.add_argument("--out", default="reports/latest")
    remote(t, first=False)
    a = sub.add_parser("add", help="add and ingest every <run>/<row>/ folder found (the row jobs' uploads)")
    a.add_argument("--results", default="results/library")
    a.add_argument("folders", nargs="+")
    c = sub.add_parser("compact", help="merge the runs older than --before, losslessly, one verified commit "
                                       "per month")
    c.add_argument("--results", default="results/library", help="where the scratch repository lives")
    c.add_argument("--before", required=True, help="a run id prefix: runs sorting before it are merged")
    remote(c, first=False)
    v = sub.add_parser("verify", help="check that every commit of the data branch only adds (or is a "
                                      "verified compaction)")
    remote(v, first=False)
    return parser


def _rebuild(args):
    """Rebuild the report folder from the local history (when the branch moved meanwhile)."""
    if not args.report:
        return None

    def rebuild():
        from harness.matrix.table import load_matrix
        from harness.report import model, publish
        rows = load_matrix(Path(args.matrix)) if args.matrix else []
        library = model.library_rows(Path(args.cases)) if args.cases else []
        publish.build(args.results, args.report, rows, library)
    return rebuild


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    say = print
    try:
        if args.command == "add":
            results = ResultsSet(args.results)
            added, skipped, problems = [], [], []
            for folder in args.folders:
                a, s, p = ingest.add_received(results, Path(folder), say)
                added, skipped, problems = added + a, skipped + s, problems + p
            for problem in problems:
                print("warning: %s" % problem, file=sys.stderr)
            say("added %d row run(s), %d already in the history" % (len(added), len(skipped)))
            if not added and not skipped:
                print("warning: no row run found under %s" % " ".join(args.folders), file=sys.stderr)
            return EXIT_OK
        limits = Limits(args.max_file_mb * MB, args.max_total_mb * MB)
        remote = databranch.resolve_remote(args.remote)
        if args.command == "verify":
            count, problems = databranch.verify(remote, args.branch, limits)
            for problem in problems:
                print("refused: %s" % problem, file=sys.stderr)
            say("%d commit(s) of %s checked: %s" % (count, args.branch, "%d problem(s)" % len(problems)
                                                   if problems else "every one only adds history files"))
            return EXIT_REFUSED if problems else EXIT_OK
        if args.command == "fetch-table":
            say(databranch.fetch_table(Path(args.out), remote, args.branch, limits))
            return EXIT_OK
        results = ResultsSet(args.results)
        if args.command == "fetch":
            say(databranch.fetch(results, remote, args.branch, args.first_publication, limits))
        elif args.command == "fetch-index":
            say(databranch.fetch_index(results, remote, args.branch, args.first_publication, limits))
        elif args.command == "publish":
            report = Path(args.report) if args.report else None
            say(databranch.publish(results, remote, args.branch, report, args.first_publication, limits,
                                   _rebuild(args)))
        elif args.command == "compact":
            say(databranch.compact(results, remote, args.before, args.branch, limits))
        return EXIT_OK
    except databranch.Refused as exc:
        print("refused: %s" % exc, file=sys.stderr)
        return EXIT_REFUSED
    except (databranch.Unavailable, GitError, OSError) as exc:
        print("error: %s" % exc, file=sys.stderr)
        return EXIT_UNAVAILABLE
