"""Probe classes 6, 8, 9: arguments and names that cannot work get one clear usage error
before anything runs (no traceback, nothing deleted, nothing written where it should not be)."""
import ast
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
}
BISECT_ARGS = {
    "python without row": ["--python", "b"],
    "missing interpreter": ["--python", "r1=/no/such/python", "--python", "r2=/no/such/python"],
}
PROBES = len(NOX_ARGS) + 2 + len(BISECT_ARGS) + 2   # + broken matrix.toml for `nox -l`, `..`, + promote x2


def _nox(args, cwd):
    return subprocess.run([sys.executable, "-m", "nox"] + args, cwd=str(cwd), capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("name", sorted(NOX_ARGS))
def test_row_arguments_that_cannot_work_are_one_usage_error_before_any_row_runs(name, tmp_path):
    proc = _nox(["-s", "tf2.15-keras2-py3.11-cpu", "--"] + NOX_ARGS[name], REPO)
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
