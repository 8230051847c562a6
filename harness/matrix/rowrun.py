"""The steps of one matrix row: build (or reuse) its environment, run what is stale, keep it.

noxfile.py only wires these to sessions. A row run is a sequence of small steps
(STEPS: build, fingerprint, plan, run, judge, confirm, audit), each a plain function
of one RowContext that returns None to go on or the Ending of the run; the tools
they call (uv, the runner) are plain functions too, and unit tests drive them with
fakes. Faults stay local: every way a row can fail ends as one record in its
run folder (env_error, or not_run for a CUDA row without a GPU) and the session
still succeeds, so one broken row never stops the matrix.

A row's run holds the row's lock in its results set, ingests what an earlier,
interrupted run left, plans (harness/matrix/plan.py), runs the runner into a
fresh folder results/<set>/runs/<run id>/<row id>/ and ingests that into the
history (harness/history/). Nothing is deleted: a slice adds its cells, every
other cell keeps its latest result.
"""
from __future__ import annotations

import collections
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TextIO

from .. import artifacts, hashes, outcomes, records
from ..history import ingest, latest
from ..history.layout import ResultsSet, check_name
from . import plan
from .table import EnvRow

STAMP_FILE = "kmatrix-stamp.txt"
BUILD_VERSION = "1"      # bump to force every environment to reinstall
# The runner plugin needs pytest 7+ (the last for Python 3.7 is 7.4); xdist so `-- -n 2` works.
RUNNER_REQUIREMENTS = ["pytest>=7", "pytest-xdist"]
# Variables a row may set; an inherited value would silently change what a row tests.
ROW_VARIABLES = ("TF_USE_LEGACY_KERAS", "KERAS_BACKEND", records.ENV_ENV_ID, records.ENV_KERAS,
                 records.ENV_DEVICE, records.ENV_ENV_HASH, "CUDA_VISIBLE_DEVICES", records.ENV_ARTIFACTS,
                 records.ENV_ARTIFACTS_INDEX)
# Set by the matrix session for its first pass: rows write, and read in the second pass
# (`--read-pass`), once every row's artifacts exist (docs/saveload.md).
ENV_DEFER_READERS = "KMATRIX_DEFER_READERS"
INSTALL_TIMEOUT = 3600
USAGE_ERROR = 4          # pytest's exit code for arguments it refuses
TAIL = 3000


class UsageError(ValueError):
    """The session's arguments cannot be run as given (a missing script, a bad option)."""


@dataclass
class Timing:
    env_id: str
    venv: str | None = None          # created | reused
    create_s: float | None = None
    install_s: float | None = None
    import_s: float | None = None
    cases_s: float | None = None
    audit_s: float | None = None
    total_s: float | None = None
    exit_code: int | None = None
    planned: int | None = None       # cases run this time
    reused: int | None = None        # cases whose stored result still holds

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class RowRun:
    """What happened to one row: `outcome` is None when the cases ran."""
    row_id: str
    run_id: str
    results: Path                    # this run's raw folder
    timing: Timing
    outcome: str | None = None
    reason: str | None = None
    log: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def find_uv() -> str:
    """uv: $KMATRIX_UV, the `uv` wheel installed next to nox, else PATH."""
    if os.environ.get(records.ENV_UV):
        return os.environ[records.ENV_UV]
    try:
        from uv import find_uv_bin
        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        pass
    return shutil.which("uv") or "uv"


# ------------------------------------------------------------------ where results go ----
def script_argument(posargs: list[str]) -> str | None:
    """The X of `--script X` / `--script=X` in the arguments for pytest, if any."""
    for index, arg in enumerate(posargs):
        if arg == "--script":
            return posargs[index + 1] if index + 1 < len(posargs) else ""
        if arg.startswith("--script="):
            return arg.split("=", 1)[1]
    return None


def check_script(script: str) -> Path:
    """The path of a --script argument, refused with a clear message before any row runs:
    the runner's own rule (harness/runner/script.py script_files: a regular .py file, or
    a folder holding some, each named plainly), checked once here instead of in every row."""
    from ..runner import script as runner_script
    if not script or not script.strip():
        raise UsageError("--script needs a path to a .py file or a folder of them")
    path = Path(script)
    try:
        runner_script.script_files(script)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    stem = path.resolve().stem if path.is_file() else path.resolve().name
    try:
        check_name(stem, "script name")
    except ValueError as exc:
        raise UsageError("--script %s: %s" % (script, exc)) from None
    return path


def results_set(posargs: list[str], environ: dict | None = None) -> str:
    """`library`, `adhoc/<script stem>` for `--script X`, or $KMATRIX_RESULTS_SET."""
    environ = os.environ if environ is None else environ
    override = environ.get(records.ENV_RESULTS_SET, "").strip().strip("/")
    if override:
        parts = override.split("/")
        if any(p in ("", ".", "..") for p in parts):
            raise UsageError("%s=%r: use a relative name like adhoc/myrepro" % (records.ENV_RESULTS_SET, override))
        return override
    script = script_argument(posargs)
    if script is not None:
        path = check_script(script)
        return "adhoc/" + (path.resolve().stem if path.is_file() else path.resolve().name)
    return "library"


# ------------------------------------------------------------------------ the probes ----
def gpu_visible(run=subprocess.run) -> bool:
    """True when `nvidia-smi -L` lists at least one GPU."""
    try:
        out = run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and any(line.startswith("GPU ") for line in out.stdout.splitlines())


def requirements_of(row: EnvRow) -> list[str]:
    return row.requirements + RUNNER_REQUIREMENTS


def stamp_for(python: str, row: EnvRow) -> str:
    """Hash of what the environment is built from: interpreter, requirements, build version."""
    text = "\n".join([BUILD_VERSION, os.path.realpath(python)] + requirements_of(row))
    return hashlib.sha256(text.encode()).hexdigest()


def venv_python(venv_dir: Path) -> Path:
    return Path(venv_dir) / "bin" / "python"


def venv_is_current(venv_dir: Path, stamp: str) -> bool:
    path = Path(venv_dir) / STAMP_FILE
    return (venv_python(venv_dir).exists() and path.is_file()
            and path.read_text(encoding="utf-8").strip() == stamp)


def row_environ(row: EnvRow, repo_root: Path, base: dict | None = None) -> dict:
    """The environment the row's processes see: the row's variables, KMATRIX_*, the repo
    on PYTHONPATH (the runner is imported from the working tree, not installed)."""
    env = dict(os.environ if base is None else base)
    for key in ROW_VARIABLES:
        env.pop(key, None)
    env.pop("VIRTUAL_ENV", None)
    env.update(row.env_vars)
    env.update(KMATRIX_ENV_ID=row.id, KMATRIX_KERAS=row.keras, KMATRIX_DEVICE=row.device,
               PYTHONPATH=str(repo_root))
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
    return env


# --------------------------------------------------------------------------- steps ----
def _run_captured(cmd: list[str], timeout: float, **kwargs) -> tuple[int, str]:
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             errors="replace", timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired as exc:
        text = exc.stdout if isinstance(exc.stdout, str) else (exc.stdout or b"").decode("utf-8", "replace")
        return -1, "%s\ntimed out after %ss" % (text, timeout)
    except OSError as exc:
        return -1, "%s: %s" % (type(exc).__name__, exc)
    return out.returncode, out.stdout


def create_venv(uv: str, python: str, venv_dir: Path) -> tuple[int, str]:
    return _run_captured([uv, "venv", "--clear", "--quiet", "-p", python, str(venv_dir)], 300)


def install(uv: str, venv_dir: Path, row: EnvRow) -> tuple[int, str]:
    """`uv pip install` the row's requirements and pytest (hardlinked from uv's cache)."""
    cmd = [uv, "pip", "install", "--python", str(venv_python(venv_dir))] + requirements_of(row)
    return _run_captured(cmd, INSTALL_TIMEOUT)


def freeze(uv: str, venv_dir: Path, dest: Path) -> str:
    """`uv pip freeze` of the environment into `dest`; returns the text."""
    code, text = _run_captured([uv, "pip", "freeze", "--python", str(venv_python(venv_dir))], 120)
    text = text if code == 0 else "# uv pip freeze failed (%s)\n%s" % (code, text)
    dest.write_text(text, encoding="utf-8")
    return text


def env_hash(row: EnvRow, python: str, frozen: str) -> str:
    """What the row's results depend on besides the case and the runner: the resolved
    packages, the interpreter's version, the row's variables (no machine paths, so a
    result from another machine with the same environment counts)."""
    version = _run_captured([python, "-c", "import sys; print(sys.version)"], 60)[1].strip()
    variables = "\n".join("%s=%s" % kv for kv in sorted(row.env))
    return hashes.text_hash("\n".join([version, row.keras, row.device, variables, frozen]))


def last_error_line(text: str) -> str:
    """The line a person wants from a traceback or resolver output."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith(("error:", "ERROR:")) or (":" in line and line.split(":", 1)[0].endswith(("Error", "Exception"))):
            return line[:500]
    return lines[-1][:500] if lines else "(no output)"


def run_cases(python: Path, env: dict, repo_root: Path, results: Path, row: EnvRow, pytest_args: list[str],
              targets: list[str], echo=sys.stdout) -> tuple[int, str]:
    """Run the runner plugin, streaming its output, keeping a tail."""
    cmd = ([str(python), "-m", "pytest", "-p", "harness.runner.plugin"] + targets
           + ["--results", str(results), "--env-id", row.id, "-p", "no:cacheprovider", "-q"] + list(pytest_args))
    tail: collections.deque[str] = collections.deque(maxlen=60)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            errors="replace", env=env, cwd=str(repo_root))
    assert proc.stdout is not None
    for line in proc.stdout:
        tail.append(line)
        echo.write(line)
        echo.flush()
    return proc.wait(), "".join(tail)


def _shards(run, options, cases_dir: Path, pytest_args: list[str], say, index: dict | None = None) -> list[list[str]]:
    """--workers N: the pytest arguments of N runner processes over disjoint parts of the
    row's cases ([] when one process runs them: one worker, or a slice chosen with -k / -m /
    node ids, which cannot be split by case id). Each process imports TensorFlow once and
    forks its cases, as one runner does; only the first writes the fingerprint."""
    if options.workers < 2 or options.read_pass or options.selects or "-n" in pytest_args:
        return []
    if "--only-cases" in pytest_args:
        at = pytest_args.index("--only-cases")
        wanted = Path(pytest_args[at + 1]).read_text(encoding="utf-8").split()
        rest = pytest_args[:at] + pytest_args[at + 2:]
    else:
        all_cases, broken = plan.case_hashes(cases_dir)   # readers: one cell per artifact they read
        all_cases, _ = plan.with_readers(all_cases, plan.readers(cases_dir), index or {})
        wanted, rest = sorted(all_cases) + broken, list(pytest_args)
    count = min(options.workers, len(wanted))
    if count < 2:
        return []
    shards = []
    for k in range(count):   # round robin over the sorted ids: each scenario's variants spread out
        part = run.results / ("shard-%d.txt" % k)
        part.write_text("".join(c + "\n" for c in wanted[k::count]), encoding="utf-8")
        shards.append(rest + ["--only-cases", str(part)] + (["--no-fingerprint"] if k else []))
    say("%d runner processes share %d case(s)" % (count, len(wanted)))
    return shards


def run_sharded(python: Path, env: dict, repo_root: Path, results: Path, row: EnvRow, shards: list[list[str]],
                targets: list[str], echo=sys.stdout) -> tuple[int, str]:
    """run_cases for each shard at once (they append to one records.jsonl, as the runner
    allows); the worst exit status wins: an error over 1 (some cases failed) over 0 over 5."""
    import threading
    lock = threading.Lock()

    class Echo:
        def write(self, text):
            with lock:
                echo.write(text)

        def flush(self):
            with lock:
                echo.flush()
    outcome: list = [None] * len(shards)

    def one(k):
        outcome[k] = run_cases(python, env, repo_root, results, row, shards[k], targets, echo=Echo())
    threads = [threading.Thread(target=one, args=(k,)) for k in range(len(shards))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = [o[0] for o in outcome]
    bad = [c for c in codes if c not in (0, 1, 5)]
    code = bad[0] if bad else 1 if 1 in codes else 0 if 0 in codes else 5
    return code, "".join(o[1] for o in outcome)


# ------------------------------------------------------------------------- the row ----
_COMMIT: list[str | None] = []


def repo_commit(repo_root: Path) -> str | None:
    """The commit of this repository the results come from ($GITHUB_SHA in CI)."""
    if not _COMMIT:
        commit = os.environ.get("GITHUB_SHA")
        if not commit:
            code, out = _run_captured(["git", "-C", str(repo_root), "rev-parse", "HEAD"], 30)
            commit = out.strip() if code == 0 and len(out.strip()) == 40 else None
        _COMMIT.append(commit)
    return _COMMIT[0]


def current_run_id() -> str:
    """One id per matrix invocation: every row of `nox -s matrix` (one process) shares it."""
    if not os.environ.get(records.ENV_RUN_ID):
        os.environ[records.ENV_RUN_ID] = records.new_run_id()
    return os.environ[records.ENV_RUN_ID]


@dataclass
class RowContext:
    """What the steps of one row run share. run_row gives the first fields; the steps fill in
    the rest, in order (STEPS): the environment, the plan, the cases' environment."""
    run: RowRun
    row: EnvRow
    options: plan.Options
    repo_root: Path
    cases_dir: Path
    results: ResultsSet
    commit: str | None
    venv_dir: Path | None
    python: str | None               # the row's interpreter; None: not found
    python_missing_reason: str
    uv: str | None
    gpu_probe: Callable[[], bool]
    echo: TextIO
    say: Callable[[str], None]
    started: float                   # time.monotonic() when the row began (timing.total_s)
    # filled in by the steps
    digest: str | None = None        # env_hash() of the built environment
    pytest_args: list[str] = field(default_factory=list)   # the session's pytest part, then the plan
    targets: list[str] = field(default_factory=list)       # cases/, unless the arguments name their own
    store: Path | None = None        # the results set's artifact store
    defer: bool = False              # the matrix's first pass: readers wait for its read pass
    reader_of: dict[str, str] = field(default_factory=dict)
    index: dict = field(default_factory=dict)              # what readers read (write_artifacts_index)
    env: dict[str, str] = field(default_factory=dict)      # the runner's environment
    tail: str = ""                   # the end of the runner's output

    @property
    def venv_python(self) -> Path:
        assert self.venv_dir is not None
        return venv_python(self.venv_dir)


@dataclass(frozen=True)
class Ending:
    """How the row run ends: the one record it leaves for the row (outcome None: none)."""
    outcome: str | None = None
    reason: str | None = None
    output: str | None = None


DONE = Ending()


def _finish(ctx: RowContext, ending: Ending) -> RowRun:
    run = ctx.run
    if ending.outcome is not None:
        run.outcome, run.reason = ending.outcome, ending.reason
        records.RecordWriter(str(run.results)).write(records.make_record(
            run.row_id, run.run_id, None, ending.outcome, reason=ending.reason,
            output_tail=records.tail(ending.output, TAIL) if ending.output else None))
    run.timing.total_s = round(time.monotonic() - ctx.started, 3)
    records.write_json(str(run.results / records.TIMING_FILE), run.timing.as_dict())
    run.problems.extend(ingest.ingest(ctx.results, run.run_id, run.row_id, complete=True, commit=ctx.commit))
    return run


def _fresh_folder(results: ResultsSet, run_id: str, row_id: str) -> tuple[str, Path]:
    """This run's raw folder; a row run twice under one run id (a retried session, a
    re-run CI job whose first attempt was published) gets a new run id, never someone
    else's folder: the history, local or published, holds each (run, row) once."""
    folder = results.raw_folder(run_id, row_id)
    published = latest.published_row_runs(results, row_id)
    while folder.exists() or results.is_ingested(run_id, row_id) or run_id in published:
        run_id = records.new_run_id()
        folder = results.raw_folder(run_id, row_id)
    folder.mkdir(parents=True)
    return run_id, folder


def run_row(row: EnvRow, *, repo_root: Path, venv_dir: Path | None, python: str | None,
            python_missing_reason: str = "", posargs: list[str] | None = None, uv: str | None = None,
            gpu_probe=gpu_visible, results_root: Path | None = None, echo=sys.stdout,
            cases_dir: Path | None = None) -> RowRun:
    """Build/reuse the row's environment and run what is stale; never raises for a row
    fault (UsageError for arguments that cannot work anywhere)."""
    started = time.monotonic()
    try:
        options = plan.parse(list(posargs or []))
    except ValueError as exc:   # (noxfile.py refuses these before any row: this is for other callers)
        raise UsageError(str(exc)) from None
    repo_root = Path(repo_root)
    cases_dir = Path(cases_dir or repo_root / "cases")
    results = ResultsSet(Path(results_root or repo_root / "results") / results_set(options.pytest))
    commit = repo_commit(repo_root)
    log: list[str] = []

    def say(text: str) -> None:
        log.append(text)
        echo.write("kmatrix[%s]: %s\n" % (row.id, text))
        echo.flush()

    with results.row_lock(row.id, say=say):
        problems = ingest.sync(results, rows=[row.id], say=say, held=True)   # what an interrupted run left
        run_id, folder = _fresh_folder(results, current_run_id(), row.id)
        run = RowRun(row.id, run_id, folder, Timing(row.id), log=log, problems=problems)
        return _run_locked(RowContext(
            run=run, row=row, options=options, repo_root=repo_root, cases_dir=cases_dir, results=results,
            commit=commit, venv_dir=venv_dir, python=python, python_missing_reason=python_missing_reason, uv=uv,
            gpu_probe=gpu_probe, echo=echo, say=say, started=started))


def _run_locked(ctx: RowContext) -> RowRun:
    """The row's steps in order, under its lock; the first step that ends the run says with
    which record (every fault of the row ends as one record, never as an exception)."""
    for step in STEPS:
        ending = step(ctx)
        if ending is not None:
            return _finish(ctx, ending)
    return _finish(ctx, DONE)


# ------------------------------------------------------------------- the row's steps ----
# Each takes the context only, and returns None to go on or the Ending of the row run.
def _check_device(ctx: RowContext) -> Ending | None:
    """A CUDA row on a machine without a GPU: not run, nothing installed."""
    if ctx.row.device == "cuda" and not ctx.gpu_probe():
        ctx.say("no GPU visible (nvidia-smi -L lists none): not run")
        return Ending(outcomes.NOT_RUN,
                      "CUDA row: no GPU visible on this machine (nvidia-smi -L lists none); nothing installed")
    return None


def _check_interpreter(ctx: RowContext) -> Ending | None:
    if not ctx.python:
        ctx.say(ctx.python_missing_reason)
        return Ending(outcomes.ENV_ERROR, ctx.python_missing_reason or "Python %s not found" % ctx.row.python)
    return None


def _build_environment(ctx: RowContext) -> Ending | None:
    """Reuse the row's venv while what it is built from is unchanged, else create and install it."""
    assert ctx.venv_dir is not None and ctx.python
    ctx.venv_dir = venv_dir = Path(ctx.venv_dir)
    ctx.uv = uv = ctx.uv or find_uv()
    timing = ctx.run.timing
    stamp = stamp_for(ctx.python, ctx.row)
    if venv_is_current(venv_dir, stamp):
        timing.venv, timing.create_s, timing.install_s = "reused", 0.0, 0.0
        ctx.say("environment unchanged, reused (%s)" % venv_dir)
    else:
        timing.venv = "created"
        t0 = time.monotonic()
        code, output = create_venv(uv, ctx.python, venv_dir)
        timing.create_s = round(time.monotonic() - t0, 3)
        if code != 0:
            return Ending(outcomes.ENV_ERROR, "venv creation failed: " + last_error_line(output), output)
        ctx.say("installing %s" % " ".join(requirements_of(ctx.row)))
        t0 = time.monotonic()
        code, output = install(uv, venv_dir, ctx.row)
        timing.install_s = round(time.monotonic() - t0, 3)
        if code != 0:
            ctx.say("install failed:\n" + records.tail(output, TAIL))
            return Ending(outcomes.ENV_ERROR, "install failed: " + last_error_line(output), output)
        (venv_dir / STAMP_FILE).write_text(stamp + "\n", encoding="utf-8")
    register_venv(ctx.row.id, venv_dir)
    return None


def _fingerprint_environment(ctx: RowContext) -> Ending | None:
    """freeze.txt of the environment, and the hash of what its results depend on."""
    assert ctx.uv is not None and ctx.venv_dir is not None
    frozen = freeze(ctx.uv, ctx.venv_dir, ctx.run.results / records.FREEZE_FILE)
    ctx.digest = env_hash(ctx.row, str(ctx.venv_python), frozen)
    return None


def _index_artifacts(ctx: RowContext) -> Ending | None:
    """What to run reads from: the case library and, unless the readers wait for the matrix's
    read pass, the artifacts they read (one cell per artifact of their writer)."""
    options = ctx.options
    ctx.pytest_args = list(options.pytest)
    ctx.targets = [] if options.has_targets else [str(ctx.cases_dir)]
    ctx.store = store = ctx.results.root / artifacts.ARTIFACTS
    ctx.defer = bool(os.environ.get(ENV_DEFER_READERS)) and not options.read_pass
    ctx.reader_of = plan.readers(ctx.cases_dir)
    ctx.index = {} if ctx.defer else write_artifacts_index(
        ctx.results, store, ctx.run.results / artifacts.INDEX_FILE, ctx.repo_root)
    return None


def _plan_stale(ctx: RowContext) -> Ending | None:
    """A slice runs what it names, --rerun-all everything; otherwise only what is stale (in
    the read pass, only its stale reader cells). Nothing stale: the run ends here."""
    options, run = ctx.options, ctx.run
    if not options.read_pass and (options.selects or options.rerun_all):
        return None
    assert ctx.store is not None and ctx.digest is not None
    store = ctx.store
    all_cases, broken = plan.case_hashes(ctx.cases_dir)
    all_cases, shas = plan.with_readers(all_cases, ctx.reader_of, ctx.index)
    from ..history.query import History
    history = History(ctx.results)
    try:
        fresh = history.fresh_cases(ctx.row.id, ctx.digest, hashes.runner_hash(), all_cases,
                                    limits=plan.run_limits(options.pytest, row_environ(ctx.row, ctx.repo_root)),
                                    artifacts=shas, stored=lambda sha: artifacts.exists(str(store), sha))
    finally:
        history.close()
    stale = plan.stale_cases(fresh, all_cases, broken)
    if options.read_pass:
        stale = [c for c in stale if c in shas]
    run.timing.planned, run.timing.reused = len(stale), len(fresh)
    if not stale:
        ctx.say("nothing stale: all %d cells reuse their stored results" % len(fresh))
        return DONE
    ctx.say("%d stale case(s) to run, %d reused" % (len(stale), len(fresh)))
    plan_file = run.results / "plan.txt"
    plan_file.write_text("".join(c + "\n" for c in stale), encoding="utf-8")
    ctx.pytest_args += ["--only-cases", str(plan_file)]
    return None


def _runner_environment(ctx: RowContext) -> Ending | None:
    """The variables the runner sees: the row's, its environment hash, run id and artifacts.
    (No separate import check: the runner imports TensorFlow once and records an import
    failure as env_error itself; a hung import ends it with SIGALRM.)"""
    assert ctx.store is not None and ctx.digest is not None
    env = row_environ(ctx.row, ctx.repo_root)
    env[records.ENV_ENV_HASH] = ctx.digest
    env[records.ENV_RUN_ID] = ctx.run.run_id
    env[records.ENV_ARTIFACTS] = str(ctx.store.resolve())
    if not ctx.defer:
        env[records.ENV_ARTIFACTS_INDEX] = str((ctx.run.results / artifacts.INDEX_FILE).resolve())
    ctx.env = env
    return None


def _run_the_cases(ctx: RowContext) -> Ending | None:
    """One runner process, or --workers N of them sharing the cases."""
    timing = ctx.run.timing
    t0 = time.monotonic()
    shards = _shards(ctx.run, ctx.options, ctx.cases_dir, ctx.pytest_args, ctx.say, ctx.index)
    if shards:
        code, ctx.tail = run_sharded(ctx.venv_python, ctx.env, ctx.repo_root, ctx.run.results, ctx.row, shards,
                                     ctx.targets, echo=ctx.echo)
    else:
        code, ctx.tail = run_cases(ctx.venv_python, ctx.env, ctx.repo_root, ctx.run.results, ctx.row,
                                   ctx.pytest_args, ctx.targets, echo=ctx.echo)
    timing.cases_s = round(time.monotonic() - t0, 3)
    timing.exit_code = code
    timing.import_s = fingerprint_import_s(ctx.run.results)
    return None


def _judge_exit(ctx: RowContext) -> Ending | None:
    """The runner's exit status: 0 all ran, 1 some crashed / timed out (recorded), 5 nothing
    selected; a hung import, the arguments refused, or anything else ends the run."""
    code, tail = ctx.run.timing.exit_code, ctx.tail
    if code == -signal.SIGALRM:
        return Ending(outcomes.ENV_ERROR,
                      "import of TensorFlow / Keras did not finish within the runner's --import-timeout", tail)
    if code == USAGE_ERROR:   # the arguments, not the environment: fail the session, record no env_error
        _finish(ctx, DONE)
        said = [line.strip() for line in tail.splitlines() if ": error:" in line]   # argparse's own line
        raise UsageError("the runner refused the arguments: %s" % (said[-1] if said else last_error_line(tail)))
    if code not in (0, 1, 5):
        return Ending(outcomes.ENV_ERROR, "pytest exited %s (%s)" % (code, last_error_line(tail)), tail)
    return None


def _read_own_artifacts(ctx: RowContext) -> Ending | None:
    """A row run alone reads what it has just written too: its readers of the artifacts its
    writers saved in this run (the other rows' artifacts it read already)."""
    if ctx.defer or ctx.options.read_pass:
        return None
    run, row, index, store = ctx.run, ctx.row, ctx.index, ctx.store
    assert store is not None
    now, _ = records.read_jsonl(str(run.results / records.RECORDS_FILE))
    new = {}
    for rec in now:
        sha = rec.get("artifact")
        if sha and "@" not in rec["case_id"] and (index.get(rec["case_id"]) or {}).get(row.id, {}).get("sha256") != sha:
            new[rec["case_id"]] = {"sha256": sha, "run_id": run.run_id, "store": str(store.resolve()),
                                   "axes": {k: list(v) if isinstance(v, tuple) else v for k, v in row.axes.items()}}
    cells = sorted("%s@%s" % (reader, row.id) for reader, writer in ctx.reader_of.items() if writer in new)
    if not cells:
        return None
    for writer, entry in new.items():
        index.setdefault(writer, {})[row.id] = entry
    path = run.results / ("own-" + artifacts.INDEX_FILE)
    artifacts.write_index(str(path), str(store), index)
    plan_file = run.results / "read-own.txt"
    plan_file.write_text("".join(c + "\n" for c in cells), encoding="utf-8")
    ctx.say("reading the %d new artifact(s) this run saved: %d reader cell(s)" % (len(new), len(cells)))
    args = [a for a in ctx.options.pytest] + ["--only-cases", str(plan_file), "--no-fingerprint"]
    run_cases(ctx.venv_python, dict(ctx.env, **{records.ENV_ARTIFACTS_INDEX: str(path.resolve())}), ctx.repo_root,
              run.results, row, args, ctx.targets, echo=ctx.echo)
    return None


def _confirm_changes(ctx: RowContext) -> Ending | None:
    """--confirm N: cells whose result differs from their previous latest one are run N more
    times, so the history can tell a real change from a flaky cell."""
    if not ctx.options.confirm:
        return None
    from ..history.query import History
    history = History(ctx.results)
    try:
        before = history.planning_cells(ctx.row.id)    # the published index too: CI rows fetch only that
    finally:
        history.close()
    previous = {}
    for case_id, outcome, error_type, flaky in zip(before["case_id"], before["outcome"], before["error_type"],
                                                   before["flaky"]):
        if isinstance(case_id, str):
            previous[case_id] = (outcomes.FLAKY, None) if flaky else \
                (outcome, None if error_type is None or error_type != error_type else error_type)
    now, _ = records.read_jsonl(str(ctx.run.results / records.RECORDS_FILE))
    changed = sorted({r["case_id"] for r in now if r.get("case_id") and r["case_id"] in previous
                      and previous[r["case_id"]] != records.signature(r)})
    if not changed:
        return None
    ctx.say("%d cell(s) changed: running each %d more time(s) to tell a change from a flaky cell"
            % (len(changed), ctx.options.confirm))
    plan_file = ctx.run.results / "confirm.txt"
    plan_file.write_text("".join(c + "\n" for c in changed), encoding="utf-8")
    args = [a for a in ctx.options.pytest] + ["--only-cases", str(plan_file), "--repeat", str(ctx.options.confirm),
                                              "--no-fingerprint"]
    run_cases(ctx.venv_python, ctx.env, ctx.repo_root, ctx.run.results, ctx.row, args, ctx.targets, echo=ctx.echo)
    return None


def _audit(ctx: RowContext) -> Ending | None:
    """--audit: what ran, and the row's older cells with no valid audit, against the plain interpreter."""
    if not ctx.options.audit:
        return None
    from ..audit import run as audit
    run, row, venv_dir, repo_root = ctx.run, ctx.row, ctx.venv_dir, ctx.repo_root
    assert venv_dir is not None
    t0 = time.monotonic()
    ran = records.read_jsonl(str(run.results / records.RECORDS_FILE))[0]
    older = _unaudited_cells(ctx.results, row.id, {r.get("case_id") for r in ran})
    checks = audit.audit_row(row, str(ctx.venv_python), ran + older, ctx.cases_dir,
                             jobs=max(1, min(4, os.cpu_count() or 1)),
                             writer_of=audit.writers_in(_matrix_rows(repo_root), lambda rid: str(venv_python(
                                 venv_dir if rid == row.id else default_venv_dir(repo_root, rid)))))
    # Each audit line names the run of the record it audited: older cells' audits travel in
    # this run's folder and land on their own records when ingested.
    audit.write(checks, row.id, run.results)
    agree = sum(1 for c in checks if c.audited and not c.differences())
    ctx.say("audit: %d/%d audited cells agree with the plain interpreter (%d ran now, %d older cells had no valid "
            "audit)" % (agree, sum(1 for c in checks if c.audited), len(ran), len(older)))
    run.timing.audit_s = round(time.monotonic() - t0, 3)
    return None


# A row run, in order (_run_locked): each step takes the context, and returns None to go on
# or the Ending of the run.
STEPS = (
    _check_device,              # CUDA row without a GPU: not_run
    _check_interpreter,         # no interpreter: env_error
    _build_environment,         # create / reuse the venv, install (env_error with the resolver's message)
    _fingerprint_environment,   # freeze.txt, the environment hash
    _index_artifacts,           # what readers read
    _plan_stale,                # what is stale (nothing: done)
    _runner_environment,        # the runner's variables
    _run_the_cases,             # one runner, or --workers N
    _judge_exit,                # the runner's exit status
    _read_own_artifacts,        # readers of what this run saved (a row run alone)
    _confirm_changes,           # --confirm N
    _audit,                     # --audit
)


def _unaudited_cells(results, row_id: str, ran: set) -> list[dict]:
    """The row's newest cells from earlier runs with no valid audit (harness/audit/carry.py),
    from the local history (a CI row holds only the published index: there, what ran is audited
    and the weekly full rerun reaches every cell)."""
    from ..audit import carry
    from ..history.query import History
    from ..report.model import present
    history = History(results)
    try:
        latest = history.latest_cells()
        audits = carry.by_cell(history.audits())
    except Exception:   # noqa: BLE001 - no readable local history: audit what ran
        return []
    finally:
        history.close()
    if not len(latest):
        return []
    mine = latest[(latest["env_id"] == row_id) & latest["case_id"].notna()].to_dict("records")
    cells = [{k: present(v) for k, v in r.items()} for r in mine]
    return carry.unaudited([c for c in cells if c["case_id"] not in ran and "::*" not in c["case_id"]
                            and c["outcome"] not in ("flaky", "not_applicable")], audits, row_id)


def _matrix_rows(repo_root: Path) -> dict:
    """{row id: EnvRow} of the checkout's matrix.toml; empty when it cannot be read (the other
    rows are then unknown: their axes come from env.json, their writers are not audited)."""
    try:
        from .table import load_matrix
        return {r.id: r for r in load_matrix(Path(repo_root) / "matrix.toml")}
    except Exception:
        return {}


def write_artifacts_index(results: ResultsSet, store: Path, path: Path, repo_root: Path) -> dict:
    """The artifacts readers read in this run (harness/matrix/plan.artifacts_index), into `path`."""
    from ..history.query import History
    declared = {rid: r.axes for rid, r in _matrix_rows(repo_root).items()}
    ingest.sync(results)   # the other rows' runs not kept yet (CI copies them in): their writers count
    history = History(results)
    try:
        index = plan.artifacts_index(history, store, declared)
    finally:
        history.close()
    artifacts.write_index(str(path), str(store), index)
    return index


def fingerprint_import_s(results: Path) -> float | None:
    """How long importing TensorFlow / Keras took in this environment, as the
    fingerprint process measured it (the runner's own import is part of cases_s)."""
    try:
        value = json.loads((results / records.ENV_FILE).read_text(encoding="utf-8")).get("import_s")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, (int, float)) else None


# ------------------------------------------------------------- finding a row again ----
VENV_REGISTRY = "kmatrix-venvs"   # <venvs folder>/kmatrix-venvs/<row id>: the venv folder nox gave the row


def register_venv(row_id: str, venv_dir: Path) -> None:
    """Note where the row's environment is, next to it (.nox/ for nox), for the audit."""
    folder = Path(venv_dir).parent / VENV_REGISTRY
    folder.mkdir(parents=True, exist_ok=True)
    (folder / row_id).write_text(str(Path(venv_dir).resolve()) + "\n", encoding="utf-8")


def default_venv_dir(repo_root: Path, row_id: str) -> Path:
    """The environment nox built for a row (as registered by run_row), else nox's naming."""
    registered = Path(repo_root) / ".nox" / VENV_REGISTRY / row_id
    if registered.is_file():
        return Path(registered.read_text(encoding="utf-8").strip())
    import re
    return Path(repo_root) / ".nox" / re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "-", row_id).strip().lower())
