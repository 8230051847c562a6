"""Record writing: one complete line per record, safe for concurrent writers."""
import json
import multiprocessing
import os
import sys

import pandas as pd
import pytest

from harness import records


def test_make_record_fields_and_truncation():
    r = records.make_record("env", "run", "s::v", "error", error_type="ValueError",
                            traceback="x" * 10000, output_tail="y" * 10000, reason=None)
    assert r["schema"] == records.SCHEMA_VERSION
    assert all(k in r for k in records.REQUIRED_FIELDS)
    assert "reason" not in r  # None fields are left out
    assert len(r["traceback"]) == records.MAX_TRACEBACK + 3 and r["traceback"].startswith("...x")
    assert len(r["output_tail"]) == records.MAX_OUTPUT + 3


def test_unserialisable_observations_fall_back_to_repr(tmp_path):
    class Odd:
        def __repr__(self):
            return "<odd>"
    writer = records.RecordWriter(str(tmp_path))
    writer.write(records.make_record("env", "run", "s::v", "ok", observed={"x": Odd()}))
    (line,) = open(writer.path).read().splitlines()
    assert json.loads(line)["observed"] == {"x": "<odd>"}


def _write_many(folder, worker, count):
    writer = records.RecordWriter(folder)
    for i in range(count):
        writer.write(records.make_record("env", "run", "w%d::%d" % (worker, i), "ok",
                                         output_tail="z" * 3000))


def test_concurrent_writers_never_interleave(tmp_path):
    procs = [multiprocessing.Process(target=_write_many, args=(str(tmp_path), w, 200)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    frame = pd.read_json(os.path.join(tmp_path, records.RECORDS_FILE), lines=True)
    assert len(frame) == 800 and frame["case_id"].nunique() == 800


def test_write_json_is_atomic(tmp_path):
    path = tmp_path / "sub" / "env.json"
    records.write_json(str(path), {"a": 1})
    assert json.loads(path.read_text()) == {"a": 1}
    assert [p.name for p in path.parent.iterdir()] == ["env.json"]


def test_the_checker_refuses_nested_values_that_would_crash_a_reader():
    good = records.make_record("env", "run", "s::v", "ok")
    assert records.check(good) is None
    bad = [
        dict(good, outcome="nope"),
        dict(good, outcome="flaky"),                                   # derived, never recorded
        dict(good, case_id=None),                                      # only env-level outcomes may lack a case
        dict(good, grads={"w": "maybe"}),
        dict(good, effects={"trained": True}),
        dict(good, claim={"text": "t", "expect": {"message": "("}}),   # an invalid regex
        dict(good, claim={"text": "t", "expect": {"grads": ["w"]}}),
        dict(good, required_grads=[1]),
        dict(good, schema=True),
        dict(good, duration_s="1"),
        [good],
    ]
    for record in bad:
        assert records.check(record), record


def test_reading_skips_bad_lines_with_file_and_line(tmp_path):
    path = tmp_path / "records.jsonl"
    good = records.dumps(records.make_record("env", "run", "s::v", "ok"))
    path.write_bytes(("\n".join([good, "{not json", '{"schema": 2}', good]) + "\n" + good[:20]).encode())
    found, problems = records.read_jsonl(str(path))
    assert len(found) == 2
    assert [p.line for p in problems] == [2, 3, 5]
    assert "incomplete last line" in str(problems[-1]) and str(path) in str(problems[0])
    assert records.read_jsonl(str(tmp_path / "absent.jsonl")) == ([], [])


def test_nan_and_infinity_round_trip_as_strict_json(tmp_path):
    record = records.make_record("env", "run", "s::v", "ok", observed={"loss": float("nan"), "big": float("inf"),
                                                                        "small": -float("inf"), "x": 1.5})
    line = records.dumps(record)
    json.loads(line, parse_constant=lambda name: pytest.fail("non-standard JSON constant " + name))
    back = records.loads(line)["observed"]
    assert back["loss"] != back["loss"] and back["big"] == float("inf") and back["small"] == -float("inf")
    assert back["x"] == 1.5
    writer = records.RecordWriter(str(tmp_path))
    writer.write(record)
    (read,), problems = records.read_jsonl(writer.path)
    assert problems == [] and read["observed"]["big"] == float("inf")


def test_summary_is_one_line():
    record = records.make_record("env", "run", "s::v", "error", error_type="ValueError", error_message="x" * 300)
    assert records.summary(record).startswith("error: ValueError: xxx") and len(records.summary(record)) < 100
    assert records.summary(records.make_record("e", "r", "s::v", "setup_error", error_type="ValueError")) == \
        "setup_error: ValueError before the subject step"


def test_two_workers_that_find_the_results_folder_missing_at_once_both_write(tmp_path, monkeypatch):
    """xdist workers start together: both look, both find no folder, one makes it first. The
    other must not die with FileExistsError (it did: its session never started, and every case it
    was given ran without a record: 3 records of 4 in test_xdist_workers_share_one_records_file)."""
    folder = tmp_path / "results"
    folder.mkdir()                                         # the other worker made it just now
    real, looked = os.path.isdir, []

    def isdir(path):        # ... after this one looked: its own first look says missing
        caller = sys._getframe(1).f_code.co_filename
        if os.fspath(path) == str(folder) and not looked and caller.endswith(os.path.join("harness", "records.py")):
            looked.append(path)
            return False
        return real(path)
    monkeypatch.setattr(records.os.path, "isdir", isdir)
    writer = records.RecordWriter(str(folder))
    writer.write(records.make_record("env", "run", "s::v", "ok"))
    records.write_text_atomic(str(folder / "env.json"), "{}")
    monkeypatch.undo()
    found, problems = records.read_jsonl(str(folder / records.RECORDS_FILE))
    assert [r["case_id"] for r in found] == ["s::v"] and problems == []
