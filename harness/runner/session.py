"""The runner's per-process state: which environment, where records go, the Keras under test.

Runs inside the environment (Python 3.7+, pytest 7+). Shared by the plugin's hooks
(harness/runner/plugin.py) and its items (harness/runner/items.py); imports neither.
"""
import os
import signal
import threading
import time
import traceback

import pytest

from .. import hashes, outcomes, records
from . import isolate, options

STATE = pytest.StashKey()     # the RunState of this process (pytest >= 7)
SCRIPTS = pytest.StashKey()   # --script files: {absolute path: as given}


def is_worker(config):
    return hasattr(config, "workerinput")


class RunState(object):
    """Per-process runner state, created on first use (it imports TensorFlow)."""

    def __init__(self, config):
        self.config = config
        self.env_id = config.getoption("env_id") or os.environ.get(records.ENV_ENV_ID) or "local"
        self.results = config.getoption("results") or default_results(config, self.env_id)
        self.run_id = os.environ.get(records.ENV_RUN_ID) or records.new_run_id()
        self.writer = records.RecordWriter(self.results, journal=True)   # a case cannot delete what it wrote
        self.timeout = config.getoption("case_timeout")
        self.memory_mb = config.getoption("case_memory_mb")
        self.limits = options.limits(self.timeout, self.memory_mb)   # recorded: a cell depends on them
        self.repeat = max(1, config.getoption("repeat"))
        self.runner_hash = hashes.runner_hash()
        self.env_hash = os.environ.get(records.ENV_ENV_HASH) or None
        self.restored = []   # what verify() put back, said in the summary
        self.under_test = None
        self.mode = None
        self.setup_error = None
        self.import_s = None

    def prepare(self):
        if self.under_test is not None or self.setup_error is not None:
            return
        from . import flavour, script
        resolve = script.resolve_under_test if scripts(self.config) else flavour.resolve
        # A hung import (it runs C++ static initialisers) cannot be interrupted from
        # Python: the default SIGALRM action ends the run, which the row builder records
        # as env_error. An alarm adds no thread, so the fork-safety proof still holds.
        guard = threading.current_thread() is threading.main_thread()  # (signals need it)
        if guard:
            previous = signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(self.config.getoption("import_timeout"))
        started = time.time()
        try:
            self.under_test = resolve()
            self.import_s = round(time.time() - started, 3)
        except Exception as exc:  # TensorFlow / Keras will not import: one env_error record
            first = (str(exc).strip().splitlines() or [""])[0][:records.MAX_MESSAGE]
            self.setup_error = "%s: %s" % (type(exc).__name__, first)
            self.writer.write(records.make_record(self.env_id, self.run_id, None, outcomes.ENV_ERROR,
                                                  reason="import failed: " + self.setup_error,
                                                  output_tail=records.tail(traceback.format_exc(), 3000)))
            return
        finally:
            if guard:
                signal.alarm(0)
                signal.signal(signal.SIGALRM, previous)
        self.mode, _ = isolate.choose_mode(self.config.getoption("isolation"))

    def axis_values(self):
        """This environment on the axes of harness/axes.py, as the runner sees it (for scopes)."""
        from .. import axes
        seen = axes.Running(self.under_test, _installed, os.environ.get(records.ENV_DEVICE))
        return dict((axis.name, axis.running(seen)) for axis in axes.AXES)

    def keep(self, record, after=None):
        """Append one record, first putting back whatever records.jsonl lost of this
        runner's earlier ones (a case that truncated or replaced it: RecordWriter.verify)."""
        self.check_records(after)
        self.writer.write(record)

    def check_records(self, after=None, full=False):
        restored = self.writer.verify(full=full)
        if restored:
            self.restored.append("%d record(s) that %s lost were put back from the runner's own copy%s"
                                 % (restored, self.writer.path, " (after %s)" % after if after else ""))
        return restored

    def record(self, runnable, result, repeat=None):
        fields = runnable.describe()
        case_id = fields.pop("case_id")
        fields.update(result)
        fields.update(runner_hash=self.runner_hash, env_hash=self.env_hash, limits=self.limits,
                      case_hash=hashes.case_hash(runnable.scenario.path),
                      repeat=repeat if self.repeat > 1 else None)
        return records.make_record(self.env_id, self.run_id, case_id, fields.pop("outcome"), **fields)


def scripts(config):
    """{absolute path: path as given} of the --script files, empty for a library run."""
    return config.stash.get(SCRIPTS, {})


def default_results(config, env_id):
    if not scripts(config):
        return os.path.join("results", "local", env_id)
    given = config.getoption("script")
    name = os.path.splitext(os.path.basename(os.path.normpath(given[0])))[0] if len(given) == 1 else "scripts"
    return os.path.join("results", "adhoc", name, env_id)


def state(config):
    if STATE not in config.stash:
        config.stash[STATE] = RunState(config)
    return config.stash[STATE]


def _installed(distribution):
    """Is a distribution installed here (its .dist-info on sys.path)?"""
    import sys
    prefix = distribution.replace("-", "_").lower() + "-"
    for folder in sys.path:
        try:
            if any(n.lower().startswith(prefix) and n.endswith(".dist-info") for n in os.listdir(folder)):
                return True
        except OSError:
            continue
    return False
