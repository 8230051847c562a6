"""The runner's own import of TensorFlow / Keras: a failure becomes one env_error
record with its traceback, a hang ends the run with SIGALRM (no TensorFlow needed:
a stand-in `tensorflow` package on PYTHONPATH plays the broken installation)."""
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run_plugin(tmp_path, tensorflow_init, *args):
    fake = tmp_path / "site" / "tensorflow"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(tensorflow_init)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path / "site"), str(REPO)]),
               KMATRIX_KERAS="tf.keras")
    results = tmp_path / "results"
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "harness.runner.plugin", "cases",
                           "-k", "seed004 and hasattr", "--results", str(results), "-p", "no:cacheprovider",
                           "-q"] + list(args),
                          cwd=str(REPO), env=env, capture_output=True, text=True, timeout=120)
    lines = (results / "records.jsonl").read_text().splitlines() if (results / "records.jsonl").exists() else []
    return proc, [json.loads(line) for line in lines]


def test_an_import_error_is_one_env_error_record_with_its_traceback(tmp_path):
    proc, recs = _run_plugin(tmp_path, "raise ImportError('libcudart.so.12: cannot open shared object file')\n")
    assert proc.returncode == 1, proc.stdout + proc.stderr           # the cases fail; the run ends normally
    (record,) = recs
    assert record["outcome"] == "env_error" and record["case_id"] is None
    assert record["reason"] == "import failed: ImportError: libcudart.so.12: cannot open shared object file"
    assert "Traceback" in record["output_tail"] and "tensorflow" in record["output_tail"]


def test_a_hung_import_ends_the_run_with_sigalrm(tmp_path):
    proc, recs = _run_plugin(tmp_path, "import time\ntime.sleep(300)\n", "--import-timeout", "2")
    assert proc.returncode == -signal.SIGALRM, proc.stdout + proc.stderr
    assert recs == []          # nothing ran; the row builder turns the signal into env_error
