"""Command line of the report; see the package docstring (harness/report/__init__.py)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build as build_mod, regress
from .columns import read_matrix
from .load import MissingResults
from .table import rows_from_library

EXIT_OK, EXIT_CHANGED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m harness.report",
                                     description="Build the Keras compatibility report from results folders.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build reports/ (index.html, heatmap.svg, table.csv, table.json, summary.md)")
    b.add_argument("--results", nargs="+", action="extend", metavar="DIR",
                   help="results roots holding <env-id>/ folders (default: results/library); several are merged")
    b.add_argument("--matrix", metavar="TOML", help="matrix table (default: matrix.toml if present)")
    b.add_argument("--cases", metavar="DIR", help="case library, for rows not run anywhere (default: cases/ "
                                                   "if present)")
    b.add_argument("--no-cases", action="store_true", help="rows only from the records")
    b.add_argument("--out", default="reports", metavar="DIR", help="output folder (default: reports)")
    b.add_argument("--baseline", metavar="TABLE_JSON", help="a previous table.json: list every changed cell")
    b.add_argument("--check", action="store_true", help="with --baseline: exit 1 when any cell changed")
    b.add_argument("--title", help="page title")
    b.add_argument("--commit", help="commit the results were produced from (default: $GITHUB_SHA)")
    b.add_argument("--adhoc", metavar="DIR", default="results/adhoc",
                   help="ad-hoc result sets, each rendered to OUT/adhoc/<name>/ (default: results/adhoc)")
    c = sub.add_parser("check", help="compare two table.json files cell by cell; exit 1 when any cell changed")
    c.add_argument("--baseline", required=True, metavar="OLD_JSON")
    c.add_argument("--current", required=True, metavar="NEW_JSON")
    return parser


def _print_changes(changes, baseline) -> None:
    if not changes:
        print(f"no cell changed since {baseline}")
        return
    print(f"{len(changes)} cell(s) changed since {baseline}:")
    for change in changes:
        print(f"  {change}")


def cmd_build(args) -> int:
    results = args.results or ["results/library"]
    missing = [r for r in results if not Path(r).is_dir()]
    if missing:
        print(f"error: results folder(s) not found: {', '.join(missing)}\n"
              "Run the matrix first (e.g. `nox -s <env-id>`), or pass --results DIR "
              "(a folder holding <env-id>/records.jsonl).", file=sys.stderr)
        return EXIT_USAGE
    matrix_path = args.matrix or ("matrix.toml" if Path("matrix.toml").is_file() else None)
    if args.matrix and not Path(args.matrix).is_file():
        print(f"error: matrix table not found: {args.matrix}", file=sys.stderr)
        return EXIT_USAGE
    cases_dir = None if args.no_cases else (args.cases or ("cases" if Path("cases").is_dir() else None))
    baseline = None
    if args.baseline:
        try:
            baseline = regress.read_table_json(args.baseline)   # before table.json is overwritten
        except regress.BaselineError as exc:
            print(f"error: baseline: {exc}", file=sys.stderr)
            return EXIT_USAGE
    elif args.check:
        print("error: --check needs --baseline", file=sys.stderr)
        return EXIT_USAGE
    try:
        built = build_mod.build(results, args.out, read_matrix(Path(matrix_path)) if matrix_path else [],
                                rows_from_library(Path(cases_dir)) if cases_dir else [], baseline,
                                args.baseline, args.title, args.commit)
        for adhoc in build_mod.adhoc_sets(Path(args.adhoc)):
            build_mod.build([adhoc], Path(args.out) / "adhoc" / adhoc.name,
                            title=f"Ad-hoc results: {adhoc.name}", commit=args.commit)
            print(f"ad-hoc set {adhoc.name}: {Path(args.out) / 'adhoc' / adhoc.name}/index.html")
    except MissingResults as exc:
        print(f"error: results folder not found: {exc}", file=sys.stderr)
        return EXIT_USAGE
    table = built.table
    print(f"{len(table.rows)} cases x {len(table.columns)} environments -> {built.out}/index.html")
    for problem in table.problems:
        print(f"warning: skipped {problem}", file=sys.stderr)
    if built.changes is not None:
        _print_changes(built.changes, args.baseline)
        if args.check and built.changes:
            return EXIT_CHANGED
    return EXIT_OK


def cmd_check(args) -> int:
    try:
        old = regress.read_table_json(args.baseline)
        new = regress.read_table_json(args.current)
    except regress.BaselineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    changes = regress.compare(old, new)
    _print_changes(changes, args.baseline)
    return EXIT_CHANGED if changes else EXIT_OK


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    return cmd_build(args) if args.command == "build" else cmd_check(args)


if __name__ == "__main__":
    sys.exit(main())
