"""The files a build writes: escaping, self-containment, CSV/JSON/SVG/Markdown content, ad-hoc sets."""
import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from harness import outcomes
from harness.report import publish

from support import synthetic
from harness.report.text import script_json, trim_paths

RUN = "20250101T000000Z-aaaaaa"
EVIL = "</script><script>alert(1)</script> & <b>\u2028"
ENV = "tf2.16-keras3-py3.12-cpu"


def _results(root, env_id=ENV, message=EVIL):
    recs = [synthetic.case_record(env_id, RUN, "seed001_x::a", outcomes.OK),
            synthetic.case_record(env_id, RUN, "seed001_x::b", outcomes.ERROR, error_message=message,
                                  traceback='File "/home/someone/venv/lib/python3.12/site-packages/keras/x.py"')]
    synthetic.write_run(root, RUN, env_id, synthetic.env_json(env_id, "2.16.2", "keras3", "3.5.0", "3.12.1"), recs)
    return root


def test_script_json_cannot_close_its_element_and_round_trips():
    data = {"m": EVIL, "n": "<!-- -->"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data


def test_trim_paths_keeps_the_code_location_only():
    tb = ('File "/tmp/scratch/tf220/lib/python3.11/site-packages/keras/src/layer.py", line 3\n'
          'File "/work/main/cases/seed004_x.py", line 9\nFile "/root/.pyenv/versions/3.11.7/lib/python3.11/abc.py"')
    assert trim_paths(tb) == ('File ".../site-packages/keras/src/layer.py", line 3\n'
                              'File ".../cases/seed004_x.py", line 9\nFile ".../lib/python3.11/abc.py"')
    # a user's script and the checkout a run used keep only their names; things that
    # only look like paths stay as they are
    assert trim_paths('File "/home/ann/bugs/repro.py", line 16\n    relative to /work/main:\n') == (
        'File ".../repro.py", line 16\n    relative to .../main:\n')
    text = "node model/dense/MatMul, see https://www.tensorflow.org/guide/keras, shape (None/3), /dev"
    assert trim_paths(text) == text


def test_every_output_is_written_escaped_and_self_contained(tmp_path):
    out = publish.build(_results(tmp_path / "results"), tmp_path / "reports").out
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in page   # the tooltip
    assert page.count("</script>") == 2 and page.count("<script") == 2     # the JSON island and page.js
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing to fetch
    assert "/home/someone" not in page and ".../site-packages/keras/x.py" in page

    svg = ET.parse(out / "heatmap.svg").getroot()     # well-formed XML despite the markup
    labels = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "seed001_x::b" in labels and "ERR" in labels and "OK" in labels

    rows = list(csv.DictReader(io.StringIO((out / "table.csv").read_text(encoding="utf-8"))))
    assert [(r["case_id"], r["env_id"], r["outcome"]) for r in rows] == [
        ("seed001_x::a", ENV, "ok"), ("seed001_x::b", ENV, "error")]
    assert rows[1]["error_message"] == EVIL

    table = json.loads((out / "table.json").read_text(encoding="utf-8"))
    assert table["cells"]["seed001_x::b"][ENV]["outcome"] == "error"
    assert [e["id"] for e in table["envs"]] == [ENV]

    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert f"| {ENV} | 1 | 0 | 1 |" in summary
    assert "<script" not in summary


def test_adhoc_sets_render_separately(tmp_path):
    _results(tmp_path / "results" / "library")
    _results(tmp_path / "results" / "adhoc" / "issue123", env_id="tf2.15-keras2-py3.11-cpu", message="boom")
    proc = subprocess.run([sys.executable, "-m", "harness.report", "build", "--no-cases"], cwd=tmp_path,
                          capture_output=True, text=True,
                          env={"PYTHONPATH": str(Path(__file__).resolve().parents[1]), "PATH": ""})
    assert proc.returncode == 0, proc.stderr
    library = json.loads((tmp_path / "reports" / "table.json").read_text())
    adhoc = json.loads((tmp_path / "reports" / "adhoc" / "issue123" / "table.json").read_text())
    assert [e["id"] for e in library["envs"]] == [ENV]
    assert [e["id"] for e in adhoc["envs"]] == ["tf2.15-keras2-py3.11-cpu"]
    assert (tmp_path / "reports" / "adhoc" / "issue123" / "index.html").is_file()


def test_no_output_names_the_machine_paths_a_run_saw(tmp_path):
    root = tmp_path / "results"
    recs = [synthetic.case_record(ENV, RUN, "s::msg", outcomes.ERROR, error_type="ValueError",
                                  error_message="in user code: relative to /home/someone/checkout:",
                                  traceback='File "/home/someone/bugs/repro.py", line 3'),
            synthetic.case_record(ENV, RUN, "s::na", outcomes.NOT_APPLICABLE,
                                  reason="needs /home/someone/data/weights.h5")]
    synthetic.write_run(root, RUN, ENV, synthetic.env_json(ENV, "2.16.2", "keras3", "3.5.0", "3.12.1"), recs)
    out = publish.build(root, tmp_path / "reports").out
    for name in ("index.html", "table.csv", "table.json", "summary.md", "heatmap.svg"):
        assert "/home/someone" not in (out / name).read_text(encoding="utf-8"), name
    cells = json.loads((out / "table.json").read_text(encoding="utf-8"))["cells"]
    assert cells["s::msg"][ENV]["error_message"] == "in user code: relative to .../checkout:"
    assert cells["s::na"][ENV]["reason"] == "needs .../weights.h5"


def test_spreadsheets_never_evaluate_a_cell_and_svg_survives_control_characters(tmp_path):
    root = tmp_path / "results"
    recs = [synthetic.case_record(ENV, RUN, "s::formula", outcomes.ERROR, error_message="=HYPERLINK(\"http://x\")"),
            synthetic.case_record(ENV, RUN, "s::ctl\x01x", outcomes.OK)]
    synthetic.write_run(root, RUN, ENV, synthetic.env_json(ENV, "2.16.2", "keras3", "3.5.0", "3.12.1"), recs)
    out = publish.build(root, tmp_path / "reports").out
    rows = {r["case_id"]: r for r in csv.DictReader(io.StringIO((out / "table.csv").read_text(encoding="utf-8")))}
    assert rows["s::formula"]["error_message"] == "'=HYPERLINK(\"http://x\")"
    ET.parse(out / "heatmap.svg")   # well-formed: the control character is replaced


def test_an_empty_results_set_is_a_usage_error_and_keeps_the_previous_report(tmp_path):
    (tmp_path / "results" / "library").mkdir(parents=True)
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "index.html").write_text("previous")
    proc = subprocess.run([sys.executable, "-m", "harness.report", "build", "--no-cases"], cwd=tmp_path,
                          capture_output=True, text=True,
                          env={"PYTHONPATH": str(Path(__file__).resolve().parents[1]), "PATH": ""})
    assert proc.returncode == 2 and "no run in its history" in proc.stderr
    assert (reports / "index.html").read_text() == "previous"
    proc = subprocess.run([sys.executable, "-m", "harness.report", "build", "--cases", "nope"], cwd=tmp_path,
                          capture_output=True, text=True,
                          env={"PYTHONPATH": str(Path(__file__).resolve().parents[1]), "PATH": ""})
    assert proc.returncode == 2 and "case library not found: nope" in proc.stderr
