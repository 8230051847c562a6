"""Process isolation: each case runs in a process of its own.

Runs inside the environment (Python 3.7+). Two ways:

fork   The parent imports TensorFlow and the Keras under test once, *proves*
       that it has run no TensorFlow op and initialised no device, then forks a
       child per case (~0.5 s instead of a 2.5-5.5 s import). Forking after the
       runtime started is what breaks in tensorflow#57877, #8220, #51832: the
       thread pools and device state do not survive the fork.
spawn  A fresh interpreter per case (`python -m harness.runner.child`), used
       whenever the proof fails, and always for CUDA rows.

Either way the case process is the leader of its own process group, writes its
result to a file atomically and prints into a file (only its tail is read); the
parent waits for that process to end (not for a pipe that a grandchild may hold),
then kills whatever is left of its group (daemon processes, forked helpers). A
segfault, abort, hang, memory blow-up or a global switch such as
tf.compat.v1.disable_eager_execution() costs only that case's cell, and the
parent's memory does not grow with what a case prints.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from .. import outcomes, records
from . import child, limits
from .options import ISOLATION_MODES

FORK = "fork"
SPAWN = "spawn"
INPROCESS = "inprocess"   # no isolation: for benchmarks and debugging only
MODES = ISOLATION_MODES   # ("auto", FORK, SPAWN, INPROCESS), declared with the other options

IMPORT_ALLOWANCE_S = 300  # spawn mode: time a fresh interpreter may take to import the libraries
MAX_RESULT_BYTES = 16 * 1024 * 1024   # a result file beyond this is not read (the case is recorded as broken)
_POLL_S = 0.02

# Set before numpy is imported (see plugin.py): OpenBLAS otherwise starts a
# worker thread at import, and a multi-threaded parent cannot be proven safe.
SINGLE_THREAD_ENV = {"OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


def os_thread_count():
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return None


def fork_safety():
    """(safe, reason): may this process fork cases without corrupting them?

    Safe only when we can show all of: one OS thread (no thread pool whose
    locks a child would inherit held), no TensorFlow eager context (created by
    the first op or device query), no CUDA or JAX backend initialised.
    """
    if not hasattr(os, "fork"):
        return False, "this platform has no fork()"
    if os.environ.get(records.ENV_DEVICE) == "cuda":
        return False, "CUDA rows always use a fresh interpreter per case"
    threads = os_thread_count()
    if threads is None:
        return False, "cannot count OS threads (/proc/self/task unreadable)"
    if threads != 1:
        return False, "parent has %d OS threads after importing the libraries" % threads
    context = sys.modules.get("tensorflow.python.eager.context")
    handle = getattr(getattr(context, "_context", None), "_context_handle", None)
    if handle is not None:
        return False, "TensorFlow's eager context is already initialised in the parent"
    torch = sys.modules.get("torch")
    if torch is not None and getattr(torch, "cuda", None) is not None and torch.cuda.is_initialized():
        return False, "torch initialised CUDA in the parent"
    bridge = sys.modules.get("jax._src.xla_bridge")
    if bridge is not None and getattr(bridge, "_backends", None):
        return False, "JAX initialised its backends in the parent"
    return True, "1 OS thread, no TensorFlow context, no device initialised"


def choose_mode(requested):
    """(mode, reason) for a requested mode in MODES."""
    if requested in (SPAWN, INPROCESS):
        return requested, "requested"
    safe, reason = fork_safety()
    if safe:
        return FORK, reason
    return SPAWN, "fork unsafe: %s" % reason


def _kill_group(pgid):
    """SIGKILL every process left in the case's group (the case itself, daemons,
    grandchildren); the case process may already be gone."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass


class _CaseFolder(object):
    """A folder per case, made and removed by the parent, so a case process that
    dies still leaves nothing behind: work/ (the case's cwd), output.txt (what it
    printed), result.json (its result)."""

    def __enter__(self):
        self.folder = tempfile.mkdtemp(prefix="kmatrix-case-")
        self.workdir = os.path.join(self.folder, "work")
        self.capture = os.path.join(self.folder, "output.txt")
        self.result = os.path.join(self.folder, "result.json")
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.folder, ignore_errors=True)
        return False


def _read_result(path):
    """The case's result dict, or None when it wrote none; a result that cannot be
    read says why (a case_error result), so nothing is silently lost."""
    try:
        size = os.path.getsize(path)
    except OSError:
        return None
    if size > MAX_RESULT_BYTES:
        return {"outcome": outcomes.CASE_ERROR,
                "reason": "the case's result is %d bytes (limit %d): it reported too much" % (size, MAX_RESULT_BYTES)}
    try:
        with open(path, "rb") as handle:
            result = records.loads(handle.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        return {"outcome": outcomes.CASE_ERROR, "reason": "the case's result could not be read: %s" % exc}
    return result if isinstance(result, dict) else None


def _ended(status, timed_out, timeout):
    """Result fields for a case process that ended without writing a result."""
    if timed_out:
        return {"outcome": outcomes.TIMEOUT, "reason": "killed after %ss" % timeout}
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = "signal %d" % signum
        return {"outcome": outcomes.CRASH, "signal": signum, "reason": "killed by %s" % name}
    code = os.WEXITSTATUS(status)
    return {"outcome": outcomes.CRASH, "exit_code": code,
            "reason": "exited with code %s before reporting a result" % code}


def _wait(pid, deadline_of):
    """Wait for process `pid` to end; `deadline_of()` gives the current deadline.
    Returns (status, timed_out); on timeout the process group is killed first."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status, False
        if time.time() > deadline_of():
            _kill_group(pid)
            return os.waitpid(pid, 0)[1], True
        time.sleep(_POLL_S)


def _finish(folder, pid, status, timed_out, timeout):
    _kill_group(pid)   # whatever the case left running in its group goes with it
    result = None if timed_out else _read_result(folder.result)
    if result is None:
        result = _ended(status, timed_out, timeout)
        result["output_tail"] = child.read_tail(folder.capture, start_at="Fatal Python error")
    return result


def run_forked(variant, under_test, timeout, memory_mb=None):
    with _CaseFolder() as folder:
        pid = os.fork()
        if pid == 0:  # the case process
            try:
                os.setpgid(0, 0)  # its own process group, reaped as a whole
                limits.limit_memory(memory_mb)
                child.write_result(folder.result, child.execute(variant, under_test, folder.capture,
                                                                folder.workdir))
            finally:
                os._exit(0)  # never run the parent's atexit handlers or pytest teardown
        try:
            os.setpgid(pid, pid)  # also from here: no race with the child's own call
        except OSError:
            pass
        deadline = time.time() + timeout
        status, timed_out = _wait(pid, lambda: deadline)
        return _finish(folder, pid, status, timed_out, timeout)


def run_spawned(variant, timeout, memory_mb=None):
    with _CaseFolder() as folder:
        ready = os.path.join(folder.folder, "imported")   # the child touches it once imports are done
        request = dict(variant.spawn_request(), result=folder.result, capture=folder.capture,
                       workdir=folder.workdir, ready=ready, memory_mb=memory_mb)
        request_path = os.path.join(folder.folder, "request.json")
        with open(request_path, "w") as handle:
            json.dump(request, handle)
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        proc = subprocess.Popen([sys.executable, "-m", "harness.runner.child", request_path],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        # The case's time limit starts when its imports are done, so a slow
        # `import tensorflow` is not counted against the case.
        state = {"deadline": time.time() + IMPORT_ALLOWANCE_S, "ready": False}

        def deadline():
            if not state["ready"] and os.path.exists(ready):
                state["ready"], state["deadline"] = True, time.time() + timeout
            return state["deadline"]
        status, timed_out = _wait(proc.pid, deadline)
        proc.returncode = status   # waited for here, not by Popen
        return _finish(folder, proc.pid, status, timed_out, timeout)


def run_inprocess(variant, under_test):
    with _CaseFolder() as folder:
        return child.execute(variant, under_test, folder.capture, folder.workdir)


def run_case(variant, under_test, mode, timeout, memory_mb=None):
    """Run one variant in the chosen mode; return its result fields plus wall time."""
    started = time.time()
    if mode == FORK:
        result = run_forked(variant, under_test, timeout, memory_mb)
    elif mode == SPAWN:
        result = run_spawned(variant, timeout, memory_mb)
    else:
        result = run_inprocess(variant, under_test)
    result["isolation"] = mode
    result["wall_s"] = round(time.time() - started, 4)
    return result
