"""Plain `git` against the data branch's remote (a URL, or a local path in tests).

A scratch bare repository (no work tree) fetches the branch tip, lists its tree,
streams blobs out within limits, writes new commits with a temporary index and
pushes them fast-forward only. Credentials never touch a file: a token in
$KMATRIX_DATA_TOKEN reaches git as an HTTP header through GIT_CONFIG_* variables
of each git process (as actions/checkout does, minus persisting it).
"""
from __future__ import annotations

import base64
import os
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

TOKEN_ENV = "KMATRIX_DATA_TOKEN"
NETWORK_TIMEOUT = 900
LOCAL_TIMEOUT = 300
CHUNK = 1 << 20


class GitError(Exception):
    """A git command failed (unreachable remote, refused push...): the message says which."""


class LimitError(Exception):
    """What the branch holds exceeds a limit: nothing beyond it was written."""


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 256 * 1024 ** 2      # a run's file is ~60 kB; a month compacted, ~20 MB
    total_bytes: int = 4 * 1024 ** 3       # ten years of daily runs, uncompacted


@dataclass(frozen=True)
class Entry:
    path: str
    sha: str
    size: int | None = None
    mode: str = "100644"

    @property
    def regular(self) -> bool:
        """A plain file (not a symlink, a submodule or a tree)."""
        return self.mode in ("100644", "100755")


def remote_url(remote: str) -> str:
    """A URL as given; a local path as a file:// URL (so --depth and --filter apply)."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", remote) or re.match(r"^[\w.-]+@[\w.-]+:", remote):
        return remote
    return Path(remote).resolve().as_uri()


def _env() -> dict:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C", GIT_ASKPASS="true")
    env.setdefault("GIT_AUTHOR_NAME", "keras-compat-matrix")
    env.setdefault("GIT_AUTHOR_EMAIL", "kmatrix@users.noreply.github.com")
    env.setdefault("GIT_COMMITTER_NAME", env["GIT_AUTHOR_NAME"])
    env.setdefault("GIT_COMMITTER_EMAIL", env["GIT_AUTHOR_EMAIL"])
    token = os.environ.get(TOKEN_ENV)
    if token:
        n = int(env.get("GIT_CONFIG_COUNT") or 0)
        basic = base64.b64encode(("x-access-token:" + token).encode()).decode()
        env.update({"GIT_CONFIG_COUNT": str(n + 1), "GIT_CONFIG_KEY_%d" % n: "http.extraheader",
                    "GIT_CONFIG_VALUE_%d" % n: "AUTHORIZATION: basic " + basic})
    return env


def _dir_bytes(folder: Path) -> int:
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


class Repo:
    """A scratch bare repository at `path` (created if missing)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not (self.path / "HEAD").is_file():
            self.path.mkdir(parents=True, exist_ok=True)
            self.git("init", "--quiet", "--bare")
            # git then streams any blob over 16 MB (hashing, packing) instead of holding it in memory
            self.git("config", "core.bigFileThreshold", "16m")
            self.git("config", "gc.auto", "0")

    def git(self, *args, input: bytes | None = None, timeout: float = LOCAL_TIMEOUT, check: bool = True,
            env: dict | None = None) -> subprocess.CompletedProcess:
        cmd = ["git", "--git-dir", str(self.path)] + [str(a) for a in args]
        try:
            proc = subprocess.run(cmd, input=input, capture_output=True, timeout=timeout, env=env or _env())
        except subprocess.TimeoutExpired:
            raise GitError("git %s: no answer within %d s" % (args[0], timeout)) from None
        if check and proc.returncode != 0:
            raise GitError("git %s failed: %s" % (args[0], _last(proc.stderr)))
        return proc

    # -------------------------------------------------------------- the remote ----
    def remote_tip(self, url: str, branch: str) -> str | None:
        """The branch's commit on the remote; None when the remote has no such branch;
        GitError when the remote cannot be read at all."""
        proc = self.git("ls-remote", "--heads", url, "refs/heads/" + branch, timeout=NETWORK_TIMEOUT, check=False)
        if proc.returncode != 0:
            raise GitError("cannot read %s: %s" % (url, _last(proc.stderr)))
        for line in proc.stdout.decode().splitlines():
            sha, _, ref = line.partition("\t")
            if ref == "refs/heads/" + branch:
                return sha
        return None

    def fetch(self, url: str, branch: str, blobs: bool = True, depth: int | None = 1,
              max_bytes: int | None = None) -> str | None:
        """Fetch the branch tip (depth 1: the tip's tree holds the whole history); without
        blobs, a partial fetch (trees only; blobs come when read). Returns the commit, None
        when there is no such branch. max_bytes bounds what git may write to the scratch
        repository while it downloads (the compressed pack)."""
        if self.remote_tip(url, branch) is None:
            return None
        ref = "refs/kmatrix/" + branch
        args = ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head"]
        if depth:
            args.append("--depth=%d" % depth)
        if blobs:
            args += [url, "+refs/heads/%s:%s" % (branch, ref)]
        else:   # a promisor remote: git fetches a filtered-out blob when it is read
            self.git("config", "remote.data.url", url)
            self.git("config", "remote.data.promisor", "true")
            self.git("config", "remote.data.partialclonefilter", "blob:none")
            self.git("config", "extensions.partialClone", "data")
            args += ["--filter=blob:none", "data", "+refs/heads/%s:%s" % (branch, ref)]
        self._bounded(args, max_bytes)
        return self.git("rev-parse", "--verify", ref + "^{commit}").stdout.decode().strip()

    def _bounded(self, args: list, max_bytes: int | None) -> None:
        """Run a fetch, killed if the scratch repository grows past max_bytes."""
        before = _dir_bytes(self.path)
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(["git", "--git-dir", str(self.path)] + args, stdout=subprocess.DEVNULL,
                                    stderr=err, env=_env())
            over = threading.Event()

            def watch():
                while proc.poll() is None:
                    if max_bytes is not None and _dir_bytes(self.path) - before > max_bytes:
                        over.set()
                        proc.kill()
                        return
                    time.sleep(0.2)
            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
            try:
                code = proc.wait(timeout=NETWORK_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                raise GitError("git fetch: no answer within %d s" % NETWORK_TIMEOUT) from None
            watcher.join()
            err.seek(0)
            message = err.read()
        if over.is_set():
            raise LimitError("the download passed %s: refused" % _mb(max_bytes))
        if code != 0:
            raise GitError("git fetch failed: %s" % _last(message))

    def push(self, url: str, commit: str, branch: str) -> str | None:
        """Push fast-forward only (never forced); None when pushed, else git's reason."""
        proc = self.git("push", "--porcelain", url, "%s:refs/heads/%s" % (commit, branch),
                        timeout=NETWORK_TIMEOUT, check=False)
        return None if proc.returncode == 0 else _last(proc.stderr + proc.stdout)

    # ------------------------------------------------------------------ objects ----
    def tree(self, commit: str | None, sizes: bool = True) -> dict[str, Entry]:
        """Every file of a commit's tree (path -> Entry); sizes read from object headers
        (without `sizes`, nothing is read: a partial fetch stays partial)."""
        if commit is None:
            return {}
        out = self.git("ls-tree", "-r", "-z", *(["-l"] if sizes else []), "--full-tree", commit).stdout.decode()
        found = {}
        for item in filter(None, out.split("\0")):
            meta, _, path = item.partition("\t")
            parts = meta.split()
            size = int(parts[3]) if sizes and parts[1] == "blob" else None
            found[path] = Entry(path, parts[2], size, parts[0])
        return found

    def sizes(self, shas: list[str]) -> dict[str, int]:
        """Object sizes from their headers (a partial fetch downloads just these objects)."""
        if not shas:
            return {}
        out = self.git("cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)",
                       input="".join(s + "\n" for s in shas).encode(), timeout=NETWORK_TIMEOUT).stdout.decode()
        found = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] == "blob":
                found[parts[0]] = int(parts[2])
        return found

    def export(self, items: list[tuple[Entry, Path]], limits: Limits) -> None:
        """Stream each blob into its file (temp name, then renamed), never more than its
        declared size and the limits: checked from the headers before a byte is written."""
        declared = self.sizes([e.sha for e, _ in items])
        total = 0
        for entry, _ in items:
            size = declared.get(entry.sha)
            if size is None:
                raise GitError("%s: not a file on the branch (%s)" % (entry.path, entry.sha))
            if size > limits.file_bytes:
                raise LimitError("%s is %s, over the %s limit per file" % (entry.path, _mb(size),
                                                                           _mb(limits.file_bytes)))
            total += size
        if total > limits.total_bytes:
            raise LimitError("the files to copy hold %s, over the %s limit" % (_mb(total), _mb(limits.total_bytes)))
        if items:
            free = _free_bytes(items[0][1].parent)
            if total > free:
                raise LimitError("the files to copy hold %s; only %s are free" % (_mb(total), _mb(free)))
        proc = subprocess.Popen(["git", "--git-dir", str(self.path), "cat-file", "--batch"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_env())
        try:
            for entry, dest in items:
                proc.stdin.write(entry.sha.encode() + b"\n")
                proc.stdin.flush()
                header = proc.stdout.readline().split()
                if len(header) != 3 or header[1] != b"blob" or int(header[2]) != declared[entry.sha]:
                    raise GitError("%s: unexpected object %r" % (entry.path, b" ".join(header)))
                dest.parent.mkdir(parents=True, exist_ok=True)
                temp = dest.with_name(".%s.part" % dest.name)
                left = int(header[2])
                with open(temp, "wb") as out:
                    while left:
                        chunk = proc.stdout.read(min(CHUNK, left))
                        if not chunk:
                            raise GitError("%s: the object ended early" % entry.path)
                        out.write(chunk)
                        left -= len(chunk)
                proc.stdout.read(1)         # the newline after each object
                os.replace(temp, dest)
        finally:
            proc.stdin.close()
            proc.kill()
            proc.wait()

    def hash_files(self, paths: list[Path], write: bool = False) -> list[str]:
        """Blob ids of local files (written into the scratch repository with `write`)."""
        if not paths:
            return []
        args = ["hash-object", "--no-filters", "--stdin-paths"] + (["-w"] if write else [])
        out = self.git(*args, input="".join(str(p) + "\n" for p in paths).encode()).stdout.decode().split()
        if len(out) != len(paths):
            raise GitError("git hash-object returned %d ids for %d files" % (len(out), len(paths)))
        return out

    def commit(self, parent: str | None, files: dict[str, str], message: str) -> str:
        """A commit whose tree is exactly `files` (path -> blob id), on top of parent."""
        with tempfile.TemporaryDirectory(dir=self.path) as temp:
            env = dict(_env(), GIT_INDEX_FILE=os.path.join(temp, "index"))
            info = "".join("100644 %s\t%s\0" % (sha, path) for path, sha in sorted(files.items()))
            self.git("update-index", "--add", "-z", "--index-info", input=info.encode(), env=env)
            tree = self.git("write-tree", env=env).stdout.decode().strip()
        args = ["commit-tree", tree, "-m", message] + (["-p", parent] if parent else [])
        return self.git(*args).stdout.decode().strip()

    def changes(self, parent: str | None, commit: str) -> list[tuple[str, str, str, str]]:
        """(status A|M|D|T, path, old blob, new blob) between two commits, renames as D + A."""
        if parent is None:
            return [("A", e.path, "", e.sha) for e in self.tree(commit, sizes=False).values()]
        out = self.git("diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", parent, commit).stdout.decode()
        fields = out.split("\0")
        found = []
        for meta, path in zip(fields[0::2], fields[1::2]):
            if meta.startswith(":"):
                _, _, old, new, status = meta[1:].split()
                found.append((status[0], path, old, new))
        return found

    def parents(self, commit: str) -> list[str]:
        return self.git("rev-list", "--parents", "-n", "1", commit).stdout.decode().split()[1:]

    def first_parent_chain(self, commit: str) -> list[str]:
        """Every commit from the root to `commit`, oldest first."""
        return self.git("rev-list", "--reverse", commit).stdout.decode().split()

    def blob_bytes(self, sha: str, limit: int) -> bytes:
        """A small blob (a manifest), refused over `limit` bytes."""
        size = self.sizes([sha]).get(sha)
        if size is None or size > limit:
            raise LimitError("object %s is %s bytes, over %d" % (sha, size, limit))
        return self.git("cat-file", "blob", sha).stdout


def _mb(size: int) -> str:
    return "%d bytes (%.1f MB)" % (size, size / 1024 ** 2)


def _free_bytes(folder: Path) -> int:
    import shutil
    folder.mkdir(parents=True, exist_ok=True)
    return shutil.disk_usage(folder).free


def _last(text: bytes) -> str:
    """git's own reason: its first fatal/error line, else its last line."""
    lines = [line.strip() for line in text.decode("utf-8", "replace").splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith(("fatal:", "error:", "!"))]
    return (fatal or lines or ["(no message)"])[0 if fatal else -1][:400]
