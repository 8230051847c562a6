"""Reading results folders: validated records, newest run per environment.

A results root (e.g. results/library, or one CI job's artifact of it) holds
one folder per environment row: <env-id>/{env.json, records.jsonl,
freeze.txt, timing.json} (docs/records.md). A root may also be such an
env folder itself. Every line of records.jsonl is checked against schema 1;
a line that is not valid JSON (a run killed mid-write) or breaks the schema
is reported with its file and line number and skipped, never silently.
When several runs of one environment are found (--append, merged
artifacts), the newest run_id wins for that environment.

Large result sets (a million records) are read by a process pool, one
records.jsonl per task, each returned as factorised columns (FileRecords):
results repeat a lot, so each distinct value is validated once and sent once.
"""
from __future__ import annotations

import gc
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from harness import outcomes, records

from .text import trim_paths

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
    if not isinstance(outcome, str) or outcome not in _OUTCOMES:   # a dict would not even hash
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
    from orjson import dumps as _dumps, loads as _loads
    PARSER = "orjson"
except ImportError:  # pragma: no cover - orjson is a host dependency, json the fallback
    _loads, _dumps = json.loads, json.dumps
    PARSER = "json"


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


_FIELDS = list(COLUMNS) + ["schema"]
_RUN_TEXTS = ("error_message", "traceback", "reason", "output_tail")   # may hold the run's paths
_NULLS = np.array([None, np.nan], dtype=object)   # codes 0, 1: null, absent
_TEXT_TYPES = frozenset((str, type(None), float))   # float: NaN, absent
_NUMBER_TYPES = frozenset((int, float, bool))


@dataclass
class FileRecords:
    """The valid records of one records.jsonl as factorised columns.

    values of column `name` = uniques[name][codes[name]]. Results repeat a
    lot (outcomes, error texts, tracebacks, claims, sources), so this form is
    small: cheap to validate (each distinct value is checked once) and cheap to
    send back from a worker process.
    """
    path: str
    count: int
    codes: dict[str, np.ndarray]
    uniques: dict[str, np.ndarray]     # object arrays
    never_present: frozenset[str]      # fields no JSON object of the file has: float NaN columns, as pandas makes them
    problems: list[Problem]


def _first_codes(keys, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(codes, positions of each code's first occurrence); codes number first appearances 0, 1, ...
    A dict is the fastest hash table for Python objects (raises TypeError on dicts and lists)."""
    lookup: dict = {}
    first = np.fromiter(map(lookup.setdefault, keys, range(n)), dtype=np.int64, count=n)
    firsts = np.fromiter(lookup.values(), dtype=np.int64, count=len(lookup))
    dense = np.empty(n, dtype=np.int32)
    dense[firsts] = np.arange(len(firsts), dtype=np.int32)
    return dense[first], firsts


def _exact_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """_first_codes() keyed by the JSON text of each value: equal only for equal
    values of equal types (strings, numbers, dicts, lists alike), except that
    null and absent (NaN) both read "null": those are told apart after."""
    n = len(values)
    try:
        keys = list(map(_dumps, values))
    except (TypeError, ValueError):   # e.g. an integer beyond 64 bits: repr is exact too
        keys = [b"null" if v is None or _absent(v) else repr(v).encode() for v in values]
    codes, firsts = _first_codes(keys, n)
    uniques = values[firsts]
    null_code = next((i for i, position in enumerate(firsts.tolist()) if keys[position] == b"null"), None)
    if null_code is not None:
        nulls = (codes == null_code).nonzero()[0]
        absent = values[nulls] != None   # noqa: E711 (elementwise: NaN is not None)
        if absent.any():
            codes[nulls[absent]] = len(uniques)
            uniques = np.concatenate([uniques, np.array([np.nan], dtype=object)])
            uniques[null_code] = None
    return codes, uniques


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """(codes, uniques, texts_only) of one field's column, pandas' NaN where absent.

    Exact: values share a code only when they are equal and of the same types
    (1, 1.0 and true stay apart; so do 0.0 and -0.0, and {"a":1,"b":2} and
    {"b":2,"a":1}); None (null) and NaN (absent) stay apart too.
    texts_only: every value is a string, null or absent.
    """
    n = len(values)
    if n and type(values[0]) is str and (values == values[0]).all():   # a string equals only strings
        return np.zeros(n, dtype=np.int32), values[:1], True
    try:
        codes, firsts = _first_codes(values, n)
    except TypeError:   # dicts or lists
        codes = None
    if codes is not None:
        uniques = values[firsts]
        kinds = set(map(type, uniques))
        if kinds <= _TEXT_TYPES and (float not in kinds or all(v != v for v in uniques if type(v) is float)):
            return codes, uniques, True   # only equal strings share a code
        numbers = set(map(type, values)) & _NUMBER_TYPES
        if len(numbers) <= 1 and not any(type(v) is float and v == 0 for v in uniques):
            return codes, uniques, False   # no 1 == 1.0 == true, no 0.0 == -0.0
    codes, uniques = _exact_codes(values)
    return codes, uniques, False


def _absent(value) -> bool:
    return type(value) is float and value != value


def _bad_uniques(name: str, uniques: np.ndarray, texts_only: bool) -> list[int]:
    """Codes of the distinct values of field `name` that may break the schema
    (check_record decides); absent and null ones of required fields included."""
    values = uniques.tolist()
    if name in _REQUIRED:   # null case_id: valid for environment-level outcomes only; those few are checked
        return [i for i, value in enumerate(values) if value is None or _absent(value) or _bad_value(name, value)]
    if texts_only and OPTIONAL_TYPES.get(name) == _STR:
        return []                                            # strings, nulls and absent: all fine
    return [i for i, value in enumerate(values) if not _absent(value) and _bad_value(name, value)]


def _bad_value(name: str, value) -> bool:
    """Whether one distinct value of field `name` may break the schema."""
    if name == "schema":
        return value != records.SCHEMA_VERSION
    if name == "outcome":
        return not isinstance(value, str) or value not in _OUTCOMES
    if name in ("env_id", "run_id", "started_at"):
        return not isinstance(value, str) or not value
    if name == "case_id":
        return not isinstance(value, str) or "::" not in value
    types = OPTIONAL_TYPES.get(name)
    return types is not None and value is not None and not isinstance(value, types)


def read_file(path) -> FileRecords:
    """Read and validate one records.jsonl; one problem per bad line (file and line number)."""
    enabled = gc.isenabled()
    gc.disable()   # see load()
    try:
        return _read_file(Path(path))
    finally:
        if enabled:
            gc.enable()


def _read_file(path: Path) -> FileRecords:
    problems: list[Problem] = []
    lines = path.read_bytes().split(b"\n")
    if lines and not lines[-1].strip():
        lines.pop()   # the final newline (a last line without one was cut mid-write: parsed below)
    recs, numbers = _parse(lines, path, problems)
    if set(map(type, recs)) - {dict}:
        for i in [i for i, r in enumerate(recs) if type(r) is not dict]:
            problems.append(Problem(str(path), numbers[i], check_record(recs[i])))
        keep = [i for i, r in enumerate(recs) if type(r) is dict]
        recs, numbers = [recs[i] for i in keep], [numbers[i] for i in keep]
    frame = pd.DataFrame(recs, dtype=object)              # one pass over the dicts, in C
    columns, never_present, flagged = {}, set(), []
    for name in _FIELDS:
        if name in frame.columns:
            codes, uniques, texts_only = _factorize(frame[name].to_numpy(dtype=object))
        else:   # no record has it (pandas would make this a float NaN column)
            codes, uniques, texts_only = np.full(len(recs), 1, dtype=np.int32), _NULLS, True
            if recs:
                never_present.add(name)
        columns[name] = codes, uniques
        bad = _bad_uniques(name, uniques, texts_only)
        if bad and len(recs):
            flagged.append(np.isin(codes, bad))
    del frame
    suspects = np.logical_or.reduce(flagged).nonzero()[0].tolist() if flagged else []
    bad = []
    for i in suspects:
        why = check_record(recs[i])
        if why:
            problems.append(Problem(str(path), numbers[i], why))
            bad.append(i)
    keep = None
    if bad:
        keep = np.ones(len(recs), dtype=bool)
        keep[bad] = False
    codes, uniques = {}, {}
    for name in COLUMNS:
        column_codes, uniques[name] = columns[name]
        codes[name] = column_codes if keep is None else column_codes[keep]
        if name in _RUN_TEXTS:   # once per distinct text: no output names the machine's folders
            uniques[name] = np.array([trim_paths(v) if type(v) is str else v for v in uniques[name]],
                                     dtype=object)
    return FileRecords(str(path), len(recs) - len(bad), codes, uniques, frozenset(never_present), problems)


def _frame(parts: list[FileRecords]) -> pd.DataFrame:
    """The records of several files as one frame (COLUMNS; absent fields NaN, null ones None)."""
    data = {}
    for name in COLUMNS:
        if parts and all(name in part.never_present for part in parts):
            data[name] = np.full(sum(part.count for part in parts), np.nan)
            continue
        offsets = np.cumsum([0] + [len(part.uniques[name]) for part in parts[:-1]])
        uniques = np.concatenate([part.uniques[name] for part in parts]) if parts else np.empty(0, dtype=object)
        codes = np.concatenate([part.codes[name].astype(np.int64) + offset for part, offset in zip(parts, offsets)]) \
            if parts else np.empty(0, dtype=np.int64)
        data[name] = pd.Series(uniques[codes], dtype=object, copy=False)
    return pd.DataFrame(data, copy=False)


def read_records(path: Path, problems: list[Problem]) -> pd.DataFrame:
    """Valid records of one records.jsonl (COLUMNS; absent fields NaN); one problem per bad line."""
    part = read_file(path)
    problems.extend(part.problems)
    return _frame([part])


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


# Above this much JSON, records files are parsed by a pool of processes, one file
# per task (a fork costs ~50 ms; parsing 16 MB ~0.3 s). Results are identical.
PARALLEL_MIN_BYTES = 32 * 1024 * 1024


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _workers(paths: list[Path]) -> int:
    big = sum(p.stat().st_size for p in paths) >= PARALLEL_MIN_BYTES
    return min(_usable_cpus(), len(paths)) if big else 1


def workers_for(root) -> int:
    """How many processes load() uses to parse the results under `root` by default."""
    return _workers([f / records.RECORDS_FILE for f in env_folders(Path(root))
                     if (f / records.RECORDS_FILE).is_file()])


def _read_all(paths: list[Path], workers: int | None):
    """read_file() of every path, in order (a generator: each file is used as it
    arrives); in worker processes when that pays."""
    if workers is None:
        workers = _workers(paths)
    if workers <= 1 or len(paths) <= 1:
        yield from map(read_file, paths)
        return
    try:   # fork: the workers need nothing re-imported; elsewhere the platform default
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover
        context = None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(read_file, paths)


def load(roots, workers: int | None = None) -> Loaded:
    """Read every environment folder under the given results roots.

    workers: processes parsing records files (None: as many as there are
    CPUs when the files are large, else 1).
    """
    # Parsing creates millions of dicts and none of them form cycles: without
    # this, the cyclic collector re-scans them all again and again (3-5x slower).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(roots, workers)
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Folder:
    folder: Path
    env_id: str
    env: dict | None
    env_problems: list[Problem]
    records_path: Path | None


def _load(roots, workers) -> Loaded:
    folders: list[_Folder] = []
    for root in map(Path, roots):
        if not root.is_dir():
            raise MissingResults(str(root))
        for folder in env_folders(root):
            env_problems: list[Problem] = []
            env = _read_json(folder / records.ENV_FILE, env_problems)
            env_id = (env or {}).get("env_id") or folder.name
            if env_id == "local" and folder.name != "local":
                env_id = folder.name   # run outside the matrix, filed under its row's folder
            records_path = folder / records.RECORDS_FILE
            folders.append(_Folder(folder, env_id, env, env_problems,
                                   records_path if records_path.is_file() else None))
    read = _read_all([f.records_path for f in folders if f.records_path], workers)
    try:
        return _gather(folders, read)
    finally:
        read.close()   # shuts the worker pool down


def _gather(folders: list[_Folder], read) -> Loaded:

    problems: list[Problem] = []
    parts: list[FileRecords] = []
    candidates: dict[str, list[EnvRun]] = {}   # env_id -> one EnvRun per (folder, run)
    relabelled = may_repeat = False
    seen_envs: set[str] = set()
    for item in folders:
        problems.extend(item.env_problems)
        env_id, folder = item.env_id, item.folder
        part = next(read) if item.records_path else _no_records()
        problems.extend(part.problems)
        env_codes, env_uniques = part.codes["env_id"], part.uniques["env_id"]
        used = np.bincount(env_codes, minlength=len(env_uniques)).nonzero()[0]
        others = set(env_uniques[used].tolist()) - {env_id}
        relabelled = relabelled or bool(others)
        if others:
            for other in sorted(others - {"local"}):
                problems.append(Problem(str(item.records_path), None,
                                        f"records of env_id {other!r} filed under {env_id!r}"))
            env_uniques = env_uniques.copy()
            env_uniques[[i for i in used.tolist() if env_uniques[i] == "local"]] = env_id
            part.uniques["env_id"] = env_uniques
        timing = _read_json(folder / records.TIMING_FILE, problems)
        freeze_path = folder / records.FREEZE_FILE
        freeze = freeze_path.read_text(encoding="utf-8", errors="replace").splitlines() \
            if freeze_path.is_file() else []
        run_codes, run_uniques = part.codes["run_id"], part.uniques["run_id"]
        pairs = pd.unique(env_codes.astype(np.int64) * len(run_uniques) + run_codes).tolist()
        runs = {(env_uniques[p // len(run_uniques)], run_uniques[p % len(run_uniques)]) for p in pairs} \
            or {(env_id, None)}
        part_envs = set(env_uniques[used].tolist())
        # Duplicate (env, case) records are dropped below; mostly there are none to look for.
        may_repeat = may_repeat or bool(part_envs & seen_envs) or _repeats(env_codes, part.codes["case_id"])
        seen_envs |= part_envs
        for rec_env, run_id in runs:
            candidates.setdefault(rec_env, []).append(EnvRun(rec_env, folder, run_id, item.env, timing, freeze))
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
    frame = _frame(parts) if parts else pd.DataFrame(columns=list(COLUMNS), dtype=object)
    if superseded:
        newest_run = frame["env_id"].map({e: r.run_id for e, r in envs.items()})
        frame = frame[frame["run_id"] == newest_run]
    # A case recorded twice in one run (a retried item): the last line wins.
    if (may_repeat or relabelled) and frame.duplicated(subset=["env_id", "case_id"]).any():
        frame = frame.drop_duplicates(subset=["env_id", "case_id"], keep="last")
    frame = frame.reset_index(drop=True)   # absent fields are None or NaN: see table.present()
    return Loaded(frame, envs, problems, sorted(superseded))


def _repeats(env_codes: np.ndarray, case_codes: np.ndarray) -> bool:
    """Whether one file holds two records of one (env, case) (codes: equal values, equal codes)."""
    pairs = env_codes.astype(np.int64) * (int(case_codes.max(initial=0)) + 1) + case_codes
    return len(pd.unique(pairs)) < len(pairs)


def _no_records() -> FileRecords:
    """A folder without records.jsonl: no records (object columns, as for an empty file)."""
    empty = np.empty(0, dtype=np.int32)
    return FileRecords("", 0, {name: empty for name in COLUMNS}, {name: _NULLS for name in COLUMNS},
                       frozenset(), [])


def relative_path(path: str) -> str:
    """Show input paths relative to the working directory when they are inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return path
