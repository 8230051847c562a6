"""pytest collectors and items of the runner: case files, ad-hoc scripts, broken inputs.

Runs inside the environment (Python 3.7+, pytest 7+); harness/runner/plugin.py
wires these into pytest's hooks.
"""
import os

import pytest

from .. import casefile, claims, outcomes, records
from . import isolate, saveload, session

MARKERS = casefile.SOURCE_KIND_MEANINGS + casefile.ROLE_MEANINGS   # pytest -m: where a case comes from, its role


def collect_case_file(file_path, parent):
    """A CaseFile for a case file (a .py holding `CASE = `), else None."""
    path = str(file_path)
    name = os.path.basename(path)
    if not name.endswith(".py") or name.startswith(("_", "test_", "conftest")):
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.read()
    except OSError:
        return None
    if b"\nCASE = " not in head and not head.startswith(b"CASE = "):
        return None
    return CaseFile.from_parent(parent, path=file_path)


def case_id_of(item):
    runnable = getattr(item, "runnable", None)
    return runnable.case_id if runnable is not None else item.case_id


class CaseFailure(Exception):
    """A case that crashed, hung, failed its setup or is broken: the pytest item fails."""


SEEN_SCENARIOS = pytest.StashKey()   # scenario id -> the file that used it first


class CaseFile(pytest.File):
    def collect(self):
        seen = self.config.stash.setdefault(SEEN_SCENARIOS, {})
        scenario_id = os.path.splitext(os.path.basename(str(self.path)))[0]
        if seen.setdefault(scenario_id, str(self.path)) != str(self.path):
            yield BrokenItem.from_parent(self, name="<case file>", case_id=self._broken_id(), error=(
                "%s: scenario id %r is also used by %s" % (self.path, scenario_id, seen[scenario_id])))
            return
        try:
            scenario = casefile.load_scenario(str(self.path))
        except casefile.CaseFileError as exc:
            yield BrokenItem.from_parent(self, name="<case file>", error=str(exc), case_id=self._broken_id())
            return
        except Exception as exc:  # anything else wrong with the file is still one broken case
            yield BrokenItem.from_parent(self, name="<case file>", case_id=self._broken_id(),
                                         error="%s: %s: %s" % (self.path, type(exc).__name__, exc))
            return
        for variant in scenario.variants:
            for runnable in saveload.expand(variant):   # a reader: one item per artifact it reads
                item = CaseItem.from_parent(self, name=runnable.name, runnable=runnable)
                item.add_marker(scenario.meta["source"]["kind"])
                item.add_marker(variant.meta["role"])
                yield item

    def _broken_id(self):
        return casefile.broken_case_id(self.path)


class ScriptFile(pytest.File):
    def collect(self):
        from . import script
        path = str(self.path)
        runnable = script.ScriptVariant(path, session.scripts(self.config).get(os.path.abspath(path), path))
        problem = script.check_syntax(path)
        if problem:
            yield BrokenItem.from_parent(self, name=runnable.name, error=problem, case_id=runnable.case_id,
                                         runnable=runnable)
            return
        item = CaseItem.from_parent(self, name=runnable.name, runnable=runnable)
        item.add_marker("script")
        yield item


def _summary(record, verdict, why):
    text = records.summary(record, width=200)
    if verdict != claims.NO_CLAIM:
        text += "; claim %s%s" % (verdict, (": " + why) if why else "")
    return text


class CaseItem(pytest.Item):
    def __init__(self, name, parent, runnable):
        super(CaseItem, self).__init__(name, parent)
        self.runnable = runnable

    def runtest(self):
        run = session.state(self.config)
        run.prepare()
        if run.setup_error:
            raise CaseFailure("environment failed to import: %s" % run.setup_error)
        timeout = self.runnable.timeout or run.timeout
        axes = run.axis_values()
        seen = []
        for repeat in range(run.repeat):
            started_at = records.utc_now()
            result = saveload.settled(self.runnable, run.under_test, axes) or isolate.run_case(
                self.runnable, run.under_test, run.mode, timeout, run.memory_mb)
            result["started_at"] = started_at
            record = run.record(self.runnable, result, repeat)
            run.keep(record, after=self.runnable.case_id)
            seen.append(record)
        record = seen[-1]
        verdict, why = claims.verdict(self.runnable.claim, record)
        if hasattr(self.runnable, "writer_axes"):   # a reader's claim may be scoped by its writer too
            axes["writer"] = self.runnable.writer_axes()
        if verdict != claims.NO_CLAIM and not claims.in_scope(self.runnable.claim, axes):
            why = "outside the claim's scope" + (": " + why if why else "")
            verdict = "%s (out of scope)" % verdict
        outcome = record["outcome"]
        summary = _summary(record, verdict, why)
        signatures = set(records.signature(r) for r in seen)
        if len(signatures) > 1:
            outcome = outcomes.FLAKY
            summary = "flaky over %d runs: %s" % (len(seen), "; ".join(records.summary(r) for r in seen))
        self.user_properties.extend([("outcome", outcome), ("verdict", verdict)])
        self.add_report_section("call", "kmatrix", summary)
        if outcome == outcomes.NOT_APPLICABLE:
            pytest.skip("not applicable: %s" % record.get("reason"))
        if any(r["outcome"] in outcomes.FAILS_ITEM for r in seen):
            raise CaseFailure(summary + ("\n" + record["traceback"] if record.get("traceback") else ""))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, CaseFailure):
            return str(excinfo.value)
        return super(CaseItem, self).repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, self.runnable.case_id


class BrokenItem(pytest.Item):
    """Stands for a case file or script that cannot be loaded: records case_error, fails."""

    def __init__(self, name, parent, error, case_id, runnable=None):
        super(BrokenItem, self).__init__(name, parent)
        self.error = error
        self.case_id = case_id
        self.runnable = runnable

    def runtest(self):
        run = session.state(self.config)
        if self.runnable is not None:
            record = run.record(self.runnable, {"outcome": outcomes.CASE_ERROR, "reason": self.error})
        else:
            record = records.make_record(run.env_id, run.run_id, self.case_id, outcomes.CASE_ERROR,
                                         reason=self.error, runner_hash=run.runner_hash, limits=run.limits)
        run.keep(record)
        self.user_properties.append(("outcome", outcomes.CASE_ERROR))
        raise CaseFailure(self.error)

    def repr_failure(self, excinfo):
        return str(excinfo.value)

    def reportinfo(self):
        return self.path, None, self.case_id
