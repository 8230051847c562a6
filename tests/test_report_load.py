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


def _frame_cells(frame):
    """Every value with its type, NaN (field absent) told from None (null)."""
    def cell(value):
        if isinstance(value, float) and value != value:
            return "absent"
        return (type(value).__name__, repr(value))
    return {column: [cell(v) for v in frame[column]] for column in frame.columns}


def test_values_keep_their_exact_type_null_and_absence(tmp_path):
    base = synthetic.case_record(ENV, "r", "s::a", outcomes.OK)
    variants = [dict(base, exit_code=1), dict(base, exit_code=True), dict(base, duration_s=0.0),
                dict(base, duration_s=-0.0), dict(base, duration_s=1), dict(base, grads={"a": "ok", "b": "none"}),
                dict(base, grads={"b": "none", "a": "ok"}), dict(base, title=None),
                {k: v for k, v in base.items() if k != "title"}, dict(base, observed={"n": 1}),
                dict(base, observed={"n": 1.0})]
    recs = [dict(rec, case_id=f"s::v{i}") for i, rec in enumerate(variants)]
    (tmp_path / ENV).mkdir()
    (tmp_path / ENV / "records.jsonl").write_text("\n".join(_lines(recs)) + "\n", encoding="utf-8")  # key order kept

    frame = load.load([tmp_path]).records

    assert not load.load([tmp_path]).problems
    assert [(type(v).__name__, v) for v in frame["exit_code"][:2]] == [("int", 1), ("bool", True)]
    assert [repr(v) for v in frame["duration_s"][2:5]] == ["0.0", "-0.0", "1"]
    assert [list(g) for g in frame["grads"][5:7]] == [["a", "b"], ["b", "a"]]
    assert frame["title"][7] is None and _frame_cells(frame)["title"][8] == "absent"
    assert [repr(v) for v in frame["observed"][9:11]] == ["{'n': 1}", "{'n': 1.0}"]
    assert frame["output_tail"].isna().all()


def test_parsing_in_worker_processes_gives_the_same_records_and_problems(tmp_path):
    for e in range(3):
        env_id = f"tf2.{15 + e}-keras2-py3.11-cpu"
        recs = [synthetic.case_record(env_id, "20250101T000000Z-aaaaaa", f"s::v{i}", outcome)
                for i, outcome in enumerate([outcomes.OK, outcomes.ERROR, outcomes.GRAD_DROPPED] * 5)]
        lines = _lines(recs)
        lines[e + 1] = lines[e + 1][:30]                                  # truncated
        lines[e + 4] = json.dumps(dict(recs[e + 4], outcome={"not": "a string"}))
        folder = tmp_path / env_id
        folder.mkdir()
        (folder / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    one, pool = load.load([tmp_path], workers=1), load.load([tmp_path], workers=2)

    assert _frame_cells(pool.records) == _frame_cells(one.records)
    assert [str(p) for p in pool.problems] == [str(p) for p in one.problems]
    assert len(one.records) == 3 * 13
    assert [(p.line, p.message[:15]) for p in one.problems[:2]] == [(2, "not valid JSON "), (5, "unknown outcome")]
