"""The other outputs: heatmap.svg, table.csv, table.json, summary.md and search-data.json."""
from __future__ import annotations

import csv
import io
import json
import re
from xml.sax.saxutils import escape as xml_escape

from harness import claims, contract, outcomes

from . import payload, render_html
from .analysis import Findings
from .model import present

CELL_W, CELL_H, LABEL_W, HEAD_H = 46, 18, 420, 170
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text) -> str:
    """XML text: escaped, and without the control characters XML 1.0 forbids."""
    return xml_escape(_XML_INVALID.sub("\ufffd", "" if text is None else str(text)), {'"': "&quot;"})


def heatmap_svg(f: Findings) -> str:
    """Hand-written SVG: one coloured, labelled square per cell; <title> tooltips."""
    grid = f.grid
    width = LABEL_W + CELL_W * len(grid.columns) + 10
    height = HEAD_H + CELL_H * len(grid.rows) + 10
    outcome = grid.cells["outcome"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    for j, column in enumerate(grid.columns):
        x = LABEL_W + j * CELL_W + CELL_W / 2
        out.append(f'<text transform="translate({x:.0f},{HEAD_H - 4}) rotate(-60)">{_x(column.env_id)}</text>')
    for i, row in enumerate(grid.rows):
        y = HEAD_H + i * CELL_H
        out.append(f'<text x="4" y="{y + 13}">{_x(row.case_id)}</text>')
        for j, column in enumerate(grid.columns):
            o = outcomes.get(outcome.loc[(row.case_id, column.env_id)])
            x = LABEL_W + j * CELL_W
            out.append(f'<g><title>{_x(row.case_id)} @ {_x(column.env_id)}: {_x(o.name)}</title>'
                       f'<rect x="{x}" y="{y}" width="{CELL_W - 1}" height="{CELL_H - 1}" fill="{o.background}" '
                       f'stroke="#999" stroke-width="0.5"/>'
                       f'<text x="{x + CELL_W / 2 - 0.5:.1f}" y="{y + 12}" text-anchor="middle" fill="{o.foreground}">'
                       f"{_x(o.label)}</text></g>")
    out.append("</svg>\n")
    return "".join(out)


def csv_fields() -> tuple[str, ...]:
    """The columns: the cell's, the fields declared for table.csv (harness/contract.py), the reader's."""
    return ("case_id", "env_id", "group", "role") + contract.names(contract.CSV) + (
        "writer_env", "artifact", "max_abs_diff")
# the last three are the saved-in / loaded-in grid's: a reader cell is one line with case_id
# 'scenario::reader@<writer env>' and env_id the environment that loaded it (empty elsewhere)
_SAVELOAD_CSV = 3
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value) -> str:
    """A spreadsheet must never evaluate a cell: text starting like a formula gets a quote."""
    value = "" if present(value) is None else str(value)
    return "'" + value if value.startswith(_FORMULA) else value


def table_csv(f: Findings) -> str:
    """Long format: one line per cell (what pandas and spreadsheets read best)."""
    grid = f.grid
    groups = {row.case_id: (row.group, row.role) for row in grid.rows}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = csv_fields()
    writer.writerow(columns)
    names = list(columns[4:-_SAVELOAD_CSV])
    frame = grid.cells[names]
    for (case_id, env_id), values in zip(frame.index, frame.itertuples(index=False, name=None)):
        group, role = groups[case_id]
        writer.writerow([_csv_value(v) for v in (case_id, env_id, group, role) + tuple(values) + ("",) * _SAVELOAD_CSV])
    for rg in (grid.saveload.grids if grid.saveload is not None else []):
        for (writer_env, env_id), cell in rg.cells.items():
            if cell.get("origin") == "missing":
                continue
            values = [cell.get(n) for n in names] + [writer_env, cell.get("artifact"), cell.get("max_abs_diff")]
            writer.writerow([_csv_value(v) for v in ["%s@%s" % (rg.case_id, writer_env), env_id, rg.reader.group,
                                                      "reader"] + values])
    return buffer.getvalue()


def _md(text) -> str:
    """Markdown table cell: no pipes or newlines breaking the row, no HTML."""
    return (str(text or "").replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
            .replace(">", "&gt;").replace("\n", " "))


def summary_md(f: Findings) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY."""
    grid, counts, verdicts, histories, changes = f.grid, f.counts, f.verdicts, f.histories, f.changes
    over_time, setup, audit, meta = f.over_time, f.setup, f.audit, f.meta
    title = meta.get("title") or "Keras compatibility matrix"
    lines = [f"## {_md(title)}", "",
             f"{len(grid.rows)} cases x {len(grid.columns)} environments; generated {meta.get('generated_at')}"
             + (f", commit {meta['commit']}" if meta.get("commit") else "") + ".", ""]
    if changes is not None:
        failing = [c for c in changes if c.fails]
        lines.append(f"### Changes since the baseline: {len(failing)} changed, "
                     f"{sum(c.kind == 'flaky' for c in changes)} flaky, "
                     f"{sum(c.kind in ('added', 'removed') for c in changes)} added/removed")
        lines += [f"- {_md(change)}" for change in changes[:200]] or ["No cell changed."]
        lines.append("")
    if over_time:
        lines += [f"### Changes over time (newest first, {len(over_time)})", ""]
        lines += [f"- {_md(c)}" for c in over_time[:50]] + [""]
    shown = [o for o in outcomes.OUTCOMES]
    lines += ["### Outcomes per environment", "",
              "| environment | " + " | ".join(f"{outcomes.get(o).label} {o}" for o in shown) + " | total |",
              "|---|" + "---:|" * (len(shown) + 1)]
    for column in grid.columns:
        row = counts.loc[column.env_id]
        lines.append(f"| {_md(column.env_id)} | " + " | ".join(str(int(row[o])) for o in shown)
                     + f" | {int(row['total'])} |")
    lines += ["", "### Claim verdicts", ""]
    lines += [f"- {_md(v.sentence())}" for v in verdicts] or ["No case with a claim has results."]
    refuted = sum(v.count("in", claims.REFUTED) for v in verdicts)
    lines += ["", f"{refuted} (claim, environment) pairs refuted where their source says they hold.", ""]
    if setup:
        lines += [f"### Setup errors: {sum(len(v) for v in setup.values())} cells failed before their claim's step", ""]
        lines += [f"- {_md(k)}: {len(v)} cell(s)" for k, v in setup.items()] + [""]
    if audit["per_env"]:
        agree = sum(a for a, _ in audit["per_env"].values())
        total = sum(t for _, t in audit["per_env"].values())
        lines += [f"### Audit against the plain interpreter: {agree}/{total} audited cells agree", "",
                  f"{audit.get('audited', total)} of {audit.get('published', total)} published cells audited "
                  f"({audit.get('carried', 0)} carried forward from an identical earlier run).", ""]
        lines += [f"- DISAGREE {_md(c)} @ {_md(e)}: {_md((d or {}).get('differences'))}"
                  for c, e, d in audit["disagreements"]] + [""]
    lines += saveload_md(grid)
    lines += ["### Transitions", ""]
    lines += [f"- **{_md(h.row.case_id)}**: {_md(h.sentence())}" for h in histories] or ["None."]
    if grid.problems:
        lines += ["", f"### Input problems: {len(grid.problems)}", ""]
        lines += [f"- {_md(p)}" for p in grid.problems[:50]]
    return "\n".join(lines) + "\n"


def saveload_md(grid) -> list[str]:
    """Saved in / loaded in: per reader variant, its cells by outcome and its claim's verdicts."""
    grids = grid.saveload.grids if grid.saveload is not None else []
    if not grids:
        return []
    shown = [o for o in outcomes.OUTCOMES if any(rg.counts().get(o) for rg in grids)]
    lines = ["### Saved in / loaded in (writer environment x reader environment)", "",
             "| reader | reads | writers | " + " | ".join(f"{outcomes.get(o).label} {o}" for o in shown) + " | claim in scope |",
             "|---|---|---:|" + "---:|" * len(shown) + "---|"]
    for rg in grids:
        counts, verdicts = rg.counts(), rg.verdicts().get("in", {})
        claim = f"{len(verdicts.get(claims.HOLDS, []))} holds, {len(verdicts.get(claims.REFUTED, []))} refuted" \
            if rg.reader.claim and rg.reader.claim.get("expect") else ""
        lines.append(f"| {_md(rg.case_id)} | {_md(rg.writer_case.split('::')[-1])} | {len(rg.writers)} | "
                     + " | ".join(str(counts.get(o, 0)) for o in shown) + f" | {_md(claim)} |")
    from . import saveload
    lines += ["", "Along each Keras line of the reading environments:", ""]
    for reader, sentences in saveload.findings(grid.saveload, grid):
        lines.append(f"- **{_md(reader)}**")
        lines += [f"  - {_md(s)}" for s in sentences]
    return lines + [""]


def table_json(f: Findings) -> str:
    return json.dumps(f.table, indent=1, sort_keys=True) + "\n"


def search_data_json(f: Findings) -> str:
    """What the page's error search reads, alone (harness/report/search_eval.py reads it)."""
    # keys in the page's order (cases, environments): the search breaks ties by it
    return json.dumps(payload.search_data(f.grid, f.meta), separators=(",", ":")) + "\n"


# Every file a build writes: name -> function of the Findings. A new output is one function
# here and one line in this table.
OUTPUTS = {
    "index.html": render_html.render,
    "heatmap.svg": heatmap_svg,
    "table.csv": table_csv,
    "table.json": table_json,
    "summary.md": summary_md,
    "search-data.json": search_data_json,
}
