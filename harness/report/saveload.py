"""Saved in / loaded in: per reader variant, a writer environment x reader environment grid.

Host side. A reader cell's record has the id 'scenario::reader@<writer env>' and belongs to
the reader environment that ran it (docs/saveload.md). Rows of a grid are the environments
whose writer has a record (its own outcome says whether an artifact exists: a writer that
failed there has no readers); columns are every environment of the table, in its order. A
cell is the newest record of that reader for that writer in that reader environment (the
reader environment's own env_error / not_run when newer, as in the main table), else
not_run: nothing read yet. Claims are judged with the writer's axes too (a scope may say
{"writer": {"flavour": "tf.keras"}}).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from harness import claims, outcomes

from .model import CaseRow, Grid, present

NOT_READ = "not read yet: no record of this reader for this writer's artifact in this environment"


@dataclass
class ReaderGrid:
    reader: CaseRow                 # the reader variant (plain id 'scenario::reader')
    writer_case: str                # the writer variant it reads
    writers: list[str]              # writer environments with a writer record, in column order
    cells: dict = field(default_factory=dict)   # (writer env, reader env) -> cell dict

    @property
    def case_id(self) -> str:
        return self.reader.case_id

    def counts(self) -> dict:
        """Cells by outcome, those not read yet left out."""
        found: dict = {}
        for cell in self.cells.values():
            if cell.get("origin") != "missing":
                found[cell["outcome"]] = found.get(cell["outcome"], 0) + 1
        return found

    def verdicts(self) -> dict:
        """scope (in / out) -> verdict -> [(writer env, reader env)]."""
        found: dict = {}
        for key, cell in self.cells.items():
            if cell.get("verdict") and cell["verdict"] != claims.NO_CLAIM:
                found.setdefault(cell.get("scope") or "in", {}).setdefault(cell["verdict"], []).append(key)
        return found


@dataclass
class SaveLoad:
    grids: list[ReaderGrid]
    writer_cells: dict               # (writer case, env) -> the writer's cell (from the main table)


def _reader_rows(grid: Grid) -> list[CaseRow]:
    """The library's readers, else (ad-hoc sets) those the records name."""
    if grid.reader_rows:
        return list(grid.reader_rows)
    rows = {}
    for rec in grid.reader_latest.to_dict("records") if grid.reader_latest is not None else []:
        plain = rec["case_id"].rsplit("@", 1)[0]
        scenario, _, variant = plain.partition("::")
        rows.setdefault(plain, CaseRow(plain, scenario, variant, present(rec.get("title")) or "", "reader"))
    return list(rows.values())


def build(grid: Grid) -> SaveLoad:
    """Every reader variant's grid from the newest reader records the model kept."""
    readers = _reader_rows(grid)
    env_ids = [c.env_id for c in grid.columns]
    column_of = {c.env_id: c for c in grid.columns}
    latest = {}
    for rec in grid.reader_latest.to_dict("records") if grid.reader_latest is not None else []:
        latest[(rec["case_id"], rec["env_id"])] = rec
    writer_case_of = {r.case_id: _writer_case(r, latest) for r in readers}
    writer_cells = {}
    for writer_case in set(writer_case_of.values()):
        for env_id in env_ids:
            if (writer_case, env_id) in grid.cells.index:
                cell = grid.cell(writer_case, env_id)
                if cell.get("origin") == "record":
                    writer_cells[(writer_case, env_id)] = cell
    known = {r.case_id for r in readers}
    gone = sorted({k[0].rsplit("@", 1)[0] for k in latest} - known)
    if gone:
        grid.problems.append("%d reader(s) of the history are no longer in the case library and are not shown: %s"
                             % (len(gone), ", ".join(gone)))
    grids = []
    for reader in sorted(readers, key=CaseRow.sort_key):
        writer_case = writer_case_of[reader.case_id]
        writers = [e for e in env_ids if (writer_case, e) in writer_cells]
        writers += sorted({k[0].rsplit("@", 1)[1] for k in latest if k[0].startswith(reader.case_id + "@")}
                          - set(writers))    # a writer environment the table no longer shows
        rg = ReaderGrid(reader, writer_case, writers)
        for writer in writers:
            for env_id in env_ids:
                rg.cells[(writer, env_id)] = _cell(grid, latest.get((reader.case_id + "@" + writer, env_id)),
                                                   env_id, writer, column_of, reader)
        grids.append(rg)
    return SaveLoad(grids, writer_cells)


def _writer_case(reader: CaseRow, latest: dict) -> str:
    """The writer a reader reads: its case file says (reads), else its records do."""
    from harness import casefile
    if reader.path:
        try:
            return casefile.load_scenario(reader.path).variant(reader.variant).reads
        except (casefile.CaseFileError, KeyError):
            pass
    for (case_id, _), rec in latest.items():
        if case_id.startswith(reader.case_id + "@") and present(rec.get("writer_case")):
            return rec["writer_case"]
    return reader.scenario + "::?"


def _cell(grid: Grid, rec, env_id: str, writer: str, column_of: dict, reader: CaseRow) -> dict:
    event = grid.env_events.get(env_id)
    if event is not None and (rec is None or event["run_id"] > rec["run_id"]):
        cell = {"outcome": event["outcome"], "reason": present(event.get("reason")), "run_id": event["run_id"],
                "started_at": present(event.get("started_at")), "origin": "environment"}
    elif rec is not None:
        cell = grid.record_cell(rec)
        cell["artifact"] = present(rec.get("artifact"))
        cell["max_abs_diff"] = (cell.get("observed") or {}).get("max_abs_diff")
    else:
        return {"outcome": outcomes.NOT_RUN, "reason": NOT_READ, "origin": "missing", "verdict": claims.NO_CLAIM}
    cell["verdict"], cell["why"], cell["scope"] = claims.NO_CLAIM, "", ""
    claim = reader.claim
    if claim and claim.get("expect"):
        cell["verdict"], cell["why"] = claims.verdict(claim, cell)
        values = dict(column_of[env_id].actual) if env_id in column_of else {}
        if writer in column_of:
            values["writer"] = dict(column_of[writer].actual)
        cell["scope"] = "in" if claims.in_scope(claim, values) else "out"
    return cell


def findings(sl: SaveLoad, grid: Grid) -> list[tuple[str, list[str]]]:
    """Per reader variant: what its grid says along each Keras line of the reading environments,
    writer environments that read alike grouped: [(reader id, ["saved in A, B -> line: ...", ...])]."""
    from harness import axes

    from .analysis import _describe, segments_along
    lines: dict = {}
    for column in grid.columns:
        lines.setdefault(axes.line_of(column.actual), []).append(column)
    found = []
    for rg in sl.grids:
        alike: dict = {}
        for writer in rg.writers:
            parts = []
            for line, columns in lines.items():
                segments = segments_along(
                    columns, lambda c: rg.cells.get((writer, c.env_id)),
                    lambda cell: cell["outcome"] in outcomes.ENV_LEVEL or cell.get("origin") == "missing")
                if segments:
                    parts.append("%s: %s" % (line, _describe(segments, columns)))
            if parts:
                alike.setdefault(" | ".join(parts), []).append(writer)
        if alike:
            found.append((rg.case_id, ["saved in %s -> loaded in %s" % (", ".join(writers), text)
                                       for text, writers in alike.items()]))
    return found
