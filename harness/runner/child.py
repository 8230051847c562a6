"""Running one case variant in the current process and describing what happened.

This is the code that executes inside the isolated case process: a child
forked from a parent that already imported TensorFlow, or a fresh interpreter
(`python -m harness.runner.child REQUEST.json`) where forking is not safe.
Python 3.7+, standard library plus what the environment installs.
"""
import json
import os
import shutil
import sys
import tempfile
import time
import traceback

from .. import casefile, outcomes
from .context import CaseContext, NotApplicable


class _CapturedOutput(object):
    """Send file descriptors 1 and 2 (Python prints and TensorFlow's C++ logs)
    to a file for the duration; keep its text. With a `path` the file outlives
    a crash, so the parent can still read what the case printed (including
    the faulthandler traceback of a segfault)."""

    def __init__(self, path=None):
        self.path = path
        self.text = ""

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self._file = open(self.path, "w+b") if self.path else tempfile.TemporaryFile()
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
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(self._saved[0], 1)
        os.dup2(self._saved[1], 2)
        for fd in self._saved:
            os.close(fd)
        self._file.seek(0)
        self.text = self._file.read().decode("utf-8", "replace")
        self._file.close()
        return False


def not_applicable_reason(scenario, under_test):
    """Why `scenario` cannot run against `under_test`, or None if it can."""
    if under_test.flavour not in scenario.flavours:
        return "applies to %s, not %s" % (", ".join(scenario.flavours), under_test.flavour)
    if under_test.backend not in scenario.backends:
        return "needs the %s backend, not %s" % (" or ".join(scenario.backends), under_test.backend)
    return None


def _run_body(variant, under_test, tmpdir, result):
    """Load the variant (variant.load() returns a callable taking ctx), call it,
    fill `result`; return the ctx. Library cases and ad-hoc scripts differ only
    in what load() returns."""
    try:
        body = variant.load()
    except Exception:
        result.update(outcome=outcomes.CASE_ERROR, reason="importing the case file failed",
                      traceback=traceback.format_exc())
        return None
    ctx = CaseContext(under_test, tmpdir)
    try:
        body(ctx)
    except NotApplicable as exc:
        result.update(outcome=outcomes.NOT_APPLICABLE, reason=str(exc))
    except BaseException as exc:  # SystemExit, KeyboardInterrupt from a case are its outcome too
        outcome, error_type, message = outcomes.classify_exception(exc)
        result.update(outcome=outcome, error_type=error_type, error_message=message,
                      traceback=traceback.format_exc())
    else:
        outcome, why = outcomes.classify_completion(variant.required_grads, ctx.grads)
        result.update(outcome=outcome, reason=why)
    return ctx


def execute(variant, under_test, capture_path=None, workdir=None):
    """Run `variant` here and now; return the result fields of its record.

    Never raises: whatever the case does becomes an outcome. `workdir` (made
    here if not given) becomes the current directory and ctx.tmpdir; it is
    removed afterwards.
    """
    result = {}
    reason = not_applicable_reason(variant.scenario, under_test)
    if reason:
        result.update(outcome=outcomes.NOT_APPLICABLE, reason=reason, duration_s=0.0)
        return result
    cwd = os.getcwd()
    tmpdir = workdir or tempfile.mkdtemp(prefix="kmatrix-case-")
    if not os.path.isdir(tmpdir):
        os.makedirs(tmpdir)
    started = time.time()
    captured = ctx = None
    try:
        with _CapturedOutput(capture_path) as captured:
            os.chdir(tmpdir)  # sources save to relative paths such as 'my_model.h5'
            ctx = _run_body(variant, under_test, tmpdir, result)
    finally:
        os.chdir(cwd)
        shutil.rmtree(tmpdir, ignore_errors=True)
    result["duration_s"] = round(time.time() - started, 4)
    result["output_tail"] = (captured.text if captured else "") or None
    if ctx is not None:
        if ctx.grads:
            result["grads"] = dict(ctx.grads)
        if ctx.observed:
            result["observed"] = dict(ctx.observed)
    amend = getattr(variant, "amend_result", None)  # ad-hoc scripts (script.py) add what they learnt
    if amend is not None:
        amend(result)
    return result


def main(argv=None):
    """Fresh-interpreter mode: REQUEST.json names the case; the result goes to RESULT.json."""
    from . import flavour, isolate
    argv = sys.argv[1:] if argv is None else argv
    with open(argv[0]) as handle:
        request = json.load(handle)
    started = time.time()
    if request.get("kind") == "script":  # an ad-hoc script: may run where no Keras is installed
        from . import script
        under_test = script.resolve_under_test()
    else:
        under_test = flavour.resolve()
    import_s = time.time() - started
    if request.get("ready"):
        open(request["ready"], "w").close()
    isolate.limit_memory(request.get("memory_mb"))
    if request.get("kind") == "script":
        variant = script.ScriptVariant.from_request(request)
    else:
        scenario = casefile.load_scenario(request["path"])
        variant = [v for v in scenario.variants if v.name == request["variant"]][0]
    result = execute(variant, under_test, request.get("capture"), request.get("workdir"))
    result["import_s"] = round(import_s, 3)
    with open(request["result"], "w") as handle:
        json.dump(result, handle, default=repr)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: TensorFlow's can hang or crash


if __name__ == "__main__":
    main()
