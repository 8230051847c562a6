"""Process isolation: each case runs in a process of its own.

Runs inside the environment (Python 3.7+). Two ways:

fork   The parent imports TensorFlow and the Keras under test once, *proves*
       that it has run no TensorFlow op and initialised no device, then a fork
       of it (the case host) forks a child per case (~0.5 s instead of a 2.5-5.5 s
       import). Forking after the runtime started is what breaks in
       tensorflow#57877, #8220, #51832: the thread pools and device state do not
       survive the fork; the host never runs case code, so it stays safe to fork.
spawn  A fresh interpreter per case (`python -m harness.runner.child`, started by a
       small host, `python -m harness.runner.host`), used whenever the proof fails,
       and always for CUDA rows.

Either way the case process is not the runner's child: the case host sits between them
(harness/runner/host.py: why, and what it does), so a case that kills its parent, or
signals its parent's process group, never reaches the runner; a case that killed its
host is watched by its pid and the next case gets a new host. The case process is the leader of its own
process group, writes its result to a file atomically and prints into a file (only its
tail is read); the host waits for that process to end (not for a pipe that a grandchild
may hold), reports how it ended, then kills whatever is left of it (its group, daemons,
forked helpers, even those in a session of their own). A segfault, abort, hang, memory
blow-up or a global switch such as tf.compat.v1.disable_eager_execution() costs only that
case's cell, and the parent's memory does not grow with what a case prints.
"""
import atexit
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from .. import outcomes, records
from . import child, host, limits
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


def _start_time(pid):
    """When process `pid` started (/proc: clock ticks since boot), to tell it from a later
    process that reuses its pid; None when unknown."""
    try:
        with open("/proc/%d/stat" % pid) as handle:
            return int(handle.read().rsplit(")", 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return None


def _alive(pid, started):
    """Is process `pid` (started at `started`) still running (a zombie has ended)?"""
    try:
        with open("/proc/%d/stat" % pid) as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return fields[0] != "Z" and (started is None or int(fields[19]) == started)
    except (OSError, ValueError, IndexError):
        if os.path.isdir("/proc/self"):
            return False          # /proc works: no such process
    try:                          # no /proc: all that can be known
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _kill_case(pid, started):
    """SIGKILL the case's process group, and the case itself if it left its group; the
    case process may already be gone (a pid is never reused while its group lives)."""
    if not pid:
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass
    if _alive(pid, started):
        try:
            os.kill(pid, signal.SIGKILL)
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
    """Result fields for a case process that ended without writing a result (`status`:
    its wait status, None when unknown: the case killed its host, which held it)."""
    if timed_out:
        return {"outcome": outcomes.TIMEOUT, "reason": "killed after %ss" % timeout}
    if status is None:
        return {"outcome": outcomes.CRASH,
                "reason": "ended before reporting a result; how is unknown: the case killed the process "
                          "supervising it, which held its exit status"}
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


_GRACE_S = 10   # after killing a timed-out case: how long its host may take to report


class _Host(object):
    """The runner's side of its case host (host.py): started on first use, started again
    after a case killed it; one per isolation mode and process (each xdist worker its own)."""
    running = {}

    @classmethod
    def get(cls, mode, under_test):
        host = cls.running.get(mode)
        if host is None or not host.usable():
            if host is not None:
                host.stop()
            host = cls.running[mode] = cls(mode, under_test)
        return host

    @classmethod
    def stop_all(cls):
        for host in list(cls.running.values()):
            host.stop()
        cls.running.clear()

    def __init__(self, mode, under_test):
        requests_read, self.requests = os.pipe()
        self.reports, report_write = os.pipe()
        self.status = None          # the host's own wait status, once it ended
        if mode == FORK:
            self.pid = os.fork()
            if self.pid == 0:   # the host: a fork of the runner that holds nothing of it
                try:
                    os.close(self.requests)
                    os.close(self.reports)
                    records.RecordWriter.close_journals()
                    host.serve(requests_read, report_write, host.fork_starter(under_test))
                finally:
                    os._exit(0)
        else:
            root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
            proc = subprocess.Popen([sys.executable, "-m", "harness.runner.host", str(requests_read),
                                     str(report_write)], env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True,
                                    pass_fds=(requests_read, report_write))
            proc.returncode = 0   # waited for here, not by Popen
            self.pid = proc.pid
        os.close(requests_read)
        os.close(report_write)
        self.buffer, self.eof = b"", False

    def usable(self):
        self._poll()
        return self.status is None and not self.eof

    def _poll(self):
        if self.status is None:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = status
        return self.status

    def _kill(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            self.status = os.waitpid(self.pid, 0)[1]

    def stop(self):
        """No more cases: the host sees the end of its requests and leaves."""
        for fd in (self.requests, self.reports):
            try:
                os.close(fd)
            except OSError:
                pass
        self.requests = self.reports = -1
        deadline = time.time() + 5
        while self._poll() is None and time.time() < deadline:
            time.sleep(_POLL_S)
        self._kill()

    def run(self, request_path, deadline_of):
        """Have the host start the case `request_path` describes; wait for it to end or time
        out. Returns (the case's wait status, None when unknown, timed_out)."""
        try:
            os.write(self.requests, (request_path + "\n").encode("utf-8"))
        except OSError:   # it ended since usable() said otherwise
            self._kill()
            return None, False
        case_pid = case_started = status = None
        timed_out, grace = False, None
        try:
            while status is None:
                if not self.eof and select.select([self.reports], [], [], _POLL_S)[0]:
                    data = os.read(self.reports, 4096)
                    self.eof = not data
                    self.buffer += data
                    while b"\n" in self.buffer:
                        line, self.buffer = self.buffer.split(b"\n", 1)
                        kind, _, value = line.partition(b" ")
                        if kind == b"pid" and case_pid is None:
                            case_pid = int(value)
                            case_started = _start_time(case_pid)
                        elif kind == b"status":
                            status = int(value)
                    continue
                if self.eof:
                    time.sleep(_POLL_S)
                if self._poll() is not None and self.eof:
                    # the host is gone without saying how the case ended (the case killed it):
                    # watch the case itself until it ends or times out
                    if case_pid is None or not _alive(case_pid, case_started):
                        break
                if not timed_out and time.time() > deadline_of():
                    timed_out, grace = True, time.time() + _GRACE_S
                    _kill_case(case_pid, case_started)
                elif grace is not None and time.time() > grace:
                    self._kill()   # a host that cannot report (stopped?): the next case gets a new one
                    self.eof, grace = True, None
        finally:
            if status is None:   # interrupted (Ctrl-C), or its host lost: nothing of the case outlives it,
                _kill_case(case_pid, case_started)
                self._kill()     # and the next case gets a new host
        return status, timed_out


def _finish(folder, variant, status, timed_out, timeout):
    result = None if timed_out else _read_result(folder.result)
    if result is None and not timed_out and status is not None and os.WIFEXITED(status) \
            and os.WEXITSTATUS(status) == 0:
        result = variant.ended_without_result(folder.capture)   # a script's os._exit(0): its markers
        if result is not None:
            result.setdefault("output_tail", child.read_tail(folder.capture))
    if result is None:
        result = _ended(status, timed_out, timeout)
        result["output_tail"] = child.read_tail(folder.capture, start_at="Fatal Python error")
    return result


def _request(variant, folder, memory_mb, **extra):
    """The case's request.json: what its process needs to rebuild and run it (child.rebuild)."""
    request = dict(variant.spawn_request(), result=folder.result, capture=folder.capture,
                   workdir=folder.workdir, memory_mb=memory_mb, **extra)
    path = os.path.join(folder.folder, "request.json")
    with open(path, "w") as handle:
        json.dump(request, handle)
    return path


def run_forked(variant, under_test, timeout, memory_mb=None):
    with _CaseFolder() as folder:
        path = _request(variant, folder, memory_mb)
        deadline = time.time() + timeout
        status, timed_out = _Host.get(FORK, under_test).run(path, lambda: deadline)
        return _finish(folder, variant, status, timed_out, timeout)


def run_spawned(variant, timeout, memory_mb=None):
    with _CaseFolder() as folder:
        ready = os.path.join(folder.folder, "imported")   # the child touches it once imports are done
        path = _request(variant, folder, memory_mb, ready=ready)
        # The case's time limit starts when its imports are done, so a slow
        # `import tensorflow` is not counted against the case.
        state = {"deadline": time.time() + IMPORT_ALLOWANCE_S, "ready": False}

        def deadline():
            if not state["ready"] and os.path.exists(ready):
                state["ready"], state["deadline"] = True, time.time() + timeout
            return state["deadline"]
        status, timed_out = _Host.get(SPAWN, None).run(path, deadline)
        return _finish(folder, variant, status, timed_out, timeout)


def stop_hosts():
    """The runner is done with cases: its hosts leave (at the end of the session; a host
    whose runner died leaves by itself)."""
    _Host.stop_all()


atexit.register(stop_hosts)


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
