"""Sessions generated from matrix.toml: one per environment row, plus `matrix` and `report`.

    nox -l                                   every row id with its tags
    nox -s tf2.15-keras2-py3.11-cpu          one row: runs only its stale cells (new/edited cases,
                                             a changed environment or runner); --rerun-all: every cell
    nox -s tf2.15-keras2-py3.11-cpu -- -k seed004 -v     a slice: arguments after -- reach pytest
    nox -s tf2.15-keras2-py3.11-cpu -- --script my_repro.py   ad-hoc: results/adhoc/my_repro/
    nox -s tf2.15-keras2-py3.11-cpu -- --audit   also check its new cells against the plain interpreter
    nox -s tf2.15-keras2-py3.11-cpu -- --workers 2   two runner processes share its cases
    nox -t keras3                            rows by tag (tags come from the table, plus "matrix")
    nox -s matrix [-j 2]                     every row (writers first), then every row's read pass
                                             (readers of the artifacts written meanwhile), the report
    nox -s report                            the report from the history present

The step logic lives in harness/matrix/rowrun.py; this file only wires it to nox.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import nox

REPO = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))

from harness import records  # noqa: E402
from harness.matrix import interpreters, rowrun  # noqa: E402
from harness.matrix.table import MatrixError, load_matrix  # noqa: E402

nox.options.default_venv_backend = "uv"
nox.options.error_on_missing_interpreters = False

try:
    ROWS = load_matrix(REPO / "matrix.toml")
except MatrixError as exc:   # a clear message, not a traceback around it
    sys.exit("noxfile.py: %s" % exc)

RESULTS = Path(os.environ.get(records.ENV_RESULTS_ROOT) or REPO / "results")

# Every row of one nox invocation shares one run id (one run in the history).
os.environ.setdefault(records.ENV_RUN_ID, records.new_run_id())


def _check_arguments(argv: list[str]) -> None:
    """Arguments that cannot work in any row are refused once, before any row runs."""
    if "--" not in argv:
        return
    posargs = argv[argv.index("--") + 1:]
    try:
        rowrun.results_set(posargs)
        rowrun.plan.parse(posargs)
    except (rowrun.UsageError, ValueError) as exc:
        sys.exit("nox: %s" % exc)


_check_arguments(sys.argv)


def _matrix_requested(argv: list[str]) -> bool:
    """Is the `matrix` session among those this nox invocation runs?"""
    argv = argv[:argv.index("--")] if "--" in argv else argv
    for index, arg in enumerate(argv):
        if arg in ("-s", "--session", "--sessions", "-e") or arg.startswith(("--session=", "--sessions=")):
            values = [arg.split("=", 1)[1]] if "=" in arg else argv[index + 1:]
            for value in values:
                if value.startswith("-"):
                    break
                if value == "matrix":
                    return True
    return False


# Within `nox -s matrix`, rows write first and read in the matrix session's read pass, once
# every row's artifacts exist (docs/saveload.md); a row session alone reads what exists.
if _matrix_requested(sys.argv):
    os.environ[rowrun.ENV_DEFER_READERS] = "1"


INTERPRETERS = str(REPO / ".nox" / "kmatrix-interpreters.json")   # found once, for every nox process


def _make_row_session(row):
    found = interpreters.find_cached(row.python, INTERPRETERS)

    def session_func(session: nox.Session) -> None:
        venv_dir = Path(session.virtualenv.location) if found.path else None
        try:
            run = rowrun.run_row(row, repo_root=REPO, venv_dir=venv_dir, python=found.path,
                                 python_missing_reason=found.missing_reason(), posargs=session.posargs,
                                 results_root=RESULTS)
        except rowrun.UsageError as exc:
            session.error(str(exc))
        summary = ", ".join("%s=%s" % (k, v) for k, v in run.timing.as_dict().items()
                            if k != "env_id" and v is not None)
        if run.outcome:
            session.log("%s: %s: %s" % (row.id, run.outcome, run.reason))
        for problem in run.problems:
            session.warn("skipped %s" % problem)
        session.log("%s -> %s (%s)" % (row.id, os.path.relpath(run.results, REPO), summary))

    parts = [", ".join(row.requirements), " ".join("%s=%s" % kv for kv in row.env), row.note]
    session_func.__doc__ = " | ".join(p for p in parts if p)
    # With an interpreter, nox creates (and keeps) a uv venv that rowrun.run_row fills;
    # without one the session still runs, to record env_error instead of being skipped.
    return nox.session(
        session_func, name=row.id, tags=list(row.tags) + ["matrix"],
        python=found.path if found.path else False,
        venv_backend="uv" if found.path else "none",
        reuse_venv=True, default=False, allow_parallel=True, download_python="never")


for _row in ROWS:
    globals()["row_" + _row.id.replace(".", "_").replace("-", "_")] = _make_row_session(_row)


def _build_report(session: nox.Session, extra: list[str]) -> None:
    session.install(str(REPO))
    args = ["--results", str(RESULTS / "library"), "--adhoc", str(RESULTS / "adhoc"), "--matrix", "matrix.toml",
            "--out", "reports"]
    session.run("python", "-m", "harness.report", "build", *args, *extra)


@nox.session(venv_backend="uv", reuse_venv=True, default=True)
def report(session: nox.Session) -> None:
    """Build reports/ from the history present (host venv with pandas and DuckDB). Extra
    arguments (--baseline F, --check) reach harness.report."""
    _build_report(session, session.posargs)


READ_JOBS = int(os.environ.get("KMATRIX_READ_JOBS") or 2)   # rows reading at once in the read pass


# `nox -s matrix -j N` starts the rows that take longest first (harness/matrix/order.py).
if _matrix_requested(sys.argv):
    from harness.matrix import order
    MATRIX_ORDER = order.cached_order([row.id for row in ROWS], RESULTS / "library",
                                      REPO / ".nox" / "kmatrix-row-order.json")
else:
    MATRIX_ORDER = [row.id for row in ROWS]


@nox.session(venv_backend="uv", reuse_venv=True, default=False, requires=MATRIX_ORDER)
def matrix(session: nox.Session) -> None:
    """Every row (run first through requires=; -j N runs rows in parallel; they write), then
    every row again reading the artifacts written meanwhile (only those reader cells are
    stale; two rows at once), then the report (ad-hoc script results render to
    reports/adhoc/<name>/)."""
    from harness.matrix import readpass
    if rowrun.script_argument(session.posargs) is None:
        for line in readpass.run_all(ROWS, REPO, RESULTS, session.posargs, INTERPRETERS, jobs=READ_JOBS):
            session.log(line)
    _build_report(session, [])
