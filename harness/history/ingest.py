"""Raw row runs -> the append-only Parquet history (one file per row run, written atomically).

Host side. A raw folder (results/<set>/runs/<run>/<row>/) is ingested once,
after its row finished, or later by `sync` when a run was interrupted (its
row run is then marked incomplete: whatever records it wrote are kept, the
rest of its cells stay as they were). Bad lines are reported with file:line
and skipped; nothing valid is dropped.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from pathlib import Path

import duckdb
import pandas as pd

from .. import contract, records
from .layout import ResultsSet

# Column types of the history tables, from the declarations (harness/contract.py): nested
# values (JSON) are stored as their JSON text.
def record_columns() -> dict[str, str]:
    """{column: DuckDB type} of the records table: every declared field (harness/contract.py), then
    `line`, the line number in records.jsonl (the order within a run)."""
    columns = {f.name: "VARCHAR" if contract.history_type(f) == "JSON" else contract.history_type(f)
               for f in contract.FIELDS}
    columns["line"] = "BIGINT"
    return columns


def _json_fields() -> tuple[str, ...]:
    return tuple(f.name for f in contract.FIELDS if contract.history_type(f) == "JSON")


RECORD_COLUMNS = record_columns()   # as of import: the columns the history's index keeps (query.SLIM)
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
    row = {name: record.get(name) for name in record_columns()}
    for name in _json_fields():
        row[name] = _json(record.get(name))
    row["line"] = line
    return row


def _read_text(path: Path) -> str | None:
    """A text file of a run: bytes that are not UTF-8 replaced (records.decode)."""
    try:
        return records.decode(path.read_bytes())
    except OSError:
        return None


def ingest(results: ResultsSet, run_id: str, row_id: str, complete: bool, commit: str | None = None) -> list[str]:
    """Ingest one raw row run; returns the problems found (file:line: why)."""
    folder = results.raw_folder(run_id, row_id)
    found, problems = records.read_jsonl(str(folder / records.RECORDS_FILE), env_id=row_id, run_id=run_id)
    lines = [_flatten(r, i) for i, r in enumerate(found, 1)]
    if lines:
        write_parquet(lines, record_columns(), results.records_file(run_id, row_id))
    env_text = records.clean_json_text(_read_text(folder / records.ENV_FILE))     # no lone surrogate kept
    timing_text = records.clean_json_text(_read_text(folder / records.TIMING_FILE))
    try:
        env = records.loads(env_text) if env_text else None
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
    text = _read_text(path)
    if text is None:
        return found, problems
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = records.loads(line)
        except (ValueError, RecursionError) as exc:
            problems.append(records.Problem(path, number, "not valid JSON: %s" % str(exc)[:200]))
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
    problems: list[str] = []
    for run_id, row_id, folder in results.raw_folders(problems if rows is None else None):
        if (rows is not None and row_id not in rows) or results.is_ingested(run_id, row_id):
            continue
        with (contextlib.nullcontext(True) if held else results.row_lock(row_id, wait=False)) as free:
            if not free or results.is_ingested(run_id, row_id):
                continue
            if say:
                say("ingesting the unfinished run %s of %s" % (run_id, row_id))
            try:
                problems.extend(ingest(results, run_id, row_id, complete=False))
            except (duckdb.Error, OSError, ValueError) as exc:
                # one raw run that cannot be kept never stops the others (nor every later build)
                problems.append("%s: could not be ingested, skipped (%s: %s)"
                                % (folder, type(exc).__name__, records.clean_text(str(exc))[:300]))
    return problems


def add_received(results: ResultsSet, source: Path, say=print) -> tuple[list[str], list[str], list[str]]:
    """Add every row run folder found under `source` (the row jobs' uploads: <run>/<row>/
    at any depth, whatever run id a row ended up with) and ingest it: complete when it
    finished (timing.json written). A (run, row) the history already holds (the artifact
    of a job whose run an earlier attempt published) is skipped, never rewritten.
    Returns (added, skipped, problems) with 'run/row' names."""
    from . import latest
    published = latest.published_row_runs(results)
    added, skipped, problems = [], [], []
    markers = (records.RECORDS_FILE, records.ENV_FILE, records.TIMING_FILE)
    folders = sorted({p.parent for marker in markers for p in Path(source).rglob(marker) if p.is_file()})
    for folder in folders:
        run_id, row_id = folder.parent.name, folder.name
        try:
            target = results.raw_folder(run_id, row_id)
        except ValueError as exc:
            problems.append("%s: not a <run id>/<row id> folder (%s)" % (folder, exc))
            continue
        name = "%s/%s" % (run_id, row_id)
        if results.is_ingested(run_id, row_id) or (run_id, row_id) in published or target.exists():
            skipped.append(name)
            say("%s: already in the history, kept as it is" % name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(folder, target, ignore=lambda d, names: [n for n in names   # plain files only
                                                                if os.path.islink(os.path.join(d, n))])
        with results.row_lock(row_id):
            found = ingest(results, run_id, row_id, complete=(target / records.TIMING_FILE).is_file())
        problems.extend(found)
        added.append(name)
        say("%s: added" % name)
    return added, skipped, problems
