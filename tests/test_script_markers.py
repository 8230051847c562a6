"""Ad-hoc scripts, the parts that need no subprocess: marker parsing, script discovery,
syntax checks, the record metadata a ScriptVariant carries."""
import pytest

from harness.runner import script


@pytest.mark.parametrize("value, status", [
    ("None", "none"), ("none", "none"), ("null", "none"),
    ("zero", "zero"), ("0", "zero"), ("0.0", "zero"), ("-0.0", "zero"),
    ("ok", "ok"), ("1.5", "ok"), ("-3e-9", "ok"), ("nan", "ok"),
    ("True", None), ("tf.Tensor([0.], shape=(1,))", None), ("", None), ("[0. 0.]", None),
])
def test_grad_status(value, status):
    assert script.grad_status(value) == status


def test_parse_markers_reads_grads_observations_and_bad_lines():
    text = "\n".join([
        "noise before",
        "KMATRIX-GRAD w None",
        "KMATRIX-GRAD b 0.0",
        "KMATRIX-GRAD c 2.5   ",
        "2024-01-01 tensorflow log line KMATRIX-GRAD x None",   # not at line start: ignored
        "KMATRIX-OBSERVE has_history False",                     # Python literal
        'KMATRIX-OBSERVE shape [null, 3]',                       # JSON
        "KMATRIX-OBSERVE where some free text",
        "KMATRIX-GRAD bad tf.Tensor(",
        "KMATRIX-GRAD c None",                                   # reported again: last wins
    ])
    grads, observed, problems = script.parse_markers(text)
    assert grads == {"w": "none", "b": "zero", "c": "none"}
    assert observed == {"has_history": False, "shape": [None, 3], "where": "some free text"}
    assert len(problems) == 1 and "KMATRIX-GRAD bad tf.Tensor(" in problems[0]


def test_script_files_expands_a_folder_and_names_what_is_missing(tmp_path):
    (tmp_path / "b.py").write_text("pass\n")
    (tmp_path / "a.py").write_text("pass\n")
    (tmp_path / "_helper.py").write_text("pass\n")
    (tmp_path / "notes.txt").write_text("x\n")
    assert script.script_files(str(tmp_path)) == [str(tmp_path / "a.py"), str(tmp_path / "b.py")]
    assert script.script_files(str(tmp_path / "a.py")) == [str(tmp_path / "a.py")]
    with pytest.raises(ValueError, match="missing.py: no such file"):
        script.script_files(str(tmp_path / "missing.py"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="holds no"):
        script.script_files(str(empty))


def test_check_syntax_names_file_and_line(tmp_path):
    good, bad = tmp_path / "good.py", tmp_path / "bad.py"
    good.write_text("x = 1\n")
    bad.write_text("x = 1\ndef f(:\n    pass\n")
    assert script.check_syntax(str(good)) is None
    assert script.check_syntax(str(bad)).startswith("%s:2: syntax error" % bad)


def test_variant_describes_itself_like_a_case(tmp_path):
    path = tmp_path / "my_repro.py"
    path.write_text('"""Model.fit loses the gradient.\n\nMore text."""\nprint(1)\n')
    variant = script.ScriptVariant(str(path), "examples/my_repro.py")
    fields = variant.describe()
    assert fields["case_id"] == variant.case_id == "my_repro::script"
    assert fields["source"] == {"kind": "script", "path": "examples/my_repro.py"}
    assert fields["role"] == "script" and fields["claim"] is None
    assert fields["title"] == "Model.fit loses the gradient."
    # a script applies to every flavour and backend, including environments without Keras
    assert "keras3" in variant.scenario.flavours and "none" in variant.scenario.flavours
    assert "numpy" in variant.scenario.backends
    from harness.runner import child
    rebuilt = child.rebuild(dict(variant.spawn_request(), path=str(path)))
    assert rebuilt.describe() == fields
