"""Ad-hoc scripts: a user's plain Python file run as one case, unmodified.

Runs inside the environment (Python 3.7+), standard library only. A
ScriptVariant quacks like harness.casefile.Variant, so the same isolation
(fork or spawn), classification and record schema apply; only load() differs:
it returns a body that runs the file as `__main__` with runpy, with stdin at
end of file, argv [script], the current directory a fresh temporary folder
and the script's own folder first on sys.path.

A script reports gradients and observations without importing us, by printing
marker lines (docs/scripts.md):

    KMATRIX-GRAD <name> <None | zero | ok | a number>
    KMATRIX-OBSERVE <name> <JSON or Python literal>

They are read from everything the case process wrote to its stdout/stderr
(the capture file child.execute installs on fds 1 and 2), in bounded chunks.
Every gradient named this way is a required gradient: None or zero makes it
grad_dropped. A marker line longer than 4096 bytes is noted in the record
(an observation: a note under its name; a gradient: unreadable).
"""
import ast
import json
import os
import re
import runpy
import sys

from .. import casefile, outcomes

VARIANT_NAME = "script"
ROLE = "script"
SOURCE_KIND = "script"
NONE = "none"   # flavour / backend of an environment without TensorFlow or Keras

_MARKER_RE = re.compile(r"^KMATRIX-(GRAD|OBSERVE)[ \t]+(\S+)(?:[ \t]+(.*?))?[ \t]*$", re.MULTILINE)


class _AnyName(tuple):
    """A scenario's flavours/backends for scripts: a script applies everywhere
    (Keras 3 on numpy, or no Keras at all, included)."""

    def __contains__(self, item):
        return True


class NoKeras(object):
    """Stands in for flavour.KerasUnderTest where neither TensorFlow nor Keras
    is installed: a script needs neither."""
    tf = None
    keras = None
    entry = NONE
    module = NONE
    version = NONE
    major = None
    flavour = NONE
    backend = NONE

    def describe(self):
        return {"entry": NONE, "module": NONE, "version": NONE, "major": None,
                "flavour": NONE, "backend": NONE}


def _installed(name):
    import importlib.util
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resolve_under_test():
    """flavour.resolve(), except that an environment with neither tensorflow
    nor keras installed gives NoKeras instead of an ImportError. Installed but
    broken still raises (the library's env_error)."""
    from . import flavour
    if not _installed("tensorflow") and not _installed("keras"):
        return NoKeras()
    return flavour.resolve()


_PLAIN_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def script_files(path):
    """The scripts a --script argument names: the file itself, or the *.py
    files directly in a folder (sorted; names starting with '_' skipped).
    Raises ValueError naming the path when there is nothing to run: no such
    path, not a regular file (a FIFO, a device), a folder without scripts, or
    a script whose name cannot be a case id (its stem is the scenario id)."""
    if os.path.isdir(path):
        found = sorted(os.path.join(path, name) for name in os.listdir(path)
                       if name.endswith(".py") and not name.startswith("_")
                       and os.path.isfile(os.path.join(path, name)))
        if not found:
            raise ValueError("--script %s: the folder holds no *.py script" % path)
    elif os.path.isfile(path):
        found = [path]
    elif os.path.exists(path):
        raise ValueError("--script %s: not a regular file or a folder" % path)
    else:
        raise ValueError("--script %s: no such file or folder" % path)
    for name in found:
        stem = os.path.splitext(os.path.basename(name))[0]
        if not _PLAIN_STEM.fullmatch(stem):
            raise ValueError("--script %s: %r is not a plain name (letters, digits, '.', '_', '-'): "
                             "rename the script (its name is the case id)" % (path, os.path.basename(name)))
    return found


def check_syntax(path):
    """None if `path` compiles under this interpreter, else 'PATH:LINE: message'."""
    try:
        with open(path, "rb") as handle:
            source = handle.read()
        compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return "%s:%s: syntax error: %s" % (path, exc.lineno, exc.msg)
    except (OSError, ValueError) as exc:  # unreadable, or NUL bytes
        return "%s: cannot read or compile: %s" % (path, exc)
    return None


def _title(path):
    """The first line of the script's docstring, else its file name."""
    try:
        with open(path, "rb") as handle:
            doc = ast.get_docstring(ast.parse(handle.read()))
    except (OSError, SyntaxError, ValueError):
        doc = None
    line = next((l.strip() for l in (doc or "").splitlines() if l.strip()), "")[:200]
    return line or "script %s" % os.path.basename(path)


# ---------------------------------------------------------------- markers

def grad_status(value):
    """A KMATRIX-GRAD value -> 'none' / 'zero' / 'ok', or None if unreadable."""
    text = (value or "").strip()
    lowered = text.lower()
    if lowered in ("none", "null"):
        return outcomes.GRAD_NONE
    if lowered in ("zero", "ok"):
        return lowered
    try:
        number = float(text)
    except ValueError:
        return None
    return outcomes.GRAD_ZERO if number == 0 else outcomes.GRAD_OK


def _observed_value(text):
    text = (text or "").strip()
    for parse in (json.loads, ast.literal_eval):
        try:
            return parse(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            pass
    return text


def parse_markers(text):
    """(grads, observed, problems) from the marker lines in `text`.

    A name reported twice keeps its last value (as ctx.grad does);
    problems lists the KMATRIX-GRAD lines whose value is unreadable."""
    grads, observed, problems = {}, {}, []
    for match in _MARKER_RE.finditer(text or ""):
        kind, name, value = match.group(1), match.group(2), match.group(3)
        if kind == "OBSERVE":
            observed[name] = _observed_value(value)
            continue
        status = grad_status(value)
        if status is None:
            problems.append("%r (value must be None, zero, ok or a number)" % match.group(0)[:120])
        else:
            grads[name] = status
    return grads, observed, problems


MAX_MARKER = 4096   # bytes: a longer KMATRIX- line is noted, never parsed
_MARKER_LINE = re.compile(br"^KMATRIX-[^\n]*", re.MULTILINE)
_CHUNK = 1 << 16


def _long_marker(line, length, observed, problems):
    """A marker line longer than MAX_MARKER: said in the record, never dropped silently. An
    observation becomes a note under its name; a gradient is unreadable (case_error)."""
    words = line[:200].decode("utf-8", "replace").split()
    what, name = words[0] if words else "KMATRIX-", (words[1] if len(words) > 1 else "?")
    if what == "KMATRIX-OBSERVE":
        observed[name] = "<a KMATRIX-OBSERVE line of %d bytes: longer than %d bytes, not read>" % (length, MAX_MARKER)
    elif what == "KMATRIX-GRAD":
        problems.append("a KMATRIX-GRAD line for %r of %d bytes (longer than %d bytes)" % (name, length, MAX_MARKER))


def scan_markers(path):
    """parse_markers() over a capture file, read in bounded chunks: memory stays bounded
    however much the script printed, even 400 MB without a newline. A marker line longer
    than MAX_MARKER bytes is noted (_long_marker), not parsed."""
    grads, observed, problems = {}, {}, []
    try:
        handle = open(path, "rb")
    except OSError:
        return grads, observed, problems

    def consider(line, length):
        if not line.startswith(b"KMATRIX-"):
            return
        if length > MAX_MARKER:
            _long_marker(line, length, observed, problems)
            return
        g, o, p = parse_markers(line.decode("utf-8", "replace"))
        grads.update(g)
        observed.update(o)
        problems.extend(p)

    with handle:
        carry, carry_length = b"", 0   # the unfinished last line so far: its first bytes, its length
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            first = chunk.find(b"\n")
            if first < 0:   # the whole chunk continues one line
                carry += chunk[:max(0, MAX_MARKER + 1 - len(carry))]
                carry_length += len(chunk)
                continue
            consider(carry + chunk[:first][:max(0, MAX_MARKER + 1 - len(carry))], carry_length + first)
            last = chunk.rfind(b"\n")
            body = chunk[first + 1:last + 1]
            if b"KMATRIX-" in body:
                for match in _MARKER_LINE.finditer(body):
                    consider(match.group(0)[:MAX_MARKER + 1], len(match.group(0)))
            rest = chunk[last + 1:]
            carry, carry_length = rest[:MAX_MARKER + 1], len(rest)
        if carry_length:
            consider(carry, carry_length)
    return grads, observed, problems


# ---------------------------------------------------------------- the variant

class ScriptScenario(object):
    """The scenario side of a script: its path, id (file stem) and metadata."""

    def __init__(self, path, given=None):
        self.path = os.path.abspath(path)
        self.given = given if given is not None else path
        self.id = os.path.splitext(os.path.basename(path))[0]
        self.flavours = _AnyName(casefile.FLAVOURS + (NONE,))
        self.backends = _AnyName(casefile.BACKENDS + (NONE,))
        self.meta = {"title": _title(self.path),
                     "source": {"kind": SOURCE_KIND, "path": self.given}}
        self.variants = [ScriptVariant(self)]


class ScriptVariant(casefile.Runnable):
    """One script as one case (`<stem>::script`); see the module docstring."""
    kind = SOURCE_KIND

    def __init__(self, scenario_or_path, given=None):
        if isinstance(scenario_or_path, ScriptScenario):
            self.scenario = scenario_or_path
        else:
            self.scenario = ScriptScenario(scenario_or_path, given)
        self.name = VARIANT_NAME
        self.meta = {"role": ROLE, "title": self.scenario.meta["title"]}
        self._grads = {}
        self._problems = []

    @property
    def required_grads(self):
        # Known only once the script ran (in the case process): every gradient it reported.
        return sorted(self._grads)

    def describe(self):
        return {
            "case_id": self.case_id,
            "scenario": self.scenario.id,
            "variant": self.name,
            "title": self.meta["title"],
            "role": ROLE,
            "source": dict(self.scenario.meta["source"]),
            "claim": None,
            "required_grads": [],
        }

    def spawn_request(self):
        request = casefile.Runnable.spawn_request(self)
        request["given"] = self.scenario.given
        return request

    def amend_result(self, result, capture_path):
        """Markers the script printed become its gradients and observations."""
        grads, observed, problems = scan_markers(capture_path)
        self._grads, self._problems = grads, problems
        if grads:
            result["grads"] = dict(result.get("grads") or {}, **grads)
        if observed:
            result["observed"] = dict(result.get("observed") or {}, **observed)
        if result.get("outcome") == outcomes.OK and grads:
            outcome, why = outcomes.classify_completion(sorted(grads), grads)
            result.update(outcome=outcome, reason=why)
        result["required_grads"] = self.required_grads
        if self._problems:
            reason = "unreadable KMATRIX-GRAD line(s): " + "; ".join(self._problems)
            if result.get("outcome") in (outcomes.OK, outcomes.GRAD_DROPPED, outcomes.CASE_ERROR):
                result["outcome"] = outcomes.CASE_ERROR
                result["reason"] = reason

    def ended_without_result(self, capture_path):
        """A script that exited with code 0 before the runner could report (os._exit(0), or it
        closed what it inherited): as `python script.py`, it succeeded; its markers say the rest."""
        result = {"outcome": outcomes.OK,
                  "reason": "exited with code 0 before reporting (os._exit?): ok by its exit status and markers"}
        self.amend_result(result, capture_path)
        return result

    def load(self):
        """Check the script compiles; return the body that runs it."""
        problem = check_syntax(self.scenario.path)
        if problem:
            raise SyntaxError(problem)
        self._grads, self._problems = {}, []
        return self._run

    def _run(self, ctx):
        path = self.scenario.path
        saved = (list(sys.argv), list(sys.path), sys.stdin, sys.stdout, sys.stderr, os.dup(0))
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)  # a script reading stdin gets end of file, never hangs
        os.close(devnull)
        sys.stdin = open(0, "r", closefd=False)
        # print() must reach fds 1/2 (the case capture) even when the runner's
        # sys.stdout is pytest's own capture object, as in a plain `python script.py`.
        sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False)
        sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False)
        sys.argv = [path]
        sys.path.insert(0, os.path.dirname(path))
        try:
            runpy.run_path(path, run_name="__main__")
        except SystemExit as exc:
            if exc.code not in (None, 0):
                raise  # classified like any exception: error (SystemExit, code)
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
            argv, path_list, stdin, stdout, stderr, stdin_fd = saved
            sys.argv = argv
            sys.path[:] = path_list
            sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
            try:   # a script may have closed what it inherited (os.closerange): what is gone stays gone
                os.dup2(stdin_fd, 0)
                os.close(stdin_fd)
            except OSError:
                pass
