"""Probe class 11 (the history): a flaky cell is found by --repeat and does not fail --check
while a stable cell that changes does; a run killed with SIGKILL leaves every record it
finished, and the next run keeps them (marked incomplete); two runs of one row at once are
serialised by the row's lock and both are kept."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from harness import records
from harness.history import ingest
from harness.history.layout import ResultsSet
from harness.history.query import History

from fault_support import write  # noqa: F401 (a fixture)
from fault_support import REPO, fake_site, report_cli, run_runner

PROBES = 7
FLAKY = REPO / "tests" / "fixtures" / "flaky"


def _cells(root):
    history = History(ResultsSet(root))
    try:
        return history.latest_cells().set_index("case_id")
    finally:
        history.close()


def test_repeat_finds_the_flaky_cell_and_check_tells_it_from_a_real_change(tmp_path):
    root = tmp_path / "set"
    results = ResultsSet(root)
    runs = []
    for run_id, args in (("20260101T000000Z-aaaaaa", []), ("20260102T000000Z-bbbbbb", ["--repeat", "5"])):
        folder = results.raw_folder(run_id, "row")
        proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "harness.runner.plugin", "-p", "no:cacheprovider",
                               str(FLAKY), "--results", str(folder), "--env-id", "row", "--no-fingerprint", "-q"] + args,
                              cwd=str(tmp_path), capture_output=True, text=True, timeout=300,
                              env=dict(os.environ, KMATRIX_RUN_ID=run_id, KMATRIX_KERAS="tf.keras",
                                       PYTHONPATH=os.pathsep.join([str(fake_site(tmp_path)), str(REPO)])))
        assert proc.returncode in (0, 1), proc.stdout[-2000:]
        ingest.ingest(results, run_id, "row", complete=True)
        runs.append(proc)
    # 5 coin flips agree with probability 1/16: retry the odd time they do
    cells = _cells(root)
    tries = 0
    while cells.loc["known_coin_flip::flip", "outcome"] != "flaky" and tries < 3:
        run_id = "20260103T00000%dZ-cccccc" % tries
        folder = results.raw_folder(run_id, "row")
        subprocess.run([sys.executable, "-m", "pytest", "-p", "harness.runner.plugin", "-p", "no:cacheprovider",
                        str(FLAKY), "--results", str(folder), "--env-id", "row", "--no-fingerprint", "-q",
                        "--repeat", "5"], cwd=str(tmp_path), capture_output=True, timeout=300,
                       env=dict(os.environ, KMATRIX_RUN_ID=run_id, KMATRIX_KERAS="tf.keras",
                                PYTHONPATH=os.pathsep.join([str(fake_site(tmp_path)), str(REPO)])))
        ingest.ingest(results, run_id, "row", complete=True)
        cells, tries = _cells(root), tries + 1
    assert cells.loc["known_coin_flip::flip", "outcome"] == "flaky"
    assert "5 runs disagree" in cells.loc["known_coin_flip::flip", "reason"]
    assert cells.loc["known_coin_flip::steady", "outcome"] == "ok"
    assert "1 flaky" in runs[1].stdout or tries   # the runner's summary says so too

    # the regression check: the flaky cell does not fail it, a stable cell that changes does
    build = report_cli("build", "--results", root, "--out", tmp_path / "r", "--no-cases", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    table = json.loads((tmp_path / "r" / "table.json").read_text())
    before = json.loads(json.dumps(table))
    before["cells"]["known_coin_flip::flip"]["row"]["outcome"] = "ok"
    (tmp_path / "before.json").write_text(json.dumps(before))
    flaky_only = report_cli("check", "--baseline", tmp_path / "before.json", "--current", tmp_path / "r" / "table.json",
                            cwd=tmp_path)
    assert flaky_only.returncode == 0 and "flaky: known_coin_flip::flip" in flaky_only.stdout
    before["cells"]["known_coin_flip::steady"]["row"]["outcome"] = "error"
    (tmp_path / "before.json").write_text(json.dumps(before))
    real = report_cli("check", "--baseline", tmp_path / "before.json", "--current", tmp_path / "r" / "table.json",
                      cwd=tmp_path)
    assert real.returncode == 1 and "changed: known_coin_flip::steady" in real.stdout


SLOW_CASES = '''CASE = {"title": "t", "source": {"kind": "known", "refs": ["https://example.org"]},
        "variants": {"a": {"role": "demo"}, "b": {"role": "demo"}, "c": {"role": "demo"}}}


def a(ctx):
    pass


def b(ctx):
    import time
    time.sleep(60)


def c(ctx):
    pass
'''


def test_a_run_killed_with_sigkill_keeps_what_it_finished(tmp_path, write):
    write("cases/known_slow.py", SLOW_CASES)
    results = ResultsSet(tmp_path / "set")
    folder = results.raw_folder("20260101T000000Z-kill00", "row")
    env = dict(os.environ, KMATRIX_RUN_ID="20260101T000000Z-kill00", KMATRIX_KERAS="tf.keras",
               PYTHONPATH=os.pathsep.join([str(fake_site(tmp_path)), str(REPO)]))
    proc = subprocess.Popen([sys.executable, "-m", "pytest", "-p", "harness.runner.plugin", "-p", "no:cacheprovider",
                             "cases", "--results", str(folder), "--env-id", "row", "--no-fingerprint", "-q"],
                            cwd=str(tmp_path), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and not (folder / "records.jsonl").exists():
        time.sleep(0.1)
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGKILL)   # the whole row: runner and the case it is running
    proc.wait()
    problems = ingest.sync(results)        # what the next run does first
    assert results.is_ingested("20260101T000000Z-kill00", "row") and problems == []
    cells = _cells(tmp_path / "set")
    assert list(cells.index) == ["known_slow::a"] and cells.loc["known_slow::a", "outcome"] == "ok"
    history = History(results)
    try:
        assert not history.rowruns()["complete"].iloc[0]
    finally:
        history.close()


def test_two_runs_of_one_row_at_once_are_serialised_and_both_kept(tmp_path):
    script = '''
import sys, time
sys.path.insert(0, %r)
from harness import records
from harness.history import ingest
from harness.history.layout import ResultsSet
results = ResultsSet(%r)
run_id = sys.argv[1]
with results.row_lock("row"):
    folder = results.raw_folder(run_id, "row")
    folder.mkdir(parents=True)
    writer = records.RecordWriter(str(folder))
    for i in range(20):
        writer.write(records.make_record("row", run_id, "s::v%%d" %% i, "ok"))
        time.sleep(0.02)
    ingest.ingest(results, run_id, "row", complete=True)
    print(time.time())
''' % (str(REPO), str(tmp_path / "set"))
    (tmp_path / "run.py").write_text(script)
    procs = [subprocess.Popen([sys.executable, str(tmp_path / "run.py"), "20260101T00000%dZ-aaaaaa" % i],
                              stdout=subprocess.PIPE, text=True) for i in range(2)]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    history = History(ResultsSet(tmp_path / "set"))
    try:
        rowruns = history.rowruns()
        assert len(rowruns) == 2 and set(rowruns["records"]) == {20}
    finally:
        history.close()
    for run in ("20260101T000000Z-aaaaaa", "20260101T000001Z-aaaaaa"):
        found, problems = records.read_jsonl(str(ResultsSet(tmp_path / "set").raw_folder(run, "row") / "records.jsonl"))
        assert len(found) == 20 and problems == [] and {r["run_id"] for r in found} == {run}
    assert outs[0] and outs[1]


def test_newest_is_by_start_time_not_by_the_run_ids_spelling(tmp_path):
    """KMATRIX_RUN_ID=myrun (the docs allow it) or a bisection's run id is no timestamp:
    the newest result is the one that started last, whatever its run id says."""
    from support import synthetic
    root = tmp_path / "set"
    runs = (("myrun", "2026-01-01T00:00:00Z", "error"), ("20260102T000000Z-bbbbbb", "2026-01-02T00:00:00Z", "ok"))
    for run_id, started, outcome in runs:
        synthetic.write_run(root, run_id, "row", None, [synthetic.case_record("row", run_id, "s::v", outcome,
                                                                              started_at=started)])
    synthetic.write_run(root, "zz-bisect", "row", None,       # an env_error that happened before both
                        [records.make_record("row", "zz-bisect", None, "env_error", reason="old",
                                             started_at="2025-12-31T00:00:00Z")])
    cells = _cells(root)
    assert cells.loc["s::v", "run_id"] == "20260102T000000Z-bbbbbb" and cells.loc["s::v", "outcome"] == "ok"
    history = History(ResultsSet(root))
    try:
        assert history.timeline_lists()[("s::v", "row")][-1][0] == "20260102T000000Z-bbbbbb"
        assert list(history.runs()["run_id"]) == ["zz-bisect", "myrun", "20260102T000000Z-bbbbbb"]
    finally:
        history.close()
    build = report_cli("build", "--results", root, "--out", tmp_path / "r", "--no-cases", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    table = json.loads((tmp_path / "r" / "table.json").read_text())
    assert table["cells"]["s::v"]["row"]["outcome"] == "ok"


LIMITS_CASES = '''CASE = {"title": "t", "source": {"kind": "known", "refs": ["https://example.org"]},
        "variants": {"plain": {"role": "demo"}, "capped": {"role": "demo"}, "slow": {"role": "demo"},
                     "crashes": {"role": "demo"}}}


def plain(ctx):
    pass


def capped(ctx):
    pass


def slow(ctx):
    import time
    time.sleep(5)


def crashes(ctx):
    import os
    os.abort()
'''


def test_a_timeout_a_crash_or_a_cell_made_under_other_limits_is_never_reused(tmp_path, write):
    """`-k slow --case-timeout 0.5` once must not make the next plain run reuse a timeout:
    timeouts and crashes are run again, and a cell depends on the limits it was made under."""
    from harness import hashes
    from harness.matrix import plan
    write("cases/known_limits.py", LIMITS_CASES)
    results = ResultsSet(tmp_path / "set")
    slices = (("20260101T000000Z-aaaaaa", ["-k", "slow", "--case-timeout", "0.5"]),
              ("20260102T000000Z-bbbbbb", ["-k", "capped", "--case-memory-mb", "300"]),
              ("20260103T000000Z-cccccc", ["-k", "plain or crashes"]))
    for run_id, args in slices:
        folder = results.raw_folder(run_id, "row")
        proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "harness.runner.plugin", "-p", "no:cacheprovider",
                               "cases", "--results", str(folder), "--env-id", "row", "--no-fingerprint", "-q"] + args,
                              cwd=str(tmp_path), capture_output=True, text=True, timeout=300,
                              env=dict(os.environ, KMATRIX_RUN_ID=run_id, KMATRIX_KERAS="tf.keras",
                                       KMATRIX_ENV_HASH="envhash",
                                       PYTHONPATH=os.pathsep.join([str(fake_site(tmp_path)), str(REPO)])))
        assert proc.returncode in (0, 1), proc.stdout[-2000:]
        ingest.ingest(results, run_id, "row", complete=True)
    cells = _cells(tmp_path / "set")
    assert dict(cells["outcome"]) == {"known_limits::plain": "ok", "known_limits::capped": "ok",
                                      "known_limits::slow": "timeout", "known_limits::crashes": "crash"}
    all_cases, broken = plan.case_hashes(tmp_path / "cases")
    history = History(results)
    try:
        fresh = history.fresh_cases("row", "envhash", hashes.runner_hash(), all_cases)   # a plain run: defaults
    finally:
        history.close()
    assert fresh == {"known_limits::plain"}
    assert plan.stale_cases(fresh, all_cases, broken) == ["known_limits::capped", "known_limits::crashes",
                                                          "known_limits::slow"]


def test_a_process_holding_the_history_index_never_makes_a_build_wait_silently(tmp_path):
    """A live process holding history/.index.lock: the build says who and that it waits,
    and after a bound reads the history files without the index."""
    from support import synthetic
    root = tmp_path / "set"
    synthetic.write_run(root, "20260101T000000Z-aaaaaa", "row", None,
                        [synthetic.case_record("row", "20260101T000000Z-aaaaaa", "s::v", "ok")])
    lock = root / "history" / ".index.lock"
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time\n"
                               "f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX)\n"
                               "print('held', flush=True); time.sleep(300)", str(lock)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "harness.report", "build", "--results", str(root), "--out",
                               str(tmp_path / "r"), "--no-cases"], cwd=str(tmp_path), capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(REPO), KMATRIX_INDEX_WAIT_S="2"), timeout=90)
        assert proc.returncode == 0, proc.stderr
        assert "locked by pid %d" % holder.pid in proc.stderr and "waiting up to 2 s" in proc.stderr, proc.stderr
        assert time.monotonic() - started < 60
        table = json.loads((tmp_path / "r" / "table.json").read_text())
        assert table["cells"]["s::v"]["row"]["outcome"] == "ok"
    finally:
        holder.kill()
        holder.wait()
