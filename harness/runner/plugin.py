"""pytest plugin: case files become pytest items, each run in its own process.

Runs inside the environment under test (Python 3.7+, pytest 7+):

    python -m pytest -p harness.runner.plugin cases/ --results DIR [-k ...] [-m ...] [-n 2]

Each variant of each case file is one item (harness/runner/items.py). Running
it forks (or spawns) a case process, classifies what happened and appends one
record to DIR/records.jsonl at once. pytest's own status stays meaningful:
skipped = not applicable here; failed = crash, timeout, setup error or a broken
case file (what a person must look at: harness.outcomes FAILS_ITEM); passed =
the case ran and its outcome is recorded, whatever that outcome is (an error in
TensorFlow is a finding, not a failure of the run). `-v` shows the outcome and
the claim verdict per item.
"""
import os
import subprocess
import sys

import pytest

from .. import outcomes, records
from . import isolate
from .session import SCRIPTS, STATE, is_worker, scripts, state

# Before anything imports numpy (see isolate.SINGLE_THREAD_ENV).
for _key, _value in isolate.SINGLE_THREAD_ENV.items():
    os.environ.setdefault(_key, _value)



def pytest_addoption(parser):
    from . import options   # the one table: the host checks a row's arguments against it too
    options.add_to(parser.getgroup("kmatrix", "Keras compatibility matrix"))


def pytest_configure(config):
    from .items import MARKERS
    for name, text in MARKERS:
        config.addinivalue_line("markers", "%s: %s" % (name, text))
    if not is_worker(config):
        os.environ.setdefault(records.ENV_RUN_ID, records.new_run_id())  # shared with xdist workers
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
    config.stash[SCRIPTS] = found
    config.args[:] = list(found)


def pytest_collection_modifyitems(session, config, items):
    """--only-cases FILE: the incremental plan; the other items are deselected."""
    path = config.getoption("only_cases")
    if not path:
        return
    with open(path) as handle:
        wanted = set(line.strip() for line in handle if line.strip())
    from .items import case_id_of
    keep = [item for item in items if case_id_of(item) in wanted]
    dropped = [item for item in items if case_id_of(item) not in wanted]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = keep


def pytest_sessionfinish(session):
    """env.json, once every case has run: a child forked from the runner when forking is
    proven safe (TensorFlow is imported already), else a fresh interpreter."""
    config = session.config
    isolate.stop_hosts()        # no more cases in this process
    if STATE in config.stash:   # every record this process wrote is in records.jsonl (workers too)
        state(config).check_records(full=True)
    if is_worker(config) or config.option.collectonly or config.getoption("no_fingerprint"):
        return
    run = state(config)
    path = os.path.join(run.results, records.ENV_FILE)
    timeout = config.getoption("import_timeout")
    if run.under_test is not None and run.mode == isolate.FORK and isolate.fork_safety()[0]:
        from . import fingerprint
        status = fingerprint.write_forked(path, run.under_test, run.import_s, timeout)
        if status == 0:
            return
    env = dict(os.environ, **{records.ENV_IMPORT_TIMEOUT: str(timeout)})
    if scripts(config):
        env["KMATRIX_FINGERPRINT_SCRIPTS"] = "1"
    proc = subprocess.run([sys.executable, "-m", "harness.runner.fingerprint", path],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    if proc.returncode != 0:
        sys.stderr.write("kmatrix: fingerprint failed (exit %s): %s\n"
                         % (proc.returncode, proc.stderr.decode("utf-8", "replace")[-2000:]))


def pytest_collect_file(file_path, parent):
    from .items import collect_case_file
    if scripts(parent.config):
        return None  # scripts are collected by pytest_pycollect_makemodule below
    return collect_case_file(file_path, parent)


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path, parent):
    """A --script file: ours, so that pytest never imports it as a test module."""
    if os.path.abspath(str(module_path)) in scripts(parent.config):
        from .items import ScriptFile
        return ScriptFile.from_parent(parent, path=module_path)
    return None


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
    if verdict in ("holds", "refuted"):   # in the claim's scope only ("holds (out of scope)" is not)
        word += " [claim %s]" % verdict
    return report.outcome, outcomes.get(outcome).letter, word


def pytest_terminal_summary(terminalreporter, config):
    counts = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            outcome = dict(getattr(report, "user_properties", ()) or ()).get("outcome")
            if outcome and getattr(report, "when", None) == "call":
                counts[outcome] = counts.get(outcome, 0) + 1
    if STATE in config.stash:
        for line in state(config).restored:
            terminalreporter.write_line("kmatrix: " + line)
    if counts:
        run = state(config)
        line = ", ".join("%d %s" % (counts[o], o) for o in outcomes.OUTCOMES if o in counts)
        terminalreporter.write_sep("-", "kmatrix outcomes")
        terminalreporter.write_line("%s: %s" % (run.env_id, line))
        terminalreporter.write_line("records: %s" % os.path.abspath(run.writer.path))
        try:
            import resource   # the runner's own peak memory, case processes excluded
            terminalreporter.write_line("runner peak RSS: %d MB" % (
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024))
        except (ImportError, OSError):
            pass
