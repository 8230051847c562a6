"""The outcome vocabulary, as data: one row per outcome, everything else derives from it.

Runs inside every environment of the matrix (Python 3.7+) and on the host,
standard library only. The runner (pytest status, letters), the claim judge
(judgeable or not), the report (labels, colours, legend, the page script through the
page's data), bisection (decidable or not) and the history (flaky) all read
these rows; adding an outcome is one row here plus the code that produces it.

Every cell of the compatibility table holds exactly one outcome. The order of
TABLE is the order of legends and summaries.
"""
from collections import OrderedDict, namedtuple

Outcome = namedtuple("Outcome", [
    "name",         # the value in records
    "label",        # short text in a cell (colour is never the only signal)
    "background",   # Okabe-Ito palette: colour-blind safe
    "foreground",
    "judgeable",    # says something about the code under test: a claim can be judged on it
    "env_level",    # may stand for a whole environment (a record with case_id null)
    "fails_item",   # the runner's pytest item fails: a person must look at it
    "letter",       # pytest's progress letter
    "error",        # the error the user reads (error_type): "required", "none" (never with one) or "any"
    "description",
])

TABLE = (
    Outcome("ok", "OK", "#009E73", "#ffffff", True, False, False, ".", "none",
            "ran to the end, every required gradient and effect present"),
    Outcome("keras_history_error", "KH", "#D55E00", "#ffffff", True, False, False, "K", "required",
            "the error the user reads is AttributeError: ... has no attribute '_keras_history'"),
    Outcome("error", "ERR", "#E69F00", "#000000", True, False, False, "E", "required",
            "another exception (the type and message the user reads)"),
    Outcome("grad_dropped", "GRAD", "#CC79A7", "#000000", True, False, False, "G", "none",
            "ran, but a required gradient was None or zero"),
    Outcome("silent_failure", "SILENT", "#882255", "#ffffff", True, False, False, "Q", "none",
            "ran without an error, but a required effect did not happen "
            "(a variable never updated, a weight not tracked)"),
    Outcome("crash", "CRASH", "#000000", "#ffffff", True, False, True, "C", "any",
            "the case process died (signal or unexpected exit)"),
    Outcome("timeout", "TIME", "#0072B2", "#ffffff", False, False, True, "T", "none",
            "killed after its time limit"),
    Outcome("setup_error", "SETUP", "#F5C710", "#000000", False, False, True, "S", "required",
            "failed before the step its claim is about (the error is kept); the claim "
            "cannot be judged here"),
    Outcome("flaky", "FLAKY", "#999933", "#000000", False, False, False, "~", "any",
            "repeated runs of the same cell disagreed (counts kept)"),
    Outcome("not_applicable", "N/A", "#dddddd", "#000000", False, False, False, "s", "none",
            "the environment lacks what the case needs (reason kept)"),
    Outcome("case_error", "CASE", "#F0E442", "#000000", False, False, True, "F", "any",
            "the case file itself is broken"),
    Outcome("env_error", "ENV", "#56B4E9", "#000000", False, True, True, "F", "any",
            "the environment could not be built or imported"),
    Outcome("not_run", "--", "#ffffff", "#555555", False, True, False, "-", "none",
            "not run here (e.g. a CUDA row without a GPU)"),
)

BY_NAME = OrderedDict((o.name, o) for o in TABLE)
OUTCOMES = tuple(BY_NAME)

# Names used in code (a typo is then a NameError, not a silently new outcome).
OK = "ok"
KERAS_HISTORY_ERROR = "keras_history_error"
ERROR = "error"
GRAD_DROPPED = "grad_dropped"
SILENT_FAILURE = "silent_failure"
CRASH = "crash"
TIMEOUT = "timeout"
SETUP_ERROR = "setup_error"
FLAKY = "flaky"
NOT_APPLICABLE = "not_applicable"
CASE_ERROR = "case_error"
ENV_ERROR = "env_error"
NOT_RUN = "not_run"
assert set(OUTCOMES) == {OK, KERAS_HISTORY_ERROR, ERROR, GRAD_DROPPED, SILENT_FAILURE, CRASH, TIMEOUT,
                         SETUP_ERROR, FLAKY, NOT_APPLICABLE, CASE_ERROR, ENV_ERROR, NOT_RUN}

JUDGEABLE = tuple(o.name for o in TABLE if o.judgeable)
ENV_LEVEL = tuple(o.name for o in TABLE if o.env_level)
FAILS_ITEM = tuple(o.name for o in TABLE if o.fails_item)
# What a run records; flaky is only ever derived from several records of one cell.
RECORDED = tuple(o.name for o in TABLE if o.name != FLAKY)

# A timeout or a crash says as much about the machine (its load, its memory) as about the
# case: such a cell is never reused, the next run runs it again (harness/hashes.py).
NEVER_REUSED = (CRASH, TIMEOUT)

# Outcomes that always carry the error the user reads, and those that never do.
NEEDS_ERROR = tuple(o.name for o in TABLE if o.error == "required")
NO_ERROR = tuple(o.name for o in TABLE if o.error == "none")

# Gradient statuses recorded per named variable.
GRAD_OK = "ok"
GRAD_NONE = "none"
GRAD_ZERO = "zero"
GRAD_STATUSES = (GRAD_OK, GRAD_NONE, GRAD_ZERO)
# Effect statuses (ctx.effect): did a required effect happen?
EFFECT_YES = "yes"
EFFECT_NO = "no"
EFFECT_STATUSES = (EFFECT_YES, EFFECT_NO)


def get(name):
    """The Outcome row of `name`; KeyError names the known ones."""
    try:
        return BY_NAME[name]
    except (KeyError, TypeError):
        raise KeyError("unknown outcome %r (known: %s)" % (name, ", ".join(OUTCOMES)))


def as_data():
    """The table as JSON-able dicts (the report's page reads this, never its own copy)."""
    return [dict(o._asdict()) for o in TABLE]


def classify_completion(required_grads, grads, required_effects=(), effects=None):
    """Outcome of a case body that returned normally: (outcome, reason).

    `required_grads` lists the variables that must receive a gradient, `grads`
    maps names to GRAD_STATUSES; `required_effects` / `effects` likewise for
    ctx.effect() (EFFECT_STATUSES)."""
    effects = effects or {}
    missing = [name for name in required_grads if name not in grads]
    missing += [name for name in required_effects if name not in effects]
    if missing:
        return CASE_ERROR, "case never reported required gradient(s)/effect(s): %s" % ", ".join(missing)
    dropped = [name for name in required_grads if grads[name] != GRAD_OK]
    if dropped:
        return GRAD_DROPPED, ", ".join("%s=%s" % (name, grads[name]) for name in dropped)
    absent = [name for name in required_effects if effects[name] != EFFECT_YES]
    if absent:
        return SILENT_FAILURE, ", ".join("%s did not happen" % name for name in absent)
    return OK, None


def classify_exit(returncode):
    """Describe an unexpected child-process ending: (exit_code, signal_number)."""
    if returncode is None:
        return None, None
    if returncode < 0:
        return None, -returncode
    return returncode, None
