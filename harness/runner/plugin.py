"""pytest plugin: case files become pytest items, each run in its own process.

Runs inside the environment under test (Python 3.7+, pytest 7+):

    python -m pytest -p harness.runner.plugin cases/ --results DIR [-k ...] [-m ...] [-n 2]

Each variant of each case file is one item. Running it forks (or spawns) a
case process, classifies what happened and appends one record to
DIR/records.jsonl at once. pytest's own status stays meaningful: skipped =
not applicable here; failed = crash, timeout or a broken case file (what a
person must look at); passed = the case ran and its outcome is recorded,
whatever that outcome is (an error in TensorFlow is a finding, not a failure
of the run). `-v` shows the outcome and the claim verdict per item.
"""
import os
import signal
import subprocess
import sys
import threading
import traceback

import pytest

from .. import casefile, claims, outcomes, records
from . import isolate

# Before anything imports numpy (see isolate.SINGLE_THREAD_ENV).
for _key, _value in isolate.SINGLE_THREAD_ENV.items():
    os.environ.setdefault(_key, _value)

RUN_ID_ENV = "KMATRIX_RUN_ID"
ENV_ID_ENV = "KMATRIX_ENV_ID"
_FAILING = (outcomes.CRASH, outcomes.TIMEOUT, outcomes.CASE_ERROR, outcomes.ENV_ERROR)


def pytest_addoption(parser):
    group = parser.getgroup("kmatrix", "Keras compatibility matrix")
    group.addoption("--results", default=None,
                    help="folder for env.json and records.jsonl (default: results/local/ENV_ID)")
    group.addoption("--env-id", default=None, help="id of this environment row (default: $KMATRIX_ENV_ID or 'local')")
    group.addoption("--isolation", default="auto", choices=isolate.MODES,
                    help="auto: fork when provably safe, else a fresh interpreter per case")
    group.addoption("--case-timeout", type=float, default=float(os.environ.get("KMATRIX_CASE_TIMEOUT", 120)),
                    help="seconds before a case process is killed and recorded as timeout")
    group.addoption("--case-memory-mb", type=int, default=int(os.environ.get("KMATRIX_CASE_MEMORY_MB", 8192)),
                    help="address space a case may add before its allocations fail (0: no cap)")
    group.addoption("--append", action="store_true",
                    help="append to records.jsonl instead of starting it afresh")
    group.addoption("--import-timeout", type=int, default=int(os.environ.get("KMATRIX_IMPORT_TIMEOUT", 600)),
                    help="seconds the runner's import of TensorFlow / Keras may take before the run is "
                         "killed with SIGALRM (0: no limit)")
    group.addoption("--no-fingerprint", action="store_true", help="do not write env.json")
    group.addoption("--script", action="append", default=[], metavar="PATH",
                    help="run this plain Python script (or each *.py in this folder) as one case "
                         "instead of the case library; repeatable (docs/scripts.md)")


def _is_worker(config):
    return hasattr(config, "workerinput")


class _State(object):
    """Per-process runner state, created on first use (it imports TensorFlow)."""

    def __init__(self, config):
        self.config = config
        self.env_id = config.getoption("env_id") or os.environ.get(ENV_ID_ENV) or "local"
        self.results = config.getoption("results") or _default_results(config, self.env_id)
        self.run_id = os.environ.get(RUN_ID_ENV) or records.new_run_id()
        self.writer = records.RecordWriter(self.results)
        self.timeout = config.getoption("case_timeout")
        self.under_test = None
        self.mode = None
        self.setup_error = None

    def prepare(self):
        if self.under_test is not None or self.setup_error is not None:
            return
        from . import flavour, script
        resolve = script.resolve_under_test if _scripts(self.config) else flavour.resolve
        # A hung import (it runs C++ static initialisers) cannot be interrupted from
        # Python: the default SIGALRM action ends the run, which the row builder records
        # as env_error. An alarm adds no thread, so the fork-safety proof still holds.
        guard = threading.current_thread() is threading.main_thread()  # (signals need it)
        if guard:
            previous = signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(self.config.getoption("import_timeout"))
        try:
            self.under_test = resolve()
        except Exception as exc:  # TensorFlow / Keras will not import: one env_error record
            self.setup_error = "%s: %s" % (type(exc).__name__, outcomes.first_line(exc))
            self.writer.write(records.make_record(self.env_id, self.run_id, None, outcomes.ENV_ERROR,
                                                  reason="import failed: " + self.setup_error,
                                                  output_tail=records.tail(traceback.format_exc(), 3000)))
            return
        finally:
            if guard:
                signal.alarm(0)
                signal.signal(signal.SIGALRM, previous)
        self.mode, _ = isolate.choose_mode(self.config.getoption("isolation"))

    def record(self, variant, result):
        fields = variant.describe()
        case_id = fields.pop("case_id")
        fields.update(result)
        return records.make_record(self.env_id, self.run_id, case_id, fields.pop("outcome"), **fields)


def _scripts(config):
    """{absolute path: path as given} of the --script files, empty for a library run."""
    return getattr(config, "_kmatrix_scripts", None) or {}


def _default_results(config, env_id):
    if not _scripts(config):
        return os.path.join("results", "local", env_id)
    given = config.getoption("script")
    name = os.path.splitext(os.path.basename(os.path.normpath(given[0])))[0] if len(given) == 1 else "scripts"
    return os.path.join("results", "adhoc", name, env_id)


def _state(config):
    state = getattr(config, "_kmatrix_state", None)
    if state is None:
        state = config._kmatrix_state = _State(config)
    return state


def pytest_configure(config):
    for name, text in (("seed", "a case reproducing one of the seed articles"),
                       ("known", "a known root cause of the same errors"),
                       ("script", "an ad-hoc user script"),
                       ("broken", "the source says this variant fails"),
                       ("fix", "the source says this variant works"),
                       ("demo", "the source demonstrates a behaviour"),
                       ("corrected", "our corrected version of the source's code"),
                       ("root_cause", "a root cause reproduction")):
        config.addinivalue_line("markers", "%s: %s" % (name, text))
    if not _is_worker(config):
        os.environ.setdefault(RUN_ID_ENV, records.new_run_id())  # shared with xdist workers
    if config.getoption("script"):
        _use_scripts(config)


def _use_scripts(config):
    """--script: collect exactly these files, each as one case, nothing else
    (positional paths such as cases/ are dropped)."""
    from . import script
    found = {}
    for given in config.getoption("script"):
        try:
            files = script.script_files(given)
        except ValueError as exc:
            raise pytest.UsageError(str(exc))
        for path in files:
            found.setdefault(os.path.abspath(path), path)
    config._kmatrix_scripts = found
    config.args[:] = list(found)


def pytest_sessionstart(session):
    config = session.config
    if _is_worker(config) or config.option.collectonly:
        return
    state = _state(config)
    if not config.getoption("append") and os.path.exists(state.writer.path):
        os.remove(state.writer.path)
    if not config.getoption("no_fingerprint"):
        # A separate process: asking for devices initialises TensorFlow's
        # runtime, which must never happen in a process that forks cases.
        state.fingerprint = subprocess.Popen(
            [sys.executable, "-m", "harness.runner.fingerprint",
             os.path.join(state.results, records.ENV_FILE)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env=dict(os.environ, KMATRIX_IMPORT_TIMEOUT=str(config.getoption("import_timeout"))))


def pytest_sessionfinish(session):
    state = getattr(session.config, "_kmatrix_state", None)
    proc = getattr(state, "fingerprint", None)
    if proc is not None:
        _, err = proc.communicate()
        if proc.returncode != 0:
            sys.stderr.write("kmatrix: fingerprint failed (exit %s): %s\n"
                             % (proc.returncode, err.decode("utf-8", "replace")[-2000:]))


def pytest_collect_file(file_path, parent):
    if _scripts(parent.config):
        return None  # scripts are collected by pytest_pycollect_makemodule below
    path = str(file_path)
    name = os.path.basename(path)
    if not name.endswith(".py") or name.startswith(("_", "test_", "conftest")):
        return None
    with open(path, "rb") as handle:
        head = handle.read()
    if b"\nCASE = " not in head and not head.startswith(b"CASE = "):
        return None
    return CaseFile.from_parent(parent, path=file_path)


class CaseFile(pytest.File):
    def collect(self):
        try:
            scenario = casefile.load_scenario(str(self.path))
        except casefile.CaseFileError as exc:
            yield BrokenCaseItem.from_parent(self, name="<case file>", error=exc)
            return
        for variant in scenario.variants:
            item = CaseItem.from_parent(self, name=variant.name, variant=variant)
            kind = scenario.meta["source"]["kind"]
            item.add_marker(kind)
            item.add_marker(variant.meta["role"])
            yield item


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path, parent):
    """A --script file: ours, so that pytest never imports it as a test module."""
    if os.path.abspath(str(module_path)) in _scripts(parent.config):
        return ScriptFile.from_parent(parent, path=module_path)
    return None


class ScriptFile(pytest.File):
    def collect(self):
        from . import script
        path = str(self.path)
        variant = script.ScriptVariant(path, _scripts(self.config).get(os.path.abspath(path), path))
        problem = script.check_syntax(path)
        if problem:
            yield BrokenScriptItem.from_parent(self, name=variant.name, variant=variant, error=problem)
            return
        item = CaseItem.from_parent(self, name=variant.name, variant=variant)
        item.add_marker("script")
        yield item


class CaseFailure(Exception):
    """A case that crashed, hung or is broken: the pytest item fails."""


class CaseItem(pytest.Item):
    def __init__(self, name, parent, variant):
        super(CaseItem, self).__init__(name, parent)
        self.variant = variant

    def runtest(self):
        state = _state(self.config)
        state.prepare()
        if state.setup_error:
            raise CaseFailure("environment failed to import: %s" % state.setup_error)
        started_at = records.utc_now()
        timeout = self.variant.timeout or state.timeout
        result = isolate.run_case(self.variant, state.under_test, state.mode, timeout,
                                  self.config.getoption("case_memory_mb"))
        result["started_at"] = started_at
        record = state.record(self.variant, result)
        state.writer.write(record)
        verdict, why = claims.verdict(self.variant.claim, record)
        self.user_properties.extend([("outcome", record["outcome"]), ("verdict", verdict)])
        summary = record["outcome"]
        if record.get("error_type"):
            summary += " (%s: %s)" % (record["error_type"], record.get("error_message", ""))
        elif record.get("reason"):
            summary += " (%s)" % record["reason"]
        if verdict != claims.NO_CLAIM:
            summary += "; claim %s%s" % (verdict, (": " + why) if why else "")
        self.add_report_section("call", "kmatrix", summary)
        if record["outcome"] == outcomes.NOT_APPLICABLE:
            pytest.skip("not applicable: %s" % record.get("reason"))
        if record["outcome"] in _FAILING:
            raise CaseFailure(summary + ("\n" + record["traceback"] if record.get("traceback") else ""))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, CaseFailure):
            return str(excinfo.value)
        return super(CaseItem, self).repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, self.variant.case_id


class BrokenCaseItem(pytest.Item):
    """Stands for a case file that cannot be loaded: records case_error, fails."""

    def __init__(self, name, parent, error):
        super(BrokenCaseItem, self).__init__(name, parent)
        self.error = error

    def runtest(self):
        state = _state(self.config)
        scenario_id = os.path.splitext(os.path.basename(str(self.path)))[0]
        state.writer.write(records.make_record(
            state.env_id, state.run_id, "%s::*" % scenario_id, outcomes.CASE_ERROR, reason=str(self.error)))
        self.user_properties.append(("outcome", outcomes.CASE_ERROR))
        raise CaseFailure(str(self.error))

    def repr_failure(self, excinfo):
        return str(excinfo.value)

    def reportinfo(self):
        return self.path, None, "case file"


class BrokenScriptItem(pytest.Item):
    """A script that does not compile here: records case_error naming the file, fails."""

    def __init__(self, name, parent, variant, error):
        super(BrokenScriptItem, self).__init__(name, parent)
        self.variant = variant
        self.error = error

    def runtest(self):
        state = _state(self.config)
        state.writer.write(state.record(self.variant, {"outcome": outcomes.CASE_ERROR, "reason": self.error}))
        self.user_properties.append(("outcome", outcomes.CASE_ERROR))
        raise CaseFailure(self.error)

    def repr_failure(self, excinfo):
        return str(excinfo.value)

    def reportinfo(self):
        return self.path, None, self.variant.case_id


def pytest_report_teststatus(report, config):
    """`-v` shows the recorded outcome instead of PASSED."""
    if report.when != "call":
        return None
    props = dict(report.user_properties)
    outcome = props.get("outcome")
    if outcome is None or report.skipped:
        return None
    verdict = props.get("verdict")
    word = outcome.upper()
    if verdict in (claims.HOLDS, claims.REFUTED):
        word += " [claim %s]" % verdict
    letter = {"ok": ".", "keras_history_error": "K", "error": "E", "grad_dropped": "G"}.get(outcome, "F")
    return report.outcome, letter, word


def pytest_terminal_summary(terminalreporter, config):
    counts = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            outcome = dict(getattr(report, "user_properties", ()) or ()).get("outcome")
            if outcome and getattr(report, "when", None) == "call":
                counts[outcome] = counts.get(outcome, 0) + 1
    if counts:
        state = _state(config)
        line = ", ".join("%d %s" % (counts[o], o) for o in outcomes.OUTCOMES if o in counts)
        terminalreporter.write_sep("-", "kmatrix outcomes")
        terminalreporter.write_line("%s: %s" % (state.env_id, line))
        terminalreporter.write_line("records: %s" % os.path.abspath(state.writer.path))
