"""The case host: the process between the runner and its cases (Python 3.7+, standard library).

    runner (pytest; holds the records) ── case host ── case process ── what the case starts

A process can always signal its parent (`os.kill(os.getppid(), SIGKILL)`) and read its
parent's command line (`--results DIR`). So the runner is never a case's parent. It starts
one host (a fork of itself once TensorFlow is imported, in fork mode; a small fresh
interpreter, `python -m harness.runner.host`, in spawn mode) and asks it, case by case, to
start the case process: in fork mode the host forks it (a fork server: the host never runs
case code, so it stays as safe to fork as the runner was), in spawn mode it starts
`python -m harness.runner.child`. The host does nothing else:

- it is a child subreaper (Linux prctl): whatever a case starts and leaves behind, even in a
  session of its own (os.setsid()) after its own parent ended, is reparented to the host,
  which kills and reaps all of it once the case ended (cases run one at a time);
- it reports to the runner, through a pipe only the two of them hold, the case's pid
  (before the case runs a line of its own: the case waits at a gate until then) and how the
  case ended (its wait status);
- it holds nothing of value and survives what it can: signals a case sends its parent
  (SIGTERM, SIGINT, SIGHUP, SIGUSR1...) are ignored, except that it cleans up and leaves when
  the runner itself is gone (PR_SET_PDEATHSIG). A case that kills its host with SIGKILL costs
  the runner nothing: the runner then watches that case by its pid (the case's exit status
  is lost with the host: if it then ends without a result, it is a crash of unknown cause),
  kills its process group when it ends or times out, and starts a new host for the next case.

The records are out of a case's reach too: records.RecordWriter keeps the runner's own copy
(its journal), which no case process holds, and puts back what records.jsonl lost.

Limits: a case runs as the same user as the runner. One that sets out to (walks /proc up to
the runner's pid and kills it, writes through /proc/<pid>/fd) still can; what this design
removes is every way an ordinary script ends its parent or its records by accident or by
following its parent's command line.
"""
import json
import os
import signal
import subprocess
import sys
import time

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
# Signals a case may send its parent; the host ignores them (a Python handler: exec resets it,
# and a case forked from the host restores what the runner had, so the case is unchanged).
SHIELDED = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2",
                                                    "SIGALRM", "SIGVTALRM", "SIGPROF", "SIGTSTP", "SIGTTIN",
                                                    "SIGTTOU") if hasattr(signal, name))
REAP_ROUNDS = 200


def _prctl(option, value):
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (ImportError, OSError, AttributeError):
        return False


def _children(pid):
    """The direct children of process `pid` (Linux /proc)."""
    found = set()
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, tid)) as handle:
                found.update(int(p) for p in handle.read().split())
        return found
    except OSError:   # a kernel without /proc/<pid>/task/<tid>/children: read every process's parent
        pass
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name) as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.add(int(name))
            except (OSError, ValueError, IndexError):
                continue
    return found


def descendants(pid):
    """Every process below `pid`, parents before their children."""
    found, todo = [], [pid]
    while todo:
        for child in sorted(_children(todo.pop())):
            if child not in found:
                found.append(child)
                todo.append(child)
    return found


def _reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if not pid:
            return


def kill_tree(case_pid=None):
    """Kill the case's process group and everything left below this process (what the case
    started, reparented here), and reap it all; bounded against a fork bomb."""
    if case_pid:
        try:
            os.killpg(case_pid, signal.SIGKILL)
        except OSError:
            pass
    me = os.getpid()
    for _ in range(REAP_ROUNDS):
        _reap()
        found = descendants(me)
        if not found:
            return
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.005)


_CASE = []   # the pid of the case running now (for the runner-died handler)


def shield():
    """Ignore what a case may send its parent; leave (cleaning up) only when the runner
    itself is gone. Returns the dispositions it replaced, for a forked case to restore."""
    runner = os.getppid()
    previous = {}

    def handler(signum, frame):
        if os.getppid() != runner:   # the runner died: nobody will read the case's result
            kill_tree(_CASE[-1] if _CASE else None)
            os._exit(1)
    for signum in SHIELDED:
        try:
            previous[signum] = signal.signal(signum, handler)
        except (OSError, ValueError, RuntimeError):
            pass
    _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != runner:   # it died before the line above
        os._exit(1)
    return previous


def restore(previous):
    """In a case forked from the host: the signal dispositions the runner had."""
    for signum, disposition in previous.items():
        try:
            signal.signal(signum, disposition if disposition is not None else signal.SIG_DFL)
        except (OSError, ValueError, RuntimeError, TypeError):
            pass


def _send(fd, text):
    try:
        os.write(fd, (text + "\n").encode("ascii"))
    except OSError:   # the runner is gone
        pass


def _lines(fd):
    """The request lines the runner sends, until it closes its end."""
    buffer = b""
    while True:
        try:
            data = os.read(fd, 65536)
        except InterruptedError:   # (Python 3.5+ retries; kept for clarity)
            continue
        if not data:
            return
        buffer += data
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line.decode("utf-8")


def serve(requests_fd, report_fd, start_case, keep=()):
    """The host's whole job. For each request (the path of a case's request.json) the runner
    sends: `start_case(path, previous_signals, close)` starts the case process (leader of
    its own process group, waiting at a gate) and returns (pid, open_gate); report the pid,
    open the gate, wait for the case, kill and reap all it left, report its wait status.
    `close`: descriptors the case process must not hold. Ends when the runner closes its end."""
    previous = shield()
    if os.getpgid(0) != os.getpid():
        os.setpgid(0, 0)   # a group of its own: a case signalling its parent's group misses the runner
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    close = (requests_fd, report_fd) + tuple(keep)
    for path in _lines(requests_fd):
        pid, open_gate = start_case(path, previous, close)
        _CASE.append(pid)
        _send(report_fd, "pid %d" % pid)
        open_gate()
        while True:
            done, status = os.waitpid(pid, 0)
            if done == pid:
                break
        kill_tree(pid)
        _CASE.pop()
        _send(report_fd, "status %d" % status)


def fork_starter(under_test):
    """start_case for fork mode: the case process is a fork of the host (which is a fork of
    the runner after it imported TensorFlow), rebuilt from its request and run there."""
    def start(path, previous, close):
        gate_read, gate_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the case process
            try:
                for fd in close + (gate_write,):
                    os.close(fd)
                restore(previous)
                os.setpgid(0, 0)  # its own process group, reaped as a whole
                os.read(gate_read, 1)   # until the host has told the runner who this is
                os.close(gate_read)
                from . import child, limits
                with open(path) as handle:
                    request = json.load(handle)
                limits.limit_memory(request.get("memory_mb"))
                child.write_result(request["result"], child.execute(child.rebuild(request), under_test,
                                                                    request["capture"], request["workdir"]))
            finally:
                os._exit(0)  # never run the runner's atexit handlers or pytest teardown
        os.close(gate_read)
        try:
            os.setpgid(pid, pid)  # also from here: no race with the case's own call
        except OSError:
            pass
        return pid, lambda: os.close(gate_write)
    return start


def spawn_start(path, previous, close):
    """start_case for spawn mode: a fresh interpreter, `python -m harness.runner.child`."""
    gate_read, gate_write = os.pipe()
    proc = subprocess.Popen([sys.executable, "-m", "harness.runner.child", path, str(gate_read)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            pass_fds=(gate_read,))
    os.close(gate_read)
    proc.returncode = 0   # waited for by serve(), not by Popen
    return proc.pid, lambda: os.close(gate_write)


def main(argv=None):
    """Spawn mode: `python -m harness.runner.host REQUESTS_FD REPORT_FD`."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        serve(int(argv[0]), int(argv[1]), spawn_start)
    finally:
        os._exit(0)


if __name__ == "__main__":
    main()
