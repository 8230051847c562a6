"""The other outputs: heatmap.svg, table.csv and summary.md."""
from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape as xml_escape

from harness import claims, outcomes

from . import style
from .analysis import CaseHistory, ClaimVerdict
from .regress import Change
from .table import Table, present

CELL_W, CELL_H, LABEL_W, HEAD_H = 46, 18, 420, 170


def _x(text) -> str:
    return xml_escape("" if text is None else str(text), {'"': "&quot;"})


def heatmap_svg(table: Table) -> str:
    """Hand-written SVG: one coloured, labelled square per cell; <title> tooltips."""
    width = LABEL_W + CELL_W * len(table.columns) + 10
    height = HEAD_H + CELL_H * len(table.rows) + 10
    outcome = table.cells["outcome"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="10">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    for j, column in enumerate(table.columns):
        x = LABEL_W + j * CELL_W + CELL_W / 2
        out.append(f'<text transform="translate({x:.0f},{HEAD_H - 4}) rotate(-60)">{_x(column.env_id)}</text>')
    for i, row in enumerate(table.rows):
        y = HEAD_H + i * CELL_H
        out.append(f'<text x="4" y="{y + 13}">{_x(row.case_id)}</text>')
        for j, column in enumerate(table.columns):
            o = outcome.loc[(row.case_id, column.env_id)]
            label, bg, fg = style.OUTCOME_STYLE[o]
            x = LABEL_W + j * CELL_W
            out.append(f'<g><title>{_x(row.case_id)} @ {_x(column.env_id)}: {_x(o)}</title>'
                       f'<rect x="{x}" y="{y}" width="{CELL_W - 1}" height="{CELL_H - 1}" fill="{bg}" '
                       f'stroke="#999" stroke-width="0.5"/>'
                       f'<text x="{x + CELL_W / 2 - 0.5:.1f}" y="{y + 12}" text-anchor="middle" fill="{fg}">'
                       f"{_x(label)}</text></g>")
    out.append("</svg>\n")
    return "".join(out)


CSV_FIELDS = ("case_id", "env_id", "group", "role", "outcome", "error_type", "error_message", "reason",
              "verdict", "why", "run_id")


def table_csv(table: Table) -> str:
    """Long format: one line per cell (what pandas and spreadsheets read best)."""
    groups = {row.case_id: (row.group, row.role) for row in table.rows}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    frame = table.cells[["outcome", "error_type", "error_message", "reason", "verdict", "why", "run_id"]]
    for (case_id, env_id), values in zip(frame.index, frame.itertuples(index=False, name=None)):
        group, role = groups[case_id]
        writer.writerow([case_id, env_id, group, role] + ["" if present(v) is None else v for v in values])
    return buffer.getvalue()


def _md(text) -> str:
    """Markdown table cell: no pipes or newlines breaking the row, no HTML."""
    return (str(text or "").replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
            .replace(">", "&gt;").replace("\n", " "))


def summary_md(table: Table, counts, verdicts: list[ClaimVerdict], histories: list[CaseHistory],
               changes: list[Change] | None, meta: dict) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY."""
    title = meta.get("title") or "Keras compatibility matrix"
    lines = [f"## {_md(title)}", "",
             f"{len(table.rows)} cases x {len(table.columns)} environments; generated {meta.get('generated_at')}"
             + (f", commit {meta['commit']}" if meta.get("commit") else "") + ".", ""]
    if changes is not None:
        lines.append(f"### Changes since the baseline: {len(changes)}")
        lines += [f"- {_md(change)}" for change in changes] or ["No cell changed."]
        lines.append("")
    shown = [o for o in outcomes.OUTCOMES]
    lines += ["### Outcomes per environment", "",
              "| environment | " + " | ".join(f"{style.label(o)} {o}" for o in shown) + " | total |",
              "|---|" + "---:|" * (len(shown) + 1)]
    for column in table.columns:
        row = counts.loc[column.env_id]
        lines.append(f"| {_md(column.env_id)} | " + " | ".join(str(int(row[o])) for o in shown)
                     + f" | {int(row['total'])} |")
    lines += ["", "### Claim verdicts", ""]
    lines += [f"- {_md(v.sentence())}" for v in verdicts] or ["No case with a claim has results."]
    refuted = sum(len(v.envs.get(claims.REFUTED, [])) for v in verdicts)
    lines += ["", f"{refuted} (claim, environment) pairs refuted in all.", "", "### Transitions", ""]
    lines += [f"- **{_md(h.row.case_id)}**: {_md(h.sentence())}" for h in histories] or ["None."]
    if table.problems:
        lines += ["", f"### Input problems: {len(table.problems)}", ""]
        lines += [f"- {_md(p)}" for p in table.problems[:50]]
        if len(table.problems) > 50:
            lines.append(f"- ... and {len(table.problems) - 50} more")
    return "\n".join(lines) + "\n"
