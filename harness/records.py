"""Result records: the schema and the append-only writer.

Runs inside every environment (Python 3.7+), standard library only. The
schema is documented in docs/records.md; bump SCHEMA_VERSION when a field
changes meaning, never silently.

A results folder for one environment row holds:
    env.json       the fingerprint (written once per run)
    records.jsonl  one JSON object per case, appended as soon as the case ends
    freeze.txt     the resolved package list (`uv pip freeze`), written by the matrix
    timing.json    phase timings of the row (create/install/import/cases), by the matrix

`pandas.read_json("records.jsonl", lines=True)` reads the records.
"""
import datetime
import fcntl
import json
import os
import uuid

SCHEMA_VERSION = 1
RECORDS_FILE = "records.jsonl"
ENV_FILE = "env.json"
FREEZE_FILE = "freeze.txt"
TIMING_FILE = "timing.json"

# Fields every record has (others are optional). docs/records.md explains each.
REQUIRED_FIELDS = ("schema", "env_id", "run_id", "case_id", "outcome", "started_at")

MAX_TRACEBACK = 4000
MAX_OUTPUT = 2000


def utc_now():
    return datetime.datetime.utcnow().replace(microsecond=0).isoformat() + "Z"


def new_run_id():
    """Unique id of one runner invocation: sortable time plus a random suffix."""
    return "%s-%s" % (datetime.datetime.utcnow().strftime("%Y%m%dT%H%M%SZ"), uuid.uuid4().hex[:6])


def tail(text, limit):
    """The last `limit` characters of text (None stays None)."""
    if text is None:
        return None
    text = str(text)
    return text if len(text) <= limit else "..." + text[-limit:]


def make_record(env_id, run_id, case_id, outcome, **fields):
    record = {
        "schema": SCHEMA_VERSION,
        "env_id": env_id,
        "run_id": run_id,
        "case_id": case_id,
        "outcome": outcome,
        "started_at": fields.pop("started_at", None) or utc_now(),
    }
    record.update((k, v) for k, v in fields.items() if v is not None)
    if "traceback" in record:
        record["traceback"] = tail(record["traceback"], MAX_TRACEBACK)
    if "output_tail" in record:
        record["output_tail"] = tail(record["output_tail"], MAX_OUTPUT)
    return record


def _jsonable(value):
    """json.dumps fallback: anything a case observed becomes at worst its repr."""
    try:
        return value.item()  # numpy scalars
    except Exception:
        return repr(value)


def dumps(record):
    return json.dumps(record, sort_keys=True, default=_jsonable)


class RecordWriter(object):
    """Appends one JSON line per record, under an exclusive lock.

    Each record is a single write() of one complete line, locked with flock, so
    several pytest-xdist workers can share one file and a killed run keeps every
    record that finished before it died.
    """

    def __init__(self, folder):
        self.folder = folder
        self.path = os.path.join(folder, RECORDS_FILE)
        if not os.path.isdir(folder):
            os.makedirs(folder)

    def write(self, record):
        line = (dumps(record) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            while line:  # a large line may need several writes
                line = line[os.write(fd, line):]
        finally:
            os.close(fd)  # closing releases the lock


def write_json(path, data):
    """Write a JSON file atomically (write to a temporary name, then rename)."""
    folder = os.path.dirname(path)
    if folder and not os.path.isdir(folder):
        os.makedirs(folder)
    temp = "%s.%d.tmp" % (path, os.getpid())
    with open(temp, "w") as handle:
        json.dump(data, handle, indent=1, sort_keys=True, default=_jsonable)
        handle.write("\n")
    os.replace(temp, path)
