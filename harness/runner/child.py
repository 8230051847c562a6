"""Running one case variant in the current process and describing what happened.

This is the code that executes inside the isolated case process: a child
forked from a parent that already imported TensorFlow, or a fresh interpreter
(`python -m harness.runner.child REQUEST.json`) where forking is not safe.
Python 3.7+, standard library plus what the environment installs.

What the case prints goes to a file (fds 1 and 2, so C++ logs too) and only its
tail is ever read back, however much was printed. The result is written to a
file atomically; the parent reads it once the process has ended.
"""
import json
import os
import shutil
import sys
import tempfile
import time
import traceback

from .. import outcomes, records
from . import saveload, user_error
from .context import CaseContext, NotApplicable

MAX_RESULT_VALUE = 20000   # an observed value longer than this (as JSON) keeps only its tail


class _CapturedOutput(object):
    """Send file descriptors 1 and 2 (Python prints and TensorFlow's C++ logs) to
    a file for the duration. The file outlives a crash, so the parent can still
    read what the case printed (the faulthandler traceback of a segfault)."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self._file = open(self.path, "w+b")
        self._saved = (os.dup(1), os.dup(2))
        os.dup2(self._file.fileno(), 1)
        os.dup2(self._file.fileno(), 2)
        try:
            import faulthandler
            faulthandler.enable(file=self._file)
        except (ImportError, ValueError, RuntimeError):
            pass
        return self

    def __exit__(self, *exc):
        # A case may have closed any descriptor (a script that closes what it inherited):
        # what is gone stays gone, the result is still written (by path).
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        for saved, fd in zip(self._saved, (1, 2)):
            try:
                os.dup2(saved, fd)
            except OSError:
                pass
        for fd in self._saved:
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            self._file.close()
        except OSError:
            pass
        return False


def read_tail(path, limit=records.MAX_OUTPUT, start_at=None):
    """The last `limit` characters of a file (from `start_at` when given: the faulthandler
    report of a crash), reading no more than that; None if absent or empty."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - limit * 4))
            data = handle.read().decode("utf-8", "replace")
    except OSError:
        return None
    if start_at:
        found = data.find(start_at)
        if found >= 0:
            return data[found:found + limit] or None
    return records.tail(data, limit) or None


def not_applicable_reason(scenario, under_test):
    """Why `scenario` cannot run against `under_test`, or None if it can."""
    if under_test.flavour not in scenario.flavours:
        return "applies to %s, not %s" % (", ".join(scenario.flavours), under_test.flavour)
    if under_test.backend not in scenario.backends:
        return "needs the %s backend, not %s" % (" or ".join(scenario.backends), under_test.backend)
    return None


def _bounded(value):
    """A value a case observed, small enough for a record (a 300 MB string is not)."""
    text = json.dumps(value, default=repr)
    if len(text) <= MAX_RESULT_VALUE:
        return value
    return "<%d characters as JSON; tail:> %s" % (len(text), text[-1000:])


def _run_body(variant, under_test, tmpdir, result):
    """Load the variant, call it with a fresh ctx, fill `result`; return the ctx."""
    try:
        body = variant.load()
    except Exception:
        result.update(outcome=outcomes.CASE_ERROR, reason="importing the case file failed",
                      traceback=traceback.format_exc())
        return None
    ctx = CaseContext(under_test.tf, under_test.keras, under_test.flavour, tmpdir)
    uses_subject = variant.uses_subject
    if not uses_subject:
        ctx.subject_name = ""   # no subject step declared: the whole body is the subject
    try:
        _saved_or_loaded(variant, ctx, body)
    except NotApplicable as exc:
        result.update(outcome=outcomes.NOT_APPLICABLE, reason=str(exc))
    except _Unprepared as exc:
        result.update(exc.args[0])
    except BaseException as exc:  # SystemExit, KeyboardInterrupt from a case are its outcome too
        result.update(user_error.classify(exc, ctx.subject_reached))
        result["traceback"] = traceback.format_exc()
    else:
        outcome, why = outcomes.classify_completion(variant.required_grads, ctx.grads,
                                                    variant.required_effects, ctx.effects)
        result.update(outcome=outcome, reason=why)
    saveload.finish(variant, ctx, result)   # a writer's files go to the artifact store
    if uses_subject:
        result["subject_reached"] = ctx.subject_reached
        if ctx.subject_name:
            result["subject"] = ctx.subject_name
    return ctx


def _saved_or_loaded(variant, ctx, body):
    """The body, after a writer got its folder / a reader its artifact (harness/runner/saveload.py)."""
    problem = saveload.prepare(variant, ctx)
    if problem:
        raise _Unprepared(problem)
    body(ctx)


class _Unprepared(Exception):
    """A reader's artifact could not be unpacked: the cell is a case_error, not the reader's outcome."""


def execute(variant, under_test, capture_path, workdir=None):
    """Run `variant` here and now; return the result fields of its record.

    Never raises: whatever the case does becomes an outcome. `workdir` (made
    here if not given) becomes the current directory and ctx.tmpdir; it is
    removed afterwards.
    """
    result = {}
    reason = not_applicable_reason(variant if hasattr(variant, "flavours") else variant.scenario, under_test)
    if reason:
        result.update(outcome=outcomes.NOT_APPLICABLE, reason=reason, duration_s=0.0)
        return result
    cwd = os.getcwd()
    tmpdir = workdir or tempfile.mkdtemp(prefix="kmatrix-case-")
    os.makedirs(tmpdir, exist_ok=True)
    # The case's own temp folder, gone with the case: libraries write there (autograph
    # leaves one file per converted function: 36,000 files, 5.6 GB per few matrix runs).
    # Beside the work folder, so a case listing its cwd sees only what it wrote.
    scratch = tmpdir.rstrip(os.sep) + "-tmp"
    os.makedirs(scratch, exist_ok=True)
    saved_temp = tempfile.tempdir, os.environ.get("TMPDIR")
    started = time.time()
    ctx = None
    try:
        tempfile.tempdir = os.environ["TMPDIR"] = scratch
        with _CapturedOutput(capture_path):
            os.chdir(tmpdir)  # sources save to relative paths such as 'my_model.h5'
            ctx = _run_body(variant, under_test, tmpdir, result)
    finally:
        os.chdir(cwd)
        tempfile.tempdir = saved_temp[0]
        if saved_temp[1] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_temp[1]
        shutil.rmtree(tmpdir, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    result["duration_s"] = round(time.time() - started, 4)
    result["output_tail"] = read_tail(capture_path)
    if ctx is not None:
        for name in ("grads", "effects"):
            if getattr(ctx, name):
                result[name] = dict(getattr(ctx, name))
        if ctx.observed:
            result["observed"] = dict((k, _bounded(v)) for k, v in ctx.observed.items())
    variant.amend_result(result, capture_path)
    return result


def write_result(path, result):
    """The result file, atomically: the parent never reads half of one."""
    records.write_text_atomic(path, records.dumps(result))


def rebuild(request):
    """The runnable a spawn request names (Runnable.spawn_request wrote it)."""
    if request.get("kind") == "script":
        from . import script
        return script.ScriptVariant(request["path"], request.get("given"))
    if request.get("kind") == saveload.ReaderRun.kind:
        return saveload.rebuild(request)
    from .. import casefile
    return casefile.load_scenario(request["path"]).variant(request["variant"])


def main(argv=None):
    """Fresh-interpreter mode (`python -m harness.runner.child REQUEST.json [GATE_FD]`, started by
    its host, harness/runner/host.py): REQUEST.json names the case; the result goes to RESULT.json."""
    from . import flavour, limits, script
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) > 1:   # the host's gate: it opens once the host has told the runner who we are
        gate = int(argv[1])
        os.read(gate, 1)
        os.close(gate)
    with open(argv[0]) as handle:
        request = json.load(handle)
    started = time.time()
    # an ad-hoc script may run where no Keras is installed
    under_test = script.resolve_under_test() if request.get("kind") == "script" else flavour.resolve()
    variant = rebuild(request)
    import_s = time.time() - started
    if request.get("ready"):
        open(request["ready"], "w").close()
    limits.limit_memory(request.get("memory_mb"))
    result = execute(variant, under_test, request["capture"], request.get("workdir"))
    result["import_s"] = round(import_s, 3)
    write_result(request["result"], result)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: TensorFlow's can hang or crash


if __name__ == "__main__":
    main()
