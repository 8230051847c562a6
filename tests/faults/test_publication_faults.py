"""Probe class 12 (publication): the published history is never replaced by a shorter one,
never loses a re-run row's results, and no branch content fills the disk or the memory.

F5: the workflows' own history steps, run as GitHub runs them (bash -e), against a missing
    published history (no data branch; a renamed repository) fail the job, and publishing
    without first_publication creates nothing.
F6: a re-run row job whose first attempt was published keeps its results: they are under
    the path the workflow uploads, and the aggregate job's steps add them beside the first
    attempt's.
F15: a branch holding a huge file (tiny compressed), files over the limits, or files that
    are not history files: refused from the object headers or streamed within bounded
    memory; nothing is written.
A local bare repository stands in for the remote."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fault_support import REPO

from support import published
from support.published import ENV, branch_files, row_run

PROBES = 4 + 2 + 6   # F5: no branch, renamed, publish without / with first_publication; F6: 2; F15: 6
MATRIX = REPO / ".github" / "workflows" / "matrix.yml"
PULL_REQUEST = REPO / ".github" / "workflows" / "pull-request.yml"
RUN_ID = "20260105T031700Z-gh77"


def _steps(workflow: Path, job: str) -> list[dict]:
    """The steps of one job: name, run (block scalars joined as YAML does), with.path."""
    text = workflow.read_text()
    body = text[text.index("\n  %s:\n" % job) + 1:]
    end = re.search(r"\n  [\w-]+:\n", body)
    body = body[:end.start()] if end else body
    steps = []
    for chunk in re.split(r"\n      - ", body.split("\n    steps:\n", 1)[1].lstrip()[2:]):
        step = {"name": (re.search(r"(?:^|\n        )name: (.*)", chunk) or [None, ""])[1]}
        run = re.search(r"(?:^|\n        )run: ?(.*)((?:\n {10,}.*)*)", chunk)
        if run:
            lines = [line[10:] for line in run.group(2).split("\n")[1:]]
            step["run"] = {"|": "\n".join(lines), ">-": " ".join(lines)}.get(run.group(1).strip(), run.group(1))
        path = re.search(r"\n          path: (.*)", chunk)
        step["path"] = path.group(1).strip() if path else None
        steps.append(step)
    return steps


def _history_steps(workflow: Path, job: str, *words) -> list[str]:
    """The run: of the job's steps that call harness.history with one of `words`."""
    pattern = re.compile(r"harness\.history (%s)\b" % "|".join(words))
    return [s["run"] for s in _steps(workflow, job) if pattern.search(s.get("run", ""))]


def _bash(script: str, cwd: Path, remote: Path, first: str = "") -> subprocess.CompletedProcess:
    """A step's script as GitHub runs it: bash -e, its env: values set."""
    assert "${{" not in script, "a history step reads its inputs from env:, not expressions"
    cwd.mkdir(parents=True, exist_ok=True)
    env = dict(published.git_env(cwd), DATA_REMOTE=str(remote), FIRST=first, PAGES_URL=str(cwd / "site"),
               GITHUB_OUTPUT=str(cwd / "github_output"), RUN_ID=RUN_ID,
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=str(cwd), env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def remote(tmp_path, monkeypatch):
    published.isolated_git(monkeypatch, tmp_path)
    return published.bare_remote(tmp_path / "remote.git")


# ------------------------------------------------------------------------------ F5 ----
def test_a_missing_published_history_fails_the_job(tmp_path, remote):
    aggregate = _history_steps(MATRIX, "aggregate", "fetch", "restore")
    rows = _history_steps(MATRIX, "row", "fetch", "restore") + _history_steps(PULL_REQUEST, "row", "fetch", "restore")
    assert aggregate and len(rows) == 2
    for name, where in (("no data branch", remote), ("a renamed repository", tmp_path / "renamed.git")):
        for step in aggregate + rows:
            proc = _bash(step, tmp_path / "ci", where)
            assert proc.returncode != 0, (name, step, proc.stdout)
            assert "error: " in proc.stderr and ("no data branch" in proc.stderr or "cannot read" in proc.stderr)
    publish = _history_steps(MATRIX, "aggregate", "publish")
    assert publish, "the aggregate job publishes with harness.history publish"
    row_run(tmp_path / "ci" / "results" / "library", RUN_ID)
    proc = _bash(publish[0], tmp_path / "ci", remote)
    assert proc.returncode != 0 and "no data branch" in proc.stderr and branch_files(remote) == []
    proc = _bash(publish[0], tmp_path / "ci", remote, first="--first-publication")   # the explicit start
    assert proc.returncode == 0, proc.stderr
    assert "history/run=%s/%s.records.parquet" % (RUN_ID, ENV) in branch_files(remote)


# ------------------------------------------------------------------------------ F6 ----
def _fake_row(monkeypatch):
    """The row steps without uv or TensorFlow: each planned case records `ok`."""
    from harness import hashes, records
    from harness.matrix import rowrun

    def run_cases(python, env, repo_root, results, row, posargs, targets, echo=None):
        planned = Path(posargs[posargs.index("--only-cases") + 1]).read_text().split() \
            if "--only-cases" in posargs else []
        writer = records.RecordWriter(str(results))
        for case_id in planned:
            writer.write(records.make_record(row.id, env[records.ENV_RUN_ID], case_id, "ok",
                                             case_hash="x", runner_hash=hashes.runner_hash(),
                                             env_hash=env[records.ENV_ENV_HASH]))
        return 0, ""

    def create_venv(uv, python, venv_dir):
        (Path(venv_dir) / "bin").mkdir(parents=True, exist_ok=True)
        (Path(venv_dir) / "bin" / "python").write_text("")
        return 0, ""
    monkeypatch.setattr(rowrun, "create_venv", create_venv)
    monkeypatch.setattr(rowrun, "install", lambda uv, venv_dir, row: (0, ""))
    def freeze(uv, venv_dir, dest):
        dest.write_text("x==1\n")
        return "x==1\n"
    monkeypatch.setattr(rowrun, "freeze", freeze)
    monkeypatch.setattr(rowrun, "run_cases", run_cases)
    monkeypatch.setenv(records.ENV_RUN_ID, RUN_ID)          # the plan job's run id, as on the first attempt


def _rerun_row(machine: Path):
    """The row job run again on a fresh machine; returns (its run, the files the workflow uploads)."""
    from harness.matrix import rowrun
    from harness.matrix.table import parse_matrix
    row = parse_matrix('[[env]]\nid = "%s"\npython = "3.11"\ntensorflow = "tensorflow-cpu==2.15.1"\n'
                       'keras = "tf.keras"\nflavour = "tf.keras"\ndevice = "cpu"\n' % ENV)[0]
    (machine / "cases").mkdir(parents=True, exist_ok=True)
    (machine / "cases" / "known_thing.py").write_text(
        'CASE = {"title": "t", "source": {"kind": "known", "refs": ["https://example.org/1"]},\n'
        '        "variants": {"a": {"role": "demo"}}}\n\n\ndef a(ctx):\n    pass\n')
    run = rowrun.run_row(row, repo_root=machine, venv_dir=machine / "venv", python=sys.executable,
                         posargs=[], uv="uv", echo=open(os.devnull, "w"),
                         results_root=machine / "results")
    uploads = [s["path"] for s in _steps(MATRIX, "row") if s["path"] and "results/" in s["path"]]
    assert len(uploads) == 1
    upload = machine / uploads[0].replace("${{ needs.plan.outputs.run_id }}", RUN_ID)
    return run, upload


def test_a_rerun_row_job_keeps_its_results(tmp_path, remote, monkeypatch):
    _fake_row(monkeypatch)
    # the re-run machine holds the history with the first attempt in it (restored whole, as
    # before the data branch: history files, no raw run folders)
    restored = tmp_path / "restored"
    shutil.rmtree(row_run(restored / "results" / "library", RUN_ID, cases=()))
    run, upload = _rerun_row(restored)
    assert run.run_id != RUN_ID
    assert list(upload.rglob("records.jsonl")), "the re-run's results are not under the uploaded path %s" % upload

    # with the data branch: the first attempt is published, the re-run row fetches only the
    # index, the aggregate job adds what it receives and publishes
    first = tmp_path / "first" / "results" / "library"
    row_run(first, RUN_ID, cases=())
    published.ok(published.main("publish", "--remote", remote, "--results", first, "--first-publication"))
    row = tmp_path / "row"
    for step in _history_steps(MATRIX, "row", "fetch-index"):
        assert _bash(step, row, remote).returncode == 0
    run, upload = _rerun_row(row)
    assert run.run_id != RUN_ID and list(upload.rglob("records.jsonl"))
    artifact = tmp_path / "aggregate" / "artifacts" / ("results-" + ENV)
    shutil.copytree(upload, artifact)                       # what download-artifact writes
    for step in _history_steps(MATRIX, "aggregate", "fetch", "add", "publish"):
        proc = _bash(step, tmp_path / "aggregate", remote)
        assert proc.returncode == 0, (step, proc.stderr)
    files = branch_files(remote)
    assert "history/run=%s/%s.rowrun.parquet" % (RUN_ID, ENV) in files                   # the first attempt
    assert "history/run=%s/%s.records.parquet" % (run.run_id, ENV) in files              # and the re-run


# ----------------------------------------------------------------------------- F15 ----
def _fetch_peak(cwd: Path, *args) -> tuple[subprocess.CompletedProcess, int]:
    """`python -m harness.history ARGS` and the peak memory (MB) of it and every git it ran."""
    wrapper = ("import resource, subprocess, sys\n"
               "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
               "sys.stdout.write(p.stdout); sys.stderr.write(p.stderr)\n"
               "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
               "sys.exit(p.returncode)\n")
    proc = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "harness.history"] +
                          [str(a) for a in args], cwd=str(cwd), capture_output=True, text=True,
                          env=published.git_env(cwd), timeout=600)
    return proc, int(re.search(r"PEAK (\d+)", proc.stdout).group(1))


def test_huge_or_foreign_files_on_the_branch_never_fill_the_disk_or_the_memory(tmp_path, remote):
    big = 64 * 1024 ** 2            # zeros: about 64 kB once compressed in the repository
    name = "history/run=%s/%s.records.parquet" % (RUN_ID, ENV)
    published.write_branch(remote, tmp_path / "hostile", {name: big, "latest/cells.parquet": b"x"})
    streamed, peak = _fetch_peak(tmp_path, "fetch", "--remote", remote, "--results", tmp_path / "a",
                                 "--max-file-mb", 100)
    assert streamed.returncode == 2 and "%s on the data branch is not a readable Parquet" % name in streamed.stderr
    assert peak < 150, "fetching a 64 MB file took %d MB of memory (this process alone: ~115): not streamed" % peak
    limited, peak = _fetch_peak(tmp_path, "fetch", "--remote", remote, "--results", tmp_path / "b",
                                "--max-file-mb", 8)
    assert limited.returncode == 2 and "%s is %d bytes (64.0 MB), over the" % (name, big) in limited.stderr
    assert peak < 150
    published.write_branch(remote, tmp_path / "hostile", {name: None}, keep=True)
    many = {"history/run=%s/r%d.rowrun.parquet" % (RUN_ID, i): 600 * 1024 for i in range(4)}
    published.write_branch(remote, tmp_path / "hostile", many)
    total = published.main("fetch", "--remote", remote, "--results", tmp_path / "c", "--max-total-mb", 2)
    assert total.returncode == 2 and "over the 2097152 bytes (2.0 MB) limit" in total.stderr
    for foreign in ({".github/workflows/evil.yml": b"on: push"}, {"history/run=x/r.records.parquet.sh": b"#!"}):
        published.write_branch(remote, tmp_path / "hostile", foreign)
        for command in ("fetch", "fetch-index"):
            proc = published.main(command, "--remote", remote, "--results", tmp_path / "d")
            assert proc.returncode == 2 and "not history files" in proc.stderr and list(foreign)[0] in proc.stderr
        published.write_branch(remote, tmp_path / "hostile", {p: None for p in foreign})
    work = tmp_path / "hostile"
    os.symlink("/etc/passwd", work / "history" / ("run=" + RUN_ID) / "link.rowrun.parquet")
    published.git("add", "-A", cwd=work)
    published.git("commit", "-qm", "a symlink", cwd=work)
    published.git("push", "-q", "--force", remote, "HEAD:refs/heads/results", cwd=work)
    proc = published.main("fetch", "--remote", remote, "--results", tmp_path / "e")
    assert proc.returncode == 2 and "link.rowrun.parquet" in proc.stderr
    for folder in "abcde":
        assert not list((tmp_path / folder).rglob("*.parquet")), folder       # nothing written anywhere
