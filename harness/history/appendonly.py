"""The data branch only grows: the check every new commit passes before it is pushed.

Compared with its parent, a commit may
  - add history files (history/run=<run>/<row>.<kind>.parquet ...): never modify or drop one;
  - replace latest/ (the planning index and the table: derived, rewritten at every publication)
    and README.md;
  - or be one verified compaction: it adds exactly one manifest, drops exactly the files the
    manifest names (with the blob ids it names), adds exactly its compacted files, and the row
    counts and checksums recomputed from both sets of blobs equal each other and the manifest.
Anything else is refused, naming what would be lost (the run, the row, how many records).
"""
from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import duckdb

from . import compaction
from .gitdata import Limits, Repo
from .layout import COMPACTED, HISTORY, HISTORY_FILE

LATEST_FILES = ("cells.parquet", "rowruns.parquet", "summary.md", "table.csv", "table.json")
BRANCH_README = "README.md"
MANIFEST_BYTES = 16 * 1024 ** 2


def allowed(path: str) -> bool:
    """Is `path` a file the data branch may hold?"""
    if path == BRANCH_README:
        return True
    if path.startswith("latest/"):
        return path[len("latest/"):] in LATEST_FILES
    return path.startswith(HISTORY + "/") and bool(HISTORY_FILE.fullmatch(path[len(HISTORY) + 1:]))


def is_manifest(path: str) -> bool:
    return path.startswith("%s/%s/" % (HISTORY, COMPACTED)) and path.endswith(".manifest.json")


def describe(repo: Repo, path: str, sha: str, limits: Limits) -> str:
    """'history/run=R/E.records.parquet (run R, row E: 149 records)' as far as can be told."""
    parts = path.split("/")
    where = ""
    row = re.match(r"(.*)\.(?:records|rowrun|audit-.*)\.parquet$", parts[-1])
    if len(parts) == 3 and parts[1].startswith("run=") and row:
        where = "run %s, row %s" % (parts[1][len("run="):], row.group(1))
    try:
        with tempfile.TemporaryDirectory(dir=repo.path) as temp:
            from .gitdata import Entry
            dest = Path(temp) / "f.parquet"
            repo.export([(Entry(path, sha), dest)], limits)
            con = duckdb.connect()
            try:
                rows = con.execute("SELECT count(*) FROM read_parquet(?)", [str(dest)]).fetchone()[0]
            finally:
                con.close()
        where += (": " if where else "") + "%d %s" % (rows, "records" if path.endswith(".records.parquet")
                                                      else "lines")
    except Exception:   # noqa: BLE001 - a description only; the refusal stands without it
        pass
    return "%s (%s)" % (path, where) if where else path


def check(repo: Repo, parent: str | None, commit: str, limits: Limits) -> list[str]:
    """Why `commit` may not follow `parent` on the data branch ([] when it may)."""
    if len(repo.parents(commit)) > 1:
        return ["%s is a merge commit: the data branch is linear" % commit[:12]]
    changes = repo.changes(parent, commit)
    manifests = [c for c in changes if c[0] == "A" and is_manifest(c[1])]
    problems = []
    for status, path, old, new in changes:
        if not allowed(path):
            problems.append("%s is not a history file: the data branch holds only history/, latest/ and %s"
                            % (path, BRANCH_README))
        elif not path.startswith(HISTORY + "/") or status == "A":
            continue
        elif status == "D" and manifests:
            continue                     # checked against the manifest below
        else:
            problems.append("would %s %s" % ("drop" if status == "D" else "modify",
                                             describe(repo, path, old, limits)))
    if manifests:
        problems += check_compaction(repo, parent, commit, changes, manifests, limits)
    return problems


def check_compaction(repo, parent, commit, changes, manifests, limits) -> list[str]:
    if len(manifests) > 1:
        return ["a compaction commit adds one manifest, not %d" % len(manifests)]
    _, manifest_file, _, manifest_sha = manifests[0]
    try:
        manifest = json.loads(repo.blob_bytes(manifest_sha, MANIFEST_BYTES))
        replaces, digests, label = dict(manifest["replaces"]), dict(manifest["digests"]), manifest["label"]
    except Exception as exc:   # noqa: BLE001 - whatever is wrong with it, it is refused
        return ["%s is not a readable compaction manifest (%s)" % (manifest_file, exc)]
    dropped = {p: old for s, p, old, _ in changes if s == "D"}
    added = {p: new for s, p, _, new in changes if s == "A" and p != manifest_file}
    problems = []
    if manifest_file != compaction.manifest_path(label):
        problems.append("%s does not match its label %r" % (manifest_file, label))
    if dropped != replaces:
        problems.append("the compaction drops %d files but its manifest names %d (or other blobs): refused"
                        % (len(dropped), len(replaces)))
    if any(not p.split("/")[1].startswith("run=") for p in replaces):
        problems.append("a compaction replaces run folders' files only")
    expected = {"%s/%s/%s.%s.parquet" % (HISTORY, COMPACTED, label, compaction.KIND_OF[k]) for k in digests}
    if set(added) != expected:
        problems.append("the compaction adds %s, its manifest accounts for %s"
                        % (sorted(added), sorted(expected)))
    if any(s in ("M", "T") for s, p, _, _ in changes if p.startswith(HISTORY + "/")) or \
            any(p.startswith("latest/") for _, p, _, _ in changes):
        problems.append("a compaction commit changes nothing but the files it merges")
    if problems:
        return problems
    # recompute: the dropped blobs and the added blobs hold the same rows, as the manifest says
    from .gitdata import Entry
    with tempfile.TemporaryDirectory(dir=repo.path) as temp:
        base = Path(temp)
        items = [(Entry(p, sha), base / "before" / p) for p, sha in dropped.items()] + \
                [(Entry(p, sha), base / "after" / p) for p, sha in added.items()]
        repo.export(items, limits)
        for kind, claimed in sorted(digests.items()):
            before = compaction.digest([base / "before" / p for p in dropped if compaction.kind_of(p) == kind])
            after = compaction.digest([base / "after" / p for p in added if compaction.kind_of(p) == kind])
            if not before == after == claimed:
                problems.append("compaction %s loses or changes %s: the replaced files hold %s, the compacted "
                                "files %s, the manifest says %s" % (label, kind, before, after, claimed))
        kinds = {compaction.kind_of(p) for p in dropped}
        if kinds - set(digests):
            problems.append("compaction %s drops %s files it does not account for"
                            % (label, sorted(kinds - set(digests))))
    return problems
