"""Sessions generated from matrix.toml: one per environment row, plus `matrix` and `report`.

    nox -l                                   every row id with its tags
    nox -s tf2.15-keras2-py3.11-cpu          one row (reuses its venv while its requirements hold)
    nox -s tf2.15-keras2-py3.11-cpu -- -k seed004 -v     arguments after -- reach pytest
    nox -s tf2.15-keras2-py3.11-cpu -- --script my_repro.py   ad-hoc: results/adhoc/my_repro/<id>/
    nox -t keras3                            rows by tag (tags come from the table, plus "matrix")
    nox -s matrix [-j 2]                     every row, then the report
    nox -s report                            the report from the results present

The step logic lives in harness/matrix/build.py; this file only wires it to nox.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import nox

REPO = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))

from harness.matrix import build, interpreters  # noqa: E402
from harness.matrix.table import load_matrix  # noqa: E402

nox.options.default_venv_backend = "uv"

nox.options.error_on_missing_interpreters = False

ROWS = load_matrix(REPO / "matrix.toml")


def _make_row_session(row):
    found = interpreters.find_cached(row.python)

    def session_func(session: nox.Session) -> None:
        venv_dir = Path(session.virtualenv.location) if found.path else None
        run = build.run_row(row, repo_root=REPO, venv_dir=venv_dir, python=found.path,
                            python_missing_reason=found.missing_reason(), posargs=session.posargs)
        timing = run.timing
        summary = ", ".join("%s=%s" % (k, v) for k, v in timing.as_dict().items() if k != "env_id")
        if run.outcome:
            session.log("%s: %s: %s" % (row.id, run.outcome, run.reason))
        session.log("%s -> %s (%s)" % (row.id, run.results.relative_to(REPO), summary))

    parts = [", ".join(row.requirements), " ".join("%s=%s" % kv for kv in row.env), row.note]
    session_func.__doc__ = " | ".join(p for p in parts if p)
    # With an interpreter, nox creates (and keeps) a uv venv that build.run_row fills;
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
    args = ["--results", "results/library", "--matrix", "matrix.toml", "--out", "reports"]
    session.run("python", "-m", "harness.report", "build", *args, *extra)


@nox.session(venv_backend="uv", reuse_venv=True, default=True)
def report(session: nox.Session) -> None:
    """Build reports/ from the results present (host venv with pandas). Extra arguments
    (--baseline F, --check) reach harness.report."""
    _build_report(session, session.posargs)


@nox.session(venv_backend="uv", reuse_venv=True, default=False, requires=[row.id for row in ROWS])
def matrix(session: nox.Session) -> None:
    """Every row (run first through requires=; -j N runs rows in parallel), then the report."""
    _build_report(session, [])
