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
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from .. import outcomes, records

FORK = "fork"
SPAWN = "spawn"
INPROCESS = "inprocess"   # no isolation: for benchmarks and debugging only
MODES = ("auto", FORK, SPAWN, INPROCESS)

IMPORT_ALLOWANCE_S = 300  # spawn mode: time a fresh interpreter may take to import the libraries

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


def limit_memory(budget_mb):
    """Cap this process's address space at its current size plus `budget_mb`.

    Called in the case process after TensorFlow is loaded, so the cap bounds
    what the case itself allocates: a runaway allocation then fails inside the
    case (MemoryError, or an abort) instead of waking the OOM killer, which
    might pick the parent.
    """
    if not budget_mb:
        return
    try:
        import resource
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[0])
        current = pages * os.sysconf("SC_PAGE_SIZE")
        limit = current + int(budget_mb) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass  # no /proc or no resource module: run without the cap


def _kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _ended(exit_code, signum, timed_out, timeout):
    """Turn how a child ended into result fields when it sent no result."""
    if timed_out:
        return {"outcome": outcomes.TIMEOUT, "reason": "killed after %ss" % timeout}
    if signum:
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = "signal %d" % signum
        return {"outcome": outcomes.CRASH, "signal": signum, "reason": "killed by %s" % name}
    return {"outcome": outcomes.CRASH, "exit_code": exit_code,
            "reason": "exited with code %s before reporting a result" % exit_code}


def _crash_output(path):
    """What a case printed before it died (read by the parent). From the
    faulthandler report on if there is one: its innermost frames come first."""
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return None
    start = text.find("Fatal Python error")
    if start >= 0:
        text = text[start:start + records.MAX_OUTPUT]
    return text or None


def _case_folder():
    """A folder per case, made and removed by the parent, so a case process
    that dies still leaves nothing behind: work/ (the case's cwd) and
    output.txt (what it printed)."""
    folder = tempfile.mkdtemp(prefix="kmatrix-case-")
    return folder, os.path.join(folder, "work"), os.path.join(folder, "output.txt")


def run_forked(variant, under_test, timeout, memory_mb=None):
    folder, workdir, capture_path = _case_folder()
    try:
        return _run_forked(variant, under_test, timeout, memory_mb, workdir, capture_path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run_forked(variant, under_test, timeout, memory_mb, workdir, capture_path):
    from . import child
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the case process
        try:
            os.close(read_fd)
            os.setpgid(0, 0)  # its own process group, so a timeout kills its children too
            limit_memory(memory_mb)
            payload = json.dumps(child.execute(variant, under_test, capture_path, workdir),
                                 default=repr).encode("utf-8")
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
    output = _crash_output(capture_path)
    if payload and not timed_out:
        try:
            return json.loads(payload.decode("utf-8"))
        except ValueError:
            pass  # a half-written result: the child died while reporting
    if os.WIFSIGNALED(status):
        result = _ended(None, os.WTERMSIG(status), timed_out, timeout)
    else:
        result = _ended(os.WEXITSTATUS(status), None, timed_out, timeout)
    result["output_tail"] = output
    return result


def run_spawned(variant, timeout, memory_mb=None):
    folder, workdir, capture_path = _case_folder()
    try:
        return _run_spawned(variant, timeout, memory_mb, folder, workdir, capture_path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run_spawned(variant, timeout, memory_mb, folder, workdir, capture_path):
    request_path = os.path.join(folder, "request.json")
    result_path = os.path.join(folder, "result.json")
    ready_path = os.path.join(folder, "imported")  # the child touches it once imports are done
    request = {"path": os.path.abspath(variant.scenario.path), "variant": variant.name,
               "result": result_path, "capture": capture_path, "workdir": workdir,
               "ready": ready_path, "memory_mb": memory_mb}
    extra = getattr(variant, "spawn_request", None)  # ad-hoc scripts say how to rebuild them
    if extra is not None:
        request.update(extra())
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
    timed_out = False
    deadline = time.time() + IMPORT_ALLOWANCE_S
    ready = False
    while proc.poll() is None:
        if not ready and os.path.exists(ready_path):
            ready, deadline = True, time.time() + timeout
        if time.time() > deadline:
            timed_out = True
            _kill_group(proc.pid)
            proc.wait()
            break
        time.sleep(0.05)
    if not timed_out and os.path.exists(result_path):
        with open(result_path) as handle:
            return json.load(handle)
    exit_code, signum = outcomes.classify_exit(proc.returncode)
    result = _ended(exit_code, signum, timed_out, timeout)
    result["output_tail"] = _crash_output(capture_path)
    return result


def run_case(variant, under_test, mode, timeout, memory_mb=None):
    """Run one variant in the chosen mode; return its result fields plus wall time."""
    from . import child
    started = time.time()
    if mode == FORK:
        result = run_forked(variant, under_test, timeout, memory_mb)
    elif mode == SPAWN:
        result = run_spawned(variant, timeout, memory_mb)
    else:
        result = child.execute(variant, under_test)
    result["isolation"] = mode
    result["wall_s"] = round(time.time() - started, 4)
    return result
