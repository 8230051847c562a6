"""Judging a source's claim against what a run really did.

Shared by the in-environment runner (Python 3.7+, to print verdicts in the
pytest report) and the host-side report. Standard library only.

A claim is the dict a case variant carries under "claim":

    {"text": "grad_1 will be None",             # the source's words, paraphrased
     "versions": "recent versions",             # what the source says about versions, if anything
     "expect": {                                # machine-checkable form; every key given must match
         "outcome": "ok" | [..],                # one outcome or a list of acceptable ones
         "error_type": "AttributeError" | [..], # exception class name(s)
         "message": "regex",                    # searched in the first line of the error message
         "grads": {"grad_1": "none"},           # per-variable gradient status; "dropped" = none or zero
         "observed": {"has_history": False},    # values the case reported with ctx.observe()
     }}
"""
import re

from . import outcomes

HOLDS = "holds"
REFUTED = "refuted"
INCONCLUSIVE = "inconclusive"   # the case could not be judged in this environment
NO_CLAIM = "no_claim"

VERDICTS = (HOLDS, REFUTED, INCONCLUSIVE, NO_CLAIM)
EXPECT_KEYS = ("outcome", "error_type", "message", "grads", "observed")


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def validate_expect(expect):
    """Problems with an "expect" mapping, as a list of strings (empty if fine)."""
    problems = []
    if not isinstance(expect, dict) or not expect:
        return ["claim.expect must be a non-empty mapping"]
    for key in expect:
        if key not in EXPECT_KEYS:
            problems.append("claim.expect has unknown key %r (known: %s)" % (key, ", ".join(EXPECT_KEYS)))
    for outcome in _as_list(expect.get("outcome", [])):
        if outcome not in outcomes.OUTCOMES:
            problems.append("claim.expect.outcome %r is not an outcome" % (outcome,))
    for name, status in (expect.get("grads") or {}).items():
        if status not in outcomes.GRAD_STATUSES + ("dropped",):
            problems.append("claim.expect.grads[%r] = %r is not a gradient status" % (name, status))
    if "message" in expect:
        try:
            re.compile(expect["message"])
        except re.error as exc:
            problems.append("claim.expect.message is not a regex: %s" % exc)
    return problems


def _grad_matches(expected, actual):
    if expected == "dropped":
        return actual in (outcomes.GRAD_NONE, outcomes.GRAD_ZERO)
    return expected == actual


def verdict(claim, record):
    """(verdict, why) for one claim against one result record (a dict)."""
    if not claim or not claim.get("expect"):
        return NO_CLAIM, ""
    outcome = record.get("outcome")
    if outcome not in outcomes.JUDGEABLE:
        return INCONCLUSIVE, "outcome %s" % outcome
    expect = claim["expect"]
    mismatches = []
    if "outcome" in expect and outcome not in _as_list(expect["outcome"]):
        mismatches.append("outcome %s, claimed %s" % (outcome, "/".join(_as_list(expect["outcome"]))))
    if "error_type" in expect and record.get("error_type") not in _as_list(expect["error_type"]):
        mismatches.append("error %s, claimed %s" % (
            record.get("error_type") or "none", "/".join(_as_list(expect["error_type"]))))
    if "message" in expect and not re.search(expect["message"], record.get("error_message") or ""):
        mismatches.append("message does not match %r" % expect["message"])
    grads = record.get("grads") or {}
    for name, status in sorted((expect.get("grads") or {}).items()):
        actual = grads.get(name)
        if actual is None:
            mismatches.append("gradient %s not computed, claimed %s" % (name, status))
        elif not _grad_matches(status, actual):
            mismatches.append("gradient %s is %s, claimed %s" % (name, actual, status))
    observed = record.get("observed") or {}
    for name, value in sorted((expect.get("observed") or {}).items()):
        if name not in observed:
            mismatches.append("%s not observed, claimed %r" % (name, value))
        elif observed[name] != value:
            mismatches.append("%s = %r, claimed %r" % (name, observed[name], value))
    if mismatches:
        return REFUTED, "; ".join(mismatches)
    return HOLDS, ""
