"""One real row end to end: uv installs a real TensorFlow, the runner records real outcomes."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.matrix.table import load_matrix

REPO = Path(__file__).resolve().parents[1]
ROW = "tf2.15-keras2-py3.11-cpu"  # a smoke row: Keras 2, one ~200 MB wheel


@pytest.mark.needs_tf
def test_smoke_row_end_to_end(tmp_path):
    assert ROW in {r.id for r in load_matrix(REPO / "matrix.toml")}
    nox = shutil.which("nox")
    # results and the environment under tmp_path: the test never touches the working tree
    cmd = ([nox] if nox else [sys.executable, "-m", "nox"]) + ["-s", ROW, "--envdir", str(tmp_path / "nox"),
                                                               "--", "-k", "seed004"]
    env = dict(os.environ, KMATRIX_RESULTS_ROOT=str(tmp_path / "results"))
    env.pop("KMATRIX_RUN_ID", None)
    out = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    (folder,) = (tmp_path / "results" / "library" / "runs").glob("*/" + ROW)
    records = [json.loads(line) for line in (folder / "records.jsonl").read_text().splitlines()]
    assert records and all(r["env_id"] == ROW for r in records)
    assert {r["case_id"].split("::")[0] for r in records} == {"seed004_gather_validate_indices"}
    outcomes = {r["outcome"] for r in records}
    assert outcomes <= {"ok", "keras_history_error", "error", "grad_dropped"}, outcomes
    env = json.loads((folder / "env.json").read_text())
    assert env["tensorflow"]["version"] == "2.15.1" and env["keras"]["major"] == 2
    assert env["device"]["kind"] == "cpu"
    timing = json.loads((folder / "timing.json").read_text())
    assert timing["venv"] in ("created", "reused") and timing["exit_code"] == 0
    assert "tensorflow-cpu==2.15.1" in (folder / "freeze.txt").read_text()
