"""table.json (the baseline format) and per-cell comparison with a baseline.

Like wpt.fyi, differences are listed cell by cell, never as aggregate counts:
3 cells going ok -> error and 3 going error -> ok is six changes, not zero. A
cell is (case_id, env_id); it changed when its outcome or its error class
differs; added / removed when only one side has it (a case added to or removed
from the library). A change where either side is flaky is reported apart: only a
stable cell whose result changed fails --check.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from harness import axes, contract, outcomes, records

from .model import Grid, present

TABLE_SCHEMA = 2
READABLE = (1, 2)
COMPARED = records.SAME_RESULT   # a cell changed when these differ (the same-result rule)


def table_json(grid: Grid, meta: dict) -> dict:
    """The whole table as plain JSON: what a later build compares against."""
    cells: dict[str, dict[str, dict]] = {}
    kept = contract.names(contract.TABLE)   # what table.json keeps of a cell (harness/contract.py)
    frame = grid.cells[list(kept)]
    for (case_id, env_id), values in zip(frame.index, frame.itertuples(index=False, name=None)):
        cell = {k: present(v) for k, v in zip(kept, values)}
        cells.setdefault(case_id, {})[env_id] = {k: v for k, v in cell.items() if v not in (None, "")}
    saveload = {}
    for rg in (grid.saveload.grids if grid.saveload is not None else []):
        # a reader cell is compared like any cell: 'scenario::reader@<writer env>' -> reader env -> cell
        saveload[rg.case_id] = {"reads": rg.writer_case, "title": rg.reader.title, "writers": rg.writers,
                                "claim": (rg.reader.claim or {}).get("text")}
        for (writer, env_id), cell in rg.cells.items():
            if cell.get("origin") == "missing":
                continue
            out = {k: present(cell.get(k)) for k in kept + ("artifact", "max_abs_diff")}
            cells.setdefault("%s@%s" % (rg.case_id, writer), {})[env_id] = {
                k: v for k, v in out.items() if v not in (None, "")}
    return {
        "schema": TABLE_SCHEMA,
        "kind": "kmatrix-table",
        "meta": meta,
        "axes": [a.name for a in axes.AXES],
        "envs": [{"id": c.env_id, "axes": {k: list(v) if isinstance(v, tuple) else v for k, v in c.actual.items()},
                  "keras": c.keras_version, "has_results": c.has_results, "in_matrix": c.row is not None}
                 for c in grid.columns],
        "cases": [{"id": r.case_id, "group": r.group, "title": r.title, "role": r.role} for r in grid.rows],
        "cells": cells,
        "saveload": saveload,
    }


class BaselineError(Exception):
    pass


def read_table_json(path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such file") from None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: not readable as JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("kind") != "kmatrix-table" or not isinstance(data.get("cells"), dict):
        raise BaselineError(f"{path}: not a table.json written by harness.report")
    if data.get("schema") not in READABLE:
        raise BaselineError(f"{path}: table schema {data.get('schema')!r}, this report reads {READABLE}")
    for case_id, row in data["cells"].items():
        if not isinstance(row, dict) or not all(
                isinstance(cell, dict) and isinstance(cell.get("outcome"), str) for cell in row.values()):
            raise BaselineError(f"{path}: the cells of {case_id!r} are malformed (each needs an outcome)")
    return data


@dataclass(frozen=True)
class Change:
    case_id: str
    env_id: str
    kind: str                 # added | removed | changed | flaky
    before: dict | None
    after: dict | None

    @staticmethod
    def describe_cell(cell: dict | None) -> str:
        if not cell:
            return "(absent)"
        text = cell["outcome"]
        if cell.get("error_type"):
            text += f" ({cell['error_type']})"
        return text

    @property
    def fails(self) -> bool:
        """Does this change fail --check? Only a stable cell whose result changed: a flaky
        cell's does not, nor a case added to or removed from the library."""
        return self.kind == "changed"

    def __str__(self):
        return (f"{self.kind}: {self.case_id} @ {self.env_id}: "
                f"{self.describe_cell(self.before)} -> {self.describe_cell(self.after)}")


def compare(baseline: dict, current: dict) -> list[Change]:
    """Every cell that differs between two table.json documents, in a stable order."""
    old, new = baseline["cells"], current["cells"]
    changes = []
    for case_id in sorted(set(old) | set(new)):
        old_row, new_row = old.get(case_id, {}), new.get(case_id, {})
        for env_id in sorted(set(old_row) | set(new_row)):
            before, after = old_row.get(env_id), new_row.get(env_id)
            if before is None:
                changes.append(Change(case_id, env_id, "added", None, after))
            elif after is None:
                changes.append(Change(case_id, env_id, "removed", before, None))
            elif any(before.get(k) != after.get(k) for k in COMPARED):
                flaky = outcomes.FLAKY in (before.get("outcome"), after.get("outcome"))
                changes.append(Change(case_id, env_id, "flaky" if flaky else "changed", before, after))
    return changes
