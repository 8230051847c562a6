"""A data branch to test against: a local bare repository stands in for the remote.

Helpers to run `python -m harness.history` as CI does, write a row's run as the runner
does (synthetic records), and write branch commits by hand (a rogue writer, a hostile
branch) with plain git.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from harness import outcomes

from . import synthetic

REPO = Path(__file__).resolve().parents[2]
ENV = "tf2.15-keras2-py3.11-cpu"


def git_env(home: Path) -> dict:
    """No user or system git configuration leaks into a test."""
    return dict(os.environ, HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
                GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
                GIT_COMMITTER_EMAIL="t@example.org", PYTHONPATH=str(REPO))


def git(*args, cwd: Path, env: dict | None = None, input: bytes | None = None) -> str:
    proc = subprocess.run(["git"] + [str(a) for a in args], cwd=str(cwd), capture_output=True, input=input,
                          env=env or git_env(cwd), timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode().strip()


def bare_remote(path: Path) -> Path:
    """An empty bare repository serving partial fetches, as GitHub does."""
    path.mkdir(parents=True)
    git("init", "--quiet", "--bare", cwd=path)
    git("config", "uploadpack.allowFilter", "true", cwd=path)
    git("config", "core.bigFileThreshold", "16m", cwd=path)     # the server streams big blobs, as GitHub does
    return path


def cli(*args, cwd: Path, module: str = "harness.history", timeout: int = 300) -> subprocess.CompletedProcess:
    """`python -m <module> ARGS` as CI runs it (nothing asserted)."""
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.run([sys.executable, "-m", module] + [str(a) for a in args], cwd=str(cwd),
                          capture_output=True, text=True, env=git_env(cwd), timeout=timeout)


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def row_run(results_root: Path, run_id: str, outcome: str = outcomes.OK, env_id: str = ENV, kept: bool = True,
            cases=("s::a", "s::b"), **fields) -> Path:
    """One row's run as the runner writes it (first case gets `outcome`, the others ok)."""
    recs = [synthetic.case_record(env_id, run_id, case, outcome if i == 0 else outcomes.OK, **fields)
            for i, case in enumerate(cases)]
    folder = synthetic.write_run(Path(results_root), run_id, env_id,
                                 synthetic.env_json(env_id, "2.15.1", "tf.keras", "2.15.0", "3.11.9"), recs,
                                 kept=kept)
    (folder / "timing.json").write_text('{"env_id": "%s"}' % env_id)    # the row finished
    return folder


def branch_files(remote: Path, branch: str = "results") -> list[str]:
    """The branch's files ([] when there is no such branch)."""
    if not git("for-each-ref", "refs/heads/" + branch, cwd=remote):
        return []
    out = git("ls-tree", "-r", "--name-only", branch, cwd=remote)
    return out.splitlines() if out else []


def write_branch(remote: Path, work: Path, files: dict, message: str = "by hand", branch: str = "results",
                 keep: bool = True) -> str:
    """Commit `files` (path -> bytes, or an int: a sparse file of that many zero bytes, which
    git stores compressed to almost nothing) on top of the branch (`keep`: its other files
    stay) and push it, forced if need be: a writer that bypasses every check."""
    if not (work / ".git").exists():
        work.mkdir(parents=True, exist_ok=True)
        git("init", "--quiet", cwd=work)
        git("config", "core.bigFileThreshold", "1m", cwd=work)
    heads = git("ls-remote", "--heads", remote, branch, cwd=work)
    if heads:
        git("fetch", "--quiet", remote, "+%s:refs/remotes/r/%s" % (branch, branch), cwd=work)
        git("checkout", "--quiet", "-B", branch, "refs/remotes/r/" + branch, cwd=work)
        if not keep:
            git("rm", "-r", "--quiet", ".", cwd=work)
    else:
        git("checkout", "--quiet", "--orphan", branch, cwd=work)
    for path, content in files.items():
        target = work / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            git("rm", "--quiet", path, cwd=work)
        elif isinstance(content, int):
            with open(target, "wb") as handle:
                handle.truncate(content)
        else:
            target.write_bytes(content)
    git("add", "-A", cwd=work)
    git("commit", "--quiet", "--allow-empty", "-m", message, cwd=work)
    git("push", "--quiet", "--force", remote, "HEAD:refs/heads/" + branch, cwd=work)
    return git("rev-parse", "HEAD", cwd=work)


def main(*args, module: str = "harness.history", cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The same command in this process (no interpreter start-up: the tests stay fast);
    the caller sets the environment (isolated_git) and the working folder."""
    import contextlib
    import io
    if module == "harness.history":
        from harness.history.cli import main as entry
    else:
        from harness.report.__main__ import main as entry
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = entry([str(a) for a in args])
        except SystemExit as exc:       # argparse
            code = exc.code
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def isolated_git(monkeypatch, home: Path) -> None:
    """This process's git runs as in git_env (no user configuration, a fixed identity)."""
    for key, value in git_env(home).items():
        if key.startswith("GIT_") or key == "HOME":
            monkeypatch.setenv(key, value)
