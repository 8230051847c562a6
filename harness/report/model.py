"""The compatibility table as data: environment columns, case rows, one cell per pair.

Host side. Columns are the matrix rows (harness/matrix/table.EnvRow, their axes)
with what each one's newest run saw (env.json: the real versions; a CPU run is
never labelled CUDA), plus any environment the history holds that the matrix no
longer lists. Rows are the case library's variants (results of a case since removed
from the library stay in the history, unshown, and are named among the input problems);
without a library (ad-hoc sets), every case the history holds. Every cell comes from a
record of a real run:

- the newest record of that case in that environment (several records in that
  run that disagree: flaky, with counts);
- else, or when newer, the environment's own record (env_error / not_run);
- else not_run: "no record for this case" (the environment ran, not this case)
  or "no results" (the environment never ran).
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from harness import axes, casefile, claims, contract, outcomes, records
from harness.history.query import History

from .text import trim_paths

NO_RESULTS = "no results"
_KIND_ORDER = {"seed": 0, "known": 1, "script": 2}
_DOC_NUMBER = re.compile(r"^(\d+)")
# What a cell keeps of its record, and which of those are JSON text in the history (harness/contract.py).
def cell_fields() -> tuple[str, ...]:
    return contract.names(contract.CELL, contract.FIELDS)


def _json_fields() -> tuple[str, ...]:
    return tuple(f.name for f in contract.FIELDS if contract.history_type(f) == "JSON")


CELL_FIELDS = cell_fields()   # as of import (read the declarations through cell_fields())
_RUN_TEXTS = ("error_message", "error_last_line", "traceback", "output_tail", "reason")


@dataclass
class Column:
    """One environment: its declared row and what its newest run saw."""
    env_id: str
    declared: dict                       # axis -> value, from matrix.toml (or from env.json when not listed)
    actual: dict                         # axis -> value, as the newest run's env.json reports it
    row: object | None = None            # harness.matrix.table.EnvRow, None when not in the matrix
    env: dict | None = None              # parsed env.json of the newest run that saw the environment
    rowrun: dict = field(default_factory=dict)   # that run's metadata (run_id, timing, freeze)

    @property
    def has_results(self) -> bool:
        return bool(self.rowrun)

    @property
    def tags(self) -> tuple:
        return tuple(self.row.tags) if self.row is not None else ()

    def value(self, axis: str):
        return self.actual.get(axis)

    @functools.cached_property
    def tf_short(self) -> str:
        return axes.TF.short(self.value("tf"))

    @property
    def keras_version(self) -> str | None:
        return ((self.env or {}).get("keras") or {}).get("version")

    def sort_key(self):
        return axes.sort_key(self.actual, self.env_id)

    def packages(self) -> dict:
        packages = (self.env or {}).get("packages")
        if isinstance(packages, dict):
            return packages
        freeze = self.rowrun.get("freeze") or ""
        return dict(line.split("==", 1) for line in freeze.splitlines() if "==" in line and not line.startswith("#"))


@dataclass
class CaseRow:
    case_id: str
    scenario: str
    variant: str
    title: str = ""
    role: str = ""
    source: dict = field(default_factory=dict)
    claim: dict | None = None
    order: int = 0
    path: str | None = None              # the case file, for library cases

    @property
    def kind(self) -> str:
        return self.source.get("kind") or "other"

    @property
    def group(self) -> str:
        """The group id used by filters: 'seed004', 'known', 'script'."""
        return "seed" + seed_number(self.source.get("doc")) if self.kind == "seed" else self.kind

    @property
    def group_label(self) -> str:
        if self.kind == "seed":
            title = self.source.get("title") or self.source.get("doc") or ""
            return "Seed %s: %s" % (seed_number(self.source.get("doc")), title)
        return {"known": "Known root causes", "script": "Ad-hoc scripts"}.get(self.kind, "Other")

    @property
    def source_label(self) -> str:
        if self.kind == "seed":
            return "seed %s" % seed_number(self.source.get("doc"))
        return {"known": "the known root cause", "script": "the script"}.get(self.kind, "the source")

    def sort_key(self):
        return (_KIND_ORDER.get(self.kind, 9), self.source.get("doc") or "", self.scenario, self.order, self.variant)


def seed_number(doc) -> str:
    match = _DOC_NUMBER.match(doc if isinstance(doc, str) else "")
    return match.group(1) if match else str(doc or "?")


@dataclass
class Grid:
    rows: list[CaseRow]
    columns: list[Column]
    cells: pd.DataFrame                  # indexed by (case_id, env_id): CELL_FIELDS + origin, verdict, why, scope, audit
    timelines: dict                      # (case_id, env_id) -> [(run_id, outcome, error_type), ...] oldest first
    runs: pd.DataFrame                   # run_id, started_at, rows, records, complete, commit
    rowruns: pd.DataFrame                # every row run (env_json, freeze, timing)
    changes: list = field(default_factory=list)   # analysis.CellChange: results that changed between runs
    problems: list[str] = field(default_factory=list)
    # Reader cells ('scenario::reader@<writer env>') belong to the saved-in / loaded-in grid
    # (harness/report/saveload.py), not to this table: their newest records and rows, kept here.
    reader_latest: pd.DataFrame | None = None
    reader_rows: list = field(default_factory=list)
    env_events: dict = field(default_factory=dict)   # env id -> its newest env_error / not_run record
    saveload: object | None = None                    # saveload.SaveLoad, attached by publish
    record_cell: object | None = None                 # record -> cell, as for this table's cells

    def cell(self, case_id: str, env_id: str) -> dict:
        return {k: present(v) for k, v in self.cells.loc[(case_id, env_id)].to_dict().items()}

    def column(self, env_id: str) -> Column:
        return next(c for c in self.columns if c.env_id == env_id)

    def nightly_env_ids(self) -> set[str]:
        return {c.env_id for c in self.columns if axes.TF.is_nightly(c.value("tf"))}


def present(value):
    """A cell field as a plain value: pandas' NaN / NA for 'absent' becomes None."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    return value


def _json(value):
    value = present(value)
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


# ------------------------------------------------------------------ rows / columns ----
def library_rows(cases_dir: Path) -> list[CaseRow]:
    """Rows for every variant of the case library (metadata only, nothing runs)."""
    scenarios, _ = casefile.discover(str(cases_dir))
    rows = []
    for scenario in scenarios:
        for order, variant in enumerate(scenario.variants):
            meta = variant.describe()
            rows.append(CaseRow(meta["case_id"], meta["scenario"], meta["variant"], meta["title"] or "",
                                meta["role"] or "", dict(scenario.meta.get("source", {})), meta["claim"], order,
                                scenario.path))
    return rows


def _record_rows(latest: pd.DataFrame) -> list[CaseRow]:
    rows = []
    for rec in latest.itertuples(index=False):
        scenario, _, variant = rec.case_id.partition("::")
        source = _json(rec.source)
        claim = _json(rec.claim)
        rows.append(CaseRow(rec.case_id, present(rec.scenario) or scenario, present(rec.variant) or variant,
                            present(rec.title) or "", present(rec.role) or "",
                            dict(source) if isinstance(source, dict) else {},
                            claim if isinstance(claim, dict) else None))
    return rows


def columns_for(matrix_rows, rowruns: pd.DataFrame, problems: list[str]) -> list[Column]:
    by_env = {}
    for meta in rowruns.to_dict("records"):
        env = None
        if present(meta.get("env_json")):
            try:
                env = records.loads(meta["env_json"])     # lone surrogates replaced (a history written before)
            except (ValueError, RecursionError) as exc:
                env = exc
            problem = records.check_env(env) if not isinstance(env, ValueError) else "not JSON: %s" % env
            if problem:
                problems.append("%s run %s: env.json ignored: %s" % (meta["env_id"], meta["run_id"], problem))
                env = None
        by_env[meta["env_id"]] = (env, {k: present(v) for k, v in meta.items()})
    columns = []
    for row in matrix_rows:
        env, meta = by_env.pop(row.id, (None, {}))
        columns.append(Column(row.id, row.axes, axes.actual(env, row.axes), row, env, meta))
    for env_id, (env, meta) in by_env.items():   # in the history, no longer in the matrix
        declared = axes.actual(env, {})
        columns.append(Column(env_id, declared, declared, None, env, meta))
    return sorted(columns, key=Column.sort_key)


# --------------------------------------------------------------------------- cells ----
def build(history: History, matrix_rows=(), library: list[CaseRow] = ()) -> Grid:
    """The full grid (see the module docstring)."""
    problems: list[str] = []
    latest = history.latest_cells()
    is_reader = latest["case_id"].str.contains("@", regex=False) if len(latest) else pd.Series([], dtype=bool)
    reader_latest, latest = latest[is_reader], latest[~is_reader]
    reader_rows = [r for r in library if r.role == casefile.READER]
    library = [r for r in library if r.role != casefile.READER]
    events = history.env_events()
    columns = columns_for(list(matrix_rows), history.latest_rowruns(), problems)
    if library or reader_rows:   # the library decides what is shown; results of a removed case stay in the history
        shown = {r.case_id for r in library}
        gone = sorted(set(latest["case_id"]) - shown) if len(latest) else []
        if gone:
            problems.append("%d case(s) of the history are no longer in the case library and are not shown: %s"
                            % (len(gone), ", ".join(gone)))
        rows = list(library)
    else:         # an ad-hoc set: every case the history holds, described by its newest record
        rows = _record_rows(latest) if len(latest) else []
    rows = sorted({r.case_id: r for r in rows}.values(), key=CaseRow.sort_key)
    env_ids = [c.env_id for c in columns]
    column_of = {c.env_id: c for c in columns}
    index = pd.MultiIndex.from_product([[r.case_id for r in rows], env_ids], names=["case_id", "env_id"])

    records = {}
    for rec in latest.to_dict("records"):
        records[(rec["case_id"], rec["env_id"])] = rec
    event_of = {rec["env_id"]: rec for rec in events.to_dict("records")}
    texts: dict = {}   # machine paths trimmed once per distinct text

    def trimmed(text):
        text = present(text)
        if text is None:
            return None
        if text not in texts:
            texts[text] = trim_paths(text)
        return texts[text]

    kept, nested = cell_fields(), _json_fields()

    def from_record(rec):
        cell = {name: present(rec.get(name)) for name in kept}
        for name in nested:
            if name in cell:
                cell[name] = _json(cell[name])
        for name in _RUN_TEXTS:
            cell[name] = trimmed(cell.get(name))
        cell["origin"] = "record"
        return cell

    data = []
    for row in rows:
        for env_id in env_ids:
            rec = records.get((row.case_id, env_id))
            event = event_of.get(env_id)
            if event is not None and (rec is None or event["run_rank"] > rec["run_rank"]):   # newer: by start time
                cell = {"outcome": event["outcome"], "reason": trimmed(event.get("reason")),
                        "output_tail": trimmed(event.get("output_tail")), "run_id": event["run_id"],
                        "started_at": event.get("started_at"), "origin": "environment"}
            elif rec is not None:
                cell = from_record(rec)
            else:
                ran = column_of[env_id].rowrun.get("run_id")
                cell = {"outcome": outcomes.NOT_RUN, "origin": "missing",
                        "reason": "no record for this case (its environment last ran in %s)" % ran if ran
                        else NO_RESULTS}
            data.append(cell)
    cells = pd.DataFrame(data, index=index, columns=list(kept) + ["origin"]).astype(object)
    _judge(cells, rows, column_of)
    _attach_audits(cells, history.audits(), {k: {h: rec.get(h) for h in ("case_hash", "runner_hash", "env_hash")}
                                              for k, rec in records.items()})
    return Grid(rows, columns, cells, history.timeline_lists(), history.runs(), history.rowruns(), problems,
                reader_latest=reader_latest, reader_rows=reader_rows, env_events=event_of, record_cell=from_record)


def _judge(cells: pd.DataFrame, rows: list[CaseRow], column_of: dict) -> None:
    """verdict, why and scope ('in' / 'out' / '') of every cell, by harness.claims."""
    claim_of = {r.case_id: r.claim for r in rows if r.claim and r.claim.get("expect")}
    verdicts, whys, scopes = [], [], []
    memo: dict = {}
    for (case_id, env_id), cell in zip(cells.index, cells.to_dict("records")):
        claim = claim_of.get(case_id)
        if claim is None:
            verdicts.append(claims.NO_CLAIM), whys.append(""), scopes.append("")
            continue
        key = (case_id, cell["outcome"], cell.get("error_type"), cell.get("error_message"),
               json.dumps(cell.get("grads"), sort_keys=True), json.dumps(cell.get("effects"), sort_keys=True),
               json.dumps(cell.get("observed"), sort_keys=True, default=str))
        if key not in memo:
            memo[key] = claims.verdict(claim, {k: present(v) for k, v in cell.items()})
        verdict, why = memo[key]
        verdicts.append(verdict)
        whys.append(why)
        scopes.append("in" if claims.in_scope(claim, column_of[env_id].actual) else "out")
    cells["verdict"], cells["why"], cells["scope"] = verdicts, whys, scopes


def _attach_audits(cells: pd.DataFrame, audits: pd.DataFrame, inputs: dict) -> None:
    """audit: agree | disagree | '' for the record a cell shows, by the audit valid for it
    (harness/audit/carry.py: its own, or one of identical inputs and result carried forward);
    audit_detail: both sides, and `carried_from` (the audited run) when carried."""
    from ..audit import carry
    grouped = carry.by_cell(audits)
    marks, details = [], []
    for (case_id, env_id), run_id, origin, outcome, error_type in zip(
            cells.index, cells["run_id"], cells["origin"], cells["outcome"], cells["error_type"]):
        a = None
        if origin == "record" and (case_id, env_id) in grouped:
            cell = dict(inputs.get((case_id, env_id)) or {}, run_id=run_id, outcome=outcome, error_type=error_type)
            a = carry.valid_audit(cell, grouped[(case_id, env_id)])
        if a is None:
            marks.append("")
            details.append(None)
            continue
        marks.append("agree" if a.get("agree") else "disagree")
        detail = {"plain_outcome": a.get("plain_outcome"), "plain_error_type": present(a.get("plain_error_type")),
                  "last_line": present(a.get("last_line")), "differences": _json(a.get("differences")),
                  "audited_at": a.get("audited_at")}
        if a.get("run_id") != run_id:
            detail["carried_from"] = a.get("run_id")
        details.append(detail)
    cells["audit"], cells["audit_detail"] = marks, details
