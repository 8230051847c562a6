"""The matrix's read pass: every row again, once every row has written (docs/saveload.md).

Host side; noxfile.py's `matrix` session calls run_all after the row sessions. In the first
pass (the row sessions, KMATRIX_DEFER_READERS set) rows run their writers and every other
stale cell; here each row runs only its reader cells made stale by artifacts written since
(`--read-pass`): everything else is fresh, so a row with nothing new to read does not even
import TensorFlow. Rows run `jobs` at a time (threads, each driving its row's own process).
"""
from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .. import records
from . import interpreters, plan, rowrun

# Our options (harness/matrix/plan.py ROW_OPTIONS) of the first pass that make no sense for the
# read pass: it plans by staleness.
_DROPPED = (plan.option_name("rerun_all"),)


class _Prefixed:
    """Whole lines, each prefixed with its row, from threads sharing one stream."""

    def __init__(self, stream, prefix: str, lock: threading.Lock):
        self.stream, self.prefix, self.lock, self.buffer = stream, prefix, lock, ""

    def write(self, text: str) -> None:
        self.buffer += text
        *lines, self.buffer = self.buffer.split("\n")
        if lines:
            with self.lock:
                self.stream.write("".join("%s%s\n" % (self.prefix, line) for line in lines))

    def flush(self) -> None:
        with self.lock:
            self.stream.flush()


def read_args(posargs: list[str]) -> list[str]:
    return [a for a in posargs if a not in _DROPPED] + [plan.option_name("read_pass")]


def run_all(rows, repo: Path, results_root: Path, posargs: list[str], interpreter_cache: str | None = None,
            jobs: int = 2, stream=sys.stdout) -> list[str]:
    """Run the read pass of every row whose environment was built; returns one line per row."""
    os.environ[records.ENV_RUN_ID] = records.new_run_id()   # one run id for the whole pass
    os.environ.pop(rowrun.ENV_DEFER_READERS, None)
    lock = threading.Lock()

    def one(row) -> str:
        venv = rowrun.default_venv_dir(repo, row.id)
        found = interpreters.find_cached(row.python, interpreter_cache)
        if not found.path or not rowrun.venv_python(venv).exists():
            return "%s: read pass skipped (its environment was not built)" % row.id
        run = rowrun.run_row(row, repo_root=repo, venv_dir=venv, python=found.path, posargs=read_args(posargs),
                             results_root=results_root, echo=_Prefixed(stream, "[%s] " % row.id, lock))
        timing = run.timing
        return "%s: read pass: %s planned, %s reused, %ss" % (row.id, timing.planned, timing.reused, timing.total_s)

    wanted = [row for row in rows if row.device == "cpu" or rowrun.gpu_visible()]
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return list(pool.map(one, wanted))
