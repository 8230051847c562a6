"""`--script` through the real plugin, in a subprocess with this interpreter.

None of these scripts needs TensorFlow: they check what the runner does with a
plain script (exit codes, stdin, hangs, aborts, syntax errors, markers) in each
isolation mode. Where neither tensorflow nor keras is installed this also checks
that a script run needs no Keras (flavour "none").
"""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

SCRIPTS = {
    "finishes.py": '''
        """Prints markers and a helper's value, then ends normally."""
        import os, sys
        import sibling_helper
        print("argv", sys.argv[1:], "cwd-is-tmp", os.getcwd() != os.path.dirname(os.path.abspath(__file__)))
        print("helper", sibling_helper.VALUE)
        print("KMATRIX-GRAD kernel", 0.25)
        print("KMATRIX-OBSERVE has_history", False)
    ''',
    "sibling_helper.py": "VALUE = 42\n",
    "drops_grad.py": '''
        print("KMATRIX-GRAD kernel ok")
        print("KMATRIX-GRAD bias", None)
        print("KMATRIX-GRAD scale", 0.0)
    ''',
    "exits_zero.py": "import sys\nsys.exit(0)\n",
    "exits_three.py": "import sys\nsys.exit(3)\n",
    "reads_stdin.py": "name = input('name? ')\nprint('got', name)\n",
    "loops_forever.py": "while True:\n    pass\n",
    "aborts.py": "import os\nos.abort()\n",
    "keras_history.py": "raise AttributeError(\"'Tensor' object has no attribute '_keras_history'\")\n",
    "bad_syntax.py": "def broken(:\n    pass\n",
    "bad_marker.py": "print('KMATRIX-GRAD kernel', 'tf.Tensor([1.], shape=(1,))')\n",
}


@pytest.fixture(scope="module")
def script_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scripts")
    for name, text in SCRIPTS.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip("\n"))
    return folder


def run_plugin(args, results, timeout=240):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("KMATRIX_RUN_ID", None)
    cmd = [sys.executable, "-m", "pytest", "-p", "harness.runner.plugin", "-p", "no:cacheprovider",
           "--no-fingerprint", "--results", str(results)] + list(args)
    proc = subprocess.run(cmd, cwd=str(REPO), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout)
    path = Path(results) / "records.jsonl"
    found = {}
    if path.exists():
        for line in path.read_text().splitlines():
            record = json.loads(line)
            found[record["case_id"]] = record
    return proc, found


@pytest.fixture(scope="module", params=["fork", "spawn"])
def folder_run(request, script_dir, tmp_path_factory):
    results = tmp_path_factory.mktemp("results-" + request.param)
    # cases/ given too: with --script the library must not be collected
    proc, found = run_plugin(["cases/", "--script", str(script_dir), "--case-timeout", "4",
                              "--isolation", request.param, "-v"], results)
    return request.param, proc, found


def test_each_script_is_one_item_and_nothing_else_runs(folder_run):
    _, proc, found = folder_run
    expected = {Path(name).stem + "::script" for name in SCRIPTS}
    assert set(found) == expected, proc.stdout[-3000:]
    assert proc.returncode == 1  # a timeout, a crash and case errors fail their items


def test_outcomes_match_what_each_script_did(folder_run):
    mode, proc, found = folder_run
    outcome = {cid.split("::")[0]: rec["outcome"] for cid, rec in found.items()}
    assert outcome == {
        "finishes": "ok", "sibling_helper": "ok", "drops_grad": "grad_dropped", "exits_zero": "ok",
        "exits_three": "error", "reads_stdin": "error", "loops_forever": "timeout", "aborts": "crash",
        "keras_history": "keras_history_error", "bad_syntax": "case_error", "bad_marker": "case_error",
    }, proc.stdout[-3000:]
    assert found["exits_three::script"]["error_type"] == "SystemExit"
    assert found["exits_three::script"]["error_message"] == "3"
    assert found["reads_stdin::script"]["error_type"] == "EOFError"
    assert found["aborts::script"]["signal"] == 6
    assert found["loops_forever::script"]["reason"] == "killed after 4.0s"
    assert found["bad_syntax::script"]["reason"].endswith("bad_syntax.py:1: syntax error: invalid syntax")
    assert "KMATRIX-GRAD kernel tf.Tensor" in found["bad_marker::script"]["reason"]
    for record in found.values():
        if record["outcome"] not in ("case_error",):
            assert record["isolation"] == mode


def test_script_runs_as_main_with_markers_recorded(folder_run, script_dir):
    _, _, found = folder_run
    record = found["finishes::script"]
    assert "argv [] cwd-is-tmp True" in record["output_tail"]
    assert "helper 42" in record["output_tail"]
    assert record["grads"] == {"kernel": "ok"}
    assert record["required_grads"] == ["kernel"]
    assert record["observed"] == {"has_history": False}
    assert record["role"] == "script" and record.get("claim") is None
    assert record["source"] == {"kind": "script", "path": str(script_dir / "finishes.py")}
    assert record["title"] == "Prints markers and a helper's value, then ends normally."
    dropped = found["drops_grad::script"]
    assert dropped["grads"] == {"kernel": "ok", "bias": "none", "scale": "zero"}
    assert dropped["reason"] == "bias=none, scale=zero"


def test_missing_script_is_a_usage_error_naming_it(tmp_path):
    proc, found = run_plugin(["--script", "no/such/repro.py"], tmp_path / "res")
    assert proc.returncode == 4  # pytest's usage error
    assert "--script no/such/repro.py: no such file or folder" in proc.stdout
    assert found == {}


def test_inprocess_mode_and_default_adhoc_results_folder(script_dir, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO), KMATRIX_ENV_ID="row-x")
    env.pop("KMATRIX_RUN_ID", None)
    cmd = [sys.executable, "-m", "pytest", "-p", str("harness.runner.plugin"), "-p", "no:cacheprovider",
           "--no-fingerprint", "--isolation", "inprocess", "--script", str(script_dir / "exits_three.py")]
    proc = subprocess.run(cmd, cwd=str(tmp_path), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=120)
    path = tmp_path / "results" / "adhoc" / "exits_three" / "row-x" / "records.jsonl"
    assert path.exists(), proc.stdout[-2000:]
    record = json.loads(path.read_text())
    assert (record["case_id"], record["outcome"], record["isolation"]) == ("exits_three::script", "error", "inprocess")
