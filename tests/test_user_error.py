"""Both readers of "the error a user reads" against real tracebacks.

Every fixture under tests/fixtures/tracebacks/cases/<probe>/<row>.json is one probe
script (tests/fixtures/tracebacks/probes/<probe>.py) recorded in one real
TensorFlow/Keras environment: the exit status, stdout and stderr of a plain
`python probe.py` run, and the class and str() of the exception that propagated
when the same probe ran in-process. `expected` is a person's reading of the
printed stderr (the innermost error at the bottom, wrappers looked through).

- harness.runner.user_error.read_text(raised_type, message) must give the expected
  error_type, and keras_history exactly when the expected outcome is
  keras_history_error (a probe that exited 0 has nothing to read: skipped);
- harness.audit.plain_rule.classify(exit_code, stdout_tail, stderr) must give the
  expected outcome and error_type.

No TensorFlow is needed here: only the fixtures are read.

Re-recording (the rows' virtualenvs are those nox builds, .nox/<row slug>/; the
recorder is standard library only):

    python tests/fixtures/tracebacks/record.py --all [--nox-dir .nox] [--rows ROW,ROW] \\
        [--probes PROBE,PROBE] [--python ROW=/path/to/bin/python]

(--python names an interpreter outside .nox, e.g. for the row
tf2.21-keras3-also-tfkeras-py3.12-cpu: TF 2.21 with both Keras 3 and tf_keras installed.)

or one probe in one environment, run by that environment's interpreter:

    .nox/<slug>/bin/python tests/fixtures/tracebacks/record.py PROBE ROW_ID \\
        --keras tf.keras|keras [--env TF_USE_LEGACY_KERAS=1]

A re-recorded fixture keeps its `expected` while its exit status and last stderr
line are unchanged; otherwise `expected` becomes null and test_fixture_is_read
fails until a person has read the new stderr and filled `expected` in.
"""
import json
import re
from pathlib import Path

import pytest

from harness import outcomes
from harness.audit import plain_rule
from harness.runner import user_error

CASES = Path(__file__).resolve().parent / "fixtures" / "tracebacks" / "cases"
FIXTURES = sorted(CASES.glob("*/*.json"))
IDS = ["%s/%s" % (p.parent.name, p.stem) for p in FIXTURES]
# an absolute folder ("/srv/x/"); not ".../site-packages/", "<tmp>/", URLs or "/job:localhost/"
_ABSOLUTE = re.compile(r"(?<![\w.<>\]:/~-])/[A-Za-z_][\w.-]*/")


def _load(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    return case, case.get("expected")


def _expected(path):
    case, expected = _load(path)
    if not expected:
        pytest.fail("fixture not read yet: fill in `expected` from its stderr")
    return case, expected


def test_corpus_is_there():
    assert len(FIXTURES) >= 50
    assert len({p.stem for p in FIXTURES}) >= 12        # rows
    assert len({p.parent.name for p in FIXTURES}) >= 15  # probes


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_fixture_is_read(path):
    case, expected = _expected(path)
    assert expected["outcome"] in outcomes.OUTCOMES
    assert expected.get("why")
    assert (case["exit_code"] == 0) == (expected["outcome"] == outcomes.OK)
    # no machine's folders in the project: paths are neutral (".../site-packages/x.py", "<probe-dir>/")
    for key in ("stderr", "message", "stdout_tail"):
        found = _ABSOLUTE.search(case[key] or "")
        assert not found, "%s: %r" % (key, (case[key] or "")[max(0, found.start() - 60):found.end() + 40])


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_user_error_reads_what_the_user_reads(path):
    case, expected = _expected(path)
    if expected["outcome"] == outcomes.OK:
        assert case["raised_type"] is None
        pytest.skip("ran to the end: no exception to read")
    fields = user_error.read_text(case["raised_type"], case["message"])
    outcome = outcomes.KERAS_HISTORY_ERROR if fields["keras_history"] else outcomes.ERROR
    assert (outcome, fields["error_type"]) == (expected["outcome"], expected["error_type"]), (
        "%s\n--- message (bottom) ---\n%s" % (expected["why"], case["message"][-1500:]))


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_plain_rule_reads_what_the_user_reads(path):
    case, expected = _expected(path)
    plain = plain_rule.classify(case["exit_code"], case["stdout_tail"], case["stderr"])
    assert (plain.outcome, plain.error_type) == (expected["outcome"], expected["error_type"]), (
        "%s\n--- stderr (bottom) ---\n%s" % (expected["why"], case["stderr"][-1500:]))
