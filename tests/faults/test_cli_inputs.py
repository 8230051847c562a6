"""Probe classes 6, 8, 9: arguments and names that cannot work get one clear usage error
before anything runs (no traceback, nothing deleted, nothing written where it should not be)."""
import ast
import json
import os
import shutil
import subprocess
import sys

import pytest

from fault_support import REPO

NOX_ARGS = {
    "empty script": ["--script", ""],
    "missing script": ["--script", "no/such/repro.py"],
    "bad confirm": ["--confirm", "many"],
    # the row session's own options (harness/matrix/plan.py ROW_OPTIONS): a bad value, a value for a flag
    "workers 0": ["--workers", "0"],
    "audit with a value": ["--audit=yes"],
    # a runner option's value, or a misspelt runner option: refused once, never env_error in every row
    "repeat abc": ["--rerun-all", "--repeat", "abc"],
    "repeat 0": ["--repeat", "0"],
    "repeat -1": ["--repeat", "-1"],
    "misspelt case-timeout": ["--case-timout", "5"],
    "isolation bogus": ["--isolation", "bogus"],
    # --script of what holds no script ({tmp}: the test's temporary folder)
    "script folder empty": ["--script", "{tmp}/empty"],
    "script folder without .py": ["--script", "{tmp}/notes"],
    "script a FIFO": ["--script", "{tmp}/fifo.py"],
}
BISECT_ARGS = {
    "python without row": ["--python", "b"],
    "missing interpreter": ["--python", "r1=/no/such/python", "--python", "r2=/no/such/python"],
}


def _nox(args, cwd):
    return subprocess.run([sys.executable, "-m", "nox"] + args, cwd=str(cwd), capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("name", sorted(NOX_ARGS))
def test_row_arguments_that_cannot_work_are_one_usage_error_before_any_row_runs(name, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "README.txt").write_text("no script here\n")
    os.mkfifo(str(tmp_path / "fifo.py"))
    args = [a.replace("{tmp}", str(tmp_path)) for a in NOX_ARGS[name]]
    proc = _nox(["-s", "tf2.15-keras2-py3.11-cpu", "--"] + args, REPO)
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "nox: " in out and "Traceback" not in out, out[-2000:]
    assert "Running session" not in out and "Starting session" not in out


def test_a_broken_matrix_table_is_a_message_not_a_traceback(tmp_path):
    shutil.copy(REPO / "noxfile.py", tmp_path / "noxfile.py")
    os.symlink(REPO / "harness", tmp_path / "harness")
    (tmp_path / "matrix.toml").write_text('[[env]]\nid = "x\\n"\n')
    proc = _nox(["-l"], tmp_path)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "matrix.toml row 1" in out and "Traceback" not in out, out[-2000:]


def test_dotdot_script_never_reaches_outside_results(tmp_path):
    from harness.matrix import rowrun
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "repro.py").write_text("print(1)\n")
    os.chdir(tmp_path / "a" / "b")
    try:
        assert rowrun.results_set(["--script", ".."], {}) == "adhoc/a"   # a plain name, never a path
    finally:
        os.chdir(REPO)


@pytest.mark.parametrize("name", sorted(BISECT_ARGS))
def test_bisect_argument_errors_are_usage_errors(name):
    proc = subprocess.run([sys.executable, "-m", "harness.matrix.bisect", "--script", str(REPO / "noxfile.py"),
                           "--rows", "r1,r2"] + BISECT_ARGS[name], cwd=str(REPO), capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "error:" in proc.stderr, proc.stderr


def test_promote_cannot_be_made_to_write_code_or_odd_files(tmp_path):
    name = tmp_path / 'a"""\nimport os; os.system("echo pwned")\n"""b.py'
    name.write_text("print(1)\n")
    proc = subprocess.run([sys.executable, "-m", "harness.promote", str(name), "--id", "known_x", "--cases",
                           str(tmp_path / "cases")], cwd=str(REPO), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    tree = ast.parse((tmp_path / "cases" / "known_x.py").read_text())
    assert [type(n).__name__ for n in tree.body] == ["Expr", "Assign", "FunctionDef"]   # docstring, CASE, variant
    bad_id = subprocess.run([sys.executable, "-m", "harness.promote", str(name), "--id", "known_y\n", "--cases",
                             str(tmp_path / "cases")], cwd=str(REPO), capture_output=True, text=True, timeout=120)
    assert bad_id.returncode == 1 and "lower_snake_case" in bad_id.stderr


def test_pytest_refusing_the_arguments_in_a_row_is_a_usage_error_not_env_error(tmp_path, monkeypatch):
    """What only the row's pytest can refuse (an option of pytest's own, misspelt) fails the
    session with pytest's message; nothing is recorded as the environment's fault."""
    from harness.matrix import rowrun
    from harness.matrix.table import parse_matrix
    row = parse_matrix('[[env]]\nid = "cpu-row"\npython = "3.11"\ntensorflow = "tensorflow-cpu==2.15.1"\n'
                       'keras = "tf.keras"\nflavour = "tf.keras"\ndevice = "cpu"\n')[0]
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "venv" / "bin" / "python").write_text("")
    (tmp_path / "venv" / rowrun.STAMP_FILE).write_text(rowrun.stamp_for(sys.executable, row) + "\n")
    monkeypatch.setattr(rowrun, "freeze", lambda uv, venv, dest: (dest.write_text("x==1\n"), "x==1\n")[1])
    monkeypatch.setattr(rowrun, "run_cases", lambda *a, **k: (4, "ERROR: usage: pytest [options]\n"
                                                                  "pytest: error: unrecognized arguments: --maxfial\n"
                                                                  "  inifile: None\n  rootdir: /tmp\n"))
    (tmp_path / "cases").mkdir()
    with pytest.raises(rowrun.UsageError, match="unrecognized arguments: --maxfial"):
        rowrun.run_row(row, repo_root=tmp_path, venv_dir=tmp_path / "venv", python=sys.executable, uv="uv",
                       posargs=["-k", "x", "--maxfial", "1"], echo=open(os.devnull, "w"))
    folder = next((tmp_path / "results" / "library" / "runs").iterdir()) / "cpu-row"
    assert not (folder / "records.jsonl").exists()        # no env_error: the environment is not at fault


def _run(module, *args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", module] + [str(a) for a in args], cwd=str(cwd),
                          capture_output=True, text=True, timeout=300)


def test_export_never_overwrites_without_force_nor_writes_into_a_missing_folder(tmp_path):
    case = "seed004_gather_validate_indices"
    missing = _run("harness.casefile", "export", case, "-o", tmp_path / "missing" / "dir" / "x.py")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr and "missing" in missing.stderr, \
        missing.stderr
    existing = tmp_path / "mine.py"
    existing.write_text("my own work\n")
    refused = _run("harness.casefile", "export", case, "-o", existing)
    assert refused.returncode == 2 and "--force" in refused.stderr and existing.read_text() == "my own work\n"
    forced = _run("harness.casefile", "export", case, "-o", existing, "--force")
    assert forced.returncode == 0 and "def " in existing.read_text()


def test_audit_of_a_row_that_was_never_built_is_a_usage_error(tmp_path):
    proc = _run("harness.audit", "--rows", "tf2.15-keras2-py3.11-cpu", "--results", tmp_path / "set",
                "--python", "tf2.15-keras2-py3.11-cpu=%s" % (tmp_path / "no" / "python"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "nox -s tf2.15-keras2-py3.11-cpu" in \
        proc.stderr, proc.stdout + proc.stderr


def test_report_check_refuses_a_current_table_without_cells(tmp_path):
    from fault_support import report_cli
    table = {"schema": 2, "kind": "kmatrix-table", "meta": {}, "axes": [], "envs": [], "cases": [],
             "cells": {"s::v": {"row": {"outcome": "ok"}}}}
    (tmp_path / "old.json").write_text(json.dumps(table))
    (tmp_path / "new.json").write_text(json.dumps(dict(table, cells={})))
    proc = report_cli("check", "--baseline", tmp_path / "old.json", "--current", tmp_path / "new.json",
                      cwd=tmp_path)
    assert proc.returncode == 2 and "no cells" in proc.stderr, proc.stdout + proc.stderr


# The inputs tried (the README's Reliability table counts them)
PROBES = (len(NOX_ARGS) + 2             # + broken matrix.toml for `nox -l`, `--script ..`
          + len(BISECT_ARGS) + 2        # + promote x2
          + 1                           # pytest refusing what only it knows: a usage error, not env_error
          + 2 + 1 + 1)                  # export -o missing/ and -o existing, audit of a row never built,
#                                         report check of a table without cells
