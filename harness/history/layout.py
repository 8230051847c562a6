"""Where a results set keeps its runs, its history and its locks.

    results/<set>/                      set: library | adhoc/<script stem> | any name
        runs/<run id>/<row id>/         what one row's run wrote (raw, never rewritten):
                                        records.jsonl, env.json, freeze.txt, timing.json, audit.jsonl
        history/run=<run id>/           the same, ingested: append-only Parquet files
            <row id>.records.parquet    one line per record
            <row id>.rowrun.parquet     one line: the row's environment, timing, completeness
            <row id>.audit-<stamp>.parquet   audit results (several audits of one run may exist)
        history/compacted/              old runs merged losslessly (harness/history/compaction.py):
            <label>.records.parquet, <label>.rowrun.parquet, <label>.audit-compacted.parquet
            <label>.manifest.json       the files they replace, with row counts and checksums
        published/                      the data branch's latest/ as last fetched (databranch.py):
            cells.parquet, rowruns.parquet   the planning index; table.json ... the published table
        locks/<row id>.lock             held while a row runs or is ingested

A run id is one matrix invocation (every row of `nox -s matrix` shares it); run ids
sort by time. Nothing under runs/ or history/ is ever rewritten or deleted by a
run: a slice, an interrupted run or a concurrent one only adds.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import time
from pathlib import Path

RUNS = "runs"
HISTORY = "history"
LOCKS = "locks"
COMPACTED = "compacted"
PUBLISHED = "published"
KINDS = ("records", "rowrun", "audit-*")
CELLS_FILE = "cells.parquet"          # latest/ on the data branch, published/ here: the planning index
ROWRUNS_FILE = "rowruns.parquet"      # ... and every published (run, row)
_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]*"
_SAFE = re.compile(_NAME)
# Every file a history may hold, relative to history/: nothing else is ever fetched or published.
HISTORY_FILE = re.compile(r"run={n}/{n}\.(?:records|rowrun|audit-{n})\.parquet"
                          r"|{c}/{n}\.(?:records|rowrun|audit-compacted)\.parquet"
                          r"|{c}/{n}\.manifest\.json".format(n=_NAME, c=COMPACTED))


def check_name(name: str, what: str) -> str:
    """Row ids and run ids become folder names: refuse anything that is not a plain name."""
    if not isinstance(name, str) or not _SAFE.fullmatch(name) or name in (".", ".."):
        raise ValueError("%s %r is not a plain name (letters, digits, '.', '_', '-')" % (what, name))
    return name


def is_plain_name(name: str) -> bool:
    try:
        check_name(name, "name")
    except ValueError:
        return False
    return True


def _skip(problems: list | None, folder: Path, why: str) -> None:
    if problems is not None:
        shown = os.fsdecode(bytes(folder)).encode("utf-8", "backslashreplace").decode("utf-8")
        problems.append("%s: %s; skipped" % (shown, why))


class ResultsSet:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    @property
    def name(self) -> str:
        return self.root.name

    def raw_folder(self, run_id: str, row_id: str) -> Path:
        return self.root / RUNS / check_name(run_id, "run id") / check_name(row_id, "row id")

    def history_folder(self, run_id: str) -> Path:
        return self.root / HISTORY / ("run=" + check_name(run_id, "run id"))

    def records_file(self, run_id: str, row_id: str) -> Path:
        return self.history_folder(run_id) / (row_id + ".records.parquet")

    def rowrun_file(self, run_id: str, row_id: str) -> Path:
        return self.history_folder(run_id) / (row_id + ".rowrun.parquet")

    def audit_file(self, run_id: str, row_id: str, stamp: str) -> Path:
        return self.history_folder(run_id) / ("%s.audit-%s.parquet" % (row_id, stamp))

    def raw_folders(self, problems: list | None = None):
        """(run id, row id, folder) of every raw row run, oldest run first. A folder whose
        name is not a plain run / row id (a notebook's .ipynb_checkpoints, a name with a
        space, a copy) is no run of ours: it is skipped, and named in `problems`."""
        base = self.root / RUNS
        if not base.is_dir():
            return []
        found = []
        for run in sorted(p for p in base.iterdir() if p.is_dir()):
            if not is_plain_name(run.name):
                _skip(problems, run, "not a run folder (a run id is a plain name)")
                continue
            for row in sorted(p for p in run.iterdir() if p.is_dir()):
                if not is_plain_name(row.name):
                    _skip(problems, row, "not a row folder (a row id is a plain name)")
                    continue
                found.append((run.name, row.name, row))
        return found

    def is_ingested(self, run_id: str, row_id: str) -> bool:
        return self.rowrun_file(run_id, row_id).is_file()

    def has_history(self) -> bool:
        return any(self.history_files(kind) for kind in KINDS)

    @property
    def published(self) -> Path:
        return self.root / PUBLISHED

    def history_files(self, kind: str, problems: list | None = None) -> list[Path]:
        """The Parquet files of one kind (records | rowrun | audit-*), run folders and
        compacted ones, less the files a compaction manifest says it replaced (a local
        history may hold both after fetching a compacted branch: count each record once)."""
        base = self.root / HISTORY
        found = list(base.glob("run=*/*.%s.parquet" % kind)) + list(base.glob("%s/*.%s.parquet" % (COMPACTED, kind)))
        replaced = self.replaced_files(problems)
        return sorted(p for p in found if p.relative_to(self.root).as_posix() not in replaced)

    def replaced_files(self, problems: list | None = None) -> set[str]:
        """Paths (history/..., relative to the set) that local compaction manifests replace."""
        replaced: set[str] = set()
        for path in sorted((self.root / HISTORY / COMPACTED).glob("*.manifest.json")):
            try:
                replaced.update(json.loads(path.read_text(encoding="utf-8"))["replaces"])
            except (OSError, ValueError, KeyError, TypeError) as exc:
                if problems is not None:
                    problems.append("%s: not a readable compaction manifest, ignored (%s)" % (path, exc))
        return replaced

    @contextlib.contextmanager
    def row_lock(self, row_id: str, wait: bool = True, say=None):
        """Hold the row's lock: two runs of one row on one results set never interleave.
        With wait=False, yields False (and holds nothing) when someone else has it."""
        folder = self.root / LOCKS
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(str(folder / (check_name(row_id, "row id") + ".lock")), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    yield False
                    return
                if say:
                    say("another run of %s holds its lock; waiting" % row_id)
                started = time.monotonic()
                fcntl.flock(fd, fcntl.LOCK_EX)
                if say:
                    say("got the lock after %.0f s" % (time.monotonic() - started))
            yield True
        finally:
            os.close(fd)   # releases the lock
