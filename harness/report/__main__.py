"""Command line of the report; see the package docstring (harness/report/__init__.py)."""
from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from harness.matrix.table import MatrixError, load_matrix

from . import model, publish, regress

EXIT_OK, EXIT_CHANGED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m harness.report",
                                     description="Build the Keras compatibility report from the results history.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build reports/ (index.html, heatmap.svg, table.csv, table.json, summary.md, "
                                                "search-data.json)")
    b.add_argument("--results", default="results/library", metavar="DIR",
                   help="results set: runs/ and history/ (default: results/library)")
    b.add_argument("--matrix", metavar="TOML", help="matrix table (default: matrix.toml if present)")
    b.add_argument("--cases", metavar="DIR", help="case library, for rows not run anywhere (default: cases/ "
                                                   "if present)")
    b.add_argument("--no-cases", action="store_true", help="rows only from the records")
    b.add_argument("--out", default="reports", metavar="DIR", help="output folder (default: reports)")
    b.add_argument("--baseline", metavar="TABLE_JSON", help="a previous table.json: list every changed cell")
    b.add_argument("--check", action="store_true", help="with --baseline: exit 1 when a stable cell changed")
    b.add_argument("--title", help="page title")
    b.add_argument("--commit", help="commit the results were produced from (default: $GITHUB_SHA)")
    b.add_argument("--adhoc", metavar="DIR", default="results/adhoc",
                   help="ad-hoc result sets, each rendered to OUT/adhoc/<name>/ (default: results/adhoc)")
    c = sub.add_parser("check", help="compare two table.json files cell by cell; exit 1 when a stable cell changed")
    c.add_argument("--baseline", required=True, metavar="OLD_JSON")
    c.add_argument("--current", required=True, metavar="NEW_JSON")
    return parser


def _print_changes(changes, baseline) -> None:
    if not changes:
        print(f"no cell changed since {baseline}")
        return
    failing = [c for c in changes if c.fails]
    print(f"{len(failing)} cell(s) changed since {baseline}" + (
        f" ({len(changes) - len(failing)} more: flaky, added or removed, which do not fail --check)"
        if len(changes) > len(failing) else "") + ":")
    for change in changes:
        print(f"  {change}")


def _usage(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_build(args) -> int:
    results = Path(args.results)
    if not results.is_dir():
        return _usage(f"results set not found: {results}\nRun the matrix first (e.g. `nox -s <env-id>`), "
                      "or pass --results DIR (a folder holding runs/ and history/).")
    matrix_path = Path(args.matrix) if args.matrix else (Path("matrix.toml") if Path("matrix.toml").is_file() else None)
    try:
        rows = load_matrix(matrix_path) if matrix_path else []
    except MatrixError as exc:
        return _usage(str(exc))
    if args.cases and not Path(args.cases).is_dir():
        return _usage(f"case library not found: {args.cases}")
    cases_dir = None if args.no_cases else (args.cases or ("cases" if Path("cases").is_dir() else None))
    baseline = None
    if args.baseline:
        try:
            baseline = regress.read_table_json(args.baseline)   # before table.json is overwritten
        except regress.BaselineError as exc:
            return _usage(f"baseline: {exc}")
    elif args.check:
        return _usage("--check needs --baseline")
    library = model.library_rows(Path(cases_dir)) if cases_dir else []
    try:
        built = publish.build(results, args.out, rows, library, baseline, args.baseline, args.title, args.commit)
        for adhoc in publish.adhoc_sets(Path(args.adhoc)):
            publish.build(adhoc, Path(args.out) / "adhoc" / adhoc.name, title=f"Ad-hoc results: {adhoc.name}",
                          commit=args.commit)
            print(f"ad-hoc set {adhoc.name}: {Path(args.out) / 'adhoc' / adhoc.name}/index.html")
    except publish.NoResults as exc:
        return _usage(f"{exc}; the previous report in {args.out} is left as it was")
    grid = built.grid
    print(f"{len(grid.rows)} cases x {len(grid.columns)} environments -> {built.out}/index.html")
    for problem in built.problems:
        print(f"warning: skipped {problem}", file=sys.stderr)
    if built.changes is not None:
        _print_changes(built.changes, args.baseline)
        if args.check and any(c.fails for c in built.changes):
            return EXIT_CHANGED
    return EXIT_OK


def cmd_check(args) -> int:
    try:
        old = regress.read_table_json(args.baseline)
        new = regress.read_table_json(args.current)
    except regress.BaselineError as exc:
        return _usage(str(exc))
    if not any(new["cells"].values()):   # an empty build compared with anything is no "no change"
        return _usage(f"{args.current}: the current table has no cells: nothing to check (was its build empty?)")
    changes = regress.compare(old, new)
    _print_changes(changes, args.baseline)
    return EXIT_CHANGED if any(c.fails for c in changes) else EXIT_OK


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        return cmd_build(args) if args.command == "build" else cmd_check(args)
    except Exception:   # a bug of ours: say so, distinctly from "cells changed" and "bad input"
        traceback.print_exc()
        print("internal error: this is a bug in harness.report; please report it with the traceback above",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
