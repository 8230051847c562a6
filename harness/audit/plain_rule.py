"""What a plain `python script.py` run shows, decided from its printed text alone.

Deliberately simple and independent of the runner (harness/runner/user_error.py
reads exception objects; this reads only exit status, stdout and stderr), so
that the audit can check one against the other:

- killed after the time limit -> timeout; killed by a signal -> crash;
- exit 0 -> ok, unless a required KMATRIX-GRAD line says none/zero (grad_dropped)
  or a required KMATRIX-EFFECT line says no (silent_failure);
- otherwise the last traceback printed: its final block (from the first line at
  column 0 after the frames, to the end, TensorFlow's log lines dropped) is the
  error. Its type is the type on the last line of that block that reads
  "SomeError: ..." (the innermost error autograph prints, indented), else the
  block's first line. It is the _keras_history error when that type is
  AttributeError and a line of the block reads "'X' object has no attribute
  '_keras_history'" (JAX: "DynamicJaxprTracer has no attribute _keras_history");
- NotApplicable (ctx.skip) -> not_applicable; an error before the KMATRIX-SUBJECT
  line of a script that marks its subject -> setup_error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

TRACEBACK = "Traceback (most recent call last):"
_TF_LOG = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] |[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ |WARNING:|INFO:)")
_TYPE_LINE = re.compile(r"^\s*(?P<type>[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Iteration|NotApplicable))(?::|$)")
_HEADER = re.compile(r"^(?P<type>[A-Za-z_][\w.]*)(?::|$)")
_KERAS_HISTORY = re.compile(
    r"^\s*(?:AttributeError: )?(?:type object )?('[^']*' object|\w+) has no attribute '?_keras_history\b")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")   # Keras 3 prints its messages in bold even into a pipe
_MARKER = re.compile(r"^KMATRIX-(GRAD|EFFECT|SUBJECT)(?:[ \t]+(\S+))?(?:[ \t]+(\S+))?", re.M)


@dataclass
class Plain:
    outcome: str
    error_type: str | None = None
    keras_history: bool = False
    last_line: str = ""
    grads: dict = field(default_factory=dict)
    effects: dict = field(default_factory=dict)


def final_block(stderr: str) -> list[str] | None:
    lines = [l for l in _ANSI.sub("", stderr).splitlines() if not _TF_LOG.match(l)]
    starts = [i for i, l in enumerate(lines) if l.startswith(TRACEBACK)]
    if not starts:
        return None
    for i in range(starts[-1] + 1, len(lines)):
        if lines[i] and not lines[i][0].isspace():
            block = lines[i:]
            while block and not block[-1].strip():
                block.pop()
            return block
    return None


def _grad_word(value: str) -> str:
    """none / zero / ok: cases print the words, a user's script may print None or a number."""
    word = (value or "").lower()
    if word in ("none", "null"):
        return "none"
    try:
        return "zero" if float(word) == 0 else "ok"
    except ValueError:
        return word


def classify(returncode: int | None, stdout: str, stderr: str, *, timed_out: bool = False,
             required_grads=(), required_effects=(), uses_subject: bool = False) -> Plain:
    grads, effects, subject = {}, {}, False
    for kind, name, value in _MARKER.findall(stdout or ""):
        if kind == "GRAD":
            grads[name] = _grad_word(value)
        elif kind == "EFFECT":
            effects[name] = value
        else:
            subject = True
    if timed_out:
        return Plain("timeout", grads=grads, effects=effects)
    if returncode is not None and returncode < 0:
        return Plain("crash", last_line="killed by signal %d" % -returncode, grads=grads, effects=effects)
    if returncode == 0:
        if any(n not in grads for n in required_grads) or any(n not in effects for n in required_effects):
            return Plain("case_error", grads=grads, effects=effects)
        if any(grads[n] != "ok" for n in required_grads):
            return Plain("grad_dropped", grads=grads, effects=effects)
        if any(effects[n] != "yes" for n in required_effects):
            return Plain("silent_failure", grads=grads, effects=effects)
        return Plain("ok", grads=grads, effects=effects)
    block = final_block(stderr or "")
    if not block:
        return Plain("crash", last_line="exit %s without a traceback" % returncode, grads=grads, effects=effects)
    types = [m.group("type") for m in map(_TYPE_LINE.match, block) if m]
    header = _HEADER.match(block[0])
    error_type = (types[-1] if types else (header.group("type") if header else block[0])).rsplit(".", 1)[-1]
    keras_history = error_type == "AttributeError" and any(_KERAS_HISTORY.match(l) for l in block)
    if error_type == "NotApplicable":
        outcome = "not_applicable"
    elif uses_subject and not subject:
        outcome = "setup_error"
    else:
        outcome = "keras_history_error" if keras_history else "error"
    return Plain(outcome, error_type, keras_history, block[-1].strip(), grads, effects)
