"""Release discovery (harness.matrix.discover): what matrix.toml lacks, asked of the package
index. No network: the real table against a snapshot of PyPI recorded on 2026-12-06
(tests/fixtures/index/, `discover --record`), synthetic index answers for each rule, and a
local HTTP server for the fetching and recording code."""
import http.server
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from harness.matrix import discover as d
from harness.matrix.table import load_matrix, parse_matrix

REPO = Path(__file__).resolve().parents[1]
SNAPSHOT = REPO / "tests" / "fixtures" / "index"
CHECKED = "checked 2026-12-06 by harness.matrix.discover"

# ------------------------------------------------ the real table against the recorded index ----
# What PyPI had on 2026-12-06 that matrix.toml lacks. Written out by hand from the index
# answers: TF 2.22.0rc0 (cp310-cp314) is newer than the newest final minor 2.21 (cp310-cp313);
# tf-nightly, jax 0.12.0.1 and torch 2.15.0 have cp314 wheels; jax >= 0.11 needs Python >= 3.12.
EXPECTED_PROPOSALS = {
    ("rc", "tf2.22-keras3-py3.12-cpu"),          # the keras3 line's Python (most keras3 rows use 3.12)
    ("new-python", "tf2.21-keras3-py3.10-cpu"),  # 2.21's oldest Python: no TF row runs 3.10
    ("new-python", "tf2.22-keras3-py3.14-cpu"),  # only the rc has cp314: no TF row runs 3.14
    ("new-python", "tf-nightly-keras3-py3.14-cpu"),
    ("new-python", "keras3-jax-py3.14-cpu"),
    ("new-python", "keras3-torch-py3.14-cpu"),
    ("stale-pin", "keras3-jax-py3.12-cpu"),      # the "latest jax" 0.10.2 was checked under Python 3.11
}
EXPECTED_STALE = {("keras3-jax-py3.12-cpu", "jax[cpu]==0.10.2", "0.12.0.1")}
# Not stale, on purpose: tensorflow-cpu 2.11.1 has no cp37 wheel (the tf2.11 row runs 3.7);
# keras 2.2.5 exists but the row tf1.15-keras2.2.4 is named after its pin; tf-keras 2.20.0 is
# yanked (the ~= pin takes 2.20.1); 3.15 wheels (jax, torch) wait for TensorFlow's.


@pytest.fixture(scope="module")
def real():
    rows = load_matrix(REPO / "matrix.toml")
    text = (REPO / "matrix.toml").read_text()
    answers, meta = d.read_snapshot(SNAPSHOT)
    return rows, text, d.Index(answers, "snapshot", meta["recorded"][:10])


def test_the_recorded_index_gives_exactly_the_expected_proposals(real):
    result = d.discover(*real)
    assert {(p.kind, p.id) for p in result.proposals} == EXPECTED_PROPOSALS
    assert {(s.row, s.requirement, s.newest) for s in result.stale} == EXPECTED_STALE
    assert result.exit_code == 1
    notes = "\n".join(result.notes)
    assert "keras==2.2.4 is what the row is about" in notes and "keras 2.2.5 not proposed" in notes
    assert "Python 3.15, TensorFlow not yet" in notes


def test_the_snapshot_is_small_and_records_where_it_came_from():
    size = sum(p.stat().st_size for p in SNAPSHOT.iterdir())
    assert size < 300_000, size
    meta = json.loads((SNAPSHOT / "_meta.json").read_text())
    assert meta["index_url"] == "https://pypi.org/simple/" and meta["recorded"].startswith("2026-12-06")
    assert {p.stem for p in SNAPSHOT.glob("*.json")} == set(d.PACKAGES) | {"_meta"}


def test_proposed_tables_parse_name_their_reasons_and_follow_the_id_style(real):
    result = d.discover(*real)
    by_id = {p.id: p for p in result.proposals}
    for proposal in result.proposals:
        (row,) = parse_matrix(proposal.toml)
        assert row.id == proposal.id and row.python == proposal.python
        assert proposal.toml.startswith("# ")
        assert re.fullmatch(r"(tf\d+\.\d+|tf-nightly|keras3)-[a-z0-9]+(-[a-z]+)?-py3\.\d+-cpu", row.id), row.id
        for line in proposal.toml.splitlines():   # every pin says why and when it was checked
            if re.search(r'==\d', line) and "[[env]]" not in line and not line.lstrip().startswith("#"):
                assert CHECKED in line or "the latest Keras 3" in line, line
    rc = parse_matrix(by_id["tf2.22-keras3-py3.12-cpu"].toml)[0]
    assert rc.tensorflow == "tensorflow-cpu==2.22.0rc0" and rc.tags == ("keras3", "rc")
    assert "replace it with the final 2.22.0" in rc.note
    assert "tensorflow-cpu 2.22.0rc0: newest 2.22 release candidate on the index with cp312 wheels, " + CHECKED \
        in by_id["tf2.22-keras3-py3.12-cpu"].toml
    py310 = parse_matrix(by_id["tf2.21-keras3-py3.10-cpu"].toml)[0]
    assert py310.tensorflow == "tensorflow-cpu==2.21.0" and py310.tags == ("keras3", "python-axis")
    assert parse_matrix(by_id["tf2.22-keras3-py3.14-cpu"].toml)[0].tags == ("keras3", "python-axis", "rc")
    jax = by_id["keras3-jax-py3.12-cpu"]
    assert jax.replaces == "keras3-jax-py3.12-cpu"
    assert parse_matrix(jax.toml)[0].requires == ("keras==3.15.1", "jax[cpu]==0.12.0.1")
    assert ('"jax[cpu]==0.12.0.1",  # jax 0.12.0.1: newest on the index with cp312 wheels (jaxlib 0.12.0.1), '
            + CHECKED) in jax.toml
    assert "# was 0.10.2: the latest jax; [cpu] pulls the CPU jaxlib only" in jax.toml   # the old why stays
    torch = parse_matrix(by_id["keras3-torch-py3.14-cpu"].toml)[0]
    assert torch.requires == ("keras==3.15.1", "torch==2.15.0") and torch.env_vars == {"KERAS_BACKEND": "torch"}
    assert "heavy" in torch.tags and torch.note                          # the template row's tags and note
    nightly = parse_matrix(by_id["tf-nightly-keras3-py3.14-cpu"].toml)[0]
    assert nightly.tensorflow == "tf-nightly" and nightly.requires == ("keras-nightly",)


def test_applying_the_proposals_gives_a_valid_table_with_nothing_left_to_propose(real, tmp_path):
    rows, text, index = real
    applied = d.apply(text, d.discover(rows, text, index))
    new_rows = parse_matrix(applied)
    assert len(new_rows) == len(rows) + 6
    assert {r.id for r in rows} <= {r.id for r in new_rows}
    assert applied.startswith(text.split("keras3-jax-py3.12-cpu")[0])    # rows before stay byte for byte
    again = d.discover(new_rows, applied, index)
    assert again.proposals == [] and again.stale == [] and again.exit_code == 0


def _run(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "harness.matrix.discover", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_command_line_summary_first_then_tables_and_exit_1():
    out = _run("--index-snapshot", str(SNAPSHOT))
    assert out.returncode == 1, out.stderr
    summary, _, tables = out.stdout.partition("```toml\n")
    assert "7 proposal(s): 6 new row(s), 1 row(s) to replace" in summary
    assert "tensorflow        2.21.0 (cp310-cp313) / 2.22.0rc0 (cp310-cp314)" in summary
    assert "keras3-jax-py3.12-cpu: jax[cpu]==0.10.2 -> 0.12.0.1 (Python 3.12)" in summary
    assert tables.count("[[env]]") == 7 and tables.rstrip().endswith("```")
    assert out.stderr == ""


def test_command_line_json_and_markdown():
    out = _run("--index-snapshot", str(SNAPSHOT), "--json")
    data = json.loads(out.stdout)
    assert out.returncode == 1 and data["exit"] == 1 and data["checked"] == "2026-12-06"
    assert {(p["kind"], p["id"]) for p in data["proposals"]} == EXPECTED_PROPOSALS
    assert {(s["row"], s["requirement"], s["newest"]) for s in data["stale_pins"]} == EXPECTED_STALE
    assert data["newest"]["jax"]["final"]["pythons"] == ["3.12", "3.13", "3.14", "3.15"]
    assert data["newest"]["tensorflow"]["pre"]["version"] == "2.22.0rc0"
    md = _run("--index-snapshot", str(SNAPSHOT), "--markdown").stdout
    assert md.startswith("```text\n") and "```toml\n" in md


def test_command_line_write_then_current_exit_0(tmp_path):
    table = tmp_path / "matrix.toml"
    table.write_text((REPO / "matrix.toml").read_text())
    first = _run("--index-snapshot", str(SNAPSHOT), "--matrix", str(table), "--write")
    assert first.returncode == 1 and "wrote the proposals into" in first.stdout
    second = _run("--index-snapshot", str(SNAPSHOT), "--matrix", str(table))
    assert second.returncode == 0, second.stdout
    assert "Nothing to propose: the table is current." in second.stdout and "```toml" not in second.stdout


@pytest.mark.parametrize("args, message", [
    (["--index-url", "file:///nonexistent/simple/"], "cannot reach the package index file:///nonexistent/simple/"),
    (["--index-snapshot", "/nonexistent"], "no index snapshot folder /nonexistent"),
    (["--index-snapshot", str(SNAPSHOT), "--matrix", "/nonexistent.toml"], "cannot read the matrix table"),
    (["--index-snapshot", str(SNAPSHOT), "--record", "/tmp/x"], "cannot be used with --index-snapshot"),
    (["--no-such-option"], "unrecognized arguments"),
])
def test_usage_and_index_errors_exit_2_with_one_clear_line(args, message):
    out = _run(*args)
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_a_snapshot_missing_a_package_is_an_error(tmp_path):
    (tmp_path / "tensorflow.json").write_text('{"files": []}')
    out = _run("--index-snapshot", str(tmp_path))
    assert out.returncode == 2 and "has no answer for tensorflow-cpu (tensorflow-cpu.json)" in out.stderr


def test_pip_index_url_is_the_default_and_credentials_are_not_printed(monkeypatch):
    monkeypatch.delenv("PIP_INDEX_URL", raising=False)
    assert d.default_index_url() == "https://pypi.org/simple/"
    monkeypatch.setenv("PIP_INDEX_URL", "https://mirror.example/simple/")
    assert d.default_index_url() == "https://mirror.example/simple/"
    assert d.redact("https://user:secret@mirror.example:8443/simple/") == "https://***@mirror.example:8443/simple/"
    import os
    out = subprocess.run([sys.executable, "-m", "harness.matrix.discover"], cwd=REPO, capture_output=True, text=True,
                         env=dict(os.environ, PIP_INDEX_URL="http://user:secret@127.0.0.1:9/simple/"), timeout=60)
    assert out.returncode == 2 and "secret" not in out.stderr and "***@" in out.stderr


# ------------------------------------------------------------------ synthetic index answers ----
def wheels(package, version, pythons=(), requires=None, yanked=False, pure=False):
    """Index file entries: one cpXY Linux x86_64 wheel per Python (or one pure wheel), plus the
    same for Windows and macOS (which discovery ignores)."""
    stem = package.replace("-", "_") + "-" + version
    names = ([stem + "-py3-none-any.whl"] if pure else
             [stem + "-cp3%d-cp3%d-manylinux_2_27_x86_64.whl" % (m, m) for m in pythons]
             + [stem + "-cp3%d-cp3%d-win_amd64.whl" % (m, m) for m in (9, 10, 15)]
             + [stem + "-cp3%d-cp3%dt-manylinux_2_27_x86_64.whl" % (m, m) for m in (15,)])
    files = []
    for name in names + [stem + ".tar.gz"]:
        entry = {"filename": name}
        if requires:
            entry["requires-python"] = requires
        if yanked:
            entry["yanked"] = "broken" if yanked is True else yanked
        files.append(entry)
    return files


def tf(version, *minors, **kw):
    """tensorflow and tensorflow-cpu `version` with cp3<minor> wheels."""
    return {"tensorflow": wheels("tensorflow", version, minors, **kw),
            "tensorflow-cpu": wheels("tensorflow-cpu", version, minors, **kw)}


def merge(*parts):
    answers = {name: {"meta": {"api-version": "1.1"}, "name": name, "files": []} for name in d.PACKAGES}
    for part in parts:
        for name, files in part.items():
            answers[name]["files"].extend(files)
    return answers


def index(*parts):
    return d.Index(merge(*parts), "synthetic", "2026-12-06")


BASE_TABLE = '''
[[env]]
id = "tf2.20-keras3-py3.12-cpu"
python = "3.12"
tensorflow = "tensorflow-cpu==2.20.0"
keras = "tf.keras"
flavour = "keras3"
requires = []
device = "cpu"
tags = ["keras3"]

[[env]]
id = "tf2.20-tfkeras-py3.12-cpu"
python = "3.12"
tensorflow = "tensorflow-cpu==2.20.0"
keras = "tf.keras"
flavour = "tf_keras"
requires = ["tf-keras~=2.20.0"]  # tf-keras must match TF's minor version
env = { TF_USE_LEGACY_KERAS = "1" }
device = "cpu"
tags = ["keras2", "tfkeras"]
'''
BASE = [tf("2.20.0", 12), {"tf-keras": wheels("tf-keras", "2.20.0", pure=True, requires=">=3.9")}]


def run(table, *parts):
    return d.discover(parse_matrix(table), table, index(*parts))


def kinds(result):
    return {(p.kind, p.id) for p in result.proposals}


def test_a_current_table_proposes_nothing():
    result = run(BASE_TABLE, *BASE)
    assert result.proposals == [] and result.stale == [] and result.exit_code == 0


def test_a_new_minor_gets_a_keras3_row_and_a_tf_keras_row_once_tf_keras_is_out():
    without = run(BASE_TABLE, *BASE, tf("2.21.0", 12))
    assert kinds(without) == {("new-minor", "tf2.21-keras3-py3.12-cpu")}
    assert any("no tf-keras 2.21 on the index yet" in n for n in without.notes)
    tfk = {"tf-keras": wheels("tf-keras", "2.21.0", pure=True, requires=">=3.10")}
    result = run(BASE_TABLE, *BASE, tf("2.21.0", 12), tfk)
    assert kinds(result) == {("new-minor", "tf2.21-keras3-py3.12-cpu"), ("new-minor", "tf2.21-tfkeras-py3.12-cpu")}
    row = parse_matrix(next(p for p in result.proposals if "tfkeras" in p.id).toml)[0]
    assert row.requires == ("tf-keras~=2.21.0",) and row.env_vars == {"TF_USE_LEGACY_KERAS": "1"}
    assert row.tags == ("keras2", "tfkeras") and row.tensorflow == "tensorflow-cpu==2.21.0"


def test_a_new_minor_goes_to_the_newest_python_the_table_uses_that_it_has_wheels_for():
    table = BASE_TABLE + BASE_TABLE.replace("tf2.20-keras3-py3.12", "tf2.20-keras3-py3.11") \
        .replace('"3.12"', '"3.11"').split("[[env]]\nid = \"tf2.20-tfkeras")[0]
    result = run(table, tf("2.20.0", 11, 12), BASE[1], tf("2.21.0", 11, 12, 13))
    # 3.13 is no Python the table uses: the row goes to 3.12; and 3.13 is a new Python
    assert kinds(result) == {("new-minor", "tf2.21-keras3-py3.12-cpu"), ("new-python", "tf2.21-keras3-py3.13-cpu")}


def test_a_release_candidate_then_a_newer_rc_then_its_final():
    rc0 = run(BASE_TABLE, *BASE, tf("2.21.0rc0", 12))
    assert kinds(rc0) == {("rc", "tf2.21-keras3-py3.12-cpu")}
    row = parse_matrix(rc0.proposals[0].toml)[0]
    assert row.tensorflow == "tensorflow-cpu==2.21.0rc0" and "rc" in row.tags
    table = d.apply(BASE_TABLE, rc0)

    rc1 = run(table, *BASE, tf("2.21.0rc0", 12), tf("2.21.0rc1", 12))
    assert kinds(rc1) == {("stale-pin", "tf2.21-keras3-py3.12-cpu")}
    assert [(s.pinned, s.newest) for s in rc1.stale] == [("2.21.0rc0", "2.21.0rc1")]
    table = d.apply(table, rc1)
    assert parse_matrix(table)[-1].tags == ("keras3", "rc")      # still a release candidate

    tfk = {"tf-keras": wheels("tf-keras", "2.21.0", pure=True)}
    final = run(table, *BASE, tf("2.21.0rc0", 12), tf("2.21.0rc1", 12), tf("2.21.0", 12), tfk)
    assert kinds(final) == {("rc-final", "tf2.21-keras3-py3.12-cpu"), ("new-minor", "tf2.21-tfkeras-py3.12-cpu")}
    replacement = next(p for p in final.proposals if p.kind == "rc-final")
    assert replacement.replaces == "tf2.21-keras3-py3.12-cpu"
    assert "replaces the row tf2.21-keras3-py3.12-cpu" in replacement.toml
    row = parse_matrix(replacement.toml)[0]
    assert row.tensorflow == "tensorflow-cpu==2.21.0" and row.tags == ("keras3",) and row.note == ""
    table = d.apply(table, final)
    assert run(table, *BASE, tf("2.21.0rc0", 12), tf("2.21.0rc1", 12), tf("2.21.0", 12), tfk).proposals == []


def test_a_pre_release_is_not_a_final():
    result = run(BASE_TABLE, *BASE, tf("2.20.1rc0", 12), tf("2.21.0rc0", 12),
                 {"tf-keras": wheels("tf-keras", "2.21.0rc0", pure=True)})
    assert kinds(result) == {("rc", "tf2.21-keras3-py3.12-cpu")}    # no new-minor, no tf_keras row, no 2.20.1
    assert result.stale == []
    # an rc older than the newest final minor is no rc row either
    assert kinds(run(BASE_TABLE, *BASE, tf("2.20.0rc3", 12))) == set()


def test_a_new_python():
    result = run(BASE_TABLE, tf("2.20.0", 12, 13), BASE[1])
    assert kinds(result) == {("new-python", "tf2.20-keras3-py3.13-cpu")}
    row = parse_matrix(result.proposals[0].toml)[0]
    assert row.tags == ("keras3", "python-axis") and row.python == "3.13"


def test_a_stale_tensorflow_pin_needs_a_wheel_for_the_rows_own_python():
    result = run(BASE_TABLE, *BASE, tf("2.20.1", 12))
    assert kinds(result) == {("stale-pin", "tf2.20-keras3-py3.12-cpu"), ("stale-pin", "tf2.20-tfkeras-py3.12-cpu")}
    replacement = next(p for p in result.proposals if "tfkeras" in p.id)
    assert parse_matrix(replacement.toml)[0].requires == ("tf-keras~=2.20.0",)   # the rest of the row as it was
    assert "# tf-keras must match TF's minor version" in replacement.toml
    # 2.20.1 only for 3.13: not for these 3.12 rows (3.13 is a new Python instead)
    other = run(BASE_TABLE, *BASE, tf("2.20.1", 13))
    assert other.stale == [] and kinds(other) == {("new-python", "tf2.20-keras3-py3.13-cpu")}


JAX_TABLE = BASE_TABLE + '''
[[env]]
id = "keras3-jax-py3.11-cpu"
python = "3.11"
tensorflow = ""
keras = "keras"
flavour = "keras3"
backend = "jax"
requires = [
    "keras==3.15.1",     # the latest Keras 3
    "jax[cpu]==0.10.2",  # the latest jax
]
env = { KERAS_BACKEND = "jax" }
device = "cpu"
tags = ["keras3", "jax"]
''' + '''
[[env]]
id = "keras3-jax-py3.12-cpu"
python = "3.12"
tensorflow = ""
keras = "keras"
flavour = "keras3"
backend = "jax"
requires = ["keras==3.15.1", "jax[cpu]==0.10.2"]
env = { KERAS_BACKEND = "jax" }
device = "cpu"
tags = ["keras3", "jax"]
'''
JAX = {"keras": wheels("keras", "3.15.1", pure=True, requires=">=3.11"),
       "jax": wheels("jax", "0.10.2", pure=True, requires=">=3.11") + wheels("jax", "0.12.0.1", pure=True, requires=">=3.12"),
       "jaxlib": wheels("jaxlib", "0.10.2", (11, 12, 13), requires=">=3.11")
       + wheels("jaxlib", "0.12.0.1", (12, 13), requires=">=3.12")}


def test_a_jax_release_for_newer_pythons_only_is_stale_for_the_py312_row_not_the_py311_row():
    result = run(JAX_TABLE, *BASE, JAX)
    assert [(s.row, s.requirement, s.newest) for s in result.stale] == [
        ("keras3-jax-py3.12-cpu", "jax[cpu]==0.10.2", "0.12.0.1")]
    assert kinds(result) == {("stale-pin", "keras3-jax-py3.12-cpu")}
    # the inline list keeps its layout; the pin's reason goes on the line
    toml = result.proposals[0].toml
    assert 'requires = ["keras==3.15.1", "jax[cpu]==0.12.0.1"]  # jax 0.12.0.1: newest on the index with cp312 wheels' in toml
    # jaxlib 0.12.0.1 without a cp312 wheel: jax 0.12.0.1 is no candidate for 3.12 (jax[cpu] pins it)
    no_lib = dict(JAX, jaxlib=JAX["jaxlib"][:-len(wheels("jaxlib", "0.12.0.1", (12, 13)))] +
                  wheels("jaxlib", "0.12.0.1", (13,)))
    assert run(JAX_TABLE, *BASE, no_lib).stale == []


def test_jax_and_torch_rows_get_their_newest_python_up_to_tensorflows():
    torch_table = JAX_TABLE.replace("jax", "torch").replace("torch[cpu]==0.10.2", "torch==2.14.0")
    parts = [tf("2.20.0", 12, 13, 14), BASE[1], JAX, {"torch": wheels("torch", "2.15.0", (11, 12, 13, 14, 15))}]
    result = run(torch_table, *parts)
    expected = {("new-python", "keras3-torch-py3.14-cpu"), ("stale-pin", "keras3-torch-py3.11-cpu"),
                ("stale-pin", "keras3-torch-py3.12-cpu"), ("new-python", "tf2.20-keras3-py3.13-cpu"),
                ("new-python", "tf2.20-keras3-py3.14-cpu")}
    assert kinds(result) == expected
    assert any("Python 3.15, TensorFlow not yet" in n for n in result.notes)


NIGHTLY_TABLE = BASE_TABLE + '''
[[env]]
id = "tf-nightly-keras3-py3.10-cpu"
python = "3.10"
tensorflow = "tf-nightly"
keras = "tf.keras"
flavour = "keras3"
requires = ["keras-nightly"]  # tf-nightly's own Keras 3
device = "cpu"
tags = ["keras3", "nightly"]
'''


def test_a_nightly_row_whose_python_lost_its_wheels_moves_and_the_newest_python_gets_one():
    nightly = {"tf-nightly": wheels("tf-nightly", "2.22.0.dev20261001", (10, 11, 12))
               + wheels("tf-nightly", "2.22.0.dev20261005", (11, 12)),
               "keras-nightly": wheels("keras-nightly", "3.16.0.dev2026100504", pure=True, requires=">=3.10")}
    result = run(NIGHTLY_TABLE, *BASE, nightly)
    assert kinds(result) == {("nightly-python", "tf-nightly-keras3-py3.12-cpu")}   # to the newest: no other row
    moved = result.proposals[0]
    assert moved.replaces == "tf-nightly-keras3-py3.10-cpu" and "no wheel for Python 3.10 any more" in moved.reason
    assert parse_matrix(moved.toml)[0].python == "3.12"
    assert d.discover(parse_matrix(d.apply(NIGHTLY_TABLE, result)), d.apply(NIGHTLY_TABLE, result),
                      index(*BASE, nightly)).proposals == []
    # a nightly with cp313 wheels beyond TensorFlow's newest final: the frontier follows the nightly
    newer = dict(nightly, **{"tf-nightly": nightly["tf-nightly"] + wheels("tf-nightly", "2.22.0.dev20261006", (10, 11, 12, 13))})
    assert kinds(run(NIGHTLY_TABLE, *BASE, newer)) == {("new-python", "tf-nightly-keras3-py3.13-cpu")}


def test_yanked_files_are_ignored():
    yanked = run(BASE_TABLE, *BASE, tf("2.20.1", 12, yanked=True), tf("2.21.0", 12, yanked="bad build"))
    assert yanked.proposals == []
    # a yanked tf-keras is no matching tf-keras
    result = run(BASE_TABLE, *BASE, tf("2.21.0", 12), {"tf-keras": wheels("tf-keras", "2.21.0", pure=True, yanked=True)})
    assert kinds(result) == {("new-minor", "tf2.21-keras3-py3.12-cpu")}


# ------------------------------------------------------------------------------- pieces ----
@pytest.mark.parametrize("older, newer", [
    ("2.21.0", "2.22.0rc0"), ("2.22.0rc0", "2.22.0rc1"), ("2.22.0rc1", "2.22.0"), ("2.22.0", "2.22.1"),
    ("0.12.0", "0.12.0.1"), ("2.23.0.dev20261025", "2.23.0.dev20261026"), ("2.22.0", "2.23.0.dev20261026"),
    ("1.0.dev1", "1.0a1"), ("1.0", "1.0.post1"), ("2.9.3", "2.10.0"),
])
def test_versions_are_ordered_as_pip_orders_them(older, newer):
    assert d.Version.parse(older) < d.Version.parse(newer)


def test_pre_releases_are_recognised():
    assert d.Version.parse("2.22.0rc0").is_prerelease and d.Version.parse("2.23.0.dev20261026").is_prerelease
    assert not d.Version.parse("0.12.0.1").is_prerelease and d.Version.parse("0.12.0.1").minor == (0, 12)


@pytest.mark.parametrize("filename, requires, pythons", [
    ("tensorflow-2.22.0rc0-cp314-cp314-manylinux_2_27_x86_64.whl", "", {(3, 14)}),
    ("tensorflow-1.15.5-cp37-cp37m-manylinux2010_x86_64.whl", "", {(3, 7)}),
    ("x-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "", {(3, 12)}),
    ("jaxlib-0.9.2-cp314-cp314t-manylinux_2_27_x86_64.whl", "", None),          # free-threaded
    ("torch-2.15.0-cp314-cp314-manylinux_2_28_aarch64.whl", "", None),           # not x86_64
    ("x-1.0-cp312-cp312-musllinux_1_2_x86_64.whl", "", None),                    # not glibc
    ("x-1.0-cp312-cp312-win_amd64.whl", "", None),
    ("x-1.0.tar.gz", "", None),
])
def test_wheel_tags_to_pythons(filename, requires, pythons):
    read = d.wheel_pythons(filename, requires)
    assert (set(read[1]) if read else None) == pythons


def test_pure_and_abi3_wheels_follow_requires_python():
    _, pythons, pure = d.wheel_pythons("keras-3.15.1-py3-none-any.whl", ">=3.11")
    assert pure and (3, 10) not in pythons and {(3, 11), (3, 14), (3, 15)} <= pythons
    _, pythons, pure = d.wheel_pythons("x-1.0-cp39-abi3-manylinux_2_28_x86_64.whl", "<3.14")
    assert not pure and (3, 8) not in pythons and {(3, 9), (3, 13)} <= pythons and (3, 14) not in pythons
    assert d.python_allowed(">=3.7,!=3.8.*", (3, 9)) and not d.python_allowed(">=3.7,!=3.8.*", (3, 8))
    assert d.python_allowed("", (3, 14)) and d.python_allowed("~=3.10", (3, 14)) and not d.python_allowed("<3.12", (3, 12))


# ------------------------------------------------------- fetching and recording (local HTTP) ----
class _Index(http.server.BaseHTTPRequestHandler):
    answers: dict = {}
    html = False

    def do_GET(self):   # noqa: N802
        name = self.path.strip("/").split("/")[-1]
        if name not in self.answers:
            self.send_error(404)
            return
        if self.html:
            links = "".join('<a href="../../files/%s#sha256=0"%s%s>%s</a>\n' % (
                f["filename"], ' data-requires-python="%s"' % f["requires-python"].replace(">", "&gt;")
                if f.get("requires-python") else "", ' data-yanked=""' if f.get("yanked") else "", f["filename"])
                for f in self.answers[name]["files"])
            body, kind = ("<html><body>%s</body></html>" % links).encode(), "text/html"
        else:
            assert "application/vnd.pypi.simple.v1+json" in self.headers["Accept"]
            body, kind = json.dumps(self.answers[name]).encode(), "application/vnd.pypi.simple.v1+json"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def served():
    def start(answers, html=False):
        handler = type("Handler", (_Index,), {"answers": answers, "html": html})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return "http://127.0.0.1:%d/simple/" % server.server_address[1]
    servers = []
    yield start
    for server in servers:
        server.shutdown()


@pytest.mark.parametrize("html", [False, True], ids=["json", "html"])
def test_fetch_record_and_replay_give_the_same_answer(served, tmp_path, capsys, html):
    table = tmp_path / "matrix.toml"
    table.write_text(JAX_TABLE)
    answers = merge(*BASE, JAX, tf("2.20.1", 12), tf("2.19.0", 12), tf("2.21.0rc0", 12),
                    {"tf-keras": wheels("tf-keras", "2.20.1", pure=True, yanked=True)})
    del answers["torch"]                       # not on this index: 404, no releases
    url = served(answers, html)
    live = d.main(["--matrix", str(table), "--index-url", url, "--record", str(tmp_path / "snap"), "--json"])
    live_out = json.loads(capsys.readouterr().out)
    replay = d.main(["--matrix", str(table), "--index-snapshot", str(tmp_path / "snap"), "--json"])
    replay_out = json.loads(capsys.readouterr().out)
    assert live == replay == 1
    assert live_out["proposals"] == replay_out["proposals"] and live_out["stale_pins"] == replay_out["stale_pins"]
    assert {(s["row"], s["newest"]) for s in live_out["stale_pins"]} == {
        ("tf2.20-keras3-py3.12-cpu", "2.20.1"), ("tf2.20-tfkeras-py3.12-cpu", "2.20.1"), ("keras3-jax-py3.12-cpu", "0.12.0.1")}
    recorded = json.loads((tmp_path / "snap" / "tensorflow.json").read_text())
    names = [f["filename"] for f in recorded["files"]]
    assert names and all("manylinux" in n for n in names)                 # no Windows, no sdist
    assert not any("2.19.0" in n for n in names)                          # older than the table's oldest minor
    assert set(recorded["files"][0]) <= {"filename", "requires-python", "yanked"}
    tfk = json.loads((tmp_path / "snap" / "tf-keras.json").read_text())["files"]
    assert [f.get("yanked") for f in tfk if "2.20.1" in f["filename"]] in ([True], ["broken"])
    assert json.loads((tmp_path / "snap" / "torch.json").read_text())["files"] == []
    meta = json.loads((tmp_path / "snap" / "_meta.json").read_text())
    assert meta["index_url"] == url and "recorded" in meta


# --------------------------------------------------------------------- the currency workflow ----
def test_the_currency_workflow_runs_discover_daily_with_write_access_only_where_needed():
    text = (REPO / ".github" / "workflows" / "currency.yml").read_text()
    assert "schedule:" in text and "cron:" in text and "workflow_dispatch:" in text
    assert "python -m harness.matrix.discover --write --markdown" in text
    jobs = re.split(r"\n  (?=[a-z]+:\n)", "\n" + text.split("\njobs:\n", 1)[1])[1:]
    jobs = {job.split(":", 1)[0]: job for job in jobs}
    assert set(jobs) == {"currency", "propose", "keepalive"}
    assert "permissions:" not in jobs["currency"]                         # the top-level read-only token
    assert "contents: write" in jobs["propose"] and "pull-requests: write" in jobs["propose"]
    assert "actions: write" in jobs["keepalive"] and "issues: write" in jobs["keepalive"]
    assert text.count(": write") == 4
    assert "needs.currency.outputs.status == '1'" in jobs["propose"] and "gh pr create" in jobs["propose"]
    assert "exit 1" in jobs["currency"]                                    # visible: the job fails
    assert "ALERT_DAYS: \"50\"" in jobs["keepalive"] and "/enable" in jobs["keepalive"]
    assert "gh issue create" in jobs["keepalive"]
