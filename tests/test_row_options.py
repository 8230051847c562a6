"""One rule, one place: the row session's own options are declared once (harness/matrix/plan.py
ROW_OPTIONS), and a row run is a sequence of small steps over one context
(harness/matrix/rowrun.py STEPS), so neither can grow a hand copy or a long parameter list again."""
import ast
import dataclasses
import inspect
import os
import re
from pathlib import Path

import pytest

from harness.matrix import plan, readpass, rowrun
from harness.runner import options as runner_options

REPO = Path(__file__).resolve().parents[1]

# Good values (with what they parse to) and bad ones of each option that takes a value
# (a new option must add its own here).
VALUES = {"confirm": ({"0": 0, "2": 2}, ["many", "-1", "1.5", " 2", ""]),
          "workers": ({"1": 1, "3": 3, "auto": os.cpu_count() or 1}, ["0", "two", "-2", "AUTO", ""])}


def test_every_option_of_ours_is_in_the_table_and_nowhere_else_in_options():
    assert {o.dest for o in plan.ROW_OPTIONS if o.takes_value} == set(VALUES)
    fields = {f.name: f.default for f in dataclasses.fields(plan.Options) if f.name != "pytest"}
    assert fields == {o.dest: o.default for o in plan.ROW_OPTIONS}      # Options: one field per entry
    assert not set(plan.ROW_BY_NAME) & set(runner_options.BY_NAME)      # never the runner's name too
    assert all(o.help for o in plan.ROW_OPTIONS)
    usage = plan.usage().splitlines()
    assert [line.split()[0] for line in usage] == [o.names[0] for o in plan.ROW_OPTIONS]


@pytest.mark.parametrize("option", plan.ROW_OPTIONS, ids=lambda o: o.names[0])
def test_each_option_is_accepted_with_a_good_value_and_refused_with_a_bad_one(option):
    name = option.names[0]
    if not option.takes_value:
        parsed = plan.parse(["-v", name, "-k", "x"])
        assert getattr(parsed, option.dest) is True and parsed.pytest == ["-v", "-k", "x"]
        assert getattr(plan.parse(["-v"]), option.dest) is False
        with pytest.raises(ValueError, match="^%s takes no value" % name):
            plan.parse([name + "=1"])
        return
    good, bad = VALUES[option.dest]
    assert getattr(plan.parse([]), option.dest) == option.default
    for text, value in good.items():
        for args in ([name, text, "-v"], [name + "=" + text, "-v"]):
            parsed = plan.parse(args)
            assert getattr(parsed, option.dest) == value and parsed.pytest == ["-v"], args
    for text in bad:
        for args in ([name, text, "-v"], [name + "=" + text, "-v"]):
            with pytest.raises(ValueError, match="^%s: %s is not " % (name, re.escape(repr(text)))):
                plan.parse(args)
    with pytest.raises(ValueError, match="^%s needs a value" % name):
        plan.parse(["-v", name])


def test_the_read_pass_arguments_come_from_the_table():
    args = readpass.read_args([plan.option_name("rerun_all"), "-v", plan.option_name("audit")])
    parsed = plan.parse(args)
    assert parsed.read_pass and parsed.audit and not parsed.rerun_all and parsed.pytest == ["-v"]


def _literals(path):
    """(line, text) of every string constant in the file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


# Files that may spell our options as a literal token, and why: none (prose that mentions
# one, in a docstring or a help text, is no token and is not matched).
ALLOWED = {"harness/matrix/plan.py": "the table itself"}


def test_no_other_module_spells_an_option_of_ours():
    names = set(plan.ROW_BY_NAME)
    files = sorted(REPO.glob("harness/**/*.py")) + sorted(REPO.glob("bench/**/*.py")) + [REPO / "noxfile.py"]
    spelt = []
    for path in files:
        relative = path.relative_to(REPO).as_posix()
        if relative in ALLOWED:
            continue
        for line, text in _literals(path):
            if text.partition("=")[0].strip() in names:
                spelt.append("%s:%d %r" % (relative, line, text))
    assert spelt == [], "read it from harness/matrix/plan.py ROW_OPTIONS (plan.option_name) instead:\n" + \
        "\n".join(spelt)


# ------------------------------------------------------------- a row run's shape ----
# Functions of rowrun that keep a longer positional list, and why.
LONG_SIGNATURES = {
    "run_cases": "the runner process: the seam unit and fault tests replace with this signature",
    "run_sharded": "run_cases once per shard, same seam",
    "_shards": "a pure split of the cases, tested directly (tests/test_matrix_workers.py)",
}


def _functions():
    tree = ast.parse(Path(rowrun.__file__).read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def test_a_row_run_is_a_sequence_of_small_steps_over_one_context():
    assert len(rowrun.STEPS) >= 8
    for step in list(rowrun.STEPS) + [rowrun._run_locked]:
        parameters = list(inspect.signature(step).parameters.values())
        assert [p.annotation for p in parameters] == ["RowContext"], step.__name__
    for helper in (rowrun._confirm_changes, rowrun._read_own_artifacts):
        assert helper in rowrun.STEPS


def test_no_function_of_rowrun_has_a_long_positional_parameter_list():
    long_lists = []
    for node in _functions():
        args = node.args
        positional = args.posonlyargs + args.args
        takes_context = bool(positional) and isinstance(positional[0].annotation, ast.Name) and \
            positional[0].annotation.id == "RowContext"
        limit = 3 if takes_context else 4    # a step: the context and at most two more
        if len(positional) + len(args.kwonlyargs) * takes_context > limit and node.name not in LONG_SIGNATURES:
            long_lists.append("%s(%s)" % (node.name, ", ".join(a.arg for a in positional)))
    assert long_lists == [], "put what the steps share in RowContext instead:\n" + "\n".join(long_lists)
    assert set(LONG_SIGNATURES) <= {n.name for n in _functions()}   # no stale entry
