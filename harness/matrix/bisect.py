"""Find where along one axis of the matrix a script's (or a case's) outcome changes.

Host side (Python 3.11+). Like `asv find` / `git bisect`: given rows ordered
along one axis (TF versions, say), run the first and the last, then binary
search between the last row that behaves like the first and the first row that
does not, building and running only the rows it needs. It assumes one change
along the axis; with several it finds one of them.

    python -m harness.matrix.bisect --script repro.py --tag keras-default
    python -m harness.matrix.bisect -k known_tf_op_on_keras_tensor::functional --rows id1,id2,...
    python -m harness.matrix.bisect --script repro.py --rows a,b,c --python a=/venv/a/bin/python ...

Each probe is one `nox -s <row> -- --script X` (or `-- -k EXPR`) subprocess whose
records are read back from its run folder (results/<set>/runs/<run id>/<row>/); with
--python the probe runs the runner directly in an existing interpreter instead. A row
that cannot be judged (an environment-level outcome such as env_error or not_run, or
no records) is skipped like `git bisect skip`.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from harness import axes, outcomes, records
from harness.history.layout import ResultsSet

REPO = Path(__file__).resolve().parents[2]
UNDECIDABLE = outcomes.ENV_LEVEL         # says nothing about the code under test
KERAS_DEFAULT = "keras-default"          # pseudo-tag: what plain `tf.keras` gives, one row per TF version


@dataclass
class Probe:
    """What one row did: `signature` is what is compared, `summary` what is printed."""
    row: str
    signature: tuple | None          # None: this row could not be judged
    summary: str

    @property
    def decidable(self) -> bool:
        return self.signature is not None


@dataclass
class Bisection:
    rows: list[str]
    probes: list[Probe] = field(default_factory=list)   # in the order they ran
    before: Probe | None = None     # the last row behaving like the first
    after: Probe | None = None      # the first row that does not (None: no change found)
    skipped: list[str] = field(default_factory=list)     # undecidable rows between before and after
    error: str | None = None

    @property
    def ran(self) -> list[str]:
        return [p.row for p in self.probes]

    def describe(self) -> str:
        tally = "ran %d of %d rows" % (len(self.probes), len(self.rows))
        if self.error:
            return "%s; %s" % (self.error, tally)
        if self.after is None:
            return "no change: %s (%s) and %s (%s) behave alike; %s" % (
                self.rows[0], self.probes[0].summary, self.before.row, self.before.summary, tally)
        text = "outcome changes between %s (%s) and %s (%s); %s" % (
            self.before.row, self.before.summary, self.after.row, self.after.summary, tally)
        if self.skipped:
            text += "; could not judge %s in between" % ", ".join(self.skipped)
        return text


def bisect(rows: Sequence[str], probe: Callable[[str], Probe]) -> Bisection:
    """Binary search for the first row whose signature differs from rows[0]'s."""
    rows = list(rows)
    result = Bisection(rows)
    if len(rows) < 2:
        result.error = "need at least two rows to compare"
        return result
    seen: dict[int, Probe] = {}

    def look(index: int) -> Probe:
        if index not in seen:
            seen[index] = probe(rows[index])
            result.probes.append(seen[index])
        return seen[index]

    first = look(0)
    if not first.decidable:
        result.error = "the first row %s could not be judged (%s)" % (rows[0], first.summary)
        return result
    hi = len(rows) - 1
    while hi > 0 and not look(hi).decidable:
        hi -= 1
    if hi == 0:
        result.error = "no other row could be judged"
        return result
    if look(hi).signature == first.signature:
        result.before = look(hi)
        return result
    lo = 0
    while True:
        mid = (lo + hi) // 2
        # the middle first, then its neighbours outwards (skipping rows that cannot be judged)
        order = sorted(range(lo + 1, hi), key=lambda i: (abs(i - mid), i))
        decided = next((i for i in order
                        if (i not in seen or seen[i].decidable) and look(i).decidable), None)
        if decided is None:
            break
        if seen[decided].signature == first.signature:
            lo = decided
        else:
            hi = decided
    result.before, result.after = seen[lo], seen[hi]
    result.skipped = [rows[i] for i in range(lo + 1, hi)]
    return result


# ------------------------------------------------------------------ reading records ----
_summary = records.summary


def probe_from_records(row: str, lines: list[dict], run_id: str | None, note: str = "") -> Probe:
    """A Probe from the records one run wrote (others in the file are ignored)."""
    ours = [r for r in lines if r.get("case_id") is None or run_id is None or r.get("run_id") == run_id]
    for record in ours:
        if record.get("case_id") is None and record.get("outcome") in UNDECIDABLE:
            return Probe(row, None, _summary(record))
    cases = sorted((r for r in ours if r.get("case_id")), key=lambda r: r["case_id"])
    if not cases:
        return Probe(row, None, "no records%s" % (" (%s)" % note if note else ""))
    if any(r.get("outcome") in UNDECIDABLE for r in cases):
        return Probe(row, None, "; ".join(_summary(r) for r in cases))
    # outcome and exception class decide; messages differ in addresses and names
    signature = tuple((r["case_id"],) + records.signature(r) for r in cases)
    if len(cases) == 1:
        return Probe(row, signature, _summary(cases[0]))
    return Probe(row, signature, ", ".join("%s=%s" % (r["case_id"], _summary(r)) for r in cases))


def read_records(path: Path) -> list[dict]:
    """The valid records of a records.jsonl (a line cut short by a killed run is skipped)."""
    return records.read_jsonl(str(path))[0]


def _target_args(script: str | None, k: str | None) -> list[str]:
    """The runner arguments selecting the target: a script, one case id (as a pytest node id:
    -k matches substrings of names, and 'scenario::variant' matches none), or a -k expression."""
    if bool(script) == bool(k):
        raise ValueError("give exactly one of a script or a -k expression")
    if script:
        return ["--script", str(Path(script).resolve())]
    if "::" in k and " " not in k:
        scenario, _, variant = k.partition("::")
        return ["cases/%s.py::%s" % (scenario, variant)]
    return ["-k", k]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:60] or "case"


class NoxProbe:
    """Runs `nox -s ROW -- --script X` (or `-- -k EXPR`) and reads the row's records."""

    def __init__(self, script: str | None = None, k: str | None = None, repo: Path = REPO,
                 nox: Sequence[str] = ("nox",), run=subprocess.run, log=sys.stderr,
                 results_set: str | None = None, results_root: Path | None = None):
        self.args = _target_args(script, k)
        self.repo = Path(repo)
        self.nox = list(nox)
        self.run = run
        self.log = log
        self.results_root = Path(results_root or os.environ.get(records.ENV_RESULTS_ROOT) or self.repo / "results")
        # results/adhoc/<stem> for a script (build.results_set); a -k run must not
        # overwrite the library's results, so it gets an ad-hoc set of its own.
        self.results_set = results_set or (
            ("adhoc/" + Path(script).stem) if script else "adhoc/bisect-" + _slug(k))

    def __call__(self, row: str) -> Probe:
        run_id = "bisect-%s" % uuid.uuid4().hex[:8]
        env = dict(os.environ, **{records.ENV_RUN_ID: run_id, records.ENV_RESULTS_SET: self.results_set,
                                  records.ENV_RESULTS_ROOT: str(self.results_root)})
        cmd = self.nox + ["-s", row, "--"] + self.args
        self.log.write("bisect: %s\n" % " ".join(cmd))
        proc = self.run(cmd, cwd=str(self.repo), env=env, stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, text=True, errors="replace")
        folder = ResultsSet(self.results_root / self.results_set).raw_folder(run_id, row)
        lines = read_records(folder / records.RECORDS_FILE)
        return probe_from_records(row, lines, run_id, "nox exited %s" % proc.returncode)


class PythonProbe:
    """Runs the runner directly in existing interpreters: {row: python executable}."""

    def __init__(self, pythons: dict[str, str], script: str | None = None, k: str | None = None,
                 repo: Path = REPO, extra: Sequence[str] = (), run=subprocess.run, timeout: float = 900):
        self.pythons = dict(pythons)
        self.args = _target_args(script, k)
        self.repo = Path(repo)
        self.extra = list(extra)
        self.run = run
        self.timeout = timeout

    def __call__(self, row: str) -> Probe:
        run_id = "bisect-%s" % uuid.uuid4().hex[:8]
        with tempfile.TemporaryDirectory(prefix="kmatrix-bisect-") as folder:
            env = dict(os.environ, PYTHONPATH=str(self.repo), **{records.ENV_RUN_ID: run_id})
            targets = [] if self.args[0] == "--script" or not self.args[0].startswith("-") else ["cases/"]
            cmd = ([self.pythons[row], "-m", "pytest", "-p", "harness.runner.plugin"] + targets + self.args
                   + ["--results", folder, "--env-id", row, "--no-fingerprint", "-q", "-p", "no:cacheprovider"]
                   + self.extra)
            try:
                proc = self.run(cmd, cwd=str(self.repo), env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, errors="replace", timeout=self.timeout)
                note = "exit %s" % proc.returncode
            except subprocess.TimeoutExpired:
                note = "runner timed out after %ss" % self.timeout
            except OSError as exc:
                note = "cannot run %s: %s" % (self.pythons[row], exc.strerror or exc)
            return probe_from_records(row, read_records(Path(folder) / "records.jsonl"), run_id, note)


# --------------------------------------------------------------------------- rows ----
def rows_for_tag(tag: str, matrix_rows: list | None = None) -> list[str]:
    """CPU rows carrying `tag`, in the table's order (TF version first). The pseudo-tag
    keras-default: one row per pinned TF version, the Keras plain `tf.keras` gives there,
    with every axis that declares a default at it (harness/axes.py: the TensorFlow backend,
    CPU, nothing else installed). Two such rows of one TF version that differ on a line axis
    (an axis without a default, say a numpy major) are refused, never one picked silently."""
    if matrix_rows is None:
        from harness.matrix.table import load_matrix
        matrix_rows = load_matrix(REPO / "matrix.toml")
    device = axes.BY_NAME["device"]
    tagged = [row.id for row in matrix_rows if row.axes[device.name] == device.default and tag in row.tags]
    if tagged or tag != KERAS_DEFAULT:
        return tagged
    plain_flavours = (axes.FLAVOUR.choices[1], axes.FLAVOUR.choices[3])   # tf.keras below TF 2.16, keras3 from it
    chosen, by_version = [], {}
    for row in matrix_rows:
        values = row.axes
        if not (row.keras == "tf.keras" and values[axes.FLAVOUR.name] in plain_flavours and row.tf_version
                and all(values.get(a.name) == a.default for a in axes.AXES if a.default is not None)):
            continue
        first = by_version.setdefault(row.tf_version[:2], row)
        if first is row:
            chosen.append(row.id)
            continue
        differ = [a.name for a in axes.AXES if a.line and a is not axes.FLAVOUR
                  and values.get(a.name) != first.axes.get(a.name)]
        if differ:
            raise ValueError("%s and %s both give plain tf.keras on TF %s and differ on %s: declare the axis's "
                             "default in harness/axes.py, or name the rows (--rows)" % (
                                 first.id, row.id, ".".join(map(str, row.tf_version[:2])), ", ".join(differ)))
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.matrix.bisect", description=__doc__.split("\n\n")[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--script", help="a plain Python script (docs/scripts.md)")
    target.add_argument("-k", dest="k", help="a case selection, e.g. known_tf_op_on_keras_tensor::functional")
    axis = parser.add_mutually_exclusive_group(required=True)
    axis.add_argument("--rows", help="comma-separated row ids, in axis order")
    axis.add_argument("--tag", help="rows carrying this tag, in table order (%s: one per TF version)" % KERAS_DEFAULT)
    parser.add_argument("--python", action="append", default=[], metavar="ROW=PYTHON",
                        help="run ROW in this existing interpreter instead of through nox (repeatable; "
                             "then every row needs one)")
    args = parser.parse_args(argv)
    rows = [r.strip() for r in args.rows.split(",") if r.strip()] if args.rows else rows_for_tag(args.tag)
    if args.script and not Path(args.script).is_file():
        parser.error("--script %s: no such file" % args.script)
    if len(rows) < 2:
        parser.error("the axis has %d row(s); bisection needs at least two" % len(rows))
    if args.python:
        bad = [item for item in args.python if "=" not in item or not item.split("=", 1)[1]]
        if bad:
            parser.error("--python takes ROW=PYTHON, not %s" % ", ".join(map(repr, bad)))
        pythons = dict(item.split("=", 1) for item in args.python)
        missing = [r for r in rows if r not in pythons]
        if missing:
            parser.error("--python given, but not for %s" % ", ".join(missing))
        absent = [p for p in pythons.values() if not Path(p).exists()]
        if absent:
            parser.error("no interpreter at %s" % ", ".join(absent))
        probe = PythonProbe(pythons, script=args.script, k=args.k)
    else:
        probe = NoxProbe(script=args.script, k=args.k)
    result = bisect(rows, probe)
    print(result.describe())
    for p in result.probes:
        print("  %-34s %s" % (p.row, p.summary))
    return 2 if result.error else 0


if __name__ == "__main__":
    raise SystemExit(main())
