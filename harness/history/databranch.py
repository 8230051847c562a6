"""The published history: a data branch of the repository that only grows.

    results (orphan branch)                  the data branch (name: --branch)
        README.md                            what the branch is (this layout)
        history/run=<run>/<row>.<kind>.parquet    exactly the local history's files
        history/compacted/<label>.<kind>.parquet  old months merged (compaction.py), and
        history/compacted/<label>.manifest.json   what each merge replaced, with checksums
        latest/cells.parquet, rowruns.parquet     the planning index (latest.py)
        latest/summary.md, table.csv, table.json  the table of the newest publication

Operations (plain git against a URL or a local path; gitdata.py):
    fetch        the whole history into results/<set>/ (history/ and published/)
    fetch_index  latest/cells.parquet and rowruns.parquet only: what a row plans with
    fetch_table  latest/summary.md and table.csv into a folder (reports/latest/)
    publish      the local history's new files and a new latest/, one commit on the tip
    compact      old months merged, one verified commit each
    verify       every commit of the branch, from the root, passes the append-only check

A missing branch, an unreadable remote, a file that is not a history file, unreadable
or over a limit: Unavailable (exit 2), never "no history yet" unless first_publication
says this is the first one. A publication that would drop or change a published file, or
that is made from a local history lacking one: Refused (exit 1).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import duckdb

from . import appendonly, compaction
from .gitdata import Entry, GitError, Limits, LimitError, Repo, remote_url
from .layout import CELLS_FILE, HISTORY, ROWRUNS_FILE, ResultsSet

BRANCH = "results"
TRIES = 5
SCRATCH = ".data.git"        # results/<set>/.data.git: the scratch repository (no work tree)
README_TEXT = """# The published history of keras-compat-matrix

This branch is data, written only by `python -m harness.history publish` (CI's matrix
workflow) and `compact`; every commit only adds files, which `python -m harness.history
verify` checks from the root. Do not edit it by hand.

    history/run=<run id>/<row id>.records.parquet   one line per record of that row's run
    history/run=<run id>/<row id>.rowrun.parquet    the row's environment, timing, completeness
    history/run=<run id>/<row id>.audit-<stamp>.parquet   audits
    history/compacted/<label>.<kind>.parquet        old runs merged, losslessly
    history/compacted/<label>.manifest.json         the files each merge replaced, with checksums
    latest/cells.parquet, latest/rowruns.parquet    the planning index (what a row job fetches)
    latest/summary.md, latest/table.csv             the newest measured table
    latest/table.json                               the same for machines (the regression baseline)

Read it with DuckDB: `SELECT * FROM 'history/*/*.records.parquet'`.
"""


class Unavailable(Exception):
    """The published history cannot be read as it must be (exit 2)."""


class Refused(Exception):
    """The operation would lose published data (exit 1)."""


def _local(results: ResultsSet, path: str) -> Path | None:
    """Where a branch file lives locally (None: README.md, kept on the branch only)."""
    if path.startswith(HISTORY + "/"):
        return results.root / path
    if path.startswith("latest/"):
        return results.published / path[len("latest/"):]
    return None


def scratch(results: ResultsSet) -> Repo:
    return Repo(results.root / SCRATCH)


def _tip(repo: Repo, url: str, branch: str, first_publication: bool, limits: Limits, blobs: bool = True):
    try:
        tip = repo.fetch(url, branch, blobs=blobs, max_bytes=limits.total_bytes)
    except GitError as exc:
        raise Unavailable("cannot read the data branch %r at %s: %s" % (branch, url, exc)) from None
    except LimitError as exc:
        raise Unavailable("the data branch %r at %s: %s" % (branch, url, exc)) from None
    if tip is None and not first_publication:
        raise Unavailable("no data branch %r at %s: the published history is missing. If this is the first "
                          "publication, pass --first-publication (workflow input first_publication); otherwise "
                          "check the remote (a renamed repository, a changed URL?) before anything is published"
                          % (branch, url))
    return tip


def _check_names(tree: dict[str, Entry]) -> None:
    bad = sorted(p for p, e in tree.items() if not appendonly.allowed(p) or not e.regular)
    if bad:
        raise Unavailable("the data branch holds %d file(s) that are not history files, refused: %s"
                          % (len(bad), ", ".join(bad[:5]) + (" ..." if len(bad) > 5 else "")))


def _validate(files: list[tuple[str, Path]]) -> None:
    """Every Parquet file opens, every manifest parses: else Unavailable naming them."""
    parquet = [(p, f) for p, f in files if p.endswith(".parquet")]
    con = duckdb.connect()
    try:
        for start in range(0, len(parquet), 1000):
            chunk = parquet[start:start + 1000]
            try:
                con.execute("SELECT count(*) FROM read_parquet(%s, union_by_name=true)"
                            % compaction._sql_list(f for _, f in chunk)).fetchall()
                continue
            except duckdb.Error:
                pass
            for path, f in chunk:
                try:
                    con.execute("SELECT count(*) FROM read_parquet(?)", [str(f)]).fetchall()
                except duckdb.Error as exc:
                    raise Unavailable("%s on the data branch is not a readable Parquet file: %s"
                                      % (path, str(exc).splitlines()[0][:200])) from None
    finally:
        con.close()
    for path, f in files:
        if path.endswith(".json") and appendonly.is_manifest(path):
            try:
                if not isinstance(json.loads(f.read_text(encoding="utf-8"))["replaces"], dict):
                    raise ValueError("no 'replaces' table")
            except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
                raise Unavailable("%s on the data branch is not a readable manifest: %s" % (path, exc)) from None


def _copy_in(results: ResultsSet, repo: Repo, tree: dict[str, Entry], limits: Limits,
             only: set[str] | None = None) -> int:
    """Copy the branch's files (or `only` those) into the results set: names checked,
    sizes checked before a byte is written, streamed, validated, then moved into place.
    A local history file that differs from the published one is an error, never replaced."""
    _check_names(tree)
    items = [e for p, e in sorted(tree.items()) if _local(results, p) and (only is None or p in only)]
    present = [e for e in items if _local(results, e.path).is_file() and e.path.startswith(HISTORY + "/")]
    for entry, sha in zip(present, repo.hash_files([_local(results, e.path) for e in present])):
        if sha != entry.sha:
            raise Unavailable("%s differs from the published file: move it away (or use another --results) "
                              "and fetch again" % _local(results, entry.path))
    same = {e.path for e in present}
    wanted = [e for e in items if e.path not in same]
    results.root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".incoming-", dir=results.root) as temp:
        staged = [(e, Path(temp) / e.path) for e in wanted]
        try:
            repo.export(staged, limits)
        except LimitError as exc:
            raise Unavailable("the data branch: %s" % exc) from None
        except GitError as exc:
            raise Unavailable("cannot read the data branch's files: %s" % exc) from None
        _validate([(e.path, f) for e, f in staged])
        for entry, staged_file in staged:
            dest = _local(results, entry.path)
            dest.parent.mkdir(parents=True, exist_ok=True)
            staged_file.replace(dest)
    return len(wanted)


def fetch(results: ResultsSet, remote: str, branch: str = BRANCH, first_publication: bool = False,
          limits: Limits = Limits()) -> str:
    """Add the published history to the local one; returns what happened, in words."""
    repo, url = scratch(results), remote_url(remote)
    tip = _tip(repo, url, branch, first_publication, limits)
    if tip is None:
        return "no data branch %r at %s: starting the first publication" % (branch, url)
    tree = repo.tree(tip)
    count = _copy_in(results, repo, tree, limits)
    for name in appendonly.LATEST_FILES:      # a file latest/ no longer has is not kept as if it were
        if "latest/" + name not in tree:
            (results.published / name).unlink(missing_ok=True)
    repo.git("update-ref", "refs/kmatrix/fetched-" + branch, tip)
    runs = {p.split("/")[1] for p in tree if p.startswith(HISTORY + "/run=")}
    return "copied %d file(s) of %s at %s (it holds %d files: %d run folders, %d compactions; commit %s)" % (
        count, branch, url, len(tree), len(runs), len([p for p in tree if appendonly.is_manifest(p)]), tip[:12])


def _fetch_latest(results: ResultsSet, dest: dict[str, Path], remote: str, branch: str, first_publication: bool,
                  limits: Limits) -> str:
    """Copy the named latest/ files (branch path -> local file) with a partial fetch:
    trees and these blobs only, not the history."""
    results.root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".index-", dir=results.root) as temp:
        repo, url = Repo(Path(temp) / "git"), remote_url(remote)
        tip = _tip(repo, url, branch, first_publication, limits, blobs=False)
        if tip is None:
            return "no data branch %r at %s: planning from the local history alone" % (branch, url)
        tree = repo.tree(tip, sizes=False)
        _check_names(tree)
        missing = sorted(set(dest) - set(tree))
        if missing:
            raise Unavailable("the data branch %r at %s lacks %s: a broken publication" % (branch, url,
                                                                                        ", ".join(missing)))
        staged = [(tree[p], Path(temp) / "in" / p) for p in sorted(dest)]
        try:
            repo.export(staged, limits)
        except (GitError, LimitError) as exc:
            raise Unavailable("the data branch's %s: %s" % (", ".join(sorted(dest)), exc)) from None
        _validate([(e.path, f) for e, f in staged])
        for entry, staged_file in staged:
            dest[entry.path].parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(staged_file), str(dest[entry.path]))
        return "fetched %s of %s at %s (commit %s)" % (", ".join(sorted(dest)), branch, url, tip[:12])


def fetch_index(results: ResultsSet, remote: str, branch: str = BRANCH, first_publication: bool = False,
                limits: Limits = Limits()) -> str:
    names = (CELLS_FILE, ROWRUNS_FILE)
    return _fetch_latest(results, {"latest/" + n: results.published / n for n in names}, remote, branch,
                         first_publication, limits)


def fetch_table(out: Path, remote: str, branch: str = BRANCH, limits: Limits = Limits()) -> str:
    names = ("summary.md", "table.csv")
    with tempfile.TemporaryDirectory() as temp:
        return _fetch_latest(ResultsSet(temp), {"latest/" + n: Path(out) / n for n in names}, remote, branch,
                             False, limits)


# ------------------------------------------------------------------ publishing ----
def _local_history(results: ResultsSet) -> list[str]:
    base = results.root / HISTORY
    return sorted(p.relative_to(results.root).as_posix() for p in base.rglob("*")
                  if p.is_file() and appendonly.allowed(p.relative_to(results.root).as_posix()))


def _replaced(repo: Repo, tree: dict[str, Entry]) -> set[str]:
    """Files the branch's compaction manifests replaced (never to be published again)."""
    found: set[str] = set()
    for path, entry in tree.items():
        if appendonly.is_manifest(path):
            found.update(json.loads(repo.blob_bytes(entry.sha, appendonly.MANIFEST_BYTES))["replaces"])
    return found


def _report_files(report: Path | None) -> list[tuple[str, Path]]:
    if report is None:
        return []
    return [("latest/" + n, report / n) for n in ("summary.md", "table.csv", "table.json") if (report / n).is_file()]


def publish(results: ResultsSet, remote: str, branch: str = BRANCH, report: Path | None = None,
            first_publication: bool = False, limits: Limits = Limits(), rebuild=None) -> str:
    """One commit on the branch tip adding the local history's new files and a new latest/.

    Refused when the local history lacks or changes a published file (a report built from
    it would be short, and a shorter history must never replace the published one). When
    the tip moved since `fetch` (a concurrent publication), what it added is fetched,
    `rebuild()` rebuilds the report, and the commit is made again: fast-forward only."""
    repo, url = scratch(results), remote_url(remote)
    fetched = repo.git("rev-parse", "--verify", "-q", "refs/kmatrix/fetched-" + branch, check=False)
    fetched_tree = repo.tree(fetched.stdout.decode().strip()) if fetched.returncode == 0 else {}
    for _ in range(TRIES):
        tip = _tip(repo, url, branch, first_publication, limits)
        tree = repo.tree(tip)
        _check_names(tree)
        local = _local_history(results)
        shas = dict(zip(local, repo.hash_files([results.root / p for p in local])))
        published = {p: e for p, e in tree.items() if p.startswith(HISTORY + "/")}
        differ = [p for p, e in published.items() if p in shas and shas[p] != e.sha]
        lacking = [p for p in published if p not in shas]
        if differ:
            raise Refused("the local history changes %d published file(s): %s; publishing it would rewrite "
                          "them" % (len(differ), ", ".join(appendonly.describe(repo, p, published[p].sha, limits)
                                                          for p in differ[:5])))
        lost = [p for p in lacking if p in fetched_tree or not fetched_tree]
        if lost:
            raise Refused("the local history lacks %d published file(s) (%s): a report built from it would "
                          "miss them. Fetch the published history first (python -m harness.history fetch)"
                          % (len(lost), ", ".join(appendonly.describe(repo, p, published[p].sha, limits)
                                                  for p in lost[:5])))
        if lacking:    # published since our fetch: add them here, rebuild the report, then publish
            _copy_in(results, repo, tree, limits, only=set(lacking))
            fetched_tree = tree
            if rebuild:
                rebuild()
            continue
        replaced = _replaced(repo, tree)
        new = {p: shas[p] for p in local if p not in tree and p not in replaced}
        if not new and tip is not None:
            return "nothing new to publish: %s at %s already holds every local history file" % (branch, url)
        repo.hash_files([results.root / p for p in new], write=True)
        files = {p: e.sha for p, e in tree.items()}
        files.update(new)
        files.update(_latest(results, repo, report))
        files[appendonly.BRANCH_README] = repo.hash_files([_text_file(results, README_TEXT)], write=True)[0]
        runs = sorted({p.split("/")[1][len("run="):] for p in new if p.split("/")[1].startswith("run=")})
        message = "Publish %s (%d files)" % (", ".join(runs[:3]) + (" ..." if len(runs) > 3 else "")
                                              or "history", len(new))
        commit = repo.commit(tip, files, message)
        problems = appendonly.check(repo, tip, commit, limits)
        if problems:
            raise Refused("the publication would not only add: " + "; ".join(problems))
        refusal = repo.push(url, commit, branch)
        if refusal is None:
            repo.git("update-ref", "refs/kmatrix/fetched-" + branch, commit)
            return "published %d file(s) (%s) to %s at %s: commit %s" % (len(new), ", ".join(runs) or "-",
                                                                       branch, url, commit[:12])
        if repo.remote_tip(url, branch) == tip:
            raise Unavailable("the push to %s at %s was refused: %s" % (branch, url, refusal))
        first_publication = False       # someone published meanwhile: build on their tip
    raise Unavailable("the data branch kept moving: gave up after %d tries" % TRIES)


def _latest(results: ResultsSet, repo: Repo, report: Path | None) -> dict[str, str]:
    """latest/: the planning index of the local history and the report's table."""
    from .query import History
    with tempfile.TemporaryDirectory(dir=results.root) as temp:
        index = [Path(temp) / CELLS_FILE, Path(temp) / ROWRUNS_FILE]
        history = History(results)
        try:
            history.write_index(str(index[0]), str(index[1]))
        finally:
            history.close()
        files = [("latest/" + p.name, p) for p in index] + _report_files(report)
        shas = repo.hash_files([f for _, f in files], write=True)
    return {p: sha for (p, _), sha in zip(files, shas)}


def _text_file(results: ResultsSet, text: str) -> Path:
    path = results.root / SCRATCH / "README.branch.md"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ compaction ----
def compact(results: ResultsSet, remote: str, before: str, branch: str = BRANCH, limits: Limits = Limits()) -> str:
    """Merge every run folder older than `before` (a run id prefix, e.g. 20260101), one
    month per commit, each verified (appendonly.check) before the fast-forward push."""
    repo, url = scratch(results), remote_url(remote)
    for _ in range(TRIES):
        tip = _tip(repo, url, branch, False, limits)
        tree = repo.tree(tip)
        _check_names(tree)
        months = compaction.groups(list(tree), before)
        if not months:
            return "nothing to compact before %s on %s" % (before, branch)
        head, done = tip, []
        for month, paths in sorted(months.items()):
            with tempfile.TemporaryDirectory(dir=repo.path) as temp:
                base = Path(temp)
                try:
                    repo.export([(tree[p], base / p) for p in paths], limits)
                except LimitError as exc:
                    raise Unavailable("compacting %s: %s" % (month, exc)) from None
                try:
                    written, manifest = compaction.build(base, paths, {p: tree[p].sha for p in paths})
                except ValueError as exc:
                    raise Refused(str(exc)) from None
                target = base / compaction.manifest_path(manifest["label"])
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(compaction.dumps(manifest))
                new = dict(zip(list(written) + [compaction.manifest_path(manifest["label"])],
                               repo.hash_files(list(written.values()) + [target], write=True)))
            files = {p: e.sha for p, e in repo.tree(head).items() if p not in manifest["replaces"]}
            files.update(new)
            commit = repo.commit(head, files, "Compact %d runs of %s (%d files into %d)"
                                 % (len(manifest["runs"]), month, len(paths), len(written)))
            problems = appendonly.check(repo, head, commit, limits)
            if problems:
                raise Refused("the compaction of %s is refused: %s" % (month, "; ".join(problems)))
            head = commit
            done.append("%s: %d files -> %d (%s)" % (month, len(paths), len(written), ", ".join(
                "%s %d rows" % (k, d["rows"]) for k, d in sorted(manifest["digests"].items()))))
        refusal = repo.push(url, head, branch)
        if refusal is None:
            return "compacted, verified and pushed (commit %s): %s" % (head[:12], "; ".join(done))
        if repo.remote_tip(url, branch) == tip:
            raise Unavailable("the push to %s at %s was refused: %s" % (branch, url, refusal))
    raise Unavailable("the data branch kept moving: gave up after %d tries" % TRIES)


def verify(remote: str, branch: str = BRANCH, limits: Limits = Limits(), work: Path | None = None) -> tuple[int, list]:
    """Check every commit of the branch from its root; returns (commits, problems)."""
    with tempfile.TemporaryDirectory(prefix=".verify-", dir=work) as temp:
        repo, url = Repo(Path(temp)), remote_url(remote)
        try:
            tip = repo.fetch(url, branch, depth=None, max_bytes=limits.total_bytes)
        except (GitError, LimitError) as exc:
            raise Unavailable("cannot read the data branch %r at %s: %s" % (branch, url, exc)) from None
        if tip is None:
            raise Unavailable("no data branch %r at %s" % (branch, url))
        chain = repo.first_parent_chain(tip)
        problems = []
        for commit in chain:
            parents = repo.parents(commit)
            found = appendonly.check(repo, parents[0] if parents else None, commit, limits)
            problems += ["%s: %s" % (commit[:12], p) for p in found]
        return len(chain), problems


def resolve_remote(remote: str) -> str:
    """A git remote name of the current repository (origin) -> its URL; else as given."""
    if "/" in remote or ":" in remote or Path(remote).exists():
        return remote
    proc = subprocess.run(["git", "remote", "get-url", remote], capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else remote
