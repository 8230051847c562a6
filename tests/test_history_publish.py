"""The published history on a data branch, end to end, with a local bare repository as the
remote: what CI's aggregate job does (fetch, add the rows' uploads, build, publish) on fresh
machines, and every way a publication could lose data being refused."""
import json
import shutil

import duckdb
import pytest

from harness import hashes, outcomes, records
from harness.history import appendonly, compaction, databranch, ingest
from harness.history.gitdata import Limits
from harness.history.layout import ResultsSet
from harness.history.query import SLIM, History
from harness.runner import options

from support import published
from support.published import ENV, branch_files, ok, row_run
from support.published import main as cli      # in this process: the same commands, no start-up cost

RUN1, RUN2, RUN3 = "20260101T031700Z-gh1", "20260102T031700Z-gh2", "20260103T031700Z-gh3"


@pytest.fixture
def remote(tmp_path, monkeypatch):
    published.isolated_git(monkeypatch, tmp_path)
    monkeypatch.chdir(tmp_path)            # the report finds no matrix.toml or cases/ here
    return published.bare_remote(tmp_path / "remote.git")


def _cycle(machine, remote, run_id, outcome, first=False, publish=True):
    """One scheduled CI run on a fresh machine: fetch the published history, add the row's
    upload (its runs/ folder), build the report from the whole history, publish."""
    results = machine / "results" / "library"
    flag = ["--first-publication"] if first else []
    ok(cli("fetch", "--remote", remote, "--results", results, *flag, cwd=machine))
    row_run(machine / "row" / "results", run_id, outcome, kept=False)           # the row job's machine
    ok(cli("add", "--results", results, machine / "row" / "results" / "runs", cwd=machine))
    baseline = results / "published" / "table.json"
    ok(cli("build", "--results", results, "--out", machine / "reports", "--no-cases",
           *(["--baseline", baseline] if baseline.exists() else []), module="harness.report", cwd=machine))
    if publish:
        ok(cli("publish", "--remote", remote, "--results", results, "--report", machine / "reports", *flag,
               cwd=machine))
    return results


def _keep_first(path, n):
    """Rewrite a Parquet file keeping its first n rows (a record dropped)."""
    temp = path.with_name("kept.tmp")
    con = duckdb.connect()
    con.execute("COPY (SELECT * FROM read_parquet('%s') LIMIT %d) TO '%s' (FORMAT parquet)" % (path, n, temp))
    con.close()
    temp.replace(path)


def _table(path):
    table = json.loads(path.read_text())
    for key in ("generated_at", "baseline", "results"):
        table["meta"].pop(key, None)
    return table


def test_a_missing_history_fails_unless_this_is_the_first_publication(tmp_path, remote):
    for command in ("fetch", "fetch-index"):
        for where, says in ((remote, "no data branch 'results'"), (tmp_path / "renamed.git", "cannot read")):
            proc = published.cli(command, "--remote", where, "--results", tmp_path / "r", cwd=tmp_path)
            assert proc.returncode == 2 and says in proc.stderr, (command, proc.stderr)
            assert "starting" not in proc.stdout
    assert "--first-publication" in cli("fetch", "--remote", remote, cwd=tmp_path).stderr
    assert not (tmp_path / "r" / "history").exists()
    row_run(tmp_path / "r", RUN1)
    refused = cli("publish", "--remote", remote, "--results", tmp_path / "r", cwd=tmp_path)
    assert refused.returncode == 2 and branch_files(remote) == []                # nothing created by accident
    ok(cli("fetch", "--remote", remote, "--results", tmp_path / "r", "--first-publication", cwd=tmp_path))
    ok(cli("publish", "--remote", remote, "--results", tmp_path / "r", "--first-publication", cwd=tmp_path))
    assert "history/run=%s/%s.records.parquet" % (RUN1, ENV) in branch_files(remote)


def test_two_publish_cycles_keep_both_runs_and_the_timeline(tmp_path, remote):
    _cycle(tmp_path / "ci1", remote, RUN1, outcomes.OK, first=True)
    results = _cycle(tmp_path / "ci2", remote, RUN2, outcomes.ERROR)          # a fresh machine
    history = History(ResultsSet(results))
    try:
        assert list(history.runs()["run_id"]) == [RUN1, RUN2]
        timeline = history.timelines()
    finally:
        history.close()
    assert list(timeline[timeline.case_id == "s::a"]["outcome"]) == ["ok", "error"]
    files = branch_files(remote)
    assert len([f for f in files if f.endswith(".records.parquet")]) == 2
    assert {"latest/cells.parquet", "latest/rowruns.parquet", "latest/summary.md", "latest/table.csv",
            "latest/table.json", "README.md"} <= set(files)
    reports = tmp_path / "ci2" / "reports"
    table = json.loads((reports / "table.json").read_text())
    assert table["cells"]["s::a"][ENV]["outcome"] == "error" and table["meta"]["runs"] == 2
    assert "s::a @ %s: ok -&gt; error (ValueError)" % ENV in (reports / "index.html").read_text()
    # a newcomer's copy of the table: exactly what the report wrote, from the daily data branch
    ok(cli("fetch-table", "--remote", remote, "--out", tmp_path / "repo" / "reports" / "latest", cwd=tmp_path))
    for name in ("summary.md", "table.csv"):
        assert (tmp_path / "repo" / "reports" / "latest" / name).read_bytes() == (reports / name).read_bytes()
    assert "2 commit(s)" in ok(cli("verify", "--remote", remote, cwd=tmp_path)).stdout


def test_a_shorter_history_is_never_published(tmp_path, remote):
    _cycle(tmp_path / "ci1", remote, RUN1, outcomes.OK, first=True)
    before = branch_files(remote)
    # a machine whose local history lost a published run
    results = _cycle(tmp_path / "ci2", remote, RUN2, outcomes.OK, publish=False)
    (results / "history" / ("run=" + RUN1) / (ENV + ".records.parquet")).unlink()
    proc = cli("publish", "--remote", remote, "--results", results, cwd=tmp_path)
    assert proc.returncode == 1 and "lacks 1 published file" in proc.stderr
    assert "run %s, row %s: 2 records" % (RUN1, ENV) in proc.stderr and branch_files(remote) == before
    # ... or holds one with a record dropped
    results = _cycle(tmp_path / "ci3", remote, RUN2, outcomes.OK, publish=False)
    _keep_first(results / "history" / ("run=" + RUN1) / (ENV + ".records.parquet"), 1)
    proc = cli("publish", "--remote", remote, "--results", results, cwd=tmp_path)
    assert proc.returncode == 1 and "changes 1 published file" in proc.stderr and branch_files(remote) == before
    # a commit that drops a run (a writer bypassing publish) fails the append-only check and verify
    dropped = "history/run=%s/%s.records.parquet" % (RUN1, ENV)
    rogue = published.write_branch(remote, tmp_path / "rogue", {dropped: None})
    repo = databranch.scratch(ResultsSet(tmp_path / "v"))
    repo.fetch(str(remote), "results", depth=None)
    problems = appendonly.check(repo, repo.parents(rogue)[0], rogue, Limits())
    assert problems == ["would drop history/run=%s/%s.records.parquet (run %s, row %s: 2 records)"
                        % (RUN1, ENV, RUN1, ENV)]
    proc = cli("verify", "--remote", remote, cwd=tmp_path)
    assert proc.returncode == 1 and "would drop" in proc.stderr and rogue[:12] in proc.stderr


def test_a_concurrent_publication_is_fetched_and_retried(tmp_path, remote):
    _cycle(tmp_path / "ci1", remote, RUN1, outcomes.OK, first=True)
    late = _cycle(tmp_path / "late", remote, RUN3, outcomes.OK, publish=False)   # fetched before ...
    _cycle(tmp_path / "ci2", remote, RUN2, outcomes.ERROR)                      # ... this one published
    rebuilt = []
    said = databranch.publish(ResultsSet(late), str(remote), report=None, rebuild=lambda: rebuilt.append(1))
    assert "published 2 file(s)" in said and rebuilt == [1]
    assert (late / "history" / ("run=" + RUN2)).is_dir()                       # what it missed, fetched
    runs = {f.split("/")[1] for f in branch_files(remote) if f.startswith("history/run=")}
    assert runs == {"run=" + r for r in (RUN1, RUN2, RUN3)}
    log = published.git("rev-list", "--parents", "results", cwd=remote).splitlines()
    assert len(log) == 3 and all(len(line.split()) <= 2 for line in log)     # linear: fast-forwards only


def _month_of_runs(tmp_path, remote):
    """Four runs (three in January, one in February, an audit too) published one by one."""
    machine = tmp_path / "ci"
    results = machine / "results" / "library"
    for i, run_id in enumerate((RUN1, RUN2, RUN3, "20260201T031700Z-gh4")):
        row_run(results, run_id, (outcomes.OK, outcomes.ERROR)[i % 2])
        row_run(results, run_id, outcomes.OK, env_id="tf2.16-keras3-py3.12-cpu")
        if i == 1:
            ingest.write_audit(ResultsSet(results), run_id, ENV, [{"case_id": "s::a", "audited": True,
                                                                   "agree": True, "record": {"outcome": "error"}}])
        ok(cli("publish", "--remote", remote, "--results", results, *(["--first-publication"] if i == 0 else []),
               cwd=machine))
    return results


def _build(results, out):
    ok(cli("build", "--results", results, "--out", out, "--no-cases", module="harness.report", cwd=out.parent))
    return _table(out / "table.json")


def test_compaction_is_lossless_and_verified(tmp_path, remote):
    local = _month_of_runs(tmp_path, remote)
    fresh = tmp_path / "before" / "results"
    ok(cli("fetch", "--remote", remote, "--results", fresh, cwd=tmp_path))
    table_before = _build(fresh, tmp_path / "before" / "reports")
    counts_before = _counts(fresh)

    said = ok(cli("compact", "--remote", remote, "--results", tmp_path / "c", "--before", "20260201",
                  cwd=tmp_path)).stdout
    assert "202601: 13 files -> 3" in said
    files = branch_files(remote)
    label = "%s--%s" % (RUN1, RUN3)
    assert {"history/compacted/%s.%s" % (label, k) for k in ("records.parquet", "rowrun.parquet",
                                                             "audit-compacted.parquet", "manifest.json")} <= set(files)
    assert not any(f.startswith("history/run=202601") for f in files)
    assert any(f.startswith("history/run=20260201") for f in files)          # February is left as it was
    manifest = json.loads(published.git("show", "results:history/compacted/%s.manifest.json" % label, cwd=remote))
    assert manifest["digests"]["records"]["rows"] == 12 and len(manifest["replaces"]) == 13
    assert "every one only adds" in ok(cli("verify", "--remote", remote, cwd=tmp_path)).stdout

    after = tmp_path / "after" / "results"
    ok(cli("fetch", "--remote", remote, "--results", after, cwd=tmp_path))
    assert _counts(after) == counts_before
    assert _build(after, tmp_path / "after" / "reports") == table_before     # the report is the same
    # a machine holding the originals and the compacted files counts every record once
    ok(cli("fetch", "--remote", remote, "--results", local, cwd=tmp_path))
    assert _counts(local) == counts_before
    # and never publishes the originals again
    row_run(local, "20260202T031700Z-gh5", outcomes.OK)
    ok(cli("publish", "--remote", remote, "--results", local, cwd=tmp_path))
    assert not any(f.startswith("history/run=202601") for f in branch_files(remote))


def _counts(results):
    history = History(ResultsSet(results))
    try:
        assert history.problems == []
        return {t: history.df("SELECT count(*) AS n FROM %s" % t)["n"][0] for t in ("records", "rowruns", "audits")}
    finally:
        history.close()


def test_a_tampered_compaction_is_refused(tmp_path, remote):
    _month_of_runs(tmp_path, remote)
    repo = databranch.scratch(ResultsSet(tmp_path / "w"))
    tip = repo.fetch(str(remote), "results")
    tree = repo.tree(tip)
    paths = compaction.groups(list(tree), "20260201")["202601"]
    work = tmp_path / "x"
    repo.export([(tree[p], work / p) for p in paths], Limits())
    written, manifest = compaction.build(work, paths, {p: tree[p].sha for p in paths})
    records_file = written["history/compacted/%s.records.parquet" % manifest["label"]]

    def commit_with(manifest, drop_one_record=False, drops=None):
        if drop_one_record:     # one record less, and a manifest that agrees with the damage
            _keep_first(records_file, 11)
            manifest = dict(manifest, digests=dict(manifest["digests"], records=compaction.digest([records_file])))
        target = work / compaction.manifest_path(manifest["label"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compaction.dumps(manifest))
        new = dict(zip(list(written) + [compaction.manifest_path(manifest["label"])],
                       repo.hash_files(list(written.values()) + [target], write=True)))
        files = {p: e.sha for p, e in tree.items() if p not in (drops or manifest["replaces"])}
        files.update(new)
        return repo.commit(tip, files, "compaction")

    assert appendonly.check(repo, tip, commit_with(manifest), Limits()) == []     # the honest one passes
    problems = appendonly.check(repo, tip, commit_with(manifest, drop_one_record=True), Limits())
    assert len(problems) == 1 and "loses or changes records" in problems[0] and "'rows': 12" in problems[0]
    fewer = dict(manifest, replaces=dict(list(manifest["replaces"].items())[1:]))
    problems = appendonly.check(repo, tip, commit_with(fewer, drops=manifest["replaces"]), Limits())
    assert problems == ["the compaction drops 13 files but its manifest names 12 (or other blobs): refused"]
    assert "loses or changes" in appendonly.check(repo, tip, commit_with(fewer), Limits())[0]   # 12 of 13 merged
    # pushed anyway by a writer bypassing compact: verify names the commit
    bad = commit_with(manifest, drop_one_record=True)
    published.git("--git-dir", repo.path, "push", "--quiet", "--force", remote, "%s:refs/heads/results" % bad,
                  cwd=tmp_path)
    proc = cli("verify", "--remote", remote, cwd=tmp_path)
    assert proc.returncode == 1 and bad[:12] in proc.stderr and "loses or changes records" in proc.stderr


DEFAULT_LIMITS = options.limits(options.DEFAULT_CASE_TIMEOUT_S, options.DEFAULT_CASE_MEMORY_MB)


def test_planning_from_the_index_alone_decides_as_the_full_history(tmp_path, remote):
    full = tmp_path / "full"
    h1, h2 = hashes.text_hash("case v1"), hashes.text_hash("case v2")
    cases = ("s::a", "s::b", "s::c")

    def run(run_id, env_id, env_hash, case_hash=h1, outcome=outcomes.OK, only=cases, event=None):
        recs = [published.synthetic.case_record(env_id, run_id, c, outcome[i] if isinstance(outcome, list) else
                                                outcome, case_hash=case_hash, env_hash=env_hash, runner_hash="r1",
                                                limits=DEFAULT_LIMITS)   # made under the default limits
                for i, c in enumerate(only)]
        if event:
            recs.append(records.make_record(env_id, run_id, None, event, reason="install failed"))
        for rec in recs:   # each run starts when its id says (runs are ordered by when they started)
            rec["started_at"] = "%s-%s-%sT%s:%s:%sZ" % (run_id[:4], run_id[4:6], run_id[6:8], run_id[9:11],
                                                      run_id[11:13], run_id[13:15])
        published.synthetic.write_run(full, run_id, env_id, None, recs)

    run(RUN1, "row-a", "e1")
    run(RUN2, "row-a", "e1", case_hash=h2, only=("s::a",))                      # a edited, rerun
    run(RUN1, "row-b", "e1")
    run(RUN2, "row-b", "e2", only=(), event=outcomes.ENV_ERROR)                  # the environment broke
    run(RUN3, "row-b", "e2", only=("s::c", "s::c"), outcome=[outcomes.ERROR, outcomes.OK])   # flaky: they disagree
    ok(cli("publish", "--remote", remote, "--results", full, "--first-publication", cwd=tmp_path))
    index_only = tmp_path / "row-machine"
    ok(cli("fetch-index", "--remote", remote, "--results", index_only, cwd=tmp_path))
    assert sorted(p.name for p in index_only.rglob("*") if p.is_file()) == ["cells.parquet", "rowruns.parquet"]
    history_full, history_index = History(ResultsSet(full)), History(ResultsSet(index_only))
    try:
        assert set(SLIM) <= set(history_index.df("SELECT * FROM read_parquet(?)",
                                                 str(index_only / "published" / "cells.parquet")).columns)
        for env_id in ("row-a", "row-b", "row-c"):
            for env_hash in ("e1", "e2"):
                for case_hashes in ({c: h1 for c in cases}, {c: h2 for c in cases}, {"s::a": h2, "s::b": h1}):
                    decided = [h.fresh_cases(env_id, env_hash, "r1", case_hashes)
                               for h in (history_full, history_index)]
                    assert decided[0] == decided[1], (env_id, env_hash, case_hashes)
            cells = [h.planning_cells(env_id).drop(columns=["started_at"]).reset_index(drop=True)
                     for h in (history_full, history_index)]
            assert cells[0].equals(cells[1]), env_id
        assert history_index.fresh_cases("row-a", "e1", "r1", {"s::a": h2, "s::b": h1}) == {"s::a", "s::b"}
        assert history_index.fresh_cases("row-b", "e2", "r1", {c: h1 for c in cases}) == {"s::c"}   # after the event
        flaky = history_index.planning_cells("row-b").set_index("case_id")
        assert bool(flaky.loc["s::c", "flaky"]) and not bool(flaky.loc["s::a", "flaky"])
    finally:
        history_full.close()
        history_index.close()


def test_foreign_or_unreadable_files_on_the_branch_are_refused(tmp_path, remote):
    _cycle(tmp_path / "ci1", remote, RUN1, outcomes.OK, first=True)
    for name, content, says in (
            (".github/workflows/evil.yml", b"on: push", "not history files"),
            ("history/run=%s/evil.records.parquet.sh" % RUN2, b"#!/bin/sh", "not history files"),
            ("history/run=%s/%s.records.parquet" % (RUN2, ENV), b"<html>404</html>", "not a readable Parquet"),
            ("latest/cells.parquet", b"PAR1 garbage PAR1", "not a readable Parquet")):
        published.write_branch(remote, tmp_path / "hostile", {name: content})
        for command in ("fetch", "fetch-index"):
            if command == "fetch-index" and name.startswith("history/run=") and "not history" not in says:
                continue              # fetch-index reads latest/ only
            fresh = tmp_path / ("m-" + command)
            shutil.rmtree(fresh, ignore_errors=True)
            proc = cli(command, "--remote", remote, "--results", fresh, cwd=tmp_path)
            assert proc.returncode == 2 and says in proc.stderr and name in proc.stderr, (name, command, proc.stderr)
            assert not [p for p in fresh.rglob("*.parquet")], (name, command)      # nothing half-fetched
        published.write_branch(remote, tmp_path / "hostile", {name: None})


def test_the_repository_keeps_a_committed_copy_of_the_table():
    ignored = (published.REPO / ".gitignore").read_text().splitlines()
    assert "/reports/*" in ignored and "!/reports/latest/" in ignored
    assert (published.REPO / "reports" / "latest" / "README.md").is_file()
    readme = (published.REPO / "README.md").read_text()
    assert "reports/latest/" in readme and "../../blob/results/latest/summary.md" in readme
