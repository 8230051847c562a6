"""Probe class 4-5: hostile case processes. Whatever a case does (print hundreds of MB,
leave daemons and grandchildren holding its pipes, crash, hang, blow its memory cap,
report a huge or non-finite value), its cell says what happened, the runner's own memory
stays bounded, nothing outlives the case, and every record is written."""
import os
import re
import time

import pytest

from fault_support import write  # noqa: F401 (a fixture)
from fault_support import by_case, run_runner

SCRIPTS = {
    "prints_300mb": "import sys\nchunk = 'x' * (1 << 20) + '\\n'\nfor _ in range(300):\n    sys.stdout.write(chunk)\n",
    "leaves_daemons": (
        "import multiprocessing, os, subprocess, sys, time\n"
        "def sleeper():\n    time.sleep(600)\n"
        "if __name__ == '__main__':\n"
        "    p = multiprocessing.Process(target=sleeper, daemon=True)\n    p.start()\n"
        "    q = subprocess.Popen(['sleep', '600'])\n"
        "    open(os.environ['PIDS_FILE'], 'a').write('%d %d\\n' % (p.pid, q.pid))\n"
        "    print('done')\n"),
    "segfault": "import ctypes\nctypes.string_at(0)\n",
    "aborts": "import os\nos.abort()\n",
    "hangs": "import time\ntime.sleep(600)\n",
    "eats_memory": "x = bytearray(1 << 33)\n",
    "exits_3": "import sys\nsys.exit(3)\n",
    "reads_stdin": "import sys\nprint(len(sys.stdin.read()))\n",
    "after_all": "print('still running')\n",
    # the process that runs the cases and keeps the records is out of a case's reach
    "kills_its_parent": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint('carried on')\n",
    "truncates_the_records": (     # finds --results in its ancestors' command lines, empties records.jsonl
        "import os\npid = os.getppid()\n"
        "while pid > 1:\n"
        "    args = open('/proc/%d/cmdline' % pid, 'rb').read().decode().split('\\0')\n"
        "    if '--results' in args:\n"
        "        open(os.path.join(args[args.index('--results') + 1], 'records.jsonl'), 'w').close()\n"
        "        print('truncated')\n"
        "    pid = int(open('/proc/%d/stat' % pid).read().rsplit(') ', 1)[1].split()[1])\n"),
    "setsid_daemon": (             # a child in a session of its own, and its child: reaped with the case
        "import os, subprocess, sys, time\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os.setsid()\n"
        "    q = subprocess.Popen(['sleep', '600'])\n"
        "    open(os.environ['PIDS_FILE'], 'a').write('%d %d\\n' % (os.getpid(), q.pid))\n"
        "    time.sleep(600)\n"
        "    os._exit(0)\n"
        "while not os.path.exists(os.environ['PIDS_FILE']) or str(pid) not in open(os.environ['PIDS_FILE']).read():\n"
        "    time.sleep(0.05)\n"
        "print('daemon started')\n"),
    # what a successful script does is ok, however it ends and whatever it prints
    "prints_200mb_on_one_line": ("import os\nchunk = b'x' * (1 << 20)\nfor _ in range(200):\n    os.write(1, chunk)\n"
                                 "os.write(1, b'\\nKMATRIX-OBSERVE done 1\\n')\n"),
    "exits_0_at_once": "import os\nprint('KMATRIX-GRAD w ok', flush=True)\nos._exit(0)\n",
    "closes_its_fds": "import os\nos.closerange(3, 4096)\nprint('KMATRIX-GRAD w ok')\n",
    "long_marker": "print('KMATRIX-OBSERVE big ' + '7' * 5000)\nprint('KMATRIX-OBSERVE small 2')\n",
    "surrogate_error": "import os\nraise OSError('could not read %s' % os.fsdecode(b'caf\\xe9.csv'))\n",
}
EXPECTED = {"prints_300mb": "ok", "leaves_daemons": "ok", "segfault": "crash", "aborts": "crash",
            "hangs": "timeout", "eats_memory": "error", "exits_3": "error", "reads_stdin": "ok", "after_all": "ok",
            "kills_its_parent": "ok", "truncates_the_records": "ok", "setsid_daemon": "ok",
            "prints_200mb_on_one_line": "ok", "exits_0_at_once": "ok", "closes_its_fds": "ok", "long_marker": "ok",
            "surrogate_error": "error"}
PROBES = 2 * len(SCRIPTS) + 2 + 2   # each script under fork and spawn, + the library probes, + temp files (fork, spawn)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:   # a zombie is dead: only its parent has not reaped it yet
        with open("/proc/%d/stat" % pid) as handle:
            return handle.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("isolation", ["fork", "spawn"])
def test_hostile_scripts_get_their_own_cell_and_nothing_outlives_them(tmp_path, write, isolation):
    for name, text in SCRIPTS.items():
        write("scripts/%s.py" % name, text)
    pids = tmp_path / "pids.txt"
    started = time.monotonic()
    proc, found, problems = run_runner(tmp_path, "--script", tmp_path / "scripts", "--isolation", isolation,
                                       "--case-timeout", "10", "--case-memory-mb", "300", fake_tf=False,
                                       env_extra={"PIDS_FILE": str(pids)})
    elapsed = time.monotonic() - started
    recs = by_case(found)
    assert proc.returncode in (0, 1), proc.stdout[-3000:]          # the runner itself ended normally
    assert problems == [] and len(found) == len(SCRIPTS), proc.stdout[-3000:]
    assert {k.split("::")[0]: r["outcome"] for k, r in recs.items()} == EXPECTED
    assert recs["leaves_daemons::script"]["wall_s"] < 10      # decided by its own exit, not by who holds a pipe
    assert recs["segfault::script"]["signal"] == 11 and recs["aborts::script"]["signal"] == 6
    assert recs["eats_memory::script"]["error_type"] == "MemoryError"
    assert recs["exits_3::script"]["error_type"] == "SystemExit"
    assert len(recs["prints_300mb::script"]["output_tail"]) <= 2100   # only the tail is kept
    peak = int(re.search(r"runner peak RSS: (\d+) MB", proc.stdout).group(1))
    assert peak < 250, "the runner held what a case printed: %d MB" % peak
    for line in pids.read_text().split("\n"):
        for pid in map(int, line.split()):
            assert not _alive(pid), "a background process of a case outlived it"
    assert elapsed < 180
    assert "carried on" in recs["kills_its_parent::script"]["output_tail"]
    assert recs["prints_200mb_on_one_line::script"]["observed"] == {"done": 1}
    assert recs["exits_0_at_once::script"]["grads"] == {"w": "ok"}
    assert recs["closes_its_fds::script"]["grads"] == {"w": "ok"}
    assert recs["long_marker::script"]["observed"]["small"] == 2
    assert "longer than 4096 bytes" in recs["long_marker::script"]["observed"]["big"]
    assert recs["surrogate_error::script"]["error_message"] == "could not read caf\ufffd.csv"
    raw = (tmp_path / "results" / "records.jsonl").read_bytes().decode("utf-8")
    assert "\\ud" not in raw     # the writer never writes a lone surrogate


LIBRARY = '''CASE = {"title": "t", "source": {"kind": "known", "refs": ["https://example.org"]},
        "variants": {"huge": {"role": "demo"}, "nan": {"role": "demo"}, "after": {"role": "demo"}}}


def huge(ctx):
    ctx.observe("blob", "x" * (50 << 20))


def nan(ctx):
    ctx.observe("loss", float("nan"))
    ctx.observe("big", float("inf"))


def after(ctx):
    ctx.observe("ran", True)
'''


def test_a_huge_or_non_finite_observation_is_recorded_not_lost(tmp_path, write):
    write("cases/known_values.py", LIBRARY)
    proc, found, problems = run_runner(tmp_path, "cases")
    recs = by_case(found)
    assert problems == [] and len(found) == 3, proc.stdout[-3000:]
    assert recs["known_values::huge"]["outcome"] == "ok"
    assert recs["known_values::huge"]["observed"]["blob"].startswith("<52428802 characters as JSON")
    observed = recs["known_values::nan"]["observed"]
    assert observed["loss"] != observed["loss"] and observed["big"] == float("inf")
    assert recs["known_values::after"]["observed"] == {"ran": True}


@pytest.mark.parametrize("isolation", ["fork", "spawn"])
def test_what_a_case_writes_to_the_temp_dir_goes_with_the_case(tmp_path, write, isolation):
    """Autograph writes one file per converted function to the temp dir: a matrix run left
    36,000 of them (5.6 GB) behind before each case got its own temp folder."""
    write("scripts/temp_files.py",
          "import os, tempfile\n"
          "f = tempfile.NamedTemporaryFile(suffix='.py', delete=False)\nf.write(b'x')\nf.close()\n"
          "open(os.environ['TEMP_LOG'], 'w').write(f.name + '\\n' + os.environ.get('TMPDIR', ''))\n")
    log = tmp_path / "temp.txt"
    proc, found, problems = run_runner(tmp_path, "--script", tmp_path / "scripts", "--isolation", isolation,
                                       fake_tf=False, env_extra={"TEMP_LOG": str(log)})
    assert problems == [] and [r["outcome"] for r in found] == ["ok"], proc.stdout[-3000:]
    name, tmpdir = log.read_text().splitlines()
    assert os.path.dirname(name) == tmpdir and "kmatrix-case-" in tmpdir
    assert not os.path.exists(name) and not os.path.exists(tmpdir)
