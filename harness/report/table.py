"""The compatibility table: every case x every environment, one outcome per cell.

Rows are case variants grouped by source (seed document, then known root
causes, then scripts), then scenario and variant; columns are environments
(see columns.py). Every cell comes from a record of a real run:

- a case record of the environment's kept run;
- else the environment-level record (env_error / not_run, case_id null),
  expanded to every case of that column;
- else `not_run`, reason "no record for this case" (the run did not reach
  or did not select it) or "no results" (a matrix row with no results folder).
"""
from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from harness import casefile, claims, outcomes

from .columns import Column, columns_for
from .load import Loaded, Problem

NO_RESULTS = "no results"
_KIND_ORDER = {"seed": 0, "known": 1, "script": 2}
_DOC_NUMBER = re.compile(r"^(\d+)")
CELL_FIELDS = ("outcome", "error_type", "error_message", "reason", "grads", "observed", "traceback",
               "output_tail", "exit_code", "signal", "duration_s", "run_id", "started_at", "claim")


@dataclass
class Row:
    case_id: str
    scenario: str
    variant: str
    title: str = ""
    role: str = ""
    source: dict = field(default_factory=dict)
    claim: dict | None = None
    order: int = 0

    @property
    def kind(self) -> str:
        return self.source.get("kind") or "other"

    @property
    def group(self) -> str:
        """The group id used by filters: 'seed004', 'known', 'script'."""
        if self.kind == "seed":
            return "seed" + seed_number(self.source.get("doc"))
        return self.kind

    @property
    def group_label(self) -> str:
        if self.kind == "seed":
            title = self.source.get("title") or self.source.get("doc") or ""
            return f"Seed {seed_number(self.source.get('doc'))}: {title}"
        return {"known": "Known root causes", "script": "Ad-hoc scripts"}.get(self.kind, "Other")

    @property
    def source_label(self) -> str:
        """How a sentence names the source: 'seed 004', 'known root cause'."""
        if self.kind == "seed":
            return f"seed {seed_number(self.source.get('doc'))}"
        return {"known": "the known root cause", "script": "the script"}.get(self.kind, "the source")

    def sort_key(self):
        return (_KIND_ORDER.get(self.kind, 9), self.source.get("doc") or "", self.scenario, self.order,
                self.variant)


def seed_number(doc: str | None) -> str:
    match = _DOC_NUMBER.match(doc or "")
    return match.group(1) if match else (doc or "?")


@dataclass
class Table:
    rows: list[Row]
    columns: list[Column]
    cells: pd.DataFrame            # indexed by (case_id, env_id); CELL_FIELDS + verdict, why, origin
    problems: list[Problem]
    superseded: list[str]

    def cell(self, case_id: str, env_id: str) -> dict:
        return self.cells.loc[(case_id, env_id)].to_dict()

    def column(self, env_id: str) -> Column:
        return next(c for c in self.columns if c.env_id == env_id)


def rows_from_library(cases_dir: Path) -> list[Row]:
    """Rows for every variant of the case library (metadata only, nothing runs)."""
    scenarios, _ = casefile.discover(str(cases_dir))
    rows = []
    for scenario in scenarios:
        for order, variant in enumerate(scenario.variants):
            meta = variant.describe()
            rows.append(Row(meta["case_id"], meta["scenario"], meta["variant"], meta["title"] or "",
                            meta["role"] or "", dict(scenario.meta.get("source", {})), meta["claim"], order))
    return rows


def rows_from_records(frame: pd.DataFrame) -> list[Row]:
    """One row per case id seen in the records, metadata from its newest record."""
    cases = frame[frame["case_id"].notna()]
    if cases.empty:
        return []
    order = {case_id: i for i, case_id in enumerate(pd.unique(cases["case_id"]))}
    # Metadata as the newest run saw it (run ids sort by time; few distinct ones).
    rank = {run_id: i for i, run_id in enumerate(sorted(set(cases["run_id"])))}
    latest = cases.assign(_rank=cases["run_id"].map(rank)).sort_values("_rank", kind="stable") \
        .drop_duplicates("case_id", keep="last")
    rows = []
    for rec in latest[["case_id", "scenario", "variant", "title", "role", "source", "claim"]].itertuples(
            index=False):
        scenario, _, variant = rec.case_id.partition("::")
        rows.append(Row(rec.case_id, present(rec.scenario) or scenario, present(rec.variant) or variant,
                        present(rec.title) or "", present(rec.role) or "", dict(present(rec.source) or {}),
                        present(rec.claim) or None, order[rec.case_id]))
    return rows


def merge_rows(from_records: list[Row], from_library: list[Row]) -> list[Row]:
    """Library order and metadata first; cases only the records know are kept too
    (results of a case since renamed must still show)."""
    merged = {row.case_id: row for row in from_records}
    merged.update((row.case_id, row) for row in from_library)
    return sorted(merged.values(), key=Row.sort_key)


def _judged_part(claim: dict, outcome, etype, emsg, grads, observed):
    """The part of a result that `claim` looks at, hashable: equal parts get equal verdicts."""
    expect = claim.get("expect") or {}
    grads = grads if isinstance(grads, dict) else {}
    observed = observed if isinstance(observed, dict) else {}
    return (outcome,
            etype if "error_type" in expect else None,
            emsg if "message" in expect else None,
            tuple(grads.get(name) for name in sorted(expect.get("grads") or ())),
            repr([observed.get(name, _ABSENT) for name in sorted(expect.get("observed") or ())]))


_ABSENT = "<absent>"


def _verdicts(cells: pd.DataFrame, rows: list[Row], index: pd.MultiIndex) -> tuple[list, list]:
    """(verdict, why) per cell, judging the case's claim (as its newest record or the
    case library states it) with harness.claims.verdict.

    Only cells of cases with a claim are judged, and results repeat a lot, so
    each distinct (claim, part of the result the claim looks at) is judged once.
    """
    claim_ids: dict[str, int] = {}     # repr of a claim -> small id: equal claims share verdicts
    row_claim = {}
    for row in rows:
        if row.claim and row.claim.get("expect"):
            row_claim[row.case_id] = (row.claim, claim_ids.setdefault(repr(row.claim), len(claim_ids)))
    case_ids = index.get_level_values("case_id")
    judged = case_ids.isin(list(row_claim)).nonzero()[0]
    case_ids = case_ids.to_numpy()
    verdicts = [claims.NO_CLAIM] * len(cells)
    whys = [""] * len(cells)
    columns = [cells[name].to_numpy() for name in ("outcome", "error_type", "error_message", "grads", "observed")]
    memo: dict = {}
    for i in judged.tolist():
        claim, claim_id = row_claim[case_ids[i]]
        outcome, etype, emsg, grads, observed = (column[i] for column in columns)
        etype, emsg = _text(etype), _text(emsg)
        key = (claim_id, _judged_part(claim, outcome, etype, emsg, grads, observed))
        result = memo.get(key)
        if result is None:
            result = memo[key] = claims.verdict(claim, {
                "outcome": outcome, "error_type": etype, "error_message": emsg,
                "grads": grads if isinstance(grads, dict) else None,
                "observed": observed if isinstance(observed, dict) else None})
        verdicts[i], whys[i] = result
    return verdicts, whys


def build(loaded: Loaded, matrix_rows: list[dict] = (), library_rows: list[Row] = ()) -> Table:
    """The full grid (see the module docstring)."""
    enabled = gc.isenabled()
    gc.disable()   # millions of short-lived acyclic objects: see load.load
    try:
        return _build(loaded, matrix_rows, library_rows)
    finally:
        if enabled:
            gc.enable()


def _build(loaded: Loaded, matrix_rows, library_rows) -> Table:
    frame = loaded.records
    rows = merge_rows(rows_from_records(frame), list(library_rows))
    columns = columns_for(loaded.envs, list(matrix_rows))
    case_ids = [row.case_id for row in rows]
    env_ids = [column.env_id for column in columns]
    index = pd.MultiIndex.from_product([case_ids, env_ids], names=["case_id", "env_id"])

    case_records = frame[frame["case_id"].notna()].set_index(["case_id", "env_id"])
    cells = case_records.reindex(index, columns=list(CELL_FIELDS))
    found = cells["outcome"].notna()
    cells["origin"] = "record"

    # Fill every cell no case record covers, from what its environment says.
    env_level = frame[frame["case_id"].isna()].drop_duplicates("env_id", keep="last").set_index("env_id")
    env_of_cell = pd.Series(index.get_level_values("env_id"), index=index)
    missing = ~found
    if missing.any():
        env_missing = env_of_cell[missing]
        ran = {c.env_id: c.run.run_id for c in columns if c.has_results}
        outcome = env_missing.map(env_level["outcome"]) if len(env_level) else \
            pd.Series(None, index=env_missing.index, dtype=object)
        reason = env_missing.map(env_level["reason"]) if len(env_level) else \
            pd.Series(None, index=env_missing.index, dtype=object)
        from_env = outcome.notna()
        no_record = env_missing.map(lambda e: f"no record for this case in run {ran[e]}" if e in ran
                                    else NO_RESULTS)
        cells.loc[missing, "outcome"] = outcome.where(from_env, outcomes.NOT_RUN)
        cells.loc[missing, "reason"] = reason.where(from_env, no_record)
        cells.loc[missing, "origin"] = from_env.map({True: "environment", False: "missing"})
        if len(env_level):
            cells.loc[missing, "run_id"] = env_missing.map(env_level["run_id"])

    verdicts, whys = _verdicts(cells, rows, index)
    cells["verdict"] = verdicts
    cells["why"] = whys
    cells = cells.drop(columns=["claim"])
    return Table(rows, columns, cells, loaded.problems, loaded.superseded)


def _text(value):
    return value if isinstance(value, str) else None


def present(value):
    """A cell field as a plain value: pandas' NaN for 'absent' becomes None."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    return value
