"""Process isolation: each case runs in a process of its own.

Runs inside the environment (Python 3.7+). Two ways:

fork   The parent imports TensorFlow and the Keras under test once, *proves*
       that it has run no TensorFlow op and initialised no device, then forks a
       child per case (~0.5 s instead of a 2.5-5.5 s import). Forking after the
       runtime started is what breaks in tensorflow#57877, #8220, #51832: the
       thread pools and device state do not survive the fork.
spawn  A fresh interpreter per case (`python -m harness.runner.child`), used
       whenever the proof fails, and always for CUDA rows.

Either way a segfault, abort, hang, memory blow-up or a global switch such
as tf.compat.v1.disable_eager_execution() costs only that case's cell.
"""
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

from .. import outcomes

FORK = "fork"
SPAWN = "spawn"
INPROCESS = "inprocess"   # no isolation: for benchmarks and debugging only
MODES = ("auto", FORK, SPAWN, INPROCESS)

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
    if os.environ.get("KMATRIX_DEVICE") == "cuda":
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


def _kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _ended(status_or_code, timed_out, timeout, payload):
    """Turn how a child ended into result fields when it sent no result."""
    if timed_out:
        return {"outcome": outcomes.TIMEOUT, "reason": "killed after %ss" % timeout}
    exit_code, signum = status_or_code
    if signum:
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = "signal %d" % signum
        return {"outcome": outcomes.CRASH, "signal": signum, "reason": "killed by %s" % name}
    return {"outcome": outcomes.CRASH, "exit_code": exit_code,
            "reason": "exited with code %s before reporting a result" % exit_code}


def run_forked(variant, under_test, timeout):
    from . import child
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the case process
        try:
            os.close(read_fd)
            os.setpgid(0, 0)  # its own process group, so a timeout kills its children too
            payload = json.dumps(child.execute(variant, under_test), default=repr).encode("utf-8")
            while payload:
                payload = payload[os.write(write_fd, payload):]
        finally:
            os._exit(0)  # never run the parent's atexit handlers or pytest teardown
    os.close(write_fd)
    chunks, timed_out = [], False
    deadline = time.time() + timeout
    while True:
        remaining = deadline - time.time()
        if remaining <= 0:
            timed_out = True
            _kill_group(pid)
            break
        ready, _, _ = select.select([read_fd], [], [], min(remaining, 1.0))
        if ready:
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    payload = b"".join(chunks)
    if payload and not timed_out:
        try:
            return json.loads(payload.decode("utf-8"))
        except ValueError:
            pass  # a half-written result: the child died while reporting
    if os.WIFSIGNALED(status):
        ended = (None, os.WTERMSIG(status))
    else:
        ended = (os.WEXITSTATUS(status), None)
    return _ended(ended, timed_out, timeout, payload)


def run_spawned(variant, timeout):
    folder = tempfile.mkdtemp(prefix="kmatrix-spawn-")
    request_path = os.path.join(folder, "request.json")
    result_path = os.path.join(folder, "result.json")
    with open(request_path, "w") as handle:
        json.dump({"path": os.path.abspath(variant.scenario.path), "variant": variant.name,
                   "result": result_path}, handle)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    proc = subprocess.Popen([sys.executable, "-m", "harness.runner.child", request_path],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(proc.pid)
        proc.wait()
    try:
        if not timed_out and os.path.exists(result_path):
            with open(result_path) as handle:
                return json.load(handle)
        return _ended(outcomes.classify_exit(proc.returncode), timed_out, timeout, None)
    finally:
        for path in (request_path, result_path):
            if os.path.exists(path):
                os.remove(path)
        os.rmdir(folder)


def run_case(variant, under_test, mode, timeout):
    """Run one variant in the chosen mode; return its result fields plus wall time."""
    from . import child
    started = time.time()
    if mode == FORK:
        result = run_forked(variant, under_test, timeout)
    elif mode == SPAWN:
        result = run_spawned(variant, timeout)
    else:
        result = child.execute(variant, under_test)
    result["isolation"] = mode
    result["wall_s"] = round(time.time() - started, 4)
    return result
