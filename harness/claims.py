"""Judging a source's claim against what a run really did.

Shared by the in-environment runner (Python 3.7+, to print verdicts in the
pytest report) and the host-side report. Standard library only.

A claim is the dict a case variant carries under "claim":

    {"text": "grad_1 will be None",             # the source's words, paraphrased
     "versions": "recent versions",             # what the source says about versions, if anything
     "scope": {"tf": ">=2.0", "flavour": ["tf.keras"]},   # where the source says it holds (axes.py);
                                                # verdicts are counted in and out of scope apart
     "expect": {                                # machine-checkable form; every key given must match
         "outcome": "ok" | [..],                # one outcome or a list of acceptable ones
         "error_type": "AttributeError" | [..], # exception class name(s) of the error the user reads
         "message": "regex",                    # searched in that error's message (wrappers removed)
         "grads": {"grad_1": "none"},           # per-variable gradient status; "dropped" = none or zero
         "effects": {"kernel_updated": "no"},   # ctx.effect() statuses
         "observed": {"has_history": False},    # values the case reported with ctx.observe()
     }}
"""
import re

from . import axes, outcomes

try:   # the regex parser: re._parser from Python 3.11, sre_parse before (deprecated since)
    from re import _parser as _sre
except ImportError:  # pragma: no cover (Python < 3.11)
    import sre_parse as _sre

HOLDS = "holds"
REFUTED = "refuted"
INCONCLUSIVE = "inconclusive"   # the case could not be judged in this environment
NO_CLAIM = "no_claim"

VERDICTS = (HOLDS, REFUTED, INCONCLUSIVE, NO_CLAIM)
EXPECT_KEYS = ("outcome", "error_type", "message", "grads", "effects", "observed")
CLAIM_KEYS = ("text", "versions", "scope", "expect")


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


_REPEATS = tuple(getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT") if hasattr(_sre, name))


def _nested_repeat(items, repeated):
    """The first variable-count repeat inside a repeat that may match more than once
    (`(a+)+`, `(a*)*`, `(x+y?)+`), as text, else None. A possessive repeat or an atomic
    group does not backtrack and is left alone."""
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            if repeated and low != high:
                return "a repeat inside a repeat"
            found = _nested_repeat(body, repeated or high > 1)
        else:
            if getattr(_sre, "ATOMIC_GROUP", None) is not None and op == _sre.ATOMIC_GROUP:
                continue
            if getattr(_sre, "POSSESSIVE_REPEAT", None) is not None and op == _sre.POSSESSIVE_REPEAT:
                continue
            found = None
            for part in _parts(av):
                found = _nested_repeat(part, repeated)
                if found:
                    break
        if found:
            return found
    return None


def _parts(value):
    """The sub-patterns inside one parsed item's argument (groups, branches, lookarounds)."""
    if isinstance(value, _sre.SubPattern):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            for part in _parts(item):
                yield part


def regex_problem(pattern):
    """Why `pattern` cannot be a claim's message pattern, or None: it must compile, and
    must have no nested quantifier, which can backtrack for minutes on a message of a
    few dozen characters (`^(a+)+$` on 'aaaa...!')."""
    try:
        re.compile(pattern)
        nested = _nested_repeat(_sre.parse(pattern), False)
    except (re.error, RecursionError, OverflowError) as exc:
        return "is not a regex: %s" % exc
    if nested:
        return ("%r has a nested quantifier (%s): it can take minutes on some messages; write it without one "
                "(e.g. 'a+' for '(a+)+')" % (pattern, nested))
    return None


def validate_expect(expect):
    """Problems with an "expect" mapping, as a list of strings (empty if fine)."""
    problems = []
    if not isinstance(expect, dict) or not expect:
        return ["claim.expect must be a non-empty mapping"]
    for key in expect:
        if key not in EXPECT_KEYS:
            problems.append("claim.expect has unknown key %r (known: %s)" % (key, ", ".join(EXPECT_KEYS)))
    for key in ("outcome", "error_type"):
        values = _as_list(expect[key]) if key in expect else ["-"]
        if not values or not all(isinstance(v, str) for v in values):
            problems.append("claim.expect.%s must be a string or a non-empty list of strings" % key)
    for outcome in _as_list(expect.get("outcome", [])):
        if isinstance(outcome, str) and outcome not in outcomes.JUDGEABLE:
            problems.append("claim.expect.outcome %r is not an outcome" % (outcome,))
    for key, statuses in (("grads", outcomes.GRAD_STATUSES + ("dropped",)),
                          ("effects", outcomes.EFFECT_STATUSES), ("observed", None)):
        mapping = expect.get(key, {})
        if not isinstance(mapping, dict):
            problems.append("claim.expect.%s must be a mapping" % key)
            continue
        for name, status in mapping.items():
            if not isinstance(name, str):
                problems.append("claim.expect.%s has a non-string name %r" % (key, name))
            elif statuses is not None and status not in statuses:
                problems.append("claim.expect.%s[%r] = %r is not one of %s" % (key, name, status, ", ".join(statuses)))
    if "message" in expect:
        if not isinstance(expect["message"], str):
            problems.append("claim.expect.message must be a regex string")
        else:
            problem = regex_problem(expect["message"])
            if problem:
                problems.append("claim.expect.message " + problem)
    return problems


def validate_claim(claim):
    """Problems with a whole claim mapping (text, versions, scope, expect)."""
    if not isinstance(claim, dict):
        return ["a claim must be a mapping"]
    problems = ["claim has unknown key %r (known: %s)" % (k, ", ".join(CLAIM_KEYS))
                for k in claim if k not in CLAIM_KEYS]
    if not isinstance(claim.get("text"), str) or not claim.get("text"):
        problems.append("a claim needs its 'text' (the source's words)")
    if "versions" in claim and not isinstance(claim["versions"], str):
        problems.append("claim.versions must be a string (the source's words about versions)")
    if "scope" in claim:
        problems.extend("claim." + p for p in axes.check_scope(claim["scope"]))
    if "expect" in claim:
        problems.extend(validate_expect(claim["expect"]))
    return problems


def in_scope(claim, axis_values):
    """Is an environment (its axis values) inside the claim's scope? No scope: everywhere."""
    return axes.in_scope((claim or {}).get("scope"), axis_values)


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
    if "message" in expect:
        problem = regex_problem(expect["message"])   # a claim from anywhere: never evaluated when unsafe
        if problem:
            return INCONCLUSIVE, "the claim's message pattern " + problem
        if not re.search(expect["message"], record.get("error_message") or ""):
            mismatches.append("message does not match %r" % expect["message"])
    grads = record.get("grads") or {}
    for name, status in sorted((expect.get("grads") or {}).items()):
        actual = grads.get(name)
        if actual is None:
            mismatches.append("gradient %s not computed, claimed %s" % (name, status))
        elif not _grad_matches(status, actual):
            mismatches.append("gradient %s is %s, claimed %s" % (name, actual, status))
    effects = record.get("effects") or {}
    for name, status in sorted((expect.get("effects") or {}).items()):
        actual = effects.get(name)
        if actual is None:
            mismatches.append("effect %s not reported, claimed %s" % (name, status))
        elif actual != status:
            mismatches.append("effect %s: %s, claimed %s" % (name, actual, status))
    observed = record.get("observed") or {}
    for name, value in sorted((expect.get("observed") or {}).items()):
        if name not in observed:
            mismatches.append("%s not observed, claimed %r" % (name, value))
        elif observed[name] != value:
            mismatches.append("%s = %r, claimed %r" % (name, observed[name], value))
    if mismatches:
        return REFUTED, "; ".join(mismatches)
    return HOLDS, ""
