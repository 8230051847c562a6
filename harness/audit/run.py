"""The audit: every cell of a row checked against the plain interpreter.

Host side. For each case record of a row, the variant is exported as a
standalone script (harness/export.py) and run with the row's own interpreter and
variables, no harness code in the process and nothing of ours on its path. What
that plain run prints is classified by harness/audit/plain_rule.py and compared
with the record on three things: the outcome, the error type, and whether it is
the _keras_history error. Every comparison is one line of audit.jsonl next to
the row's records; a disagreement is a bug in the runner or in a case, to fix.

A reader cell ('scenario::reader@<writer env>') is audited as the pair it is: the writer's
script run by the writer row's interpreter into a fresh folder (once per writer and
environment per audit), then the reader's script by this row's interpreter on that folder.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import casefile, export, hashes, outcomes, records
from . import plain_rule

# Outcomes the audit cannot reproduce by running the code: nothing ran, or what ran
# was not the case's code.
NOT_AUDITED = (outcomes.ENV_ERROR, outcomes.NOT_RUN, outcomes.CASE_ERROR)
IMPORT_ALLOWANCE_S = 180
OUTPUT_LIMIT = 200_000   # characters of stdout/stderr kept from a plain run
# The row's variables stay; ours go, so the script runs as a user's would.
_DROP = ("PYTHONPATH", "VIRTUAL_ENV", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")


@dataclass
class Check:
    case_id: str
    record: dict
    plain: plain_rule.Plain | None
    note: str = ""             # why not audited
    exit_code: int | None = None
    seconds: float = 0.0

    @property
    def audited(self) -> bool:
        return self.plain is not None

    def differences(self) -> list[str]:
        if self.plain is None:
            return []
        rec = self.record
        diffs = []
        if rec["outcome"] != self.plain.outcome:
            diffs.append("outcome %s vs plain %s" % (rec["outcome"], self.plain.outcome))
        if rec.get("error_type") and self.plain.error_type and rec["error_type"] != self.plain.error_type:
            diffs.append("error type %s vs plain %s" % (rec["error_type"], self.plain.error_type))
        if (rec["outcome"] == outcomes.KERAS_HISTORY_ERROR) != self.plain.keras_history:
            diffs.append("_keras_history %s vs plain %s" % (rec["outcome"] == outcomes.KERAS_HISTORY_ERROR,
                                                             self.plain.keras_history))
        return diffs

    def as_record(self, env_id: str) -> dict:
        rec = self.record
        line = {"env_id": env_id, "case_id": self.case_id, "run_id": rec.get("run_id"),
                "audited_at": records.utc_now(), "audited": self.audited,
                "record": {"outcome": rec["outcome"], "error_type": rec.get("error_type"),
                           "keras_history": rec["outcome"] == outcomes.KERAS_HISTORY_ERROR}}
        if self.plain is None:
            line["note"] = self.note
            return line
        line.update(plain={"outcome": self.plain.outcome, "error_type": self.plain.error_type,
                           "keras_history": self.plain.keras_history, "last_line": self.plain.last_line[-300:]},
                    agree=not self.differences(), differences=self.differences(),
                    exit_code=self.exit_code, seconds=round(self.seconds, 2))
        return line


def plain_environ(row_env: dict, base: dict | None = None) -> dict:
    env = dict(os.environ if base is None else base)
    for key in list(env):
        if key in _DROP or key.startswith("KMATRIX_"):
            env.pop(key)
    env.update(row_env)
    return env


def run_plain(python: str, script: str, env: dict, timeout: float,
              args: tuple = ()) -> tuple[int | None, str, str, bool, float]:
    """(returncode, stdout, stderr, timed_out, seconds) of `python script ARGS` in a fresh folder."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kmatrix-audit-") as folder:
        path = os.path.join(folder, "repro.py")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(script)
        scratch = os.path.join(folder, "tmp")   # what the libraries write to the temp dir goes with the folder
        os.mkdir(scratch)
        env = dict(env, TMPDIR=scratch)
        try:
            proc = subprocess.run([python, path] + list(args), cwd=folder, env=env, stdin=subprocess.DEVNULL,
                                  capture_output=True, timeout=timeout, start_new_session=True)
        except subprocess.TimeoutExpired as exc:
            out = (exc.stdout or b"").decode("utf-8", "replace")
            err = (exc.stderr or b"").decode("utf-8", "replace")
            return None, out[-OUTPUT_LIMIT:], err[-OUTPUT_LIMIT:], True, time.monotonic() - started
    return (proc.returncode, proc.stdout.decode("utf-8", "replace")[-OUTPUT_LIMIT:],
            proc.stderr.decode("utf-8", "replace")[-OUTPUT_LIMIT:], False, time.monotonic() - started)


@dataclass
class _Script:
    """An ad-hoc script's record, audited as what it is: already a plain program."""
    text: str
    required_grads: list
    required_effects: tuple = ()
    uses_subject: bool = False
    timeout: float | None = None


def _script_of(record: dict) -> _Script | str:
    """The script a record ran, unchanged since, or why it cannot be audited."""
    path = (record.get("source") or {}).get("path")
    if not isinstance(path, str) or not os.path.isfile(path):
        return "the script %s is gone" % path
    if record.get("case_hash") and hashes.case_hash(path) != record["case_hash"]:
        return "the script %s changed since this record" % path
    with open(path, encoding="utf-8", errors="replace") as handle:
        return _Script(handle.read(), list(record.get("required_grads") or []))


class SavedFolders:
    """What writers saved, as their plain scripts save it: (writer case, writer env) -> folder,
    made on first use by running the writer's script with that row's interpreter. `writer_of`
    gives (python, export.Target, variables) for a row id, or None where it cannot run."""

    def __init__(self, root: str, variants: dict, writer_of, case_timeout: float):
        self.root, self.variants, self.writer_of, self.case_timeout = root, variants, writer_of, case_timeout
        self.done: dict = {}
        self.lock = threading.Lock()
        self.locks: dict = {}

    def get(self, writer_case: str, writer_env: str) -> tuple[str | None, str]:
        key = (writer_case, writer_env)
        with self.lock:
            lock = self.locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self.done:
                self.done[key] = self._write(writer_case, writer_env)
            return self.done[key]

    def _write(self, writer_case: str, writer_env: str) -> tuple[str | None, str]:
        variant = self.variants.get(writer_case)
        how = self.writer_of(writer_env) if self.writer_of else None
        if variant is None or how is None:
            return None, "the writer %s cannot run plainly in %s here" % (writer_case, writer_env)
        python, target, env = how
        folder = os.path.join(self.root, "%s__%s" % (writer_case.replace("::", "__"), writer_env))
        code, _, err, timed_out, _ = run_plain(python, export.export(variant, target), env,
                                               (variant.timeout or self.case_timeout) + IMPORT_ALLOWANCE_S, (folder,))
        if code != 0 or timed_out:
            block = plain_rule.final_block(err or "") or ["timed out" if timed_out else "exit %s" % code]
            return None, "the writer's script failed in %s: %s" % (writer_env, block[-1].strip()[:200])
        return folder, ""


def check_record(record: dict, variant: casefile.Variant | None, python: str, target: export.Target,
                 env: dict, case_timeout: float, saved: SavedFolders | None = None) -> Check:
    case_id = record["case_id"]
    if record["outcome"] in NOT_AUDITED:
        return Check(case_id, record, None, "outcome %s: no case code ran" % record["outcome"])
    if variant is None and (record.get("source") or {}).get("kind") == "script":
        variant = _script_of(record)
        if isinstance(variant, str):
            return Check(case_id, record, None, variant)
    if variant is None:
        return Check(case_id, record, None, "the case is no longer in the library")
    if record["outcome"] == outcomes.NOT_APPLICABLE and not record.get("duration_s"):
        return Check(case_id, record, None, "not applicable by its metadata: nothing ran")
    args: tuple = ()
    if "@" in case_id:   # a reader cell: the writer's script first, in the writer's environment
        if saved is None:
            return Check(case_id, record, None, "a reader cell needs its writer's environment to be audited")
        folder, why = saved.get(record.get("writer_case") or variant.reads, record.get("writer_env") or "")
        if folder is None:
            return Check(case_id, record, None, why)
        args = (folder,)
    script = variant.text if isinstance(variant, _Script) else export.export(variant, target)
    timeout = (variant.timeout or case_timeout) + IMPORT_ALLOWANCE_S
    code, out, err, timed_out, seconds = run_plain(python, script, env, timeout, args)
    plain = plain_rule.classify(code, out, err, timed_out=timed_out, required_grads=variant.required_grads,
                                required_effects=variant.required_effects, uses_subject=variant.uses_subject)
    if record["outcome"] == outcomes.TIMEOUT and timed_out:
        plain.outcome = outcomes.TIMEOUT
    return Check(case_id, record, plain, exit_code=code, seconds=seconds)


def writers_in(rows: dict, python_of):
    """writer_of for SavedFolders: a row id -> (its python, its export target, its variables),
    None for a row unknown here or whose interpreter is missing."""
    def writer_of(row_id):
        row, python = rows.get(row_id), python_of(row_id)
        if row is None or not python or not os.path.exists(python):
            return None
        return python, export.Target.for_row(row), plain_environ(dict(row.env))
    return writer_of


def audit_row(row, python: str, case_records: list[dict], cases_dir: Path, jobs: int = 1,
              case_timeout: float = 120.0, writer_of=None, on_batch=None, batch: int = 40) -> list[Check]:
    """Check every case record (the latest per case) of one row; reader cells need
    `writer_of` (writers_in) to run their writers' scripts. `on_batch(checks)` is called after
    every `batch` checks, so a long audit that is stopped keeps what it finished."""
    scenarios, _ = casefile.discover(str(cases_dir))
    variants = {v.case_id: v for s in scenarios for v in s.variants}
    target = export.Target.for_row(row)
    env = plain_environ(dict(row.env))
    latest: dict[str, dict] = {}
    for record in case_records:
        if record.get("case_id") and "::*" not in record["case_id"]:
            latest[record["case_id"]] = record
    with tempfile.TemporaryDirectory(prefix="kmatrix-audit-saved-") as root:
        saved = SavedFolders(root, variants, writer_of, case_timeout)
        def check(record):
            return check_record(record, variants.get(record["case_id"].split("@")[0]), python, target, env,
                                case_timeout, saved)
        todo, done, step = list(latest.values()), [], max(1, batch)
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            for start in range(0, len(todo), step):
                checks = list(pool.map(check, todo[start:start + step]))
                if on_batch is not None:
                    on_batch(checks)
                done.extend(checks)
        return done


def write(checks: list[Check], env_id: str, folder: Path) -> Path:
    path = Path(folder) / records.AUDIT_FILE
    text = "".join(records.dumps(c.as_record(env_id)) + "\n" for c in checks)
    records.write_text_atomic(str(path), text)
    return path
