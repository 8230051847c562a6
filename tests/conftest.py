"""Shared fixtures: real TensorFlow environments built from rows of matrix.toml.

`tf_python("keras2")` builds (or reuses, while its requirements are unchanged)
the environment of a smoke row with the same code the matrix uses
(harness.matrix.build.run_row) and returns its interpreter. Building one costs
a minute from a cold uv cache and seconds from a warm one.
"""
import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TEST_ENVS = REPO / ".nox" / "_test-envs"
# label -> smoke row of matrix.toml (Keras 2 via tf.keras; Keras 3 via tf.keras)
ROWS = {"keras2": "tf2.15-keras2-py3.11-cpu", "keras3": "tf2.21-keras3-py3.12-cpu"}


def build_row_env(row_id: str) -> Path:
    from harness.matrix import build, interpreters
    from harness.matrix.table import by_id, load_matrix
    row = by_id(load_matrix(REPO / "matrix.toml"))[row_id]
    found = interpreters.find_cached(row.python)
    if not found.path:
        pytest.skip(found.missing_reason())
    venv = TEST_ENVS / row_id
    with tempfile.TemporaryDirectory() as scratch, open(os.devnull, "w") as quiet:
        run = build.run_row(row, repo_root=REPO, venv_dir=venv, python=found.path,
                            posargs=["--collect-only", "-q", "cases/seed004_gather_validate_indices.py"],
                            results_root=Path(scratch), echo=quiet)
    assert run.outcome is None, "building %s failed: %s: %s" % (row_id, run.outcome, run.reason)
    return build.venv_python(venv)


@pytest.fixture(scope="session")
def tf_python():
    """label ('keras2' / 'keras3') -> interpreter of a real environment; an
    environment variable KMATRIX_TEST_PYTHON_<LABEL> names an existing one instead."""
    cache = {}

    def get(label):
        if label not in cache:
            given = os.environ.get("KMATRIX_TEST_PYTHON_" + label.upper())
            cache[label] = Path(given) if given else build_row_env(ROWS[label])
        return cache[label]
    return get
