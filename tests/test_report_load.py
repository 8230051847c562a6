"""Loading results folders: validation, file:line problems, newest run wins."""
import json

import pytest

from harness import outcomes
from harness.report import load, synthetic
from harness.report.load import check_record

ENV = "tf2.15-keras2-py3.11-cpu"


def _lines(recs):
    return [json.dumps(r) for r in recs]


def test_malformed_and_truncated_lines_are_reported_with_file_and_line_and_skipped(tmp_path):
    good = [synthetic.case_record(ENV, "20250101T000000Z-aaaaaa", f"s::v{i}", outcomes.OK) for i in range(3)]
    bad_outcome = dict(good[0], case_id="s::bad", outcome="exploded")
    no_run_id = {k: v for k, v in good[0].items() if k != "run_id"}
    bad_type = dict(good[0], case_id="s::t", grads=["w"])
    lines = [_lines(good)[0], '{"schema": 1, "env_id": "tf2', json.dumps(bad_outcome), json.dumps(no_run_id),
             _lines(good)[1], "[1, 2]", json.dumps(bad_type), _lines(good)[2][:40]]   # last: cut mid-write
    folder = tmp_path / "library" / ENV
    folder.mkdir(parents=True)
    (folder / "records.jsonl").write_text("\n".join(lines), encoding="utf-8")   # no final newline

    loaded = load.load([tmp_path / "library"])

    assert sorted(loaded.records["case_id"]) == ["s::v0", "s::v1"]
    where = {p.line: str(p) for p in loaded.problems}
    assert sorted(where) == [2, 3, 4, 6, 7, 8]
    for line, text in where.items():
        assert f"records.jsonl:{line}: " in text
    assert "not valid JSON" in where[2] and "not valid JSON" in where[8]
    assert "unknown outcome 'exploded'" in where[3]
    assert "run_id" in where[4]
    assert "grads must be dict" in where[7]


@pytest.mark.parametrize("change, fragment", [
    ({"schema": 2}, "unsupported schema"),
    ({"case_id": None}, "environment-level"),
    ({"case_id": "no_separator"}, "scenario::variant"),
    ({"env_id": ""}, "env_id"),
    ({"duration_s": "fast"}, "duration_s"),
])
def test_check_record_rejects(change, fragment):
    rec = synthetic.case_record(ENV, "r", "s::v", outcomes.OK)
    assert check_record(rec) is None
    assert fragment in check_record(dict(rec, **change))


def test_env_level_record_is_valid_with_null_case_id():
    rec = synthetic.case_record(ENV, "r", "s::v", outcomes.ENV_ERROR)
    rec["case_id"] = None
    assert check_record(rec) is None


def test_newest_run_of_an_env_wins_across_roots(tmp_path):
    old, new = "20250101T000000Z-aaaaaa", "20250301T000000Z-bbbbbb"
    env = synthetic.env_json(ENV, "2.15.1", "tf.keras", "2.15.0", "3.11.9")
    synthetic.write_env(tmp_path / "job1" / ENV, env, [
        synthetic.case_record(ENV, old, "s::a", outcomes.OK),
        synthetic.case_record(ENV, old, "s::b", outcomes.OK)])
    synthetic.write_env(tmp_path / "job2" / ENV, env, [
        synthetic.case_record(ENV, new, "s::a", outcomes.ERROR)])

    loaded = load.load([tmp_path / "job2", tmp_path / "job1"])   # order of roots does not matter

    assert loaded.records[["case_id", "outcome"]].values.tolist() == [["s::a", "error"]]
    assert loaded.envs[ENV].run_id == new
    assert loaded.envs[ENV].folder == tmp_path / "job2" / ENV
    assert len(loaded.superseded) == 1 and old in loaded.superseded[0]


def test_missing_root_raises(tmp_path):
    with pytest.raises(load.MissingResults):
        load.load([tmp_path / "nope"])
