"""Shared fixtures: real TensorFlow environments built from rows of matrix.toml.

`tf_python("keras2")` builds the environment of a smoke row under the session's
temporary folder, with the same code the matrix uses (harness.matrix.rowrun.run_row),
and returns its interpreter. Building one costs a minute from a cold uv cache and
seconds from a warm one. Tests write under tmp_path only, never into the working tree.
"""
import os
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))   # tests/support
# label -> smoke row of matrix.toml (Keras 2 via tf.keras; Keras 3 via tf.keras)
ROWS = {"keras2": "tf2.15-keras2-py3.11-cpu", "keras3": "tf2.21-keras3-py3.12-cpu"}


def build_row_env(row_id: str, envs: Path) -> Path:
    from harness.matrix import interpreters, rowrun
    from harness.matrix.table import by_id, load_matrix
    row = by_id(load_matrix(REPO / "matrix.toml"))[row_id]
    found = interpreters.find_cached(row.python)
    if not found.path:
        pytest.skip(found.missing_reason())
    venv = envs / row_id
    with tempfile.TemporaryDirectory() as scratch, open(os.devnull, "w") as quiet:
        run = rowrun.run_row(row, repo_root=REPO, venv_dir=venv, python=found.path,
                            posargs=["--collect-only", "-q", "cases/seed004_gather_validate_indices.py"],
                            results_root=Path(scratch), echo=quiet)
    assert run.outcome is None, "building %s failed: %s: %s" % (row_id, run.outcome, run.reason)
    return rowrun.venv_python(venv)


@pytest.fixture(scope="session")
def tf_python(tmp_path_factory):
    """label ('keras2' / 'keras3') -> interpreter of a real environment, built under the test
    session's temporary folder (hardlinked from uv's cache: seconds when it is warm); an
    environment variable KMATRIX_TEST_PYTHON_<LABEL> names an existing one instead."""
    cache = {}
    envs = tmp_path_factory.mktemp("envs")

    def get(label):
        if label not in cache:
            given = os.environ.get("KMATRIX_TEST_PYTHON_" + label.upper())
            cache[label] = Path(given) if given else build_row_env(ROWS[label], envs)
        return cache[label]
    return get
