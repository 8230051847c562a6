"""`python -m harness.audit`: check cells against the plain interpreter (harness/audit/run.py).

    python -m harness.audit                                  every row with results, latest records
    python -m harness.audit --rows tf2.15-keras2-py3.11-cpu -k seed004 -j 2
    python -m harness.audit --rows ROW --python ROW=/path/to/python --records FILE
    python -m harness.audit --unaudited --sample 1 -j 2     what the scheduled CI runs per row

Audits the newest record of every cell of each row (the history of --results),
prints an agreement table per row and every disagreement with both sides, and
keeps the results in the history (the report shows them). With --records, reads
one records.jsonl instead and writes audit.jsonl next to it. --unaudited skips every cell that
already has a valid audit (its own, or one of identical inputs and result carried forward:
harness/audit/carry.py); --sample N audits at most N cells per scenario (a real slice that
reaches every scenario, for budgets). Exit 0 when every
audited cell agrees, 1 when any disagrees, 2 on a usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import records
from ..history import ingest
from ..history.layout import ResultsSet
from ..history.query import History
from ..matrix import rowrun
from ..matrix.table import MatrixError, by_id, load_matrix
from ..report.model import present
from . import carry, run

REPO = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", default=str(REPO / "results" / "library"), help="results set")
    parser.add_argument("--rows", nargs="+", help="row ids (default: every row with results)")
    parser.add_argument("--python", action="append", default=[], metavar="ROW=PYTHON",
                        help="the row's interpreter (default: its nox environment under .nox/)")
    parser.add_argument("--records", help="read the records from this file instead (one row)")
    parser.add_argument("-k", dest="k", help="only case ids containing this text")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="plain runs at once per row")
    parser.add_argument("--unaudited", action="store_true",
                        help="only cells without a valid audit (own or carried forward)")
    parser.add_argument("--sample", type=int, metavar="N", help="at most N cells per scenario and row")
    parser.add_argument("--matrix", default=str(REPO / "matrix.toml"))
    parser.add_argument("--cases", default=str(REPO / "cases"))
    args = parser.parse_args(argv)
    try:
        rows = by_id(load_matrix(args.matrix))
    except (OSError, MatrixError) as exc:
        parser.error(str(exc))
    pythons = dict(item.split("=", 1) for item in args.python if "=" in item)

    def interpreter(row_id):
        return pythons.get(row_id) or str(rowrun.venv_python(rowrun.default_venv_dir(REPO, row_id)))
    unknown = [r for r in args.rows or () if r not in rows]
    if unknown:
        parser.error("unknown row(s): %s" % ", ".join(unknown))
    unbuilt = [r for r in args.rows or () if not Path(interpreter(r)).exists()]
    if unbuilt:   # rows named that cannot be audited: one usage error before anything runs
        parser.error("no interpreter for %s (build the row first: %s)" % (
            ", ".join("%s at %s" % (r, interpreter(r)) for r in unbuilt), "; ".join("nox -s %s" % r for r in unbuilt)))
    results = ResultsSet(args.results)
    latest, audits = None, {}
    if not args.records:
        ingest.sync(results)
        history = History(results)
        try:
            latest = history.latest_cells()
            audits = carry.by_cell(history.audits()) if args.unaudited else {}
        finally:
            history.close()
    wanted = args.rows or sorted(set(latest["env_id"]) if latest is not None and len(latest) else [])
    unknown = [r for r in wanted if r not in rows]
    if unknown:
        parser.error("unknown row(s): %s" % ", ".join(unknown))
    if args.records and len(wanted) != 1:
        parser.error("--records reads one row's records: give exactly one --rows")
    disagreements = 0
    for row_id in wanted:
        row = rows[row_id]
        python = interpreter(row_id)
        if not Path(python).exists():
            print("%s: no interpreter at %s (build the row first: nox -s %s)" % (row_id, python, row_id))
            continue
        if args.records:
            found, problems = records.read_jsonl(args.records)
            for problem in problems:
                print("warning: skipped %s" % problem, file=sys.stderr)
        else:
            mine = latest[latest["env_id"] == row_id] if len(latest) else latest
            found = [{k: present(v) for k, v in r.items()} for r in mine.to_dict("records")]
            found = [dict(r, outcome=r["outcome"]) for r in found if r["outcome"] != "flaky"]
        found = [r for r in found if r.get("case_id") and (not args.k or args.k in r["case_id"])]
        if args.unaudited:
            found = carry.unaudited(found, audits, row_id)
        if args.sample:
            found = _sample(found, args.sample)
        writer_of = run.writers_in(rows, lambda rid: pythons.get(rid) or str(
            rowrun.venv_python(rowrun.default_venv_dir(REPO, rid))))
        kept: list = []

        def keep(batch, row_id=row_id, total=len(found)):
            """Into the history after every batch: an audit stopped after hours keeps its work."""
            by_run: dict = {}
            for check in batch:
                by_run.setdefault(check.record["run_id"], []).append(check.as_record(row_id))
            for run_id, lines in by_run.items():
                ingest.write_audit(results, run_id, row_id, lines)
            kept.extend(batch)
            print("%s: %d/%d cells audited" % (row_id, len(kept), total), file=sys.stderr, flush=True)
        checks = run.audit_row(row, python, found, Path(args.cases), jobs=args.jobs, writer_of=writer_of,
                               on_batch=None if args.records else keep)
        if args.records:
            path = run.write(checks, row_id, Path(args.records).parent)
        else:
            path = results.root / "history"
        audited = [c for c in checks if c.audited]
        agree = [c for c in audited if not c.differences()]
        print("%-40s %d/%d audited cells agree (%d not audited) -> %s" % (
            row_id, len(agree), len(audited), len(checks) - len(audited), path))
        for check in audited:
            if check.differences():
                disagreements += 1
                print("  DISAGREE %s: %s" % (check.case_id, "; ".join(check.differences())))
                print("     record: %s" % records.summary(check.record, width=120))
                print("     plain:  %s (exit %s) %s" % (check.plain.outcome, check.exit_code,
                                                        check.plain.last_line[:160]))
    return 1 if disagreements else 0


def _sample(found: list[dict], n: int) -> list[dict]:
    """At most n cells per scenario, spread over its variants: errors first (what people paste),
    then the rest, in case-id order so two runs of one commit pick the same cells."""
    by_scenario: dict = {}
    for rec in sorted(found, key=lambda r: (r["outcome"] in ("ok", "not_applicable"), r["case_id"])):
        by_scenario.setdefault(rec["case_id"].split("::")[0], []).append(rec)
    return [r for recs in by_scenario.values() for r in recs[:n]]


if __name__ == "__main__":
    sys.exit(main())
