"""Reading results folders: validated records, newest run per environment.

A results root (e.g. results/library, or one CI job's artifact of it) holds
one folder per environment row: <env-id>/{env.json, records.jsonl,
freeze.txt, timing.json} (docs/records.md). A root may also be such an
env folder itself. Every line of records.jsonl is checked against schema 1;
a line that is not valid JSON (a run killed mid-write) or breaks the schema
is reported with its file and line number and skipped, never silently.
When several runs of one environment are found (--append, merged
artifacts), the newest run_id wins for that environment.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from harness import outcomes, records

# Columns of the records frame; a record lacking a field gets None there.
COLUMNS = ("env_id", "run_id", "case_id", "outcome", "started_at", "scenario", "variant", "title",
           "role", "source", "claim", "required_grads", "grads", "observed", "error_type",
           "error_message", "traceback", "reason", "exit_code", "signal", "isolation",
           "duration_s", "wall_s", "output_tail")

_STR = (str,)
_NUM = (int, float)
# Expected types of optional fields (bool is an int: excluded where it matters).
OPTIONAL_TYPES = {
    "scenario": _STR, "variant": _STR, "title": _STR, "role": _STR, "source": (dict,),
    "claim": (dict, type(None)), "required_grads": (list,), "grads": (dict,), "observed": (dict,),
    "error_type": _STR, "error_message": _STR, "traceback": _STR, "reason": _STR,
    "exit_code": (int,), "signal": (int,), "isolation": _STR, "duration_s": _NUM, "wall_s": _NUM,
    "output_tail": _STR,
}
_REQUIRED = frozenset(records.REQUIRED_FIELDS)
_OUTCOMES = frozenset(outcomes.OUTCOMES)
_ENV_LEVEL = frozenset((outcomes.ENV_ERROR, outcomes.NOT_RUN))


@dataclass(frozen=True)
class Problem:
    """Something wrong in the input, with where it is."""
    path: str
    line: int | None
    message: str

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class EnvRun:
    """What one results folder says about the environment whose run was kept."""
    env_id: str
    folder: Path
    run_id: str | None = None
    env: dict | None = None           # env.json
    timing: dict | None = None        # timing.json
    freeze: list[str] = field(default_factory=list)


@dataclass
class Loaded:
    records: pd.DataFrame             # one row per kept record, COLUMNS
    envs: dict[str, EnvRun]           # env_id -> the folder of its kept run
    problems: list[Problem]
    superseded: list[str]             # "env: run X replaced by newer run Y"


def check_record(rec) -> str | None:
    """Why `rec` (a parsed JSON line) is not a valid schema-1 record, or None."""
    if not isinstance(rec, dict):
        return f"not a JSON object but {type(rec).__name__}"
    if not _REQUIRED <= rec.keys():
        return "missing required field(s): " + ", ".join(sorted(_REQUIRED - rec.keys()))
    if rec["schema"] != records.SCHEMA_VERSION:
        return f"unsupported schema {rec['schema']!r} (this report reads {records.SCHEMA_VERSION})"
    outcome = rec["outcome"]
    if outcome not in _OUTCOMES:
        return f"unknown outcome {outcome!r}"
    for name in ("env_id", "run_id", "started_at"):
        if not isinstance(rec[name], str) or not rec[name]:
            return f"{name} must be a non-empty string, not {rec[name]!r}"
    case_id = rec["case_id"]
    if case_id is None:
        if outcome not in _ENV_LEVEL:
            return f"case_id is null but outcome {outcome} is not an environment-level outcome"
    elif not isinstance(case_id, str) or "::" not in case_id:
        return f"case_id must be 'scenario::variant' or null, not {case_id!r}"
    for name, types in OPTIONAL_TYPES.items():
        value = rec.get(name)
        if value is not None and not isinstance(value, types):
            return f"{name} must be {'/'.join(t.__name__ for t in types)}, not {type(value).__name__}"
    return None


def read_records(path: Path, problems: list[Problem]) -> list[dict]:
    """Valid records of one records.jsonl; problems get one entry per bad line."""
    kept = []
    loads = json.loads
    with open(path, "rb") as handle:
        data = handle.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    elif lines:
        # A last line without its newline: the writer was killed mid-line.
        # It may still parse (a short record); the check below decides.
        pass
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            rec = loads(raw)
        except ValueError as exc:
            problems.append(Problem(str(path), number, f"not valid JSON (truncated line?): {exc}"))
            continue
        why = check_record(rec)
        if why:
            problems.append(Problem(str(path), number, why))
            continue
        kept.append(rec)
    return kept


def _read_json(path: Path, problems: list[Problem]) -> dict | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.append(Problem(str(path), None, f"unreadable: {exc}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(str(path), None, "not a JSON object"))
        return None
    return data


def env_folders(root: Path) -> list[Path]:
    """The environment folders in a results root (or the root itself if it is one)."""
    markers = (records.RECORDS_FILE, records.ENV_FILE)
    if any((root / m).is_file() for m in markers):
        return [root]
    return sorted(p for p in root.iterdir()
                  if p.is_dir() and any((p / m).is_file() for m in markers))


class MissingResults(Exception):
    """A results root that does not exist (the CLI turns it into a clear message)."""


def load(roots) -> Loaded:
    """Read every environment folder under the given results roots."""
    problems: list[Problem] = []
    rows: list[dict] = []
    candidates: dict[str, list[EnvRun]] = {}   # env_id -> one EnvRun per folder
    for root in map(Path, roots):
        if not root.is_dir():
            raise MissingResults(str(root))
        for folder in env_folders(root):
            recs = []
            records_path = folder / records.RECORDS_FILE
            if records_path.is_file():
                recs = read_records(records_path, problems)
            env = _read_json(folder / records.ENV_FILE, problems)
            env_id = (env or {}).get("env_id") or folder.name
            if env_id == "local" and folder.name != "local":
                env_id = folder.name   # run outside the matrix, filed under its row's folder
            for rec in recs:
                if rec["env_id"] != env_id:
                    if rec["env_id"] == "local":
                        rec["env_id"] = env_id
                    else:
                        problems.append(Problem(str(records_path), None,
                                                f"record env_id {rec['env_id']!r} filed under {env_id!r}"))
            runs = {}
            for rec in recs:
                runs.setdefault((rec["env_id"], rec["run_id"]), folder)
            for (rec_env, run_id) in runs or {(env_id, None): folder}:
                candidates.setdefault(rec_env, []).append(EnvRun(rec_env, folder, run_id, env))
            rows.extend(recs)
            timing = _read_json(folder / records.TIMING_FILE, problems)
            freeze_path = folder / records.FREEZE_FILE
            freeze = freeze_path.read_text(encoding="utf-8", errors="replace").splitlines() \
                if freeze_path.is_file() else []
            for run in candidates.get(env_id, []):
                if run.folder == folder:
                    run.timing, run.freeze = timing, freeze

    envs: dict[str, EnvRun] = {}
    superseded = []
    for env_id, runs in candidates.items():
        # Run ids start with a sortable UTC timestamp: the largest is the newest.
        newest = max(runs, key=lambda r: (r.run_id or "", r.env is not None))
        envs[env_id] = newest
        for run in runs:
            if run.run_id and run.run_id != newest.run_id:
                superseded.append(f"{env_id}: run {run.run_id} ({run.folder}) replaced by newer run "
                                  f"{newest.run_id}")
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS)) if rows else \
        pd.DataFrame(columns=list(COLUMNS))
    if superseded:
        newest_run = frame["env_id"].map({e: r.run_id for e, r in envs.items()})
        frame = frame[frame["run_id"] == newest_run]
    # A case recorded twice in one run (a retried item): the last line wins.
    frame = frame.drop_duplicates(subset=["env_id", "case_id"], keep="last")
    frame = frame.reset_index(drop=True)   # absent fields are None or NaN: see table.present()
    return Loaded(frame, envs, problems, sorted(superseded))


def relative_path(path: str) -> str:
    """Show input paths relative to the working directory when they are inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return path
