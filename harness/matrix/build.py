"""The steps of one matrix row: build (or reuse) its environment, run the case library.

noxfile.py only wires these to sessions, so each step is a plain function on the
venv's python, the row and the results folder, and unit tests drive them with
fakes. Faults stay local: every way a row can fail ends as one record in its
results folder (env_error, or not_run for a CUDA row without a GPU) and the
session still succeeds, so one broken row never stops the matrix.

    results/<set>/<row id>/   records.jsonl, env.json (the runner), freeze.txt, timing.json
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

from .. import outcomes, records
from .table import Row

STAMP_FILE = "kmatrix-stamp.txt"
BUILD_VERSION = "1"      # bump to force every environment to reinstall
# The runner plugin needs pytest 7+ (the last for Python 3.7 is 7.4); xdist so `-- -n 2` works.
RUNNER_REQUIREMENTS = ["pytest>=7", "pytest-xdist"]
# Variables a row may set; an inherited value would silently change what a row tests.
ROW_VARIABLES = ("TF_USE_LEGACY_KERAS", "KERAS_BACKEND", "KMATRIX_ENV_ID", "KMATRIX_KERAS",
                 "KMATRIX_DEVICE", "CUDA_VISIBLE_DEVICES")
RESULTS_SET_ENV = "KMATRIX_RESULTS_SET"
INSTALL_TIMEOUT = 3600
TAIL = 3000


@dataclass
class Timing:
    env_id: str
    venv: str | None = None          # created | reused
    create_s: float | None = None
    install_s: float | None = None
    import_s: float | None = None
    cases_s: float | None = None
    total_s: float | None = None
    exit_code: int | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class RowRun:
    """What happened to one row: `outcome` is None when the cases ran."""
    row_id: str
    results: Path
    timing: Timing
    outcome: str | None = None
    reason: str | None = None
    log: list[str] = field(default_factory=list)


def find_uv() -> str:
    """uv: $KMATRIX_UV, the `uv` wheel installed next to nox, else PATH."""
    if os.environ.get("KMATRIX_UV"):
        return os.environ["KMATRIX_UV"]
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
        if arg == "--script" and index + 1 < len(posargs):
            return posargs[index + 1]
        if arg.startswith("--script="):
            return arg.split("=", 1)[1]
    return None


def results_set(posargs: list[str], environ: dict | None = None) -> str:
    """`library`, `adhoc/<script stem>` for `--script X`, or $KMATRIX_RESULTS_SET."""
    environ = os.environ if environ is None else environ
    override = environ.get(RESULTS_SET_ENV, "").strip().strip("/")
    if override:
        parts = override.split("/")
        if any(p in ("", ".", "..") for p in parts):
            raise ValueError("%s=%r: use a relative name like adhoc/myrepro" % (RESULTS_SET_ENV, override))
        return override
    script = script_argument(posargs)
    if script:
        return "adhoc/" + Path(script.rstrip("/")).stem
    return "library"


def pytest_targets(posargs: list[str]) -> list[str]:
    """cases/ unless the arguments name a script (then the runner collects that)."""
    return [] if script_argument(posargs) else ["cases/"]


# ------------------------------------------------------------------------ the probes ----
def gpu_visible(run=subprocess.run) -> bool:
    """True when `nvidia-smi -L` lists at least one GPU."""
    try:
        out = run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and any(line.startswith("GPU ") for line in out.stdout.splitlines())


def requirements_of(row: Row) -> list[str]:
    return row.requirements + RUNNER_REQUIREMENTS


def stamp_for(python: str, row: Row) -> str:
    """Hash of what the environment is built from: interpreter, requirements, build version."""
    text = "\n".join([BUILD_VERSION, os.path.realpath(python)] + requirements_of(row))
    return hashlib.sha256(text.encode()).hexdigest()


def venv_python(venv_dir: Path) -> Path:
    return Path(venv_dir) / "bin" / "python"


def venv_is_current(venv_dir: Path, stamp: str) -> bool:
    path = Path(venv_dir) / STAMP_FILE
    return (venv_python(venv_dir).exists() and path.is_file()
            and path.read_text(encoding="utf-8").strip() == stamp)


def row_environ(row: Row, repo_root: Path, base: dict | None = None) -> dict:
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


def install(uv: str, venv_dir: Path, row: Row) -> tuple[int, str]:
    """`uv pip install` the row's requirements and pytest (hardlinked from uv's cache)."""
    cmd = [uv, "pip", "install", "--python", str(venv_python(venv_dir))] + requirements_of(row)
    return _run_captured(cmd, INSTALL_TIMEOUT)


def freeze(uv: str, venv_dir: Path, dest: Path) -> None:
    code, text = _run_captured([uv, "pip", "freeze", "--python", str(venv_python(venv_dir))], 120)
    dest.write_text(text if code == 0 else "# uv pip freeze failed (%s)\n%s" % (code, text), encoding="utf-8")


def last_error_line(text: str) -> str:
    """The line a person wants from a traceback or resolver output."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith(("error:", "ERROR:")) or (":" in line and line.split(":", 1)[0].endswith(("Error", "Exception"))):
            return line[:500]
    return lines[-1][:500] if lines else "(no output)"


def run_cases(python: Path, env: dict, repo_root: Path, results: Path, row: Row, posargs: list[str],
              echo=sys.stdout) -> tuple[int, str]:
    """Run the case library with the runner plugin, streaming its output, keeping a tail."""
    cmd = ([str(python), "-m", "pytest", "-p", "harness.runner.plugin"] + pytest_targets(posargs)
           + ["--results", str(results), "--env-id", row.id, "-p", "no:cacheprovider", "-q"] + list(posargs))
    tail: collections.deque[str] = collections.deque(maxlen=60)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            errors="replace", env=env, cwd=str(repo_root))
    assert proc.stdout is not None
    for line in proc.stdout:
        tail.append(line)
        echo.write(line)
        echo.flush()
    return proc.wait(), "".join(tail)


# ------------------------------------------------------------------------- the row ----
def _finish(run: RowRun, started: float, outcome: str | None = None, reason: str | None = None,
            output: str | None = None) -> RowRun:
    if outcome is not None:
        run.outcome, run.reason = outcome, reason
        writer = records.RecordWriter(str(run.results))
        writer.write(records.make_record(run.row_id, records.new_run_id(), None, outcome,
                                         reason=reason, output_tail=records.tail(output, TAIL) if output else None))
    run.timing.total_s = round(time.monotonic() - started, 3)
    records.write_json(str(run.results / records.TIMING_FILE), run.timing.as_dict())
    return run


def clear_folder(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


def run_row(row: Row, *, repo_root: Path, venv_dir: Path | None, python: str | None,
            python_missing_reason: str = "", posargs: list[str] | None = None, uv: str | None = None,
            gpu_probe=gpu_visible, results_root: Path | None = None, echo=sys.stdout) -> RowRun:
    """Build/reuse the row's environment and run the cases; never raises for a row fault."""
    started = time.monotonic()
    posargs = list(posargs or [])
    repo_root = Path(repo_root)
    results = Path(results_root or repo_root / "results") / results_set(posargs) / row.id
    clear_folder(results)
    run = RowRun(row.id, results, Timing(row.id))

    def say(text: str) -> None:
        run.log.append(text)
        echo.write("kmatrix[%s]: %s\n" % (row.id, text))
        echo.flush()

    if row.device == "cuda" and not gpu_probe():
        say("no GPU visible (nvidia-smi -L lists none): not run")
        return _finish(run, started, outcomes.NOT_RUN,
                       "CUDA row: no GPU visible on this machine (nvidia-smi -L lists none); nothing installed")
    if not python:
        say(python_missing_reason)
        return _finish(run, started, outcomes.ENV_ERROR, python_missing_reason or "Python %s not found" % row.python)
    assert venv_dir is not None
    venv_dir = Path(venv_dir)
    uv = uv or find_uv()
    stamp = stamp_for(python, row)
    if venv_is_current(venv_dir, stamp):
        run.timing.venv, run.timing.create_s, run.timing.install_s = "reused", 0.0, 0.0
        say("environment unchanged, reused (%s)" % venv_dir)
    else:
        run.timing.venv = "created"
        t0 = time.monotonic()
        code, output = create_venv(uv, python, venv_dir)
        run.timing.create_s = round(time.monotonic() - t0, 3)
        if code != 0:
            return _finish(run, started, outcomes.ENV_ERROR,
                           "venv creation failed: " + last_error_line(output), output)
        say("installing %s" % " ".join(requirements_of(row)))
        t0 = time.monotonic()
        code, output = install(uv, venv_dir, row)
        run.timing.install_s = round(time.monotonic() - t0, 3)
        if code != 0:
            say("install failed:\n" + records.tail(output, TAIL))
            return _finish(run, started, outcomes.ENV_ERROR,
                           "install failed: " + last_error_line(output), output)
        (venv_dir / STAMP_FILE).write_text(stamp + "\n", encoding="utf-8")
    freeze(uv, venv_dir, results / records.FREEZE_FILE)

    # No separate import check: the runner imports TensorFlow once and records an
    # import failure as env_error itself; a hung import ends it with SIGALRM.
    env = row_environ(row, repo_root)
    t0 = time.monotonic()
    code, tail = run_cases(venv_python(venv_dir), env, repo_root, results, row, posargs, echo=echo)
    run.timing.cases_s = round(time.monotonic() - t0, 3)
    run.timing.exit_code = code
    run.timing.import_s = fingerprint_import_s(results)
    if code == -signal.SIGALRM:
        return _finish(run, started, outcomes.ENV_ERROR,
                       "import of TensorFlow / Keras did not finish within the runner's --import-timeout", tail)
    if code not in (0, 1):  # 0: all cases ran; 1: some crashed/timed out, which is recorded
        return _finish(run, started, outcomes.ENV_ERROR,
                       "pytest exited %s (%s)" % (code, last_error_line(tail)), tail)
    return _finish(run, started)


def fingerprint_import_s(results: Path) -> float | None:
    """How long importing TensorFlow / Keras took in this environment, as the
    fingerprint process measured it (the runner's own import is part of cases_s)."""
    try:
        value = json.loads((results / records.ENV_FILE).read_text(encoding="utf-8")).get("import_s")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, (int, float)) else None
