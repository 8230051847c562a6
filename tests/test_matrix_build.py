"""The row steps of harness.matrix.build, with fakes where a real environment is not needed."""
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from harness.matrix import build
from harness.matrix.table import parse_matrix

ROWS = parse_matrix('''
[[env]]
id = "cpu-row"
python = "3.11"
tensorflow = "tensorflow-cpu==2.15.1"
keras = "tf.keras"
requires = ["numpy<2"]
env = { TF_USE_LEGACY_KERAS = "1" }
device = "cpu"

[[env]]
id = "gpu-row"
python = "3.11"
tensorflow = "tensorflow[and-cuda]==2.15.1"
keras = "tf.keras"
device = "cuda"
tags = ["cuda"]
''')
CPU, GPU = sorted(ROWS, key=lambda r: r.id)


def _records(folder):
    return [json.loads(line) for line in (folder / "records.jsonl").read_text().splitlines()]


class Fakes:
    """Stands in for uv and pytest; counts what was called."""

    def __init__(self, monkeypatch, install_rc=0, pytest_rc=0, import_s=None):
        self.calls = []
        self.install_rc, self.pytest_rc, self.import_s = install_rc, pytest_rc, import_s
        monkeypatch.setattr(build, "create_venv", self.create_venv)
        monkeypatch.setattr(build, "install", self.install)
        monkeypatch.setattr(build, "freeze", self.freeze)
        monkeypatch.setattr(build, "run_cases", self.run_cases)

    def create_venv(self, uv, python, venv_dir):
        self.calls.append("create")
        (Path(venv_dir) / "bin").mkdir(parents=True, exist_ok=True)
        (Path(venv_dir) / "bin" / "python").write_text("")
        return 0, ""

    def install(self, uv, venv_dir, row):
        self.calls.append("install")
        return self.install_rc, ("Resolved 3 packages\nerror: No solution found when resolving dependencies"
                                 if self.install_rc else "Installed 3 packages")

    def freeze(self, uv, venv_dir, dest):
        self.calls.append("freeze")
        dest.write_text("tensorflow-cpu==2.15.1\n")

    def run_cases(self, python, env, repo_root, results, row, posargs, echo=None):
        self.calls.append("cases")
        self.posargs, self.env = posargs, env
        if self.import_s is not None:   # what the runner's fingerprint process writes
            (Path(results) / "env.json").write_text(json.dumps({"import_s": self.import_s}))
        return self.pytest_rc, "ERROR: usage: unrecognized arguments: --bogus" if self.pytest_rc > 1 else ""


def _run(tmp_path, row, **kwargs):
    kwargs.setdefault("python", sys.executable)
    kwargs.setdefault("venv_dir", tmp_path / "venv")
    return build.run_row(row, repo_root=tmp_path, uv="uv-not-used", echo=open("/dev/null", "w"), **kwargs)


def test_cuda_row_without_gpu_records_one_not_run_and_installs_nothing(tmp_path, monkeypatch):
    fakes = Fakes(monkeypatch)
    run = _run(tmp_path, GPU, gpu_probe=lambda: False)
    records = _records(tmp_path / "results" / "library" / "gpu-row")
    assert [r["outcome"] for r in records] == ["not_run"]
    assert records[0]["case_id"] is None and "no GPU visible" in records[0]["reason"]
    assert fakes.calls == []
    assert not (tmp_path / "venv").exists()
    timing = json.loads((run.results / "timing.json").read_text())
    assert timing["env_id"] == "gpu-row" and timing["install_s"] is None


def test_cuda_row_with_a_gpu_installs_and_runs(tmp_path, monkeypatch):
    fakes = Fakes(monkeypatch)
    _run(tmp_path, GPU, gpu_probe=lambda: True)
    assert fakes.calls == ["create", "install", "freeze", "cases"]
    assert fakes.env["KMATRIX_DEVICE"] == "cuda"


def test_missing_interpreter_is_an_env_error_record(tmp_path, monkeypatch):
    fakes = Fakes(monkeypatch)
    run = _run(tmp_path, CPU, python=None, venv_dir=None,
               python_missing_reason="Python 3.11 not found; searched x; install it with `uv python install 3.11`")
    records = _records(run.results)
    assert len(records) == 1 and records[0]["outcome"] == "env_error"
    assert "uv python install 3.11" in records[0]["reason"]
    assert run.outcome == "env_error" and fakes.calls == []


def test_install_failure_records_the_resolver_message(tmp_path, monkeypatch):
    fakes = Fakes(monkeypatch, install_rc=1)
    run = _run(tmp_path, CPU)
    (record,) = _records(run.results)
    assert record["outcome"] == "env_error"
    assert record["reason"] == "install failed: error: No solution found when resolving dependencies"
    assert "Resolved 3 packages" in record["output_tail"]
    assert fakes.calls == ["create", "install"]
    assert not (tmp_path / "venv" / build.STAMP_FILE).exists()  # the next run retries the install
    assert json.loads((run.results / "timing.json").read_text())["venv"] == "created"


def test_a_hung_import_killed_by_the_runner_is_an_env_error(tmp_path, monkeypatch):
    Fakes(monkeypatch, pytest_rc=-signal.SIGALRM)   # the runner's --import-timeout alarm went off
    run = _run(tmp_path, CPU)
    (record,) = _records(run.results)
    assert record["outcome"] == "env_error" and "did not finish within" in record["reason"]
    assert (run.results / "freeze.txt").read_text().startswith("tensorflow-cpu")


def test_import_time_comes_from_the_fingerprint(tmp_path, monkeypatch):
    Fakes(monkeypatch, import_s=4.25)
    timing = json.loads((_run(tmp_path, CPU).results / "timing.json").read_text())
    assert timing["import_s"] == 4.25 and timing["cases_s"] is not None
    Fakes(monkeypatch)                               # no env.json (fingerprint failed): unknown
    assert json.loads((_run(tmp_path, CPU).results / "timing.json").read_text())["import_s"] is None


@pytest.mark.parametrize("code, env_error", [(0, False), (1, False), (2, True), (4, True)])
def test_pytest_exit_codes(tmp_path, monkeypatch, code, env_error):
    Fakes(monkeypatch, pytest_rc=code)
    run = _run(tmp_path, CPU)
    timing = json.loads((run.results / "timing.json").read_text())
    assert timing["exit_code"] == code
    if env_error:
        (record,) = _records(run.results)
        assert record["outcome"] == "env_error" and ("pytest exited %d" % code) in record["reason"]
    else:
        assert run.outcome is None and not (run.results / "records.jsonl").exists()


def test_environment_is_reused_until_requirements_change(tmp_path, monkeypatch):
    fakes = Fakes(monkeypatch)
    first = _run(tmp_path, CPU)
    second = _run(tmp_path, CPU)
    assert first.timing.venv == "created" and second.timing.venv == "reused"
    assert fakes.calls.count("install") == 1
    changed = parse_matrix('[[env]]\nid = "cpu-row"\npython = "3.11"\ntensorflow = "tensorflow-cpu==2.15.0"\n'
                           'keras = "tf.keras"\ndevice = "cpu"\n')[0]
    third = _run(tmp_path, changed)
    assert third.timing.venv == "created" and fakes.calls.count("install") == 2


def test_results_folder_is_cleared_at_the_start(tmp_path, monkeypatch):
    Fakes(monkeypatch)
    stale = tmp_path / "results" / "library" / "cpu-row" / "records.jsonl"
    stale.parent.mkdir(parents=True)
    stale.write_text('{"old": 1}\n')
    _run(tmp_path, CPU)
    assert not stale.exists()


def test_row_environment_sets_kmatrix_and_drops_inherited_row_variables(tmp_path):
    gpu_env = build.row_environ(GPU, tmp_path, base={"KERAS_BACKEND": "jax", "TF_USE_LEGACY_KERAS": "1", "PATH": "/bin"})
    assert "KERAS_BACKEND" not in gpu_env and "TF_USE_LEGACY_KERAS" not in gpu_env
    assert gpu_env["KMATRIX_ENV_ID"] == "gpu-row" and gpu_env["KMATRIX_KERAS"] == "tf.keras"
    assert gpu_env["PYTHONPATH"] == str(tmp_path) and gpu_env["PATH"] == "/bin"
    assert build.row_environ(CPU, tmp_path, base={})["TF_USE_LEGACY_KERAS"] == "1"


def test_script_arguments_send_results_to_adhoc(tmp_path, monkeypatch):
    fakes = Fakes(monkeypatch)
    monkeypatch.delenv(build.RESULTS_SET_ENV, raising=False)
    run = _run(tmp_path, CPU, posargs=["--script", "repros/my_repro.py", "-v"])
    assert run.results == tmp_path / "results" / "adhoc" / "my_repro" / "cpu-row"
    assert fakes.posargs == ["--script", "repros/my_repro.py", "-v"]
    assert build.pytest_targets(["--script=x.py"]) == [] and build.pytest_targets(["-k", "a"]) == ["cases/"]
    assert build.results_set(["--script", "some/folder/"], {}) == "adhoc/folder"
    assert build.results_set([], {build.RESULTS_SET_ENV: "adhoc/mine"}) == "adhoc/mine"
    with pytest.raises(ValueError):
        build.results_set([], {build.RESULTS_SET_ENV: "../elsewhere"})


def test_gpu_probe_reads_nvidia_smi():
    def fake(listing, code=0):
        return lambda *a, **k: subprocess.CompletedProcess(a, code, listing, "")
    assert build.gpu_visible(fake("GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-1)\n"))
    assert not build.gpu_visible(fake("No devices were found\n", 6))
    assert not build.gpu_visible(fake(""))

    def missing(*a, **k):
        raise FileNotFoundError("nvidia-smi")
    assert not build.gpu_visible(missing)


def test_real_install_failure_through_uv(tmp_path):
    """No fakes: uv itself reports an unsatisfiable requirement (resolving fails offline too)."""
    row = parse_matrix('[[env]]\nid = "bad-row"\npython = "%d.%d"\ntensorflow = "tensorflow-cpu==0.0.0.1"\n'
                       'keras = "tf.keras"\ndevice = "cpu"\n' % sys.version_info[:2])[0]
    run = build.run_row(row, repo_root=tmp_path, venv_dir=tmp_path / "venv", python=sys.executable,
                        echo=open("/dev/null", "w"))
    (record,) = _records(run.results)
    assert record["outcome"] == "env_error" and record["reason"].startswith("install failed: ")
    assert "tensorflow-cpu" in record["output_tail"]
