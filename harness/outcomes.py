"""The outcome vocabulary and the classification of what a case did.

Runs inside every environment of the matrix (Python 3.7+), standard library only.

Every cell of the compatibility table holds exactly one of OUTCOMES. The order
below is also the order the report uses for legends and summaries.
"""
import re

OK = "ok"
KERAS_HISTORY_ERROR = "keras_history_error"  # AttributeError: ... no attribute '_keras_history'
ERROR = "error"                              # any other exception (type + first line kept)
GRAD_DROPPED = "grad_dropped"                # a variable that must get a gradient got None / all-zero
CRASH = "crash"                              # the case process died (signal or unexpected exit code)
TIMEOUT = "timeout"                          # the case process was killed after its time limit
NOT_APPLICABLE = "not_applicable"            # the environment lacks what the case needs (reason kept)
CASE_ERROR = "case_error"                    # the case file itself is broken (syntax, metadata)
ENV_ERROR = "env_error"                      # the environment could not be built or imported
NOT_RUN = "not_run"                          # the environment was deliberately not run (e.g. no GPU)

OUTCOMES = (OK, KERAS_HISTORY_ERROR, ERROR, GRAD_DROPPED, CRASH, TIMEOUT,
            NOT_APPLICABLE, CASE_ERROR, ENV_ERROR, NOT_RUN)

# Outcomes that say something about the library under test (a claim can be
# judged on them). The others say the case could not be judged here.
JUDGEABLE = (OK, KERAS_HISTORY_ERROR, ERROR, GRAD_DROPPED, CRASH)

# Gradient statuses recorded per named variable.
GRAD_OK = "ok"
GRAD_NONE = "none"
GRAD_ZERO = "zero"
GRAD_STATUSES = (GRAD_OK, GRAD_NONE, GRAD_ZERO)

# "'Tensor' object has no attribute '_keras_history'", whatever the class is
# called ('Tensor', 'SymbolicTensor', 'EagerTensor', 'KerasTensor', 'Functional',
# "'NoneType'"...). Anchored at the start of the message: a message that merely
# quotes source code mentioning _keras_history does not count.
_KERAS_HISTORY_RE = re.compile(
    r"""^(?:type object )?'?(?P<cls>[\w.<>\[\] ]+?)'? object has no attribute '_keras_history'""")

MAX_MESSAGE = 500


def first_line(text, limit=MAX_MESSAGE):
    """The first non-empty line of `text`, cut to `limit` characters."""
    for line in str(text).splitlines():
        line = line.strip()
        if line:
            return line[:limit]
    return ""


# tf.function wraps errors raised while tracing as "in user code:" followed by the
# traceback; the error itself is the last "SomeError: message" line.
_TF_USER_CODE_HEADS = ("in user code:", "in converted code:")  # TF 2.x / TF 1.15 autograph
_WRAPPED_ERROR_RE = re.compile(r"^\s*[\w.]*(?:Error|Exception): (?P<message>.+)$")
# Keras 2.13+ and Keras 3 put a header line before the layer's own error:
# "Exception encountered when calling layer 'x' (type X)." then the message.
_KERAS_CALL_HEAD = "Exception encountered when calling"
_ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")


def error_message(exc, limit=MAX_MESSAGE):
    """The message that says what went wrong: the first line, or for an error
    re-raised by tf.function ("in user code: ...") the wrapped error's message."""
    text = _ANSI_RE.sub("", str(exc))
    message = first_line(text, limit=limit)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if message in _TF_USER_CODE_HEADS:
        match = _WRAPPED_ERROR_RE.match(lines[-1]) if lines else None
        if match:
            return match.group("message").strip()[:limit]
    if message.startswith(_KERAS_CALL_HEAD) and len(lines) > 1:
        return lines[1][:limit]
    return message


def keras_history_class(exc):
    """The class name the error complains about if `exc` is a genuine
    `_keras_history` AttributeError, else None."""
    if not isinstance(exc, AttributeError):
        return None
    message = first_line(exc, limit=10000)
    match = _KERAS_HISTORY_RE.match(message)
    if match:
        return match.group("cls")
    # Python 3.10+ records the missing attribute name even when the message
    # was customised; trust it only together with an object we can name.
    if getattr(exc, "name", None) == "_keras_history":
        obj = getattr(exc, "obj", None)
        return type(obj).__name__ if obj is not None else "?"
    return None


def classify_exception(exc):
    """Map an exception raised by a case to (outcome, error_type, message)."""
    error_type = type(exc).__name__
    message = error_message(exc)
    if keras_history_class(exc) is not None:
        return KERAS_HISTORY_ERROR, error_type, message
    return ERROR, error_type, message


def classify_completion(required, grads):
    """Outcome of a case body that returned normally.

    `required` lists the variables that must receive a gradient; `grads` maps
    names to GRAD_STATUSES. Returns (outcome, reason).
    """
    missing = [name for name in required if name not in grads]
    if missing:
        return CASE_ERROR, "case never reported required gradient(s): %s" % ", ".join(missing)
    dropped = [name for name in required if grads[name] != GRAD_OK]
    if dropped:
        return GRAD_DROPPED, ", ".join("%s=%s" % (name, grads[name]) for name in dropped)
    return OK, None


def classify_exit(returncode):
    """Describe an unexpected child-process ending: (exit_code, signal_number)."""
    if returncode is None:
        return None, None
    if returncode < 0:
        return None, -returncode
    return returncode, None
