"""Bisection along a matrix axis: the search with fake probes, reading records, rows,
and (slow) real bisections through real runs."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from harness.matrix import bisect
from harness.matrix.table import parse_matrix

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "issue_245_one_hot_repro.py"


class FakeProbe:
    """Rows behave like `outcomes[row]`; None means the row cannot be judged."""

    def __init__(self, outcomes):
        self.outcomes = outcomes
        self.calls = []

    def __call__(self, row):
        self.calls.append(row)
        outcome = self.outcomes[row]
        if outcome is None:
            return bisect.Probe(row, None, "env_error: install failed")
        return bisect.Probe(row, (outcome,), outcome)


def axis(n):
    return ["row%02d" % i for i in range(n)]


@pytest.mark.parametrize("n, change", [(12, 5), (12, 1), (12, 11), (23, 17), (2, 1), (3, 2)])
def test_finds_the_first_changed_row_with_few_probes(n, change):
    rows = axis(n)
    probe = FakeProbe({r: ("ok" if i < change else "error") for i, r in enumerate(rows)})
    result = bisect.bisect(rows, probe)
    assert (result.before.row, result.after.row) == (rows[change - 1], rows[change])
    assert result.ran == probe.calls and len(set(probe.calls)) == len(probe.calls)  # never a row twice
    if n > 4:
        assert len(probe.calls) < n
        assert len(probe.calls) <= 2 + (n - 2).bit_length()
    assert "outcome changes between %s (ok) and %s (error)" % (rows[change - 1], rows[change]) in result.describe()
    assert result.describe().endswith("ran %d of %d rows" % (len(probe.calls), n))


def test_no_change_runs_only_the_ends():
    rows = axis(12)
    probe = FakeProbe({r: "ok" for r in rows})
    result = bisect.bisect(rows, probe)
    assert result.after is None and probe.calls == [rows[0], rows[-1]]
    assert result.describe().startswith("no change")


def test_change_at_the_last_row():
    rows = axis(16)
    probe = FakeProbe({r: ("error" if r == rows[-1] else "ok") for r in rows})
    result = bisect.bisect(rows, probe)
    assert (result.before.row, result.after.row) == (rows[-2], rows[-1])
    assert len(probe.calls) < len(rows)


def test_rows_that_cannot_be_judged_are_skipped():
    rows = axis(10)
    outcomes = {r: ("ok" if i < 6 else "error") for i, r in enumerate(rows)}
    outcomes[rows[4]] = outcomes[rows[9]] = None   # the middle probe and the last row fail to build
    probe = FakeProbe(outcomes)
    result = bisect.bisect(rows, probe)
    assert (result.before.row, result.after.row) == (rows[5], rows[6])
    assert rows[4] in probe.calls and rows[9] in probe.calls


def test_an_unjudgeable_row_inside_the_final_interval_is_reported():
    rows = axis(3)
    probe = FakeProbe({rows[0]: "ok", rows[1]: None, rows[2]: "error"})
    result = bisect.bisect(rows, probe)
    assert (result.before.row, result.after.row, result.skipped) == (rows[0], rows[2], [rows[1]])
    assert "could not judge %s" % rows[1] in result.describe()


def test_first_row_unjudgeable_is_an_error():
    rows = axis(5)
    result = bisect.bisect(rows, FakeProbe({r: (None if r == rows[0] else "ok") for r in rows}))
    assert result.error and result.ran == [rows[0]]


def rec(case_id, outcome, run_id="r1", **fields):
    from harness import records
    return records.make_record("row", run_id, case_id, outcome, **fields)


def test_probe_from_records_uses_outcome_and_exception_class_only():
    a = bisect.probe_from_records("x", [rec("s::script", "error", error_type="ValueError",
                                            error_message="A KerasTensor cannot be used as input")], "r1")
    b = bisect.probe_from_records("y", [rec("s::script", "error", error_type="ValueError",
                                            error_message="different words")], "r1")
    c = bisect.probe_from_records("z", [rec("s::script", "error", error_type="TypeError")], "r1")
    assert a.signature == b.signature != c.signature
    assert a.summary == "error: ValueError: A KerasTensor cannot be used as input"


def test_probe_from_records_ignores_other_runs_and_flags_env_errors():
    stale = rec("s::script", "ok", run_id="old")
    assert not bisect.probe_from_records("x", [stale], "r1").decidable
    env = {"case_id": None, "outcome": "env_error", "run_id": "zzz", "reason": "install failed: no wheel"}
    probe = bisect.probe_from_records("x", [env], "r1")
    assert not probe.decidable and "install failed" in probe.summary
    assert bisect.probe_from_records("x", [stale, rec("s::script", "ok")], "r1").signature == (("s::script", "ok", None),)


def test_keras_default_axis_is_one_cpu_row_per_tf_version():
    rows = parse_matrix((REPO / "matrix.toml").read_text())
    chosen = bisect.rows_for_tag(bisect.KERAS_DEFAULT, rows)
    by_id = {r.id: r for r in rows}
    versions = [by_id[r].tf_version[:2] for r in chosen]
    assert versions == sorted(versions) and len(set(versions)) == len(versions) > 10
    assert all(by_id[r].device == "cpu" and by_id[r].keras == "tf.keras" for r in chosen)
    assert not any({"tfkeras", "nightly", "keras-standalone"} & set(by_id[r].tags) for r in chosen)
    assert bisect.rows_for_tag("keras3", rows) == [r.id for r in rows if "keras3" in r.tags and r.device == "cpu"]


def test_nox_probe_command_and_where_it_reads(tmp_path):
    calls = []

    def fake_run(cmd, cwd, env, **kwargs):
        calls.append((cmd, env))
        folder = (tmp_path / "results" / "adhoc" / "issue_245_one_hot_repro" / "runs" / env["KMATRIX_RUN_ID"]
                  / "tf2.15-keras2-py3.11-cpu")
        folder.mkdir(parents=True, exist_ok=True)
        line = rec("issue_245_one_hot_repro::script", "ok", run_id=env["KMATRIX_RUN_ID"])
        (folder / "records.jsonl").write_text(json.dumps(line) + "\n")
        return subprocess.CompletedProcess(cmd, 0, "")

    probe = bisect.NoxProbe(script=str(EXAMPLE), repo=tmp_path, run=fake_run, log=open(os.devnull, "w"))
    result = probe("tf2.15-keras2-py3.11-cpu")
    cmd, env = calls[0]
    assert cmd == ["nox", "-s", "tf2.15-keras2-py3.11-cpu", "--", "--script", str(EXAMPLE)]
    assert env["KMATRIX_RESULTS_SET"] == "adhoc/issue_245_one_hot_repro"
    assert result.signature == (("issue_245_one_hot_repro::script", "ok", None),)
    k_probe = bisect.NoxProbe(k="known_tf_op_on_keras_tensor::functional", run=fake_run)
    assert k_probe.results_set == "adhoc/bisect-known_tf_op_on_keras_tensor_functional"


# ------------------------------------------------------------------ real runs (slow) ----
@pytest.mark.needs_tf
def test_real_bisection_in_existing_interpreters(tf_python):
    """A synthetic axis over two real environments: three Keras 2 rows, then three Keras 3
    rows. The probe really runs the issue script in each interpreter it picks."""
    keras2, keras3 = str(tf_python("keras2")), str(tf_python("keras3"))
    pythons = {"k2-a": keras2, "k2-b": keras2, "k2-c": keras2, "k3-a": keras3, "k3-b": keras3, "k3-c": keras3}
    rows = list(pythons)
    probe = bisect.PythonProbe(pythons, script=str(EXAMPLE))
    result = bisect.bisect(rows, probe)
    assert (result.before.row, result.after.row) == ("k2-c", "k3-a"), result.describe()
    assert result.before.summary == "ok"
    assert result.after.summary.startswith("error: ValueError: A KerasTensor cannot be used")
    assert len(result.probes) < len(rows)


NOX_AXIS = ["tf2.2-keras2-py3.7-cpu", "tf2.8-keras2-py3.7-cpu", "tf2.13-keras2-py3.11-cpu",
            "tf2.15-keras2-py3.11-cpu", "tf2.18-keras3-py3.12-cpu"]


@pytest.mark.needs_tf
def test_real_bisection_through_nox_builds_fewer_environments_than_the_axis(tmp_path):
    """Builds real matrix rows with nox (minutes, downloads TensorFlow): set KMATRIX_TEST_NOX=1."""
    if os.environ.get("KMATRIX_TEST_NOX") != "1" or not shutil.which("nox"):
        pytest.skip("set KMATRIX_TEST_NOX=1 (and have nox) to build real rows")
    # results and environments under tmp_path: a test run never touches the working tree
    users = REPO / "results" / "adhoc" / EXAMPLE.stem
    before = {p: p.read_bytes() for p in users.rglob("records.jsonl")}
    probe = bisect.NoxProbe(script=str(EXAMPLE), results_root=tmp_path / "results",
                            nox=("nox", "--envdir", str(tmp_path / "nox")))
    result = bisect.bisect(NOX_AXIS, probe)
    assert {p: p.read_bytes() for p in users.rglob("records.jsonl")} == before
    assert (result.before.row, result.after.row) == (NOX_AXIS[3], NOX_AXIS[4]), result.describe()
    assert len(result.probes) < len(NOX_AXIS)
