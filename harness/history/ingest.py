"""Raw row runs -> the append-only Parquet history (one file per row run, written atomically).

Host side. A raw folder (results/<set>/runs/<run>/<row>/) is ingested once,
after its row finished, or later by `sync` when a run was interrupted (its
row run is then marked incomplete: whatever records it wrote are kept, the
rest of its cells stay as they were). Bad lines are reported with file:line
and skipped; nothing valid is dropped.
"""
from __future__ import annotations

import contextlib
import json
import os
import uuid
from pathlib import Path

import duckdb
import pandas as pd

from .. import records
from .layout import ResultsSet

# Column types of the history tables, declared once (DuckDB types).
_JSON_FIELDS = ("source", "claim", "required_grads", "required_effects", "grads", "effects", "observed", "wrappers")
_BOOL_FIELDS = ("subject_reached",)
_INT_FIELDS = ("schema", "exit_code", "signal", "repeat", "artifact_bytes")
_FLOAT_FIELDS = ("duration_s", "wall_s")
RECORD_COLUMNS = {name: ("VARCHAR" if name in _JSON_FIELDS else "BOOLEAN" if name in _BOOL_FIELDS else
                         "BIGINT" if name in _INT_FIELDS else "DOUBLE" if name in _FLOAT_FIELDS else "VARCHAR")
                  for name in records.FIELD_NAMES}
RECORD_COLUMNS["line"] = "BIGINT"          # line number in records.jsonl: the order within a run
ROWRUN_COLUMNS = {"run_id": "VARCHAR", "env_id": "VARCHAR", "ingested_at": "VARCHAR", "complete": "BOOLEAN",
                  "started_at": "VARCHAR", "finished_at": "VARCHAR", "commit": "VARCHAR",
                  "env_json": "VARCHAR", "freeze": "VARCHAR", "timing_json": "VARCHAR", "env_hash": "VARCHAR",
                  "records": "BIGINT", "problems": "VARCHAR"}
AUDIT_COLUMNS = {"env_id": "VARCHAR", "case_id": "VARCHAR", "run_id": "VARCHAR", "audited_at": "VARCHAR",
                 "audited": "BOOLEAN", "agree": "BOOLEAN", "record_outcome": "VARCHAR",
                 "record_error_type": "VARCHAR", "plain_outcome": "VARCHAR", "plain_error_type": "VARCHAR",
                 "plain_keras_history": "BOOLEAN", "differences": "VARCHAR", "last_line": "VARCHAR",
                 "note": "VARCHAR", "seconds": "DOUBLE"}


def _json(value):
    return None if value is None else records.dumps(value)


def write_parquet(rows: list[dict], columns: dict[str, str], path: Path) -> None:
    """Rows (dicts) -> one Parquet file with exactly `columns`, atomically."""
    frame = pd.DataFrame({name: [row.get(name) for row in rows] for name in columns}, dtype=object)
    select = ", ".join('CAST("%s" AS %s) AS "%s"' % (name, kind, name) for name, kind in columns.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(".%s.%s.tmp" % (path.name, uuid.uuid4().hex[:8]))
    con = duckdb.connect()
    try:
        con.register("frame", frame)
        con.execute("COPY (SELECT %s FROM frame) TO '%s' (FORMAT parquet, COMPRESSION zstd)"
                    % (select, str(temp).replace("'", "''")))
        os.replace(temp, path)
    finally:
        con.close()
        if temp.exists():
            temp.unlink()


def _flatten(record: dict, line: int) -> dict:
    row = {name: record.get(name) for name in records.FIELD_NAMES}
    for name in _JSON_FIELDS:
        row[name] = _json(record.get(name))
    row["line"] = line
    return row


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def ingest(results: ResultsSet, run_id: str, row_id: str, complete: bool, commit: str | None = None) -> list[str]:
    """Ingest one raw row run; returns the problems found (file:line: why)."""
    folder = results.raw_folder(run_id, row_id)
    found, problems = records.read_jsonl(str(folder / records.RECORDS_FILE))
    lines = [_flatten(r, i) for i, r in enumerate(found, 1)]
    if lines:
        write_parquet(lines, RECORD_COLUMNS, results.records_file(run_id, row_id))
    env_text = _read_text(folder / records.ENV_FILE)
    timing_text = _read_text(folder / records.TIMING_FILE)
    try:
        env = json.loads(env_text) if env_text else None
        if env is not None and not isinstance(env, dict):
            raise ValueError("not a JSON object")
    except ValueError as exc:
        problems.append(records.Problem(folder / records.ENV_FILE, None, "not valid: %s" % exc))
        env_text = None
    started = min((r["started_at"] for r in found), default=None)
    meta = {"run_id": run_id, "env_id": row_id, "ingested_at": records.utc_now(), "complete": complete,
            "started_at": started, "finished_at": records.utc_now() if complete else None,
            "commit": commit, "env_json": env_text, "freeze": _read_text(folder / records.FREEZE_FILE),
            "timing_json": timing_text,
            "env_hash": next((r.get("env_hash") for r in found if r.get("env_hash")), None),
            "records": len(found), "problems": "\n".join(map(str, problems)) or None}
    audit_lines, audit_problems = records_of(folder / records.AUDIT_FILE)
    problems.extend(audit_problems)
    if audit_lines:
        write_audit(results, run_id, row_id, audit_lines)
    write_parquet([meta], ROWRUN_COLUMNS, results.rowrun_file(run_id, row_id))   # last: marks it ingested
    return [str(p) for p in problems]


def records_of(path: Path):
    """Audit lines (JSON objects) of an audit.jsonl; bad lines become problems."""
    found, problems = [], []
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return found, problems
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = records.loads(line)
        except ValueError as exc:
            problems.append(records.Problem(path, number, "not valid JSON: %s" % exc))
            continue
        if isinstance(value, dict) and isinstance(value.get("case_id"), str):
            found.append(value)
        else:
            problems.append(records.Problem(path, number, "not an audit line"))
    return found, problems


def write_audit(results: ResultsSet, run_id: str, row_id: str, lines: list[dict]) -> Path:
    rows = []
    for line in lines:
        record, plain = line.get("record") or {}, line.get("plain") or {}
        rows.append({"env_id": row_id, "case_id": line["case_id"], "run_id": line.get("run_id") or run_id,
                     "audited_at": line.get("audited_at"), "audited": bool(line.get("audited")),
                     "agree": line.get("agree"), "record_outcome": record.get("outcome"),
                     "record_error_type": record.get("error_type"), "plain_outcome": plain.get("outcome"),
                     "plain_error_type": plain.get("error_type"),
                     "plain_keras_history": plain.get("keras_history"),
                     "differences": _json(line.get("differences")), "last_line": plain.get("last_line"),
                     "note": line.get("note"), "seconds": line.get("seconds")})
    stamp = records.new_run_id()
    path = results.audit_file(run_id, row_id, stamp)
    write_parquet(rows, AUDIT_COLUMNS, path)
    return path


def sync(results: ResultsSet, rows: list[str] | None = None, say=None, held: bool = False) -> list[str]:
    """Ingest every raw row run not yet in the history (an interrupted or killed run:
    marked incomplete). Rows whose lock is held by another run (running now) are left
    for later; `held`: the caller holds the lock of `rows` already."""
    problems = []
    for run_id, row_id, _ in results.raw_folders():
        if (rows is not None and row_id not in rows) or results.is_ingested(run_id, row_id):
            continue
        with (contextlib.nullcontext(True) if held else results.row_lock(row_id, wait=False)) as free:
            if not free or results.is_ingested(run_id, row_id):
                continue
            if say:
                say("ingesting the unfinished run %s of %s" % (run_id, row_id))
            problems.extend(ingest(results, run_id, row_id, complete=False))
    return problems
