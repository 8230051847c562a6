"""Saved here, loaded there in the matrix, without TensorFlow: which reader cells exist (one per
artifact in the index), which are stale (the artifact, the reader's case, the reader's
environment), a row alone reading its own new artifacts, the matrix's writers-first order
and its read pass, with a stand-in runner that writes what a real one would."""
import json
import sys
import time
from pathlib import Path

import pytest

from harness.runner import options

from harness import artifacts, hashes, records
from harness.history.layout import ResultsSet
from harness.history.query import History
from harness.matrix import plan, readpass
from harness.matrix import rowrun as build
from harness.matrix.table import parse_matrix

ROWS = parse_matrix('''
[[env]]
id = "old-row"
python = "3.11"
tensorflow = "tensorflow-cpu==2.15.1"
keras = "tf.keras"
flavour = "tf.keras"
device = "cpu"

[[env]]
id = "new-row"
python = "3.11"
tensorflow = "tensorflow-cpu==2.21.0"
keras = "tf.keras"
flavour = "keras3"
device = "cpu"
''')
OLD, NEW = sorted(ROWS, key=lambda r: r.id, reverse=True)

CASE = '''CASE = {"title": "t", "source": {"kind": "known", "refs": ["https://example.org/1"]},
        "variants": {"w": {"role": "writer"}, "r": {"role": "reader", "reads": "w"},
                     "other": {"role": "fix"}}}


def w(ctx):
    pass


def r(ctx):
    pass


def other(ctx):
    pass
'''


class Runner:
    """Stands in for run_cases: writes the records a real runner would for the planned ids
    (a writer saves a new artifact each time it runs; a reader names the one the index gives)."""

    def __init__(self, monkeypatch):
        self.runs = []
        monkeypatch.setattr(build, "create_venv", self.create_venv)
        monkeypatch.setattr(build, "install", lambda uv, venv, row: (0, ""))
        monkeypatch.setattr(build, "freeze", self.freeze)
        monkeypatch.setattr(build, "run_cases", self.run_cases)

    @staticmethod
    def create_venv(uv, python, venv_dir):
        (Path(venv_dir) / "bin").mkdir(parents=True, exist_ok=True)
        (Path(venv_dir) / "bin" / "python").write_text("")
        return 0, ""

    @staticmethod
    def freeze(uv, venv_dir, dest):
        dest.write_text("pkg==1\n")
        return "pkg==1\n"

    def run_cases(self, python, env, repo_root, results, row, posargs, targets, echo=None):
        wanted = Path(posargs[posargs.index("--only-cases") + 1]).read_text().split() if "--only-cases" in posargs \
            else ["saveload_x::w", "saveload_x::other"]
        index = artifacts.read_index(env[records.ENV_ARTIFACTS_INDEX]) if records.ENV_ARTIFACTS_INDEX in env else {}
        self.runs.append((row.id, sorted(wanted), records.ENV_ARTIFACTS_INDEX in env))
        writer = records.RecordWriter(str(results))
        common = dict(case_hash=hashes.case_hash(str(repo_root / "cases" / "saveload_x.py")),
                      runner_hash=hashes.runner_hash(), env_hash=env[records.ENV_ENV_HASH],
                      limits=options.limits(options.DEFAULT_CASE_TIMEOUT_S, options.DEFAULT_CASE_MEMORY_MB))
        for case_id in wanted:
            fields = dict(common)
            if case_id.endswith("::w"):
                folder = Path(results) / ("saved-%d" % len(self.runs))
                folder.mkdir()
                (folder / "predictions.json").write_text(json.dumps([row.id, len(self.runs)]))
                fields["artifact"], fields["artifact_bytes"], _ = artifacts.store(env[records.ENV_ARTIFACTS],
                                                                                  str(folder), {})
            elif "@" in case_id:
                writer_env = case_id.split("@")[1]
                fields.update(artifact=index["saveload_x::w"][writer_env]["sha256"], writer_env=writer_env,
                              writer_case="saveload_x::w")
            writer.write(records.make_record(row.id, env[records.ENV_RUN_ID], case_id, "ok", **fields))
        return 0, ""


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "saveload_x.py").write_text(CASE)
    return tmp_path


def _run(repo, row, posargs=()):
    return build.run_row(row, repo_root=repo, venv_dir=repo / ("venv-" + row.id), python=sys.executable,
                         posargs=list(posargs), uv="uv-not-used", echo=open("/dev/null", "w"))


def _latest(repo):
    history = History(repo / "results" / "library")
    try:
        cells = history.latest_cells()
        return {(c, e): a for c, e, a in cells[["case_id", "env_id", "artifact"]].itertuples(index=False)}
    finally:
        history.close()


def test_a_row_alone_reads_what_exists_and_then_its_own_new_artifact(repo, monkeypatch):
    runner = Runner(monkeypatch)
    monkeypatch.delenv(build.ENV_DEFER_READERS, raising=False)
    _run(repo, OLD)
    # first run: nothing to read; then the artifact it saved is read by its own reader
    assert runner.runs == [("old-row", ["saveload_x::other", "saveload_x::w"], True),
                           ("old-row", ["saveload_x::r@old-row"], True)]
    _run(repo, NEW)   # the new row reads the old row's artifact, writes its own, reads that too
    assert runner.runs[2:] == [("new-row", ["saveload_x::other", "saveload_x::r@old-row", "saveload_x::w"], True),
                               ("new-row", ["saveload_x::r@new-row"], True)]
    runner.runs.clear()
    _run(repo, OLD)   # ... and the old row reads only the new row's artifact: everything else is fresh
    assert runner.runs == [("old-row", ["saveload_x::r@new-row"], True)]
    runner.runs.clear()
    _run(repo, OLD)
    _run(repo, NEW)
    assert runner.runs == []   # nothing stale anywhere: no runner started
    cells = _latest(repo)
    assert cells[("saveload_x::r@new-row", "old-row")] == cells[("saveload_x::w", "new-row")]


def test_a_new_artifact_makes_exactly_its_reader_cells_stale(repo, monkeypatch):
    runner = Runner(monkeypatch)
    monkeypatch.delenv(build.ENV_DEFER_READERS, raising=False)
    for row in (OLD, NEW, OLD):
        _run(repo, row)
    runner.runs.clear()
    _run(repo, NEW, ["--rerun-all"])   # the new row's writer saves a new artifact
    assert any("saveload_x::w" in wanted for _, wanted, _ in runner.runs)
    runner.runs.clear()
    _run(repo, OLD)
    assert runner.runs == [("old-row", ["saveload_x::r@new-row"], True)]


def test_a_writer_whose_artifact_left_the_store_writes_again(repo, monkeypatch):
    runner = Runner(monkeypatch)
    _run(repo, OLD)
    sha = _latest(repo)[("saveload_x::w", "old-row")]
    Path(artifacts.path_of(str(repo / "results" / "library" / "artifacts"), sha)).unlink()
    runner.runs.clear()
    _run(repo, OLD)
    assert runner.runs[0] == ("old-row", ["saveload_x::w"], True)


def test_in_the_matrix_rows_write_first_and_the_read_pass_reads(repo, monkeypatch):
    runner = Runner(monkeypatch)
    monkeypatch.setenv(build.ENV_DEFER_READERS, "1")
    _run(repo, OLD)
    _run(repo, NEW)
    assert runner.runs == [("old-row", ["saveload_x::other", "saveload_x::w"], False),
                           ("new-row", ["saveload_x::other", "saveload_x::w"], False)]   # no reader, no index
    runner.runs.clear()
    monkeypatch.setattr(build, "default_venv_dir", lambda root, row_id: repo / ("venv-" + row_id))
    monkeypatch.setattr(readpass.interpreters, "find_cached",
                        lambda version, disk=None: type("F", (), {"path": sys.executable})())
    lines = readpass.run_all([OLD, NEW], repo, repo / "results", ["--rerun-all", "-v"], jobs=2,
                             stream=open("/dev/null", "w"))
    assert sorted(runner.runs) == [("new-row", ["saveload_x::r@new-row", "saveload_x::r@old-row"], True),
                                   ("old-row", ["saveload_x::r@new-row", "saveload_x::r@old-row"], True)]
    assert all("2 planned" in line for line in lines), lines
    runner.runs.clear()
    readpass.run_all([OLD, NEW], repo, repo / "results", [], jobs=2, stream=open("/dev/null", "w"))
    assert runner.runs == []   # read everything already: the read pass imports nothing


def test_the_index_holds_the_newest_artifact_per_writer_and_environment(repo, monkeypatch):
    Runner(monkeypatch)
    monkeypatch.setenv(build.ENV_DEFER_READERS, "1")
    _run(repo, OLD)
    first = _latest(repo)[("saveload_x::w", "old-row")]
    # "newest" is by start time, in whole seconds (records.utc_now); two stand-in runs in one
    # second tie, and the tie goes by run id (random): start the second run in the next second
    time.sleep(1.05 - time.time() % 1)
    _run(repo, OLD, ["--rerun-all"])
    second = _latest(repo)[("saveload_x::w", "old-row")]
    results = ResultsSet(repo / "results" / "library")
    history = History(results)
    try:
        index = plan.artifacts_index(history, results.root / "artifacts", {"old-row": OLD.axes})
    finally:
        history.close()
    assert first != second and index["saveload_x::w"]["old-row"]["sha256"] == second
    assert index["saveload_x::w"]["old-row"]["axes"]["flavour"] == "tf.keras"
    cases, shas = plan.with_readers({"saveload_x::w": "h", "saveload_x::r": "h"}, {"saveload_x::r": "saveload_x::w"},
                                    index)
    assert cases == {"saveload_x::w": "h", "saveload_x::r@old-row": "h"} and shas == {"saveload_x::r@old-row": second}
    assert artifacts.exists(str(results.root / "artifacts"), first)   # the older artifact is kept, never deleted


def test_the_matrix_session_is_recognised_among_the_requested_sessions():
    import importlib.util
    spec = importlib.util.spec_from_file_location("noxfile_under_test", str(Path(__file__).parents[1] / "noxfile.py"))
    source = Path(spec.origin).read_text()
    namespace = {}
    start = source.index("def _matrix_requested")
    exec(source[start:source.index("\n\n\n", start)], namespace)
    requested = namespace["_matrix_requested"]
    assert requested(["nox", "-s", "matrix", "-j", "2"]) and requested(["nox", "-s", "report", "matrix"])
    assert requested(["nox", "--session=matrix"])
    assert not requested(["nox", "-s", "tf2.15-keras2-py3.11-cpu", "--", "matrix"])
    assert not requested(["nox", "-t", "matrix"])
