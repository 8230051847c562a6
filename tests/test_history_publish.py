"""The history carried across published runs, as the CI workflow does it (two publish
cycles simulated locally with the same commands: restore, add the run, build, pack)."""
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

from harness import outcomes
from harness.history.layout import ResultsSet
from harness.history.publish import restore
from harness.history.query import History

from support import synthetic

REPO = Path(__file__).resolve().parents[1]
ENV = "tf2.15-keras2-py3.11-cpu"


def _cli(*args, cwd):
    proc = subprocess.run([sys.executable, "-m", *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO), "PATH": ""})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def _cycle(workspace, site, run_id, outcome):
    """One scheduled CI run: restore the site's history, add this run (raw, as the row jobs
    upload it), build the report from the whole history, pack the history into the site."""
    results = workspace / "results" / "library"
    workspace.mkdir()
    _cli("harness.history", "restore", "--results", results, "--from", site / "history.tar.gz", cwd=workspace)
    recs = [synthetic.case_record(ENV, run_id, "s::a", outcome), synthetic.case_record(ENV, run_id, "s::b", "ok")]
    synthetic.write_run(results, run_id, ENV, synthetic.env_json(ENV, "2.15.1", "tf.keras", "2.15.0", "3.11.9"),
                        recs, kept=False)
    baseline = ["--baseline", site / "table.json"] if (site / "table.json").exists() else []
    _cli("harness.report", "build", "--results", results, "--out", workspace / "reports", "--no-cases", *baseline,
         cwd=workspace)
    _cli("harness.history", "pack", "--results", results, "--out", workspace / "reports" / "history.tar.gz",
         cwd=workspace)
    site.mkdir(exist_ok=True)
    for name in ("table.json", "history.tar.gz", "index.html"):
        (site / name).write_bytes((workspace / "reports" / name).read_bytes())


def test_two_publish_cycles_keep_both_runs_and_the_timeline(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    _cycle(tmp_path / "ci1", site, "20260101T031700Z-gh1", outcomes.OK)
    _cycle(tmp_path / "ci2", site, "20260102T031700Z-gh2", outcomes.ERROR)   # a fresh machine
    history = History(ResultsSet(tmp_path / "ci2" / "results" / "library"))
    try:
        assert list(history.runs()["run_id"]) == ["20260101T031700Z-gh1", "20260102T031700Z-gh2"]
        timeline = history.timelines()
    finally:
        history.close()
    assert list(timeline[timeline.case_id == "s::a"]["outcome"]) == ["ok", "error"]
    table = json.loads((site / "table.json").read_text())
    assert table["cells"]["s::a"][ENV]["outcome"] == "error" and table["meta"]["runs"] == 2
    page = (site / "index.html").read_text()
    assert "s::a @ %s: ok -&gt; error (ValueError)" % ENV in page   # the changes-over-time list
    with tarfile.open(site / "history.tar.gz") as archive:
        assert len([m for m in archive.getmembers() if m.name.endswith(".records.parquet")]) == 2


def test_a_tampered_archive_writes_nothing_outside_the_history(tmp_path):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name in ("../../evil.py", "run=x/../../evil2.py", "/etc/evil", "run=20260101T000000Z-a/r.records.parquet"):
            data = b"x"
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("run=20260101T000000Z-a/s.records.parquet")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(link)
    (tmp_path / "h.tar.gz").write_bytes(buffer.getvalue())
    results = ResultsSet(tmp_path / "results")
    added, refused = restore(results, str(tmp_path / "h.tar.gz"))
    assert added == 1 and len(refused) == 4
    assert [p.name for p in (tmp_path / "results" / "history").rglob("*") if p.is_file()] == ["r.records.parquet"]
    assert not (tmp_path / "evil.py").exists() and not list(tmp_path.rglob("evil*"))
    assert restore(results, str(tmp_path / "absent.tar.gz")) == (0, [])   # the first run: nothing yet
