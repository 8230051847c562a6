"""The error a user reads: what an exception looks like at the bottom of their terminal.

Runs inside the case process (Python 3.7+, standard library only). A cell is
what the user sees when the same code runs as a plain script, so an exception
is judged on the error printed last, looking through the wrappers the
libraries put around it:

- autograph (tf.function, so every loss, metric, Lambda and train_step run by
  fit/evaluate/predict): "in user code:" (TF 2.2+) / "in converted code:"
  (TF 1.15), then the frames, then the original error, indented;
- Keras' call context: "Exception encountered when calling layer 'x' (type X)."
  (Keras 2.13+, tf_keras) / "Exception encountered when calling X.call()."
  (Keras 3), then the layer's own message, then the call arguments;
- TensorFlow op errors (UnknownError, InvalidArgumentError...) that carry a Python
  error raised inside an op (tf.py_function, tf.numpy_function, a tf.data map):
  "{{function_node ...}} Error in user-defined function passed to MapDataset...:
  AttributeError: ... Traceback ...";
- TensorFlow's "Graph execution error:" (2.9+), whose message is the op's (after the
  "Detected at node" frames);
- Keras 3's shape inference of a layer called on symbolic inputs: "Could not
  automatically infer the output shape / dtype of 'x' ... Error encountered:", then
  the error call() raised;
- Keras 3's deserialization: "<class ...> could not be deserialized properly ...
  config=... Exception encountered: <the error>".

Wrappers nest (a Keras call context inside autograph); they are peeled until
none is left. Chained exceptions ("raise X from Y", "During handling of the
above exception...") print every link, but the user's last line is X's: X
decides, the links above stay in the traceback. The strict rule stands: a
message that merely quotes a source line mentioning _keras_history (autograph
prints the line `y_pred._keras_history`) is not the AttributeError.

harness/audit/plain_rule.py decides the same question from the printed text
alone, independently; the audit compares the two.
"""
import re
import traceback

from .. import outcomes, records

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# "'Tensor' object has no attribute '_keras_history'" whatever the class is called, and JAX's
# tracer wording "DynamicJaxprTracer has no attribute _keras_history";
# ('Tensor', 'SymbolicTensor', 'KerasTensor', 'Functional', 'NoneType', "type object 'X'").
# Anchored at the start of the message, as Python words it.
_KERAS_HISTORY = re.compile(
    r"""^(?:type object )?'?[\w.<>\[\] ]+?'? (?:object )?has no attribute '?_keras_history\b""")
_AUTOGRAPH_HEADS = ("in user code:", "in converted code:")
_KERAS_CALL_HEAD = "Exception encountered when calling"
_KERAS_CALL_ARGS = re.compile(r"^\s*(Call arguments received|Arguments received)\b")
# A frame line in autograph's listing: TF 2.5+ 'File "x.py", line 5, in f  *'; TF 2.2-2.4 'x.py:5 f  *'.
_FRAME = re.compile(r'^\s+(File ".*", line \d+, in \S+|\S+:\d+ \S+)(\s+\*{1,2})?\s*$')
# "SomeError: message" / "pkg.mod.SomeError: message" / "SomeError" alone.
_ERROR_LINE = re.compile(r"^(?P<type>[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*)(?::(?: (?P<message>.*))?)?$")
_GRAPH_ERROR_HEAD = "Graph execution error:"
_KERAS_INFER_HEAD = "Could not automatically infer the output shape / dtype of"
_ERROR_ENCOUNTERED = "Error encountered:"
# Keras 3: "<class 'X'> could not be deserialized properly. ... Exception encountered: <the error>";
# tf.keras 2.13-2.15 and Keras 3's legacy .h5/JSON loader: "Error when deserializing class 'Dense'
# using config={...}.\n\nException encountered: <the error>".
_DESERIALIZE_HEAD = re.compile(r"^<class '[\w.<>]+'> could not be deserialized properly\b"
                               r"|^Error when deserializing class '[\w.]+' using config=")
_EXCEPTION_ENCOUNTERED = "Exception encountered: "


def _lines(text):
    return _ANSI.sub("", text).splitlines()


def _dedent(lines):
    width = min((len(l) - len(l.lstrip()) for l in lines if l.strip()), default=0)
    return [l[width:] for l in lines]


def _first(lines):
    return next((l.strip() for l in lines if l.strip()), "")


def _looks_like_exception(name):
    short = name.rsplit(".", 1)[-1]
    return bool(short) and short[0].isupper() and (
        short.endswith(("Error", "Exception", "Exit", "Interrupt", "Warning", "Iteration"))
        or short in ("NotApplicable",))


def _unwrap_autograph(lines):
    """(type, message lines) of the error autograph wraps, or None."""
    last_frame = None
    for index, line in enumerate(lines):
        if _FRAME.match(line):
            last_frame = index
    start = 1 if last_frame is None else last_frame + 1
    # after the last frame: its source line (indented deeper), blank lines, then the error
    base = None
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if last_frame is not None and base is None:
            frame_indent = len(lines[last_frame]) - len(lines[last_frame].lstrip())
            if indent > frame_indent:
                continue   # the frame's source line
        match = _ERROR_LINE.match(line.strip())
        if match and _looks_like_exception(match.group("type")):
            body = _dedent(lines[index:])
            body[0] = match.group("message") or ""
            return match.group("type"), body
        base = indent
    return None


def _unwrap_keras_call(lines):
    """The layer's own message inside Keras' call context."""
    body = []
    for line in lines[1:]:
        if _KERAS_CALL_ARGS.match(line):
            break
        body.append(line)
    while body and not body[0].strip():
        body.pop(0)
    return body or None


# TensorFlow's op errors (tf.errors.*): their message may carry the Python error raised inside the op.
_TF_OP_ERRORS = {"OpError", "UnknownError", "InvalidArgumentError", "InternalError", "FailedPreconditionError",
                 "AbortedError", "NotFoundError", "ResourceExhaustedError", "UnimplementedError", "CancelledError",
                 "OutOfRangeError", "DataLossError", "PermissionDeniedError", "UnauthenticatedError",
                 "AlreadyExistsError", "DeadlineExceededError", "UnavailableError"}
_OP_PREFIXES = (re.compile(r"^\{\{function_node [^}]*\}\}\s*"),
                re.compile(r"^Error in user-defined function passed to .*?: (?=[A-Za-z_]\w*(?:Error|Exception): )"))


def _unwrap_op_error(lines):
    """(type, message lines) of a Python error carried inside an op error's message
    ('{{function_node f}} AttributeError: ...\nTraceback ...'), or None."""
    first = lines[0].strip()
    for prefix in _OP_PREFIXES:
        first = prefix.sub("", first)
    match = _ERROR_LINE.match(first)
    if match and _looks_like_exception(match.group("type")) and match.group("message"):
        return match.group("type"), [match.group("message")] + lines[1:]
    return None


def _unwrap_keras_infer(lines):
    """The error call() raised while Keras 3 inferred a layer's output shape."""
    for index, line in enumerate(lines):
        if line.rstrip().endswith(_ERROR_ENCOUNTERED):
            body = lines[index + 1:]
            while body and not body[0].strip():
                body.pop(0)
            return body or None
    return None


def _unwrap_deserialize(lines):
    """The error behind Keras 3's "could not be deserialized properly"."""
    for index, line in enumerate(lines):
        if line.startswith(_EXCEPTION_ENCOUNTERED):
            return [line[len(_EXCEPTION_ENCOUNTERED):]] + lines[index + 1:]
    return None


def _unwrap_graph_error(lines):
    """The op's message in TF 2.9+ 'Graph execution error:': the first line at column 0
    after the 'Detected at node ... defined at' frames."""
    body = lines[1:]
    detected = next((i for i, l in enumerate(body) if l.startswith("Detected at node")), None)
    if detected is not None:
        body = body[detected + 1:]
    for index, line in enumerate(body):
        if line.strip() and not line[0].isspace() and not line.startswith(("<stack traces", "Node:", "[[")):
            return body[index:]
    return None


def read(exc):
    """read_text() of an exception object (its class name, message and printed last line)."""
    try:
        printed = "".join(traceback.format_exception_only(type(exc), exc)).rstrip("\n")
        last = (printed.splitlines() or [type(exc).__name__])[-1]
    except Exception:
        last = type(exc).__name__
    return read_text(type(exc).__name__, str(exc), last)


def read_text(raised, text, last=None):
    """What the user reads for an exception of class `raised` with message `text`,
    as record fields:

    error_type       the class of the error the user reads (wrappers looked through)
    error_message    its message (first line, or the inner paragraph), at most 500 chars
    error_last_line  the last line Python prints for `exc`
    raised_type      the class actually raised, only where it differs from error_type
    wrappers         the wrappers looked through, outermost first
    keras_history    True when it is the _keras_history AttributeError
    """
    error_type = raised
    lines = _lines(text)
    wrappers = []
    for _ in range(8):   # wrappers nest a few levels at most
        head = _first(lines)
        unwrapped = None
        if head in _AUTOGRAPH_HEADS:
            found = _unwrap_autograph(lines)
            if found:
                unwrapped, error_type, lines = "autograph", found[0].rsplit(".", 1)[-1], found[1]
        elif head.startswith(_KERAS_CALL_HEAD):
            body = _unwrap_keras_call(lines[[bool(l.strip()) for l in lines].index(True):])
            if body:
                unwrapped, lines = "keras_call", body
        elif head.startswith(_KERAS_INFER_HEAD):
            body = _unwrap_keras_infer(lines[[bool(l.strip()) for l in lines].index(True):])
            if body:
                unwrapped, lines = "keras_infer", body
        elif _DESERIALIZE_HEAD.match(head):
            body = _unwrap_deserialize(lines)
            if body:
                unwrapped, lines = "keras_deserialize", body
        elif head == _GRAPH_ERROR_HEAD:
            body = _unwrap_graph_error(lines)
            if body:
                unwrapped, lines = "graph_execution", body
        elif error_type in _TF_OP_ERRORS:
            found = _unwrap_op_error([l for l in lines if l.strip()])
            if found:
                unwrapped, error_type, lines = "op_error", found[0].rsplit(".", 1)[-1], found[1]
        if unwrapped is None:
            break
        wrappers.append(unwrapped)
    message = _first(lines)[:records.MAX_MESSAGE]
    if last is None:
        last = (_lines(text) or [raised])[-1]
    keras_history = error_type == "AttributeError" and bool(_KERAS_HISTORY.match(message))
    fields = {"error_type": error_type, "error_message": message,
              "error_last_line": _ANSI.sub("", last)[-records.MAX_MESSAGE:],
              "keras_history": keras_history}
    if raised != error_type:
        fields["raised_type"] = raised
    if wrappers:
        fields["wrappers"] = wrappers
    return fields


def classify(exc, subject_reached=True):
    """Record fields for an exception raised by a case: outcome plus read(exc).

    An exception before the case reached the step its claim is about is a
    setup_error: the claim cannot be judged on it (the error is kept)."""
    fields = read(exc)
    keras_history = fields.pop("keras_history")
    if not subject_reached:
        fields["outcome"] = outcomes.SETUP_ERROR
    else:
        fields["outcome"] = outcomes.KERAS_HISTORY_ERROR if keras_history else outcomes.ERROR
    return fields
