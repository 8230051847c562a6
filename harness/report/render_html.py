"""index.html: one self-contained page (inline CSS and JS, no network access).

The table is rendered here, server side, with every string HTML-escaped, so
it reads even with JavaScript off; page.js adds filters and the per-cell
detail panel, reading the records from a JSON island that cannot end its
<script> element early (text.script_json).
"""
from __future__ import annotations

from pathlib import Path

from harness import claims, outcomes

from . import style
from .analysis import CaseHistory, ClaimVerdict
from .columns import Column
from .regress import Change
from .table import Table, present
from .text import e, script_json, shorten

ASSETS = Path(__file__).parent
KEY_PACKAGES = ("tensorflow", "tensorflow-cpu", "tf-nightly", "keras", "tf-keras", "keras-nightly", "numpy",
                "h5py", "protobuf", "ml-dtypes", "jax", "jaxlib", "torch")


def env_info(column: Column) -> dict:
    """What the detail panel says about an environment (no paths, no host name)."""
    env = (column.run.env if column.run else None) or {}
    keras = env.get("keras") or {}
    plat = env.get("platform") or {}
    packages = env.get("packages") or {}
    if not packages and column.run and column.run.freeze:
        packages = dict(line.split("==", 1) for line in column.run.freeze if "==" in line)
    via = f" ({keras['module']} via {keras['entry']})" if keras.get("module") else ""
    summary = ", ".join(filter(None, [
        f"TF {column.tensorflow}" if column.tensorflow else "no TensorFlow",
        f"{column.flavour or '?'} {column.keras or ''}{via}".strip(),
        f"Python {column.python or '?'}", column.device or "",
        " ".join(filter(None, [plat.get("system"), plat.get("machine")])),
        "" if column.has_results else "no results"]))
    return {
        "summary": summary,
        "key": {k: packages[k] for k in KEY_PACKAGES if k in packages},
        "packages": "\n".join(f"{k}=={v}" for k, v in sorted(packages.items())),
    }


def _cells_payload(table: Table) -> tuple[list[dict], dict]:
    fields = ["outcome", "error_type", "error_message", "reason", "grads", "observed", "traceback",
              "output_tail", "verdict", "why", "run_id", "started_at", "duration_s"]
    short = ["o", "et", "em", "reason", "grads", "observed", "tb", "out", "verdict", "why", "run", "started",
             "dur"]
    frame = table.cells[fields]
    payload, position = [], {}
    for (case_id, env_id), values in zip(frame.index, frame.itertuples(index=False, name=None)):
        cell = {"case": case_id, "env": env_id}
        for key, value in zip(short, values):
            value = present(value)
            if value in (None, "", {}) or (key == "verdict" and value == claims.NO_CLAIM):
                continue
            cell[key] = value
        position[(case_id, env_id)] = len(payload)
        payload.append(cell)
    return payload, position


def _cell_title(cell: dict) -> str:
    lines = [cell["o"]]
    if cell.get("et"):
        lines.append(f"{cell['et']}: {cell.get('em', '')}")
    if cell.get("reason"):
        lines.append(cell["reason"])
    if cell.get("verdict"):
        lines.append(f"claim {cell['verdict']}" + (f": {cell['why']}" if cell.get("why") else ""))
    return "\n".join(lines)


def _header(columns: list[Column]) -> str:
    out = ['<thead><tr><th class="case">Case (scenario :: variant)</th><th>role</th>']
    for c in columns:
        out.append(
            f'<th class="env" data-f="{e(c.flavour)}" data-env="{e(c.env_id)}" title="{e(c.env_id)}">'
            f"<b>{e(c.env_id)}</b>TF {e(c.tf_label)}<br>{e(c.flavour or '?')} {e(c.keras or '')}<br>"
            f"py {e(c.python or '?')} {e(c.device or '')}</th>")
    out.append("</tr></thead>")
    return "".join(out)


def _body(table: Table, payload: list[dict], position: dict) -> str:
    out, group = ["<tbody>"], None
    width = len(table.columns) + 2
    for row in table.rows:
        if row.group != group:
            group = row.group
            out.append(f'<tr class="grp" data-group="{e(group)}"><th colspan="{width}">'
                       f"{e(row.group_label)}</th></tr>")
        out.append(f'<tr class="case" data-group="{e(row.group)}" data-case="{e(row.case_id)}">'
                   f'<th class="case" title="{e(row.title)}">{e(row.scenario)} <small>:: {e(row.variant)}</small>'
                   f'</th><td class="role">{e(row.role)}</td>')
        for column in table.columns:
            i = position[(row.case_id, column.env_id)]
            cell = payload[i]
            mark = style.VERDICT_MARK.get(cell.get("verdict"), "")
            sup = f'<sup title="claim {e(cell["verdict"])}">{e(mark)}</sup>' if mark else ""
            out.append(f'<td class="cell o-{e(cell["o"])}" tabindex="0" data-o="{e(cell["o"])}" '
                       f'data-f="{e(column.flavour)}" data-i="{i}" title="{e(_cell_title(cell))}">'
                       f"{e(style.label(cell['o']))}{sup}</td>")
        out.append("</tr>")
    out.append("</tbody>")
    return "".join(out)


def _filters(table: Table) -> str:
    groups = {}
    for row in table.rows:
        groups.setdefault(row.group, row.group_label)
    flavours = sorted({c.flavour for c in table.columns if c.flavour})
    group_opts = "".join(f'<option value="{e(g)}">{e(shorten(label, 70))}</option>' for g, label in groups.items())
    outcome_opts = "".join(f'<option value="{e(o)}">{e(style.label(o))} {e(o)}</option>' for o in outcomes.OUTCOMES)
    flavour_opts = "".join(f'<option value="{e(f)}">{e(f)}</option>' for f in flavours)
    return (
        '<div id="filters">'
        f'<label>Source <select id="f-group"><option value="">all</option>{group_opts}</select></label>'
        f'<label>Outcome <select id="f-outcome"><option value="">any</option>{outcome_opts}</select></label>'
        f'<label>Keras flavour <select id="f-flavour"><option value="">all</option>{flavour_opts}</select></label>'
        '<label>Case <input id="f-text" type="search" placeholder="id contains..."></label>'
        '<label><input id="f-changing" type="checkbox"> outcome differs between environments</label>'
        '<span id="shown"></span></div>')


def _legend() -> str:
    items = "".join(f'<span class="cell o-{o}" title="{e(style.DESCRIPTION[o])}">{e(style.label(o))}</span>'
                    f"{e(o)} &nbsp; " for o in outcomes.OUTCOMES)
    marks = " &nbsp; ".join(f"{e(m)} claim {e(v)}" for v, m in style.VERDICT_MARK.items())
    return f'<p class="legend">{items}<br>Superscripts: {marks}. Click a cell for its record.</p>'


def _verdicts(verdicts: list[ClaimVerdict]) -> str:
    if not verdicts:
        return "<p>No case with a claim has results.</p>"
    out = ['<table class="plain"><tr><th>Claim</th><th>holds</th><th>refuted</th><th>inconclusive</th></tr>']
    for v in verdicts:
        cols = []
        for verdict in (claims.HOLDS, claims.REFUTED, claims.INCONCLUSIVE):
            envs = v.envs.get(verdict, [])
            detail = "\n".join(f"{env}: {v.why.get(env, '')}".rstrip(": ") for env in envs)
            cols.append(f'<td class="n v-{verdict}" title="{e(detail)}">{len(envs)}/{v.total}</td>')
        out.append(f"<tr><td>{e(v.sentence())}</td>{''.join(cols)}</tr>")
    out.append("</table>")
    return "".join(out)


def _transitions(histories: list[CaseHistory]) -> str:
    if not histories:
        return "<p>No case changes outcome between environments of one Keras flavour line.</p>"
    items = []
    for h in histories:
        lines = "".join(f"<li><b>{e(line)}</b>: {e(text)}</li>" for line, text in h.lines.items())
        items.append(f"<li><b>{e(h.row.case_id)}</b><ul>{lines}</ul></li>")
    return f"<ul>{''.join(items)}</ul>"


def _regressions(changes: list[Change] | None, baseline: str | None) -> str:
    if changes is None:
        return "<p>No baseline given (<code>--baseline table.json</code>).</p>"
    if not changes:
        return f"<p>No cell changed since the baseline {e(baseline)}.</p>"
    items = "".join(f"<li>{e(str(c))}</li>" for c in changes)
    return f'<p>{len(changes)} cell(s) differ from the baseline {e(baseline)}:</p><ul class="changes">{items}</ul>'


def _summary(table: Table, counts) -> str:
    head = "".join(f'<th title="{e(o)}"><span class="o-{o}">&nbsp;{e(style.label(o))}&nbsp;</span></th>'
                   for o in outcomes.OUTCOMES)
    out = [f'<table class="plain"><tr><th>environment</th>{head}<th>total</th></tr>']
    for column in table.columns:
        row = counts.loc[column.env_id]
        cells = "".join(f'<td class="n">{int(row[o])}</td>' for o in outcomes.OUTCOMES)
        out.append(f"<tr><td>{e(column.env_id)}</td>{cells}<td class=\"n\">{int(row['total'])}</td></tr>")
    out.append("</table>")
    return "".join(out)


def _environments(table: Table, infos: dict) -> str:
    out = ['<table class="plain"><tr><th>environment</th><th>what ran</th><th>run</th><th>timings</th>'
           '<th>packages</th></tr>']
    for column in table.columns:
        info = infos[column.env_id]
        run = column.run
        env = (run.env if run else None) or {}
        when = " ".join(filter(None, [run.run_id if run else "no results", env.get("collected_at")]))
        timing = (run.timing if run else None) or {}
        times = ", ".join(f"{k} {v}" for k, v in timing.items() if k.endswith("_s")) or (
            f"import {env['import_s']} s" if env.get("import_s") is not None else "")
        key = ", ".join(f"{k} {v}" for k, v in info["key"].items())
        pkgs = (f'<details class="pkgs"><summary>{e(key) or "packages"}</summary><pre>{e(info["packages"])}</pre>'
                "</details>") if info["packages"] else e(key)
        out.append(f"<tr><td>{e(column.env_id)}</td><td>{e(info['summary'])}</td><td>{e(when)}</td>"
                   f"<td>{e(times)}</td><td>{pkgs}</td></tr>")
    out.append("</table>")
    return "".join(out)


def _problems(table: Table) -> str:
    if not table.problems and not table.superseded:
        return "<p>Every record line was valid.</p>"
    items = "".join(f"<li>{e(p)}</li>" for p in table.problems)
    items += "".join(f"<li>superseded: {e(s)}</li>" for s in table.superseded)
    return f'<ul class="problems">{items}</ul>'


def render(table: Table, verdicts: list[ClaimVerdict], histories: list[CaseHistory], counts,
           changes: list[Change] | None, meta: dict) -> str:
    payload, position = _cells_payload(table)
    infos = {c.env_id: env_info(c) for c in table.columns}
    cases = {r.case_id: {"title": r.title, "claim": (r.claim or {}).get("text")} for r in table.rows}
    data = {"cells": payload, "envs": infos, "cases": cases}
    css = (ASSETS / "page.css").read_text(encoding="utf-8") + "\n" + style.css_rules()
    js = (ASSETS / "page.js").read_text(encoding="utf-8")
    where = ", ".join(filter(None, [f"generated {meta.get('generated_at')}",
                                    f"commit {meta['commit']}" if meta.get("commit") else "",
                                    f"runners: {meta['runner_os']}" if meta.get("runner_os") else "",
                                    f"results: {meta.get('results')}"]))
    title = meta.get("title") or "Keras compatibility matrix"
    return "".join([
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        # Nothing may be fetched: the page is opened from file:// and from CI artifacts.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        f"<title>{e(title)}</title><style>{css}</style></head><body>",
        f"<header><h1>{e(title)}</h1><p class=\"meta\">{e(where)}. {len(table.rows)} cases \u00d7 "
        f"{len(table.columns)} environments; every cell is the outcome of a recorded run.</p>{_legend()}</header>",
        _filters(table),
        f'<div id="tablewrap"><table id="matrix">{_header(table.columns)}'
        f"{_body(table, payload, position)}</table></div>",
        '<aside id="details" class="hidden"><button id="details-close" type="button">close</button>'
        '<div id="details-body"></div></aside>',
        "<main>",
        f"<section id=\"regressions\"><h2>Changes since the baseline</h2>"
        f"{_regressions(changes, meta.get('baseline'))}</section>",
        f"<section id=\"claims\"><h2>Claim verdicts</h2>{_verdicts(verdicts)}</section>",
        f"<section id=\"transitions\"><h2>Where outcomes change along the version axis</h2>"
        f"{_transitions(histories)}</section>",
        f"<section id=\"summary\"><h2>Outcomes per environment</h2>{_summary(table, counts)}</section>",
        f"<section id=\"environments\"><h2>Environments</h2>{_environments(table, infos)}</section>",
        f"<section id=\"problems\"><h2>Input problems</h2>{_problems(table)}</section>",
        "</main>",
        f'<script type="application/json" id="kmatrix-data">{script_json(data)}</script>',
        f"<script>{js}</script></body></html>\n",
    ])
