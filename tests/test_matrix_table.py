"""matrix.toml parsing and validation (host side)."""
from pathlib import Path

import pytest

from harness.matrix.table import MatrixError, load_matrix, parse_matrix

REPO = Path(__file__).resolve().parents[1]

GOOD = '''
[[env]]
id = "tf2.16-keras3-py3.12-cpu"
python = "3.12"
tensorflow = "tensorflow-cpu==2.16.2"
keras = "tf.keras"
flavour = "keras3"
device = "cpu"
tags = ["keras3"]

[[env]]
id = "tf2.9-keras2-py3.7-cpu"
python = "3.7"
tensorflow = "tensorflow-cpu==2.9.3"
keras = "tf.keras"
flavour = "tf_keras"
requires = ["protobuf<3.21"]
env = { TF_USE_LEGACY_KERAS = "1" }
device = "cpu"
'''


def _row(**overrides):
    fields = {"id": '"a-row"', "python": '"3.11"', "tensorflow": '"tensorflow-cpu==2.15.1"',
              "keras": '"tf.keras"', "flavour": '"tf.keras"', "device": '"cpu"'}
    fields.update(overrides)
    return "[[env]]\n" + "".join("%s = %s\n" % (k, v) for k, v in fields.items() if v is not None)


def test_parses_and_sorts_by_tf_version_numerically():
    rows = parse_matrix(GOOD)
    assert [r.id for r in rows] == ["tf2.9-keras2-py3.7-cpu", "tf2.16-keras3-py3.12-cpu"]
    old = rows[0]
    assert old.requirements == ["tensorflow-cpu==2.9.3", "protobuf<3.21"]
    assert old.env_vars == {"TF_USE_LEGACY_KERAS": "1"}
    assert old.tf_version == (2, 9, 3)


def test_the_real_table_is_valid_and_covers_every_family():
    rows = load_matrix(REPO / "matrix.toml")
    assert len(rows) >= 35
    tags = {t for r in rows for t in r.tags}
    assert {"keras2", "keras3", "tf1", "nightly", "smoke", "python-axis", "cuda", "tfkeras"} <= tags
    for row in rows:
        if row.device == "cuda":
            assert "cuda" in row.tags
        if "tfkeras" in row.tags:
            assert row.env_vars.get("TF_USE_LEGACY_KERAS") == "1", row.id
    minors = {r.tf_version[:2] for r in rows if r.tf_version}
    assert {(1, 15)} | {(2, m) for m in range(0, 22)} <= minors
    backends = {r.env_vars.get("KERAS_BACKEND") for r in rows}
    assert {"jax", "torch"} <= backends


def test_sort_key_orders_tf_then_flavour_then_python_then_device():
    rows = load_matrix(REPO / "matrix.toml")
    ids = [r.id for r in rows]
    assert ids.index("tf1.15-tfkeras-py3.7-cpu") < ids.index("tf2.0-keras2-py3.7-cpu")
    assert ids.index("tf2.21-keras3-py3.11-cpu") < ids.index("tf2.21-keras3-py3.12-cpu") \
        < ids.index("tf2.21-keras3-py3.12-cuda")
    assert ids[-1].startswith("tf-nightly")


@pytest.mark.parametrize("text, message", [
    (_row() + _row(), "row 2 (a-row): duplicate id (first used by row 1)"),
    (_row(device='"tpu"'), "row 1 (a-row): device must be one of cpu, cuda, not 'tpu'"),
    (_row(flavour='"keras4"'), "flavour must be one of"),
    (_row(flavour=None), "missing field(s): flavour"),
    (_row(also_installed='["torch"]'), "also_installed must be a list of tf_keras"),
    (_row(id='"row\\n"'), "bad id"),                 # a trailing newline is not a plain id
    (_row(python='"3.11\\n"'), "python must look like"),
    (_row(id='"tf 2.15/x"'), "bad id 'tf 2.15/x'"),
    (_row(python=None), "row 1 (a-row): missing field(s): python"),
    (_row(id=None), "row 1: missing field(s): id"),
    (_row(keras='"tf_keras"'), "keras must be one of"),
    (_row(python='"3"'), "python must look like"),
    (_row(device='"cuda"'), "must carry the tag \"cuda\""),
    (_row(requires='"numpy<2"'), "requires must be a list"),
    (_row(colour='"blue"'), "unknown field(s): colour"),
    (_row(tensorflow='""'), "needs a tensorflow requirement"),
    ("[[env]\n", "not valid TOML"),
    ("", "no [[env]] rows"),
])
def test_validation_errors_name_the_row(text, message):
    with pytest.raises(MatrixError) as info:
        parse_matrix(text)
    assert message in str(info.value)


def test_errors_name_the_file_that_was_read(tmp_path):
    other = tmp_path / "other.toml"
    other.write_text(_row(device='"tpu"'))
    with pytest.raises(MatrixError, match="other.toml row 1"):
        load_matrix(other)
    with pytest.raises(MatrixError, match="cannot read the matrix table"):
        load_matrix(tmp_path / "absent.toml")


def test_every_row_declares_its_axes_once():
    rows = {r.id: r for r in load_matrix(REPO / "matrix.toml")}
    assert rows["tf2.16-tfkeras-py3.12-cpu"].axes == {
        "tf": "2.16.2", "flavour": "tf_keras", "backend": "tensorflow", "python": "3.12", "device": "cpu", "also": ()}
    assert rows["keras3-jax-py3.12-cpu"].axes["backend"] == "jax" and rows["keras3-jax-py3.12-cpu"].axes["tf"] is None
    assert rows["tf-nightly-keras3-py3.12-cpu"].axes["tf"] == "nightly"
    assert rows["tf2.21-keras3-also-tfkeras-py3.12-cpu"].axes["also"] == ("tf_keras",)
