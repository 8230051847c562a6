"""Regression check against a baseline table.json, through the real CLI."""
import json
import subprocess
import sys

from harness import outcomes
from harness.report import regress

from support import synthetic

RUN = "20250101T000000Z-aaaaaa"
ENVS = (("tf2.15-keras2-py3.11-cpu", "2.15.1", "tf.keras", "2.15.0"),
        ("tf2.16-keras3-py3.12-cpu", "2.16.2", "keras3", "3.5.0"))


def _results(root, outcome_of):
    for env_id, tf, flavour, keras in ENVS:
        recs = [synthetic.case_record(env_id, RUN, case_id, outcome_of(case_id, env_id))
                for case_id in ("s::a", "s::b", "s::c")]
        synthetic.write_run(root, RUN, env_id, synthetic.env_json(env_id, tf, flavour, keras, "3.11.9"), recs)
    return root


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "harness.report", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, env={"PYTHONPATH": str(_repo()), "PATH": ""})


def _repo():
    from pathlib import Path
    return Path(__file__).resolve().parents[1]


def _build(tmp_path, name, outcome_of, *extra):
    results = _results(tmp_path / name / "results", outcome_of)
    out = tmp_path / name / "reports"
    proc = _cli("build", "--results", results, "--out", out, "--no-cases", "--adhoc", tmp_path / "none", *extra,
                cwd=tmp_path)
    return proc, out


def _all_ok(case_id, env_id):
    return outcomes.OK


def test_unchanged_results_pass_the_check(tmp_path):
    first, old = _build(tmp_path, "old", _all_ok)
    assert first.returncode == 0, first.stderr
    proc, new = _build(tmp_path, "new", _all_ok, "--baseline", old / "table.json", "--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no cell changed" in proc.stdout
    check = _cli("check", "--baseline", old / "table.json", "--current", new / "table.json", cwd=tmp_path)
    assert check.returncode == 0 and "no cell changed" in check.stdout


def test_one_changed_cell_fails_the_check_and_is_named(tmp_path):
    _, old = _build(tmp_path, "old", _all_ok)

    def one_regression(case_id, env_id):
        return outcomes.KERAS_HISTORY_ERROR if (case_id, env_id) == ("s::b", ENVS[1][0]) else outcomes.OK

    proc, new = _build(tmp_path, "new", one_regression, "--baseline", old / "table.json", "--check")
    assert proc.returncode == 1
    assert f"changed: s::b @ {ENVS[1][0]}: ok -> keras_history_error (AttributeError)" in proc.stdout
    assert "1 cell(s) changed" in proc.stdout
    check = _cli("check", "--baseline", old / "table.json", "--current", new / "table.json", cwd=tmp_path)
    assert check.returncode == 1 and "s::b @ tf2.16-keras3-py3.12-cpu" in check.stdout
    # the page and the step summary name the cell too
    assert "s::b @ tf2.16-keras3-py3.12-cpu" in (new / "index.html").read_text()
    assert "s::b @ tf2.16-keras3-py3.12-cpu" in (new / "summary.md").read_text()


def test_compare_lists_each_cell_not_aggregates():
    def doc(cells):
        return {"cells": cells}
    old = doc({"s::a": {"e1": {"outcome": "ok"}, "e2": {"outcome": "error", "error_type": "ValueError"}},
               "s::gone": {"e1": {"outcome": "ok"}}})
    new = doc({"s::a": {"e1": {"outcome": "error", "error_type": "ValueError"}, "e2": {"outcome": "ok"}},
               "s::new": {"e1": {"outcome": "ok"}}})
    changes = regress.compare(old, new)
    # the two swaps cancel out in counts (1 ok, 1 error each side), yet both are listed
    assert [(c.kind, c.case_id, c.env_id) for c in changes] == [
        ("changed", "s::a", "e1"), ("changed", "s::a", "e2"), ("removed", "s::gone", "e1"),
        ("added", "s::new", "e1")]
    same_outcome_other_error = doc({"s::a": {"e1": {"outcome": "error", "error_type": "TypeError"},
                                             "e2": {"outcome": "ok"}}, "s::new": {"e1": {"outcome": "ok"}}})
    assert [c.env_id for c in regress.compare(new, same_outcome_other_error)] == ["e1"]


def test_missing_results_folder_is_a_clear_error(tmp_path):
    proc = _cli("build", "--results", tmp_path / "results" / "library", "--out", tmp_path / "r", cwd=tmp_path)
    assert proc.returncode == 2
    assert "results set not found" in proc.stderr and "library" in proc.stderr


def test_bad_baseline_is_a_clear_error(tmp_path):
    (tmp_path / "x.json").write_text(json.dumps({"hello": 1}))
    proc = _cli("check", "--baseline", tmp_path / "x.json", "--current", tmp_path / "x.json", cwd=tmp_path)
    assert proc.returncode == 2 and "not a table.json" in proc.stderr


def test_a_flaky_cell_is_reported_apart_and_does_not_fail_the_check(tmp_path):
    _, old = _build(tmp_path, "old", _all_ok)
    results = _results(tmp_path / "new" / "results", _all_ok)
    env_id = ENVS[0][0]
    run = "20250102T000000Z-bbbbbb"
    recs = [synthetic.case_record(env_id, run, "s::a", o, repeat=i) for i, o in enumerate([outcomes.OK, outcomes.ERROR])]
    synthetic.write_run(results, run, env_id, synthetic.env_json(env_id, "2.15.1", "tf.keras", "2.15.0", "3.11.9"), recs)
    proc = _cli("build", "--results", results, "--out", tmp_path / "new" / "reports", "--no-cases", "--adhoc",
                tmp_path / "none", "--baseline", old / "table.json", "--check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"flaky: s::a @ {env_id}: ok -> flaky" in proc.stdout


def test_a_malformed_baseline_cell_is_a_usage_error_not_a_crash(tmp_path):
    _, old = _build(tmp_path, "old", _all_ok)
    table = json.loads((old / "table.json").read_text())
    table["cells"]["s::a"][ENVS[0][0]] = "ok"
    (tmp_path / "bad.json").write_text(json.dumps(table))
    proc = _cli("check", "--baseline", tmp_path / "bad.json", "--current", old / "table.json", cwd=tmp_path)
    assert proc.returncode == 2 and "malformed" in proc.stderr
