"""What the table says: claim verdicts (in and out of their scope), outcome counts per
environment, where outcomes change along the version axis, and how cells changed over
time (the history)."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from harness import axes, claims, outcomes, records

from .model import CaseRow, Column, Grid, present

# Outcomes that say nothing about the case itself: skipped when looking for transitions.
_NOT_ABOUT_THE_CASE = tuple(o for o in outcomes.OUTCOMES if outcomes.get(o).env_level)


@dataclass
class ClaimVerdict:
    row: CaseRow
    envs: dict[str, dict[str, list[str]]]    # scope (in | out) -> verdict -> env ids, in column order
    why: dict[str, str]                      # env id -> why refuted / inconclusive

    def count(self, scope: str, verdict: str) -> int:
        return len(self.envs.get(scope, {}).get(verdict, []))

    def total(self, scope: str) -> int:
        return sum(len(v) for v in self.envs.get(scope, {}).values())

    @property
    def scoped(self) -> bool:
        return bool((self.row.claim or {}).get("scope"))

    def sentence(self) -> str:
        """'seed 004 claims "..." (ex3): in its scope (tf >= 2.0): refuted in 30/32; elsewhere: ...'"""
        def part(scope):
            total = self.total(scope)
            return ", ".join("%s in %d/%d" % (v, self.count(scope, v), total)
                             for v in (claims.HOLDS, claims.REFUTED, claims.INCONCLUSIVE) if self.count(scope, v))
        text = '%s claims "%s" (%s): ' % (self.row.source_label, self.row.claim["text"], self.row.variant)
        if not self.scoped:
            return text + part("in")
        scope = ", ".join("%s %s" % (k, v) for k, v in self.row.claim["scope"].items())
        text += "where it says it holds (%s): %s" % (scope, part("in") or "no environment")
        return text + ("; elsewhere: %s" % part("out") if self.total("out") else "")


def claim_verdicts(grid: Grid) -> list[ClaimVerdict]:
    result = []
    cells = grid.cells[["verdict", "why", "scope"]]
    for row in grid.rows:
        if not row.claim or not row.claim.get("expect"):
            continue
        envs: dict = {}
        why = {}
        for column in grid.columns:
            verdict, reason, scope = cells.loc[(row.case_id, column.env_id)]
            envs.setdefault(scope or "in", {}).setdefault(verdict, []).append(column.env_id)
            if reason:
                why[column.env_id] = reason
        result.append(ClaimVerdict(row, envs, why))
    return result


def env_summary(grid: Grid) -> pd.DataFrame:
    """Counts per outcome (every outcome of harness.outcomes) per environment."""
    counts = grid.cells.groupby(level="env_id")["outcome"].value_counts().unstack(fill_value=0)
    counts = counts.reindex(index=[c.env_id for c in grid.columns], columns=list(outcomes.OUTCOMES), fill_value=0)
    counts["total"] = counts.sum(axis=1)
    return counts.astype(int)


def segments_along(columns, cell_for, skip) -> list:
    """Neighbouring columns of one Keras line whose cells say the same (said), as Segments
    (columns whose cell is None or `skip(cell)` are left out)."""
    segments: list = []
    for column in columns:
        cell = cell_for(column)
        if cell is None or skip(cell):
            continue
        text = said(cell)
        if segments and segments[-1].said == text:
            segments[-1].columns.append(column)
        else:
            segments.append(Segment(text, [column]))
    return segments


def said(cell: dict) -> str:
    """What a cell says, on one line: the record contract's summary (harness.records.summary).
    Neighbouring cells that say the same are one segment (not records.signature: that
    compares two records of one cell by their result only)."""
    return records.summary({k: present(v) for k, v in cell.items()}, width=60)


@dataclass
class Segment:
    said: str
    columns: list[Column] = field(default_factory=list)


@dataclass
class CaseHistory:
    """Where a case's outcome changes along each transition line (flavour, backend, device...)."""
    row: CaseRow
    lines: dict[str, str]                 # line -> sentence
    transitions: list[tuple[str, Column, Column, str, str]]   # (line, before, after, was, becomes)

    def sentence(self) -> str:
        return " | ".join("%s: %s" % (line, text) for line, text in self.lines.items())


def _name(column: Column, line: list[Column]) -> str:
    """'TF 2.16'; 'the jax backend' for a row without TensorFlow; plus the Keras or
    Python version where the line has several columns with that name."""
    def base(c):
        return ("TF " + c.tf_short) if c.value("tf") else "the %s backend" % (c.value("backend") or "?")
    name = base(column)
    same = [c for c in line if base(c) == name]
    if len({c.keras_version for c in same}) > 1:
        name += " keras %s" % column.keras_version
    elif len(same) > 1:
        name += " py%s" % column.value("python")
    return name


def _describe(segments: list[Segment], line: list[Column]) -> str:
    if len(segments) == 1:
        return "%s in all %d" % (segments[0].said, len(segments[0].columns))
    parts = []
    for i, seg in enumerate(segments):
        first, last = _name(seg.columns[0], line), _name(seg.columns[-1], line)
        if i == 0:
            parts.append("%s up to %s" % (seg.said, last))
        elif i == len(segments) - 1:
            parts.append("%s from %s" % (seg.said, first))
        else:
            parts.append("%s in %s" % (seg.said, first) if first == last
                         else "%s from %s to %s" % (seg.said, first, last))
    return "; ".join(parts)


def transitions(grid: Grid) -> list[CaseHistory]:
    """For every case whose outcome changes along some line, or differs between lines:
    environments of one line (harness.axes.line_of) in column order (TensorFlow, Python);
    environment-level cells skipped since they say nothing about the case."""
    lines: dict[str, list[Column]] = {}
    for column in grid.columns:
        lines.setdefault(axes.line_of(column.actual), []).append(column)
    fields = ["outcome", "error_type", "error_message", "reason"]
    result = []
    for row in grid.rows:
        frame = grid.cells.loc[row.case_id, fields]
        cell_of = {env: dict(zip(fields, values)) for env, values in zip(frame.index, frame.itertuples(index=False))}
        described, found, seen = {}, [], set()
        for line, columns in lines.items():
            segments = segments_along(columns, lambda c: cell_of[c.env_id],
                                      lambda cell: cell["outcome"] in _NOT_ABOUT_THE_CASE)
            if not segments:
                continue
            described[line] = _describe(segments, columns)
            seen.update(s.said for s in segments)
            for before, after in zip(segments, segments[1:]):
                found.append((line, before.columns[-1], after.columns[0], before.said, after.said))
        if found or len(seen) > 1:
            result.append(CaseHistory(row, described, found))
    return result


# ----------------------------------------------------------------------- over time ----
NIGHTLY_PACKAGES = ("tf-nightly", "tf-nightly-cpu", "keras-nightly", "tf-keras-nightly", "tensorflow", "keras",
                    "tf-keras")


@dataclass
class CellChange:
    case_id: str
    env_id: str
    run_before: str
    run_after: str
    when: str | None
    was: str
    becomes: str
    packages_before: dict
    packages_after: dict
    changed: dict = field(default_factory=dict)   # "case" / "runner" / "environment" -> True/False/None

    @property
    def cause(self) -> str:
        """What changed between the two runs, by the hashes of what a result depends on: a
        change with none of them changed is the one to suspect of flakiness."""
        if any(v is None for v in self.changed.values()) or not self.changed:
            return ""
        moved = [name for name, changed in self.changed.items() if changed]
        return ("the %s changed" % " and the ".join(moved)) if moved else "nothing it depends on changed"

    def __str__(self):
        text = "%s @ %s: %s -> %s (run %s -> %s)" % (self.case_id, self.env_id, self.was, self.becomes,
                                                      self.run_before, self.run_after)
        if self.cause:
            text += "; " + self.cause
        moved = {k: (self.packages_before.get(k), v) for k, v in self.packages_after.items()
                 if self.packages_before.get(k) != v}
        if moved:
            text += "; " + ", ".join("%s %s -> %s" % (k, a, b) for k, (a, b) in moved.items())
        return text


def cell_changes(history, nightly_envs=()) -> list[CellChange]:
    """Every cell whose outcome (or error type) changed between two consecutive runs holding
    it, newest first; in nightly rows with the versions of the packages that matter in both
    runs (which nightly build changed it)."""
    found = history.changes()
    if not len(found):
        return []
    pairs = {(r, e) for r, e in zip(found["run_before"], found["env_id"]) if e in nightly_envs}
    pairs |= {(r, e) for r, e in zip(found["run_after"], found["env_id"]) if e in nightly_envs}
    versions = history.package_versions(pairs)

    def pick(key):
        packages = versions.get(key) or {}
        return {k: packages[k] for k in NIGHTLY_PACKAGES if k in packages}
    def flags(case, runner, env):
        return {"case": _flag(case), "runner": _flag(runner), "environment": _flag(env)}
    return [CellChange(c, e, b, a, present(w), was, becomes, pick((b, e)), pick((a, e)), flags(hc, hr, he))
            for c, e, b, a, w, was, becomes, hc, hr, he in zip(*(found[k].tolist() for k in (
                "case_id", "env_id", "run_before", "run_after", "started_at", "was", "becomes",
                "case_changed", "runner_changed", "env_changed")))]


def _flag(value):
    value = present(value)
    return None if value is None else bool(value)


def changes_over_time(grid: Grid) -> list[CellChange]:
    return grid.changes


def timeline_of(grid: Grid) -> dict[tuple[str, str], list[tuple[str, str, str | None]]]:
    """(case_id, env_id) -> [(run_id, outcome, error_type), ...] oldest first."""
    return grid.timelines


def flaky_cells(grid: Grid) -> list[tuple[str, str, str]]:
    cells = grid.cells[grid.cells["outcome"] == outcomes.FLAKY]
    return [(c, e, present(r) or "") for (c, e), r in zip(cells.index, cells["reason"])]


def setup_errors(grid: Grid) -> dict[str, list[str]]:
    """'ValueError: Input size must be at least 48x48...' -> cells that failed before their subject."""
    cells = grid.cells[grid.cells["outcome"] == outcomes.SETUP_ERROR]
    found: dict = {}
    for (case_id, env_id), etype, message in zip(cells.index, cells["error_type"], cells["error_message"]):
        found.setdefault("%s: %s" % (present(etype), (present(message) or "")[:120]), []).append(
            "%s @ %s" % (case_id, env_id))
    return found


def audit_summary(grid: Grid) -> dict:
    """Audited cells per environment: {env: (agree, audited)}, every disagreement, and how much
    of what is published is audited: `published` (cells holding a record of a case that ran),
    `audited` (of those, with a valid audit), `carried` (valid through an earlier identical run)."""
    per_env: dict = {}
    disagreements = []
    published = audited = carried = 0
    for (case_id, env_id), mark, detail, origin, outcome in zip(
            grid.cells.index, grid.cells["audit"], grid.cells["audit_detail"], grid.cells["origin"],
            grid.cells["outcome"]):
        if origin == "record" and outcome not in ("not_applicable", "flaky"):
            published += 1
            audited += bool(mark)
            carried += bool(mark and detail and detail.get("carried_from"))
        if not mark:
            continue
        agree, total = per_env.get(env_id, (0, 0))
        per_env[env_id] = (agree + (mark == "agree"), total + 1)
        if mark == "disagree":
            disagreements.append((case_id, env_id, detail))
    return {"per_env": per_env, "disagreements": disagreements, "published": published,
            "audited": audited, "carried": carried}



@dataclass
class Findings:
    """Everything the outputs show: the grid and what the analyses found in it."""
    grid: Grid
    meta: dict
    verdicts: list[ClaimVerdict]
    histories: list[CaseHistory]
    counts: pd.DataFrame
    over_time: list[CellChange]
    setup: dict
    audit: dict
    table: dict                        # table.json (harness/report/regress.py)
    changes: list | None = None        # against a baseline, when one is given


def findings(grid: Grid, meta: dict, baseline: dict | None = None) -> Findings:
    from . import regress
    table = regress.table_json(grid, meta)
    return Findings(grid, meta, claim_verdicts(grid), transitions(grid), env_summary(grid), changes_over_time(grid),
                    setup_errors(grid), audit_summary(grid), table,
                    regress.compare(baseline, table) if baseline is not None else None)
