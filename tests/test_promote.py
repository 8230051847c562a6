"""Promoting an ad-hoc script to a case file."""
import ast
import textwrap

import pytest

from harness import casefile, promote

SCRIPT = '''
    """Raw TF op on a Keras tensor.

    Longer text."""
    from __future__ import annotations
    import sys
    TEXT = """first line
      kept indentation
    last line"""
    total = 0
    def bump():
        global total
        total += 1
    if __name__ == "__main__":
        bump()
        print("KMATRIX-OBSERVE text", repr(TEXT))
'''


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "repro.py"
    path.write_text(textwrap.dedent(SCRIPT).lstrip())
    return path


def test_generated_case_is_valid_and_marked_todo(script, tmp_path):
    target = promote.promote(script, "known_raw_op", tmp_path / "cases")
    assert target == tmp_path / "cases" / "known_raw_op.py"
    scenario = casefile.load_scenario(str(target))      # the library's own validator accepts it
    assert scenario.meta["title"] == "Raw TF op on a Keras tensor."
    assert scenario.meta["source"] == {"kind": "known", "refs": ["TODO: the issue / documentation URL this reproduces"]}
    [variant] = scenario.variants
    assert (variant.name, variant.meta["role"], variant.claim) == ("as_reported", "broken", None)
    text = target.read_text()
    assert "TODO" in text and "ctx.grad" in text and "`global`" in text


def test_body_is_the_script_unchanged_but_indented(script, tmp_path):
    target = promote.promote(script, "known_raw_op", tmp_path / "cases")
    text = target.read_text()
    tree = ast.parse(text)
    # the future import moved to the top of the module (after the docstring), out of the function
    assert isinstance(tree.body[1], ast.ImportFrom) and tree.body[1].module == "__future__"
    func = [n for n in tree.body if isinstance(n, ast.FunctionDef)][0]
    assert func.name == "as_reported" and [a.arg for a in func.args.args] == ["ctx"]
    original = ast.parse(script.read_text())
    kept = [n for n in original.body if not (isinstance(n, ast.ImportFrom) and n.module == "__future__")]
    # body: the `__name__ = "__main__"` line, then every statement of the script
    assert [ast.dump(n) for n in func.body[1:]] == [ast.dump(n) for n in kept]
    assert ast.unparse(func.body[0]) == "__name__ = '__main__'"


def test_generated_function_runs_the_main_block(tmp_path):
    # without the `global` statement, which the generated file flags for review
    source = textwrap.dedent(SCRIPT).lstrip().replace("    global total\n    total += 1\n", "    pass\n")
    assert "global" not in source
    path = tmp_path / "no_global.py"
    path.write_text(source)
    target = promote.promote(path, "known_raw_op", tmp_path / "cases")
    assert "`global`" not in target.read_text()
    namespace = {}
    exec(compile(target.read_text(), str(target), "exec"), namespace)
    printed = []
    namespace["print"] = lambda *args: printed.append(args)  # the function's globals are the module's
    namespace["as_reported"](ctx=None)
    assert printed == [("KMATRIX-OBSERVE text", repr("first line\n  kept indentation\nlast line"))]


def test_refuses_to_overwrite_and_rejects_bad_ids(script, tmp_path):
    cases = tmp_path / "cases"
    promote.promote(script, "known_raw_op", cases)
    before = (cases / "known_raw_op.py").read_text()
    with pytest.raises(promote.PromoteError, match="refusing to overwrite"):
        promote.promote(script, "known_raw_op", cases)
    assert (cases / "known_raw_op.py").read_text() == before
    with pytest.raises(promote.PromoteError, match="lower_snake_case"):
        promote.promote(script, "Known-Raw", cases)
    with pytest.raises(promote.PromoteError, match="no such file"):
        promote.promote(tmp_path / "missing.py", "known_other", cases)


def test_cli_exit_codes(script, tmp_path, capsys):
    cases = tmp_path / "cases"
    assert promote.main([str(script), "--id", "known_cli", "--cases", str(cases)]) == 0
    assert (cases / "known_cli.py").exists()
    assert promote.main([str(script), "--id", "known_cli", "--cases", str(cases)]) == 1
    assert "refusing to overwrite" in capsys.readouterr().err


def test_script_with_syntax_error_is_refused(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f(:\n")
    with pytest.raises(promote.PromoteError, match="bad.py:1: syntax error"):
        promote.promote(bad, "known_bad", tmp_path / "cases")
    assert not (tmp_path / "cases" / "known_bad.py").exists()
