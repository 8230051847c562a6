"""The fault-injection suite: bad input and hostile cases never crash a row, lose a record
or mislabel a cell. Fast and without TensorFlow: a stand-in `tensorflow` package (enough for
the runner to resolve Keras) or ad-hoc scripts (which need no Keras at all).

Each test is one probe class; PROBES counts the inputs tried per class (the README's
Reliability table is checked against it by test_reliability_table.py)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

FAKE_TF = '''"""A stand-in for tensorflow: just enough for harness.runner.flavour.resolve()."""
import types
__version__ = "2.15.1"
keras = types.ModuleType("keras.api._v2.keras")
keras.__version__ = "2.15.0"
keras.layers = types.SimpleNamespace()
keras.backend = types.SimpleNamespace(backend=lambda: "tensorflow")
def executing_eagerly():
    return True
'''


def fake_site(tmp_path: Path) -> Path:
    site = tmp_path / "fake-site"
    (site / "tensorflow").mkdir(parents=True, exist_ok=True)
    (site / "tensorflow" / "__init__.py").write_text(FAKE_TF)
    return site


def run_runner(tmp_path: Path, *args, fake_tf=True, timeout=300, env_extra=None):
    """The runner plugin in this interpreter; returns (proc, records, problems)."""
    from harness import records
    results = tmp_path / "results"
    paths = [str(fake_site(tmp_path))] if fake_tf else []
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths + [str(REPO)]), KMATRIX_KERAS="tf.keras",
               **(env_extra or {}))
    env.pop("KMATRIX_RUN_ID", None)
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "harness.runner.plugin", "-p", "no:cacheprovider",
                           "--results", str(results), "--no-fingerprint", "-q"] + [str(a) for a in args],
                          cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=timeout)
    found, problems = records.read_jsonl(str(results / records.RECORDS_FILE))
    return proc, found, problems


def by_case(found):
    return {r["case_id"]: r for r in found}


@pytest.fixture
def write(tmp_path):
    return writer(tmp_path)


def writer(tmp_path):
    def write(relative: str, text, mode="w"):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)
        return path
    return write


def report_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "harness.report"] + [str(a) for a in args], cwd=str(cwd),
                          capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": ""}, timeout=300)


def dump(records):
    return "".join(json.dumps(r) + "\n" for r in records)
