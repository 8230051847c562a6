"""The contract declared once: a new record field or a new environment axis reaches every output
by its declaration alone (harness/contract.py, harness/axes.py), and no SQL string or page script
names a field or an axis outside the declarations."""
import ast
import csv
import io
import json
import re
from pathlib import Path

import pytest

from harness import axes, contract, outcomes
from harness.report import node, publish

from support import synthetic

HARNESS = Path(__file__).resolve().parents[1] / "harness"
RUN = "20250101T000000Z-aaaaaa"
ENV = "tf2.16-keras3-py3.12-cpu"


# ------------------------------------------------- a new field, a new axis ----
class NumpyAxis(axes.VersionAxis):
    """A fake axis: the numpy major the run saw (as an issue might add it)."""
    name, field, label, required, line = "numpy", "numpy", "NumPy", False, False
    header_line, picker, distance = 1, True, ["exact", 0.1]

    def actual(self, fingerprint, declared):
        version = (fingerprint.get("packages") or {}).get("numpy")
        return version.split(".")[0] if version else None

    def short(self, value):
        return "np" + value if value else ""


FAKE_FIELD = contract.field("numpy_abi", (str,), False, "the numpy ABI the case saw", "npabi", "NumPy ABI",
                            outputs=(contract.CELL, contract.PANEL, contract.CSV, contract.TABLE))


@pytest.fixture
def declared(monkeypatch):
    """The declarations, and nothing else, with one more field and one more axis."""
    monkeypatch.setattr(contract, "FIELDS", contract.FIELDS + (FAKE_FIELD,))
    numpy = NumpyAxis()
    monkeypatch.setattr(axes, "AXES", axes.AXES + (numpy,))
    monkeypatch.setattr(axes, "BY_NAME", dict(axes.BY_NAME, numpy=numpy))
    return numpy


def _island(page: str) -> dict:
    text = re.search(r'<script type="application/json" id="kmatrix-data">(.*?)</script>', page, re.S).group(1)
    data = json.loads(text)
    texts = data["texts"]
    shared = set(data["contract"]["shared"])
    data["cells"] = [{k: texts[v] if k in shared and isinstance(v, int) else v for k, v in c.items()}
                     for c in data["cells"]]
    return data


def test_a_new_field_and_a_new_axis_reach_every_output(tmp_path, declared):
    recs = [synthetic.case_record(ENV, RUN, "seed001_x::a", outcomes.OK, numpy_abi="1.x-abi"),
            synthetic.case_record(ENV, RUN, "seed001_x::b", outcomes.ERROR)]
    env = synthetic.env_json(ENV, "2.16.2", "keras3", "3.5.0", "3.12.1",
                             packages={"tensorflow-cpu": "2.16.2", "keras": "3.5.0", "numpy": "1.26.4"})
    synthetic.write_run(tmp_path / "results", RUN, ENV, env, recs)
    out = publish.build(tmp_path / "results", tmp_path / "reports").out
    page = (out / "index.html").read_text(encoding="utf-8")

    # the header: the axis where its declaration puts it
    assert '<span class="ax-numpy">np1</span>' in page
    # the picker: a select, its values, the environment's value, the axis in the page's contract
    assert '<select id="pick-numpy" data-axis="numpy">' in page
    data = _island(page)
    assert data["contract"]["pickers"]["numpy"] == [["np1", "NumPy np1"]]
    assert data["envs"][ENV]["pick"]["numpy"] == "np1" and data["envs"][ENV]["axes"]["numpy"] == "1"
    assert "numpy" in [a["name"] for a in data["contract"]["axes"]["axes"]]
    assert "np1" in data["envs"][ENV]["label"]
    # the cell panel: the field's key in the cell, its label among the panel's fields
    cell = next(c for c in data["cells"] if c["case"] == "seed001_x::a")
    assert cell["npabi"] == "1.x-abi"
    assert {"name": "numpy_abi", "key": "npabi", "label": "NumPy ABI", "show": "text",
            "outputs": ["cell", "panel", "csv", "table"]} in data["contract"]["fields"]
    # table.csv: a column
    rows = {r["case_id"]: r for r in csv.DictReader(io.StringIO((out / "table.csv").read_text(encoding="utf-8")))}
    assert rows["seed001_x::a"]["numpy_abi"] == "1.x-abi" and rows["seed001_x::b"]["numpy_abi"] == ""
    # table.json: the cell's field, the axis among the axes and in the environment's
    table = json.loads((out / "table.json").read_text(encoding="utf-8"))
    assert table["cells"]["seed001_x::a"][ENV]["numpy_abi"] == "1.x-abi"
    assert "numpy" in table["axes"] and table["envs"][0]["axes"]["numpy"] == "1"


def test_the_page_shows_the_new_field_in_the_cell_panel(tmp_path, declared):
    """The page script draws the panel from the contract: the new field's line appears (node runs
    panel.js's own line builder over the page's data, no browser needed)."""
    if node.node_binary() is None:
        pytest.skip("node is not installed")
    recs = [synthetic.case_record(ENV, RUN, "seed001_x::a", outcomes.ERROR, numpy_abi="1.x-abi")]
    synthetic.write_run(tmp_path / "results", RUN, ENV, synthetic.env_json(ENV, "2.16.2", "keras3", "3.5.0", "3.12.1"),
                        recs)
    data = _island((publish.build(tmp_path / "results", tmp_path / "reports").out / "index.html")
                   .read_text(encoding="utf-8"))
    panel = (HARNESS / "report" / "page" / "panel.js").read_text(encoding="utf-8")
    start, end = panel.index("var PANEL_FIELDS"), panel.index("\nfunction timeline") \
        if "\nfunction timeline" in panel else None
    lines_js = panel[start:end]
    lines_js = lines_js[:lines_js.index("\n}\n", lines_js.index("function recordLines")) + 3]
    script = ("var data = %s; var shown = [];\nfunction item(list, term, value) { if (value !== undefined && "
              "value !== null && value !== '') shown.push([term, typeof value === 'string' ? value : "
              "JSON.stringify(value)]); }\n%s\nrecordLines(null, data.cells[0], 'record');"
              "recordLines(null, data.cells[0], 'run');\nprocess.stdout.write(JSON.stringify(shown));"
              % (json.dumps(data), lines_js))
    import subprocess
    done = subprocess.run([node.node_binary(), "-e", script], capture_output=True, text=True, timeout=60, check=True)
    shown = dict(json.loads(done.stdout))
    assert shown["NumPy ABI"] == "1.x-abi"
    assert shown["Error"].startswith("ValueError: A KerasTensor")
    assert shown["Run"].startswith(RUN) and shown["Run"].endswith("0.5 s")


# ------------------------------------------------------- the freeze rule ----
FREEZES = [
    ("tensorflow==2.15.1\nkeras==2.15.0\n", {"flavour": "tf.keras", "tf": "2.15"}),
    ("tensorflow==2.4.1\nkeras==2.4.3\n", {"flavour": "keras-standalone", "tf": "2.4"}),
    ("tensorflow==2.5.0\nkeras==2.5.0\n", {"flavour": "keras-standalone"}),
    ("tensorflow==2.6.0\nkeras==2.6.0\n", {"flavour": "tf.keras"}),
    ("tensorflow==1.15.5\nKeras==2.2.4\n", {"flavour": "keras-standalone", "tf": "1.15"}),
    ("tensorflow-cpu==2.17.1\nkeras==3.5.0\ntf-keras==2.17.0\n", {"flavour": "keras3", "also": "tf_keras"}),
    ("tf_keras==2.17.0\ntensorflow-cpu==2.17.1\nkeras==2.15.0\n", {"flavour": "tf_keras", "also": None}),
    ("keras==3.3.3\njax==0.4.30\n", {"flavour": "keras3", "backend": "jax", "tf": "no TF"}),
    ("keras-nightly==3.6.0.dev2024\ntorch==2.3.0\n", {"flavour": "keras3", "backend": "torch"}),
    ("tf-nightly==2.19.0.dev20250101\n", {"flavour": "keras3", "tf": "nightly"}),
    ("tensorflow @ file:///x.whl\n", {}),
]


def test_pip_freeze_reads_the_same_in_python_and_in_the_page():
    """One rule (the axes' freeze declarations), two readers over the same table of freezes: the
    Python one and page/freeze.js, which gets the rules as data."""
    if node.node_binary() is None:
        pytest.skip("node is not installed")
    script = ("var K = require(%s); K.configure(%s); var texts = %s;\n"
              "process.stdout.write(JSON.stringify(texts.map(function (t) { return K.read(t).axes; })));"
              % (json.dumps(str(HARNESS / "report" / "page" / "freeze.js")), json.dumps(axes.as_data()),
                 json.dumps([t for t, _ in FREEZES])))
    import subprocess
    done = subprocess.run([node.node_binary(), "-e", script], capture_output=True, text=True, timeout=60, check=True)
    in_page = json.loads(done.stdout)
    for (text, expected), page in zip(FREEZES, in_page):
        python = axes.read_freeze(text)["axes"]
        assert python == page, text
        assert {k: python[k] for k in expected} == expected, text


def test_the_freeze_rule_agrees_with_the_runner_on_standalone_keras():
    """pip freeze and the running environment decide the flavour by the same keras version
    (harness/runner/context.flavour_of: standalone below 2.6)."""
    from harness.runner.context import flavour_of

    class Keras:
        __name__ = "keras"
    for version in ("2.2.4", "2.4.3", "2.5.0", "2.6.0", "2.15.0"):
        frozen = axes.read_freeze("tensorflow==2.5.0\nkeras==%s\n" % version)["axes"]["flavour"]
        assert frozen == flavour_of(Keras(), version, "keras"), version


# -------------------------------------------------------------- the layout ----
IDENTITY = {"case_id", "env_id", "run_id", "started_at"}
# ^ A record's identity and time: every question of the history joins, groups and orders by them,
#   as every table there (rowruns, audits, the published index) has them; naming them in SQL is
#   the schema of those tables, not a copy of a field list.
SQL = re.compile(r"^\s*(SELECT|WITH|CREATE|COPY|INSERT|DESCRIBE|DELETE|UNION|DROP|ATTACH)\b")
JS_ALLOWED = {
    # "#flavour=" is a published link form (README, links people have shared); link.js is pure and
    # loaded without the page's data, so its key list names it. The page itself reads the filter's
    # axis from the contract (table.js fAxis).
    ("link.js", "flavour"),
    # the table's outcome filter is the #outcome= link form, as published; its key is a link's, the
    # cells' outcome is read by its declared key (o)
    ("link.js", "outcome"), ("share.js", "outcome"),
    # names in the user's pasted code that make a frame the library's (tf.keras..., keras.backend...)
    ("reader.js", "tf"), ("reader.js", "backend"),
    # "python": the error family of Python's own exceptions (TypeError...), not the axis
    ("normalise.js", "python"), ("search_rank.js", "python"),
}


def _names():
    return set(contract.FIELD_NAMES) | {a.name for a in axes.AXES}


def _page_names():
    """What the page script must not name: every axis, and every record field the page's cells
    carry under a key of their own (the page reads cells by the declared keys: `o`, `et`, never
    `outcome`, `error_type`). Record fields the page has no key for (scenario, title, role, claim,
    source) reach it only as the case library's metadata (data.cases), not as record fields."""
    fields = {f.name for f in contract.FIELDS if f.key and f.key != f.name}
    return fields | {a.name for a in axes.AXES}


def _strings(path):
    for node_ in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node_, ast.Constant) and isinstance(node_.value, str):
            yield node_.lineno, node_.value


def test_no_sql_string_names_a_field_or_an_axis_outside_the_declarations():
    named = []
    for path in sorted(HARNESS.rglob("*.py")):
        for line, text in _strings(path):
            if not SQL.match(text):
                continue
            for name in _names() - IDENTITY:
                if re.search(r"(?<![\w.'-])%s(?![\w'-])" % re.escape(name), text):
                    named.append("%s:%d names %s" % (path.relative_to(HARNESS), line, name))
    assert named == [], "SQL built from the declarations instead (records.SAME_RESULT, hashes.INPUTS...):\n" + \
        "\n".join(named)


def _js_code(text):
    """The script without its comments and without the text it shows (words in strings with a space)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"(?m)(^|[^:\\])//.*$", r"\1", text)
    return re.sub(r'"[^"\n]*\s[^"\n]*"', '""', text)


def test_no_page_script_names_a_field_or_an_axis():
    named = []
    for path in sorted((HARNESS / "report" / "page").glob("*.js")):
        code = _js_code(path.read_text(encoding="utf-8"))
        for name in _page_names():
            if (path.name, name) in JS_ALLOWED:
                continue
            # a property (x.name, name: ...) or a string key ("name"); not a longer word
            pattern = r"(\.%s\b|\b%s\s*:|[\"']%s[\"'])" % ((re.escape(name),) * 3)
            for match in re.finditer(pattern, code):
                line = code.count("\n", 0, match.start()) + 1
                named.append("%s:%d names %s" % (path.name, line, name))
    assert named == [], "read it from data.contract (harness/contract.as_data) instead:\n" + "\n".join(named)
