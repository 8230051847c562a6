"""The row steps of harness.matrix.rowrun, with fakes where a real environment is not needed:
building, recording faults, the incremental plan, slices, and the history they feed."""
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from harness import records as records_mod
from harness.history.layout import ResultsSet
from harness.history.query import History
from harness.matrix import rowrun as build
from harness.matrix.table import parse_matrix

ROWS = parse_matrix('''
[[env]]
id = "cpu-row"
python = "3.11"
tensorflow = "tensorflow-cpu==2.15.1"
keras = "tf.keras"
flavour = "tf_keras"
requires = ["numpy<2"]
env = { TF_USE_LEGACY_KERAS = "1" }
device = "cpu"

[[env]]
id = "gpu-row"
python = "3.11"
tensorflow = "tensorflow[and-cuda]==2.15.1"
keras = "tf.keras"
flavour = "tf.keras"
device = "cuda"
tags = ["cuda"]
''')
CPU, GPU = sorted(ROWS, key=lambda r: r.id)


CASE = '''CASE = {"title": "t", "source": {"kind": "known", "refs": ["https://example.org/1"]},
        "variants": {"a": {"role": "root_cause"}, "b": {"role": "fix"}}}


def a(ctx):
    pass


def b(ctx):
    pass
'''


def _records(folder):
    return [json.loads(line) for line in (folder / "records.jsonl").read_text().splitlines()]


def _cases(tmp_path):
    folder = tmp_path / "cases"
    if not folder.exists():
        folder.mkdir()
        (folder / "known_thing.py").write_text(CASE)
    return folder


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
        dest.write_text(self.frozen)
        return self.frozen

    frozen = "tensorflow-cpu==2.15.1\n"
    planned = None
    outcome = "ok"

    def run_cases(self, python, env, repo_root, results, row, posargs, targets, echo=None):
        self.calls.append("cases")
        self.posargs, self.env, self.targets = posargs, env, targets
        if self.import_s is not None:   # what the runner's fingerprint process writes
            (Path(results) / "env.json").write_text(json.dumps({"import_s": self.import_s}))
        if "--only-cases" in posargs:   # what a real runner would write
            wanted = Path(posargs[posargs.index("--only-cases") + 1]).read_text().split()
            self.planned = wanted
            repeat = int(posargs[posargs.index("--repeat") + 1]) if "--repeat" in posargs else 1
            if repeat > 1:
                self.calls.append(("repeat", str(repeat)))
            from harness import hashes
            writer = records_mod.RecordWriter(str(results))
            error = {"error_type": "ValueError"} if self.outcome in ("error", "keras_history_error") else {}
            for case_id in wanted * repeat:
                writer.write(records_mod.make_record(row.id, env[records_mod.ENV_RUN_ID], case_id, self.outcome, **error,
                                                     case_hash=hashes.case_hash(str(repo_root / "cases" / "known_thing.py")),
                                                     runner_hash=hashes.runner_hash(),
                                                     env_hash=env[records_mod.ENV_ENV_HASH],
                                                     limits=build.plan.run_limits(posargs, env)))
        return self.pytest_rc, "ERROR: usage: unrecognized arguments: --bogus" if self.pytest_rc > 1 else ""


def _run(tmp_path, row, **kwargs):
    kwargs.setdefault("python", sys.executable)
    kwargs.setdefault("venv_dir", tmp_path / "venv")
    _cases(tmp_path)
    return build.run_row(row, repo_root=tmp_path, uv="uv-not-used", echo=open("/dev/null", "w"), **kwargs)


def _cells(tmp_path, set_name="library"):
    history = History(tmp_path / "results" / set_name)
    try:
        return {(c, e): o for c, e, o in history.latest_cells()[["case_id", "env_id", "outcome"]].itertuples(index=False)}
    finally:
        history.close()


def test_cuda_row_without_gpu_records_one_not_run_and_installs_nothing(tmp_path, monkeypatch):
    fakes = Fakes(monkeypatch)
    run = _run(tmp_path, GPU, gpu_probe=lambda: False)
    records = _records(run.results)
    assert run.results.parent.parent == tmp_path / "results" / "library" / "runs"
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
    run = _run(tmp_path, CPU, posargs=["-k", "a"])
    (record,) = _records(run.results)
    assert record["outcome"] == "env_error" and "did not finish within" in record["reason"]
    assert (run.results / "freeze.txt").read_text().startswith("tensorflow-cpu")


def test_import_time_comes_from_the_fingerprint(tmp_path, monkeypatch):
    Fakes(monkeypatch, import_s=4.25)
    timing = json.loads((_run(tmp_path, CPU).results / "timing.json").read_text())
    assert timing["import_s"] == 4.25 and timing["cases_s"] is not None
    Fakes(monkeypatch)                               # no env.json (fingerprint failed): unknown
    assert json.loads((_run(tmp_path, CPU).results / "timing.json").read_text())["import_s"] is None


@pytest.mark.parametrize("code, env_error", [(0, False), (1, False), (2, True), (3, True), (4, None)])
def test_pytest_exit_codes(tmp_path, monkeypatch, code, env_error):
    Fakes(monkeypatch, pytest_rc=code)
    if env_error is None:   # a usage error: the arguments' fault, not the environment's
        with pytest.raises(build.UsageError, match="unrecognized arguments"):
            _run(tmp_path, CPU, posargs=["-k", "a"])
        folder = next((tmp_path / "results" / "library" / "runs").iterdir()) / CPU.id
        assert not (folder / "records.jsonl").exists()
        return
    run = _run(tmp_path, CPU, posargs=["-k", "a"])
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
                           'keras = "tf.keras"\nflavour = "tf.keras"\ndevice = "cpu"\n')[0]
    third = _run(tmp_path, changed)
    assert third.timing.venv == "created" and fakes.calls.count("install") == 2


def test_only_stale_cells_run_and_a_slice_loses_nothing(tmp_path, monkeypatch):
    fakes = Fakes(monkeypatch)
    _run(tmp_path, CPU)
    assert sorted(fakes.planned) == ["known_thing::a", "known_thing::b"]
    assert _cells(tmp_path) == {("known_thing::a", "cpu-row"): "ok", ("known_thing::b", "cpu-row"): "ok"}
    fakes.calls.clear()
    second = _run(tmp_path, CPU)                       # nothing changed: nothing runs, no TensorFlow import
    assert "cases" not in fakes.calls and second.timing.reused == 2 and second.timing.planned == 0
    fakes.frozen = "tensorflow-cpu==2.15.1\nnumpy==1.26.4\n"   # the environment changed: everything is stale
    fakes.planned = None
    _run(tmp_path, CPU)
    assert sorted(fakes.planned) == ["known_thing::a", "known_thing::b"]
    fakes.planned = None
    slice_run = _run(tmp_path, CPU, posargs=["-k", "a"])   # a slice runs what it names, no plan
    assert fakes.planned is None and fakes.posargs == ["-k", "a"]
    assert len(_cells(tmp_path)) == 2                  # and every other cell keeps its latest result
    runs = sorted(p.name for p in (tmp_path / "results" / "library" / "runs").iterdir())
    assert len(runs) == 4 and slice_run.run_id in runs


def test_rerun_all_runs_everything_and_options_are_ours(tmp_path, monkeypatch):
    fakes = Fakes(monkeypatch)
    _run(tmp_path, CPU)
    fakes.planned = None
    _run(tmp_path, CPU, posargs=["--rerun-all", "-v"])
    assert fakes.planned is None and fakes.posargs == ["-v"] and fakes.targets == [str(tmp_path / "cases")]
    with pytest.raises(ValueError, match="--confirm"):
        build.plan.parse(["--confirm", "x"])


def test_an_interrupted_run_is_kept_as_incomplete_and_the_lock_serialises(tmp_path, monkeypatch):
    Fakes(monkeypatch)
    results = ResultsSet(tmp_path / "results" / "library")
    folder = results.raw_folder("20260101T000000Z-dead00", "cpu-row")   # a run killed before it was kept
    folder.mkdir(parents=True)
    record = records_mod.make_record("cpu-row", "20260101T000000Z-dead00", "known_thing::a", "error",
                                     error_type="ValueError")
    (folder / "records.jsonl").write_text(records_mod.dumps(record) + "\n" + records_mod.dumps(record)[:30])
    run = _run(tmp_path, CPU, posargs=["-k", "b"])
    assert results.is_ingested("20260101T000000Z-dead00", "cpu-row")
    assert any("incomplete last line" in p for p in run.problems)
    history = History(results)
    try:
        rowruns = history.rowruns()
    finally:
        history.close()
    assert dict(zip(rowruns["run_id"], rowruns["complete"]))["20260101T000000Z-dead00"] is False or \
        not dict(zip(rowruns["run_id"], rowruns["complete"]))["20260101T000000Z-dead00"]
    with results.row_lock("cpu-row"):
        with results.row_lock("cpu-row", wait=False) as free:
            assert not free                             # a second run of the row would wait


def test_row_environment_sets_kmatrix_and_drops_inherited_row_variables(tmp_path):
    gpu_env = build.row_environ(GPU, tmp_path, base={"KERAS_BACKEND": "jax", "TF_USE_LEGACY_KERAS": "1", "PATH": "/bin"})
    assert "KERAS_BACKEND" not in gpu_env and "TF_USE_LEGACY_KERAS" not in gpu_env
    assert gpu_env["KMATRIX_ENV_ID"] == "gpu-row" and gpu_env["KMATRIX_KERAS"] == "tf.keras"
    assert gpu_env["PYTHONPATH"] == str(tmp_path) and gpu_env["PATH"] == "/bin"
    assert build.row_environ(CPU, tmp_path, base={})["TF_USE_LEGACY_KERAS"] == "1"


def test_script_arguments_send_results_to_adhoc(tmp_path, monkeypatch):
    fakes = Fakes(monkeypatch)
    monkeypatch.delenv(records_mod.ENV_RESULTS_SET, raising=False)
    script = tmp_path / "repros" / "my_repro.py"
    script.parent.mkdir()
    script.write_text("print(1)\n")
    run = _run(tmp_path, CPU, posargs=["--script", str(script), "-v"])
    assert run.results.parent.parent.parent == tmp_path / "results" / "adhoc" / "my_repro"
    assert fakes.posargs == ["--script", str(script), "-v"] and fakes.targets == []
    assert build.results_set(["--script", str(script.parent) + "/"], {}) == "adhoc/repros"
    assert build.results_set([], {records_mod.ENV_RESULTS_SET: "adhoc/mine"}) == "adhoc/mine"
    for bad in ([], ["--script", ""], ["--script", str(tmp_path / "absent.py")]):
        with pytest.raises(build.UsageError):
            build.results_set(bad, {records_mod.ENV_RESULTS_SET: "../elsewhere"} if not bad else {})
    # '..' names a real folder: its own name becomes the set, never a path out of results/
    (tmp_path / "top_repro.py").write_text("print(2)\n")
    monkeypatch.chdir(script.parent)
    assert build.results_set(["--script", ".."], {}) == "adhoc/" + tmp_path.name


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
                       'keras = "tf.keras"\nflavour = "tf.keras"\ndevice = "cpu"\n' % sys.version_info[:2])[0]
    run = build.run_row(row, repo_root=tmp_path, venv_dir=tmp_path / "venv", python=sys.executable,
                        echo=open("/dev/null", "w"))
    (record,) = _records(run.results)
    assert record["outcome"] == "env_error" and record["reason"].startswith("install failed: ")
    assert "tensorflow-cpu" in record["output_tail"]


def test_a_changed_cell_is_run_again_to_tell_a_change_from_a_flaky_cell(tmp_path, monkeypatch):
    fakes = Fakes(monkeypatch)
    _run(tmp_path, CPU)
    fakes.outcome = "error"
    fakes.frozen = "tensorflow-cpu==2.15.1\nnumpy==2.0.0\n"     # the environment changed: both cells run again
    fakes.calls.clear()
    _run(tmp_path, CPU, posargs=["--confirm", "2"])
    assert ("repeat", "2") in fakes.calls                     # the two changed cells, twice more
    assert sorted(fakes.planned) == ["known_thing::a", "known_thing::b"]
    history = History(tmp_path / "results" / "library")
    try:
        assert history.latest_cells()["runs_n"].tolist() == [3, 3]   # one run + two confirmations each
    finally:
        history.close()


def test_a_row_with_only_the_published_index_plans_as_with_the_history(tmp_path, monkeypatch):
    """A CI row job fetches latest/ only: the same cells are reused, and a (run, row) already
    published is never written again under its run id."""
    fakes = Fakes(monkeypatch)
    first = _run(tmp_path, CPU)
    history = History(tmp_path / "results" / "library")
    published = tmp_path / "ci" / "results" / "library" / "published"
    published.mkdir(parents=True)
    try:
        history.write_index(str(published / "cells.parquet"), str(published / "rowruns.parquet"))
    finally:
        history.close()
    monkeypatch.setenv(records_mod.ENV_RUN_ID, first.run_id)       # a re-run of the same workflow run
    fakes.calls.clear()
    again = build.run_row(CPU, repo_root=tmp_path, uv="uv-not-used", echo=open("/dev/null", "w"),
                          python=sys.executable, venv_dir=tmp_path / "venv", results_root=tmp_path / "ci" / "results",
                          cases_dir=tmp_path / "cases")
    assert "cases" not in fakes.calls and again.timing.reused == 2 and again.timing.planned == 0
    assert again.run_id != first.run_id
