"""A real writer -> reader pair across two real rows (the smoke rows: TF 2.15 with Keras 2 and
TF 2.21 with Keras 3), through the same row step the matrix uses: each row saves, reads what
the other saved and its own, the history keeps one reader cell per (artifact, reader row), a
second run of each row has nothing stale, and the audit runs the pair as two plain scripts."""
import os
from pathlib import Path

import pytest

from harness.report.model import present
from harness import artifacts
from harness.audit import run as audit
from harness.history.layout import ResultsSet
from harness.history.query import History
from harness.matrix import interpreters, rowrun
from harness.matrix.table import by_id, load_matrix

from conftest import ROWS

pytestmark = pytest.mark.needs_tf
REPO = Path(__file__).resolve().parents[1]
SLICE = ["-k", "saveload_model_formats and (h5_writer or h5_load_model_compile_false or h5_load_model)"]


def _run(row, python, results, posargs=SLICE):
    found = interpreters.find_cached(row.python)
    with open(os.devnull, "w") as quiet:
        return rowrun.run_row(row, repo_root=REPO, venv_dir=Path(python).parents[1], python=found.path,
                              posargs=list(posargs), results_root=results, echo=quiet)


def test_an_h5_saved_by_keras2_is_read_by_keras3_and_back(tf_python, tmp_path):
    rows = by_id(load_matrix(REPO / "matrix.toml"))
    k2, k3 = rows[ROWS["keras2"]], rows[ROWS["keras3"]]
    pythons = {k2.id: str(tf_python("keras2")), k3.id: str(tf_python("keras3"))}
    results = tmp_path / "results"
    _run(k2, pythons[k2.id], results)
    _run(k3, pythons[k3.id], results)
    _run(k2, pythons[k2.id], results, [])    # incremental: only what the Keras 3 artifact made stale
    history = History(ResultsSet(results / "library"))
    try:
        cells = {(r.case_id, r.env_id): r for r in history.latest_cells().itertuples(index=False)}
    finally:
        history.close()
    writer = "saveload_model_formats::h5_writer"
    for env in (k2.id, k3.id):
        assert cells[(writer, env)].outcome == "ok"
        assert artifacts.exists(str(results / "library" / "artifacts"), cells[(writer, env)].artifact)
    compile_false = "saveload_model_formats::h5_load_model_compile_false@"
    for writer_env in (k2.id, k3.id):
        for reader_env in (k2.id, k3.id):
            cell = cells[(compile_false + writer_env, reader_env)]
            assert cell.artifact == cells[(writer, writer_env)].artifact and cell.writer_env == writer_env
            if (writer_env, reader_env) != (k3.id, k2.id):   # what Keras 2 makes of a Keras 3 .h5 is a finding
                assert cell.outcome == "ok", (writer_env, reader_env, cell.error_type, cell.error_message)
                assert '"same_predictions": "yes"' in cell.effects
    _run(k3, pythons[k3.id], results, [])         # the rest of the library, and what the new artifacts made stale
    again = _run(k3, pythons[k3.id], results, [])
    assert again.timing.planned == 0      # everything fresh: no TensorFlow imported

    reader = [{k: present(v) for k, v in cells[(compile_false + k2.id, k3.id)]._asdict().items()}]
    checks = audit.audit_row(k3, pythons[k3.id], reader, REPO / "cases",
                             writer_of=audit.writers_in(rows, lambda row_id: pythons.get(row_id)))
    assert checks[0].audited and checks[0].differences() == [], (checks[0].note, checks[0].plain)
