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

import gc
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


try:   # 3-4x faster than the standard library on large results; same results
    from orjson import loads as _loads
    PARSER = "orjson"
except ImportError:  # pragma: no cover - orjson is a host dependency, json the fallback
    _loads = json.loads
    PARSER = "json"

_MISSING_OK = {name: frozenset(types) | {type(None)} for name, types in OPTIONAL_TYPES.items()}
_REQUIRED_TYPES = {"env_id": {str}, "run_id": {str}, "started_at": {str}, "outcome": {str}, "schema": {int},
                   "case_id": {str, type(None)}}


def _parse(lines: list[bytes], path: Path, problems: list[Problem]) -> tuple[list, list[int]]:
    """Parsed lines and their 1-based line numbers; bad JSON becomes a problem."""
    try:
        return list(map(_loads, lines)), list(range(1, len(lines) + 1))
    except ValueError:
        pass   # some line is not JSON (or blank): go line by line to say which
    parsed, numbers = [], []
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            parsed.append(_loads(raw))
        except ValueError as exc:
            problems.append(Problem(str(path), number, f"not valid JSON (truncated line?): {exc}"))
            continue
        numbers.append(number)
    return parsed, numbers


def _suspects(frame: pd.DataFrame) -> set[int]:
    """Positions of records that may break the schema; check_record() decides.

    Screens whole columns (sets of types and values, vectorised null tests) so
    that a valid file of a million lines costs no per-record Python check.
    """
    suspects: set[int] = set()

    def screen(name, allowed_types, nullable):
        column = frame[name]
        missing = column.isna().to_numpy()
        if missing.any():
            if not nullable:
                suspects.update(missing.nonzero()[0].tolist())
            values = column.to_numpy()[~missing]
            positions = (~missing).nonzero()[0]
        else:
            values, positions = column.to_numpy(), None
        if not set(map(type, values)) <= allowed_types:
            bad = [i for i, v in enumerate(values) if type(v) not in allowed_types]
            suspects.update(bad if positions is None else positions[bad].tolist())

    for name, allowed in _REQUIRED_TYPES.items():
        # case_id may be null (environment-level records): those few are all checked
        screen(name, allowed, nullable=False)
    for name, allowed in _MISSING_OK.items():
        screen(name, allowed, nullable=True)
    outcome, schema = frame["outcome"], frame["schema"]
    suspects.update((~outcome.isin(_OUTCOMES)).to_numpy().nonzero()[0].tolist())
    suspects.update((schema != records.SCHEMA_VERSION).to_numpy().nonzero()[0].tolist())
    for name in ("env_id", "run_id", "started_at"):
        suspects.update((frame[name] == "").to_numpy().nonzero()[0].tolist())
    case_id = frame["case_id"]
    has_case = case_id.notna()
    if not has_case.all() or not case_id[has_case].str.contains("::", regex=False).all():
        suspects.update((~has_case).to_numpy().nonzero()[0].tolist())
        text = case_id[has_case].astype(str)
        suspects.update(has_case.to_numpy().nonzero()[0][~text.str.contains("::", regex=False).to_numpy()]
                        .tolist())
    return suspects


_FIELDS = list(COLUMNS) + ["schema"]


def read_records(path: Path, problems: list[Problem]) -> pd.DataFrame:
    """Valid records of one records.jsonl (COLUMNS; absent fields NaN); one problem per bad line."""
    lines = path.read_bytes().split(b"\n")
    if lines and not lines[-1].strip():
        lines.pop()   # the final newline (a last line without one was cut mid-write: parsed below)
    recs, numbers = _parse(lines, path, problems)
    if set(map(type, recs)) - {dict}:
        for i in [i for i, r in enumerate(recs) if type(r) is not dict]:
            problems.append(Problem(str(path), numbers[i], check_record(recs[i])))
        keep = [i for i, r in enumerate(recs) if type(r) is dict]
        recs, numbers = [recs[i] for i in keep], [numbers[i] for i in keep]
    frame = pd.DataFrame(recs, dtype=object).reindex(columns=_FIELDS) if recs else \
        pd.DataFrame(columns=_FIELDS, dtype=object)
    bad = []
    for i in sorted(_suspects(frame)):
        why = check_record(recs[i])
        if why:
            problems.append(Problem(str(path), numbers[i], why))
            bad.append(i)
    if bad:
        frame = frame.drop(index=frame.index[bad])
    return frame[list(COLUMNS)]


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
    # Parsing creates millions of dicts and none of them form cycles: without
    # this, the cyclic collector re-scans them all again and again (3-5x slower).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(roots)
    finally:
        if enabled:
            gc.enable()


def _load(roots) -> Loaded:
    problems: list[Problem] = []
    parts: list[pd.DataFrame] = []
    candidates: dict[str, list[EnvRun]] = {}   # env_id -> one EnvRun per (folder, run)
    for root in map(Path, roots):
        if not root.is_dir():
            raise MissingResults(str(root))
        for folder in env_folders(root):
            env = _read_json(folder / records.ENV_FILE, problems)
            env_id = (env or {}).get("env_id") or folder.name
            if env_id == "local" and folder.name != "local":
                env_id = folder.name   # run outside the matrix, filed under its row's folder
            records_path = folder / records.RECORDS_FILE
            part = read_records(records_path, problems) if records_path.is_file() else \
                pd.DataFrame(columns=list(COLUMNS), dtype=object)
            others = set(part["env_id"]) - {env_id}
            if others:
                for other in sorted(others - {"local"}):
                    problems.append(Problem(str(records_path), None,
                                            f"records of env_id {other!r} filed under {env_id!r}"))
                part["env_id"] = part["env_id"].replace("local", env_id)
            timing = _read_json(folder / records.TIMING_FILE, problems)
            freeze_path = folder / records.FREEZE_FILE
            freeze = freeze_path.read_text(encoding="utf-8", errors="replace").splitlines() \
                if freeze_path.is_file() else []
            runs = set(zip(part["env_id"], part["run_id"])) or {(env_id, None)}
            for rec_env, run_id in runs:
                candidates.setdefault(rec_env, []).append(EnvRun(rec_env, folder, run_id, env, timing, freeze))
            parts.append(part)

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
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(COLUMNS), dtype=object)
    if superseded:
        newest_run = frame["env_id"].map({e: r.run_id for e, r in envs.items()})
        frame = frame[frame["run_id"] == newest_run]
    # A case recorded twice in one run (a retried item): the last line wins.
    if frame.duplicated(subset=["env_id", "case_id"]).any():
        frame = frame.drop_duplicates(subset=["env_id", "case_id"], keep="last")
    frame = frame.reset_index(drop=True)   # absent fields are None or NaN: see table.present()
    return Loaded(frame, envs, problems, sorted(superseded))


def relative_path(path: str) -> str:
    """Show input paths relative to the working directory when they are inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return path
