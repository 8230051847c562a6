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

import numpy as np
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


def _factorize_cases(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(code per record, case ids in order of first appearance); a null case_id is -1."""
    return pd.factorize(frame["case_id"].to_numpy(dtype=object))


def _rows_from_records(frame: pd.DataFrame, case_codes: np.ndarray, case_ids: np.ndarray) -> list[Row]:
    """One row per case id seen in the records, metadata from its newest record."""
    if not len(case_ids):
        return []
    # Metadata as the newest run saw it (run ids sort by time): the last record of
    # each case once the records are stably sorted by run.
    run_codes, run_ids = pd.factorize(frame["run_id"].to_numpy(dtype=object))
    rank = np.empty(len(run_ids), dtype=np.int64)
    rank[sorted(range(len(run_ids)), key=lambda i: run_ids[i])] = np.arange(len(run_ids))
    positions = (case_codes >= 0).nonzero()[0]
    by_run = positions[np.argsort(rank[run_codes[positions]], kind="stable")]
    codes = case_codes[by_run]
    last = len(codes) - 1 - np.unique(codes[::-1], return_index=True)[1]
    latest = frame.iloc[by_run[np.sort(last)]]
    order = {case_id: i for i, case_id in enumerate(case_ids)}
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
    n = len(cells)
    verdicts = np.full(n, claims.NO_CLAIM, dtype=object)
    whys = np.full(n, "", dtype=object)
    case_codes, case_ids = index.codes[0], index.levels[0]
    claim_of_case = np.array([row_claim[c][1] if c in row_claim else -1 for c in case_ids], dtype=np.int64)
    judged = (claim_of_case[case_codes] >= 0).nonzero()[0] if n else np.zeros(0, dtype=np.int64)
    if not len(judged):
        return verdicts.tolist(), whys.tolist()
    # Cells alike in claim, outcome, error and the very same grads / observed objects
    # (records share equal values) are one group: judged once.
    columns = {name: cells[name].to_numpy(dtype=object)[judged]
               for name in ("outcome", "error_type", "error_message", "grads", "observed")}
    keys = pd.DataFrame({
        "claim": claim_of_case[case_codes[judged]],
        **{name: pd.factorize(columns[name], use_na_sentinel=False)[0]
           for name in ("outcome", "error_type", "error_message")},
        **{name: np.fromiter(map(id, columns[name]), dtype=np.int64, count=len(judged))
           for name in ("grads", "observed")}})
    group = keys.groupby(list(keys.columns), sort=False).ngroup().to_numpy()
    first = np.unique(group, return_index=True)[1]
    claim_by_id = {claim_id: claim for claim, claim_id in row_claim.values()}
    memo: dict = {}
    results = []
    for i in first.tolist():
        claim = claim_by_id[int(keys["claim"].iat[i])]
        outcome, etype, emsg, grads, observed = (columns[name][i] for name in
                                                 ("outcome", "error_type", "error_message", "grads", "observed"))
        etype, emsg = _text(etype), _text(emsg)
        key = (int(keys["claim"].iat[i]), _judged_part(claim, outcome, etype, emsg, grads, observed))
        result = memo.get(key)
        if result is None:
            result = memo[key] = claims.verdict(claim, {
                "outcome": outcome, "error_type": etype, "error_message": emsg,
                "grads": grads if isinstance(grads, dict) else None,
                "observed": observed if isinstance(observed, dict) else None})
        results.append(result)
    verdicts[judged] = np.array([v for v, _ in results], dtype=object)[group]
    whys[judged] = np.array([w for _, w in results], dtype=object)[group]
    return verdicts.tolist(), whys.tolist()


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
    case_codes, record_cases = _factorize_cases(frame)
    rows = merge_rows(_rows_from_records(frame, case_codes, record_cases), list(library_rows))
    columns = columns_for(loaded.envs, list(matrix_rows))
    case_ids = [row.case_id for row in rows]
    env_ids = [column.env_id for column in columns]
    index = pd.MultiIndex.from_product([case_ids, env_ids], names=["case_id", "env_id"])

    # Each case record goes to its cell: (row, column) -> position, then one take per field.
    env_codes, record_envs = pd.factorize(frame["env_id"].to_numpy(dtype=object))
    row_of = {case_id: i for i, case_id in enumerate(case_ids)}
    column_of = {env_id: i for i, env_id in enumerate(env_ids)}
    row_map = np.array([row_of.get(c, -1) for c in record_cases] + [-1], dtype=np.int64)
    column_map = np.array([column_of.get(e, -1) for e in record_envs] + [-1], dtype=np.int64)
    record_row, record_column = row_map[case_codes], column_map[env_codes]   # null case_id (-1): no cell
    placed = ((record_row >= 0) & (record_column >= 0)).nonzero()[0]
    source = np.full(len(index), -1, dtype=np.int64)
    source[record_row[placed] * len(env_ids) + record_column[placed]] = placed
    cells = pd.DataFrame({name: pd.Series(pd.api.extensions.take(frame[name].array, source, allow_fill=True),
                                          index=index, dtype=frame[name].dtype, copy=False)
                          for name in CELL_FIELDS if name != "claim"}, index=index, copy=False)
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
