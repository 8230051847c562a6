"""table.json (the baseline format) and per-cell comparison with a baseline.

Like wpt.fyi, differences are listed cell by cell, never as aggregate
counts: 3 cells going ok -> error and 3 going error -> ok is six changes,
not zero. A cell is (case_id, env_id); it changed when its outcome or its
exception class differs; it is added / removed when only one side has it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .table import Table, present

TABLE_SCHEMA = 1
COMPARED = ("outcome", "error_type")


def table_json(table: Table, meta: dict) -> dict:
    """The whole table as plain JSON: what a later build compares against."""
    cells: dict[str, dict[str, dict]] = {}
    frame = table.cells[["outcome", "error_type", "error_message", "reason", "verdict"]]
    for (case_id, env_id), values in zip(frame.index, frame.itertuples(index=False, name=None)):
        cell = {name: present(value) for name, value in zip(frame.columns, values)}
        cells.setdefault(case_id, {})[env_id] = {k: v for k, v in cell.items() if v is not None}
    return {
        "schema": TABLE_SCHEMA,
        "kind": "kmatrix-table",
        "meta": meta,
        "envs": [{"id": c.env_id, "tensorflow": c.tensorflow, "flavour": c.flavour, "keras": c.keras,
                  "python": c.python, "device": c.device, "has_results": c.has_results}
                 for c in table.columns],
        "cases": [{"id": r.case_id, "group": r.group, "title": r.title, "role": r.role}
                  for r in table.rows],
        "cells": cells,
    }


class BaselineError(Exception):
    pass


def read_table_json(path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such file")
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path}: not readable as JSON: {exc}")
    if not isinstance(data, dict) or data.get("kind") != "kmatrix-table" or not isinstance(
            data.get("cells"), dict):
        raise BaselineError(f"{path}: not a table.json written by harness.report")
    if data.get("schema") != TABLE_SCHEMA:
        raise BaselineError(f"{path}: table schema {data.get('schema')!r}, this report reads {TABLE_SCHEMA}")
    return data


@dataclass(frozen=True)
class Change:
    case_id: str
    env_id: str
    kind: str                 # added | removed | changed
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
                changes.append(Change(case_id, env_id, "changed", before, after))
    return changes
