"""Record writing: one complete line per record, safe for concurrent writers."""
import json
import multiprocessing
import os

import pandas as pd

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
