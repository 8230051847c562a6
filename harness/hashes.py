"""What a cell's result depends on, as hashes: reuse a result while none of them changed.

Standard library, Python 3.7+: the runner stamps every record with these, and
the matrix plans incremental runs with the same functions.

    case_hash    the case file's bytes and the harness code the case itself runs
                 (ctx: harness/runner/context.py)
    runner_hash  the code that runs a case and turns what happened into a record
    env_hash     the row's resolved package set, interpreter and variables
                 (computed by the matrix from `uv pip freeze`, see harness/matrix/rowrun.py)
    limits       not a hash: the run's case timeout and memory cap (harness/runner/options.py),
                 recorded in every record; a cell made under other limits is not reused

reusable() is the one rule, read from a cell's latest record only (whatever source
holds it: the history's records or an index of latest cells): a cell is reused while
none of these changed and its outcome is not a timeout or a crash (outcomes.NEVER_REUSED).
"""
import hashlib
import json
import os

from . import outcomes

HARNESS = os.path.dirname(os.path.abspath(__file__))
CASE_DEPENDS_ON = ("runner/context.py",)
RUNNER_FILES = ("outcomes.py", "contract.py", "records.py", "axes.py", "hashes.py", "casefile/__init__.py", "runner/__init__.py", "runner/session.py",
                "runner/child.py", "runner/flavour.py", "runner/isolate.py", "runner/items.py",
                "runner/limits.py", "runner/options.py", "runner/host.py", "runner/plugin.py", "runner/script.py",
                "runner/user_error.py", "artifacts.py", "runner/saveload.py")
SHORT = 16


def _digest(paths):
    digest = hashlib.sha256()
    for path in paths:
        digest.update(os.path.basename(path).encode("utf-8") + b"\0")
        try:
            with open(path, "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()[:SHORT]


def case_hash(case_path):
    return _digest([case_path] + [os.path.join(HARNESS, p) for p in CASE_DEPENDS_ON])


def runner_hash():
    return _digest([os.path.join(HARNESS, p) for p in RUNNER_FILES])


def text_hash(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:SHORT]


# The record fields that name what a result was made from (in every record, compared by planning).
INPUTS = ("case_hash", "runner_hash", "env_hash")


def reusable(record, case_hash, runner_hash, env_hash, limits):
    """(reusable, why not) of a cell's latest record (a mapping with outcome, case_hash,
    runner_hash, env_hash and limits: a dict, or its JSON text as the history stores it)
    for a run of that case code, runner, environment and limits."""
    if record.get("outcome") in outcomes.NEVER_REUSED:
        return False, "its latest result is %s" % record.get("outcome")
    for name, now in zip(INPUTS, (case_hash, runner_hash, env_hash)):
        if record.get(name) != now:
            return False, "%s changed" % name.split("_")[0]
    made_under = record.get("limits")
    if isinstance(made_under, str):
        try:
            made_under = json.loads(made_under)
        except ValueError:
            made_under = None
    if made_under != limits:
        return False, "made under other limits (%s)" % (made_under or "unknown")
    return True, ""
