"""index.html: one self-contained page (inline CSS and JS, no network access).

The table is rendered here, server side, with every string HTML-escaped, so it
reads even with JavaScript off: two header rows (TensorFlow version over its
columns; flavour, Keras version, Python, device below), one row per case. The page script (page/*.js)
adds, from a JSON island that cannot end its <script> element early
(text.script_json): the error box (paste an error or a traceback: the cases that
record it, where, and their fixes), the environment picker (#env=<id>: its column,
what breaks and works there), filters, compact mode, grouping of identical
neighbouring columns, the cell panel (record, code, the command that reproduces
it, sources, timeline, audit, claim), the per-case view along each Keras line, and
the upgrade view (from one environment to another: what breaks, what gets fixed).
Every view is a shareable link (page/link.js: #cell=, #case=, #q=, #from=&to=, filters).
The outcome vocabulary (labels, colours, descriptions) comes from harness.outcomes.
"""
from __future__ import annotations

import re

from pathlib import Path

from harness import axes, claims, outcomes

from . import payload
from .analysis import CaseHistory, ClaimVerdict, Findings, flaky_cells
from .model import Column, Grid, present
from .regress import Change
from .text import e, script_json, shorten

ASSETS = Path(__file__).parent / "page"
# The page's script, one file per view, joined into one inline script (the page stays one
# self-contained file). The pure modules come first: they hold no page state, and tests
# and the search evaluation load them in node (reader, normaliser, search ranking, pip freeze, links,
# the upgrade comparison).
PAGE_SCRIPTS = ("reader.js", "normalise.js", "search_rank.js", "freeze.js", "link.js", "upgrade.js", "core.js", "table.js",
                "panel.js", "case_view.js",
                "search.js", "picker.js", "saveload.js", "upgrade_view.js", "share.js", "main.js")
_PAGE_HEAD = """// Inlined into index.html (no network: everything comes from the JSON island).
// Three ways in: paste an error (the cases whose recorded errors match it, and
// their fixes), pick an environment (its column, what breaks and works there),
// or read the table (filters, compact mode, identical neighbours grouped; a
// click on a cell: its record, code, command, timeline; on a case: its outcome
// along every Keras line). Upgrading: what changes from one environment to another.
// Every view is a link (#env= #cell= #case= #q= #from=&to=). Sources: harness/report/page/*.js.
"""
VERDICT_MARK = {"holds": "\u2713", "refuted": "\u2717"}


def css_rules() -> str:
    """One CSS class per outcome (o-ok, o-error ...), from harness.outcomes."""
    return "\n".join(".o-%s{background:%s;color:%s}" % (o.name, o.background, o.foreground) for o in outcomes.TABLE)


def _env_parts(c: Column) -> list[list[tuple[str, str]]]:
    """The second header row of a column, lines of (css class, text): every axis where its
    declaration puts it (harness/axes.py header_line, header_parts)."""
    return axes.header_lines(c.actual, c.env)


def _prerelease(c: Column) -> bool:
    """A release candidate / beta / alpha TensorFlow (by the installed version, or the row's rc tag)."""
    return "rc" in c.tags or bool(re.search(r"\d(rc|a|b)\d+$", str(c.value("tf") or "")))


def _tf_groups(columns: list[Column]) -> list[tuple[str, int]]:
    """Adjacent columns with the same TensorFlow major.minor: (label, count)."""
    groups: list[list] = []
    for c in columns:
        label = c.tf_short if c.tf_short in ("no TF", "nightly") else "TF " + c.tf_short
        if c.tf_short == "nightly":
            label = "TF nightly"
        elif _prerelease(c):
            label += " rc"    # a release candidate is not the release: never shown as one
        if groups and groups[-1][0] == label:
            groups[-1][1] += 1
        else:
            groups.append([label, 1])
    return [(label, n) for label, n in groups]


FILTER_AXIS = next(a for a in axes.AXES if a.table_filter)   # the table's column filter


def _filter_value(c: Column) -> str:
    value = c.value(FILTER_AXIS.name)
    return FILTER_AXIS.short(value) if value is not None else ""


def _header(columns: list[Column]) -> str:
    out = ['<thead><tr class="tfrow"><th class="case corner" rowspan="2">Case <small>scenario :: variant, role'
           '</small></th>']
    start = 0
    for label, n in _tf_groups(columns):
        out.append(f'<th class="tfg" colspan="{n}" data-n="{n}" data-first="{start}">{e(label)}</th>')
        start += n
    out.append('</tr><tr class="envrow">')
    for k, c in enumerate(columns):
        lines = "".join('<span class="ln">' + " ".join(f'<span class="{e(cls)}">{e(text)}</span>' for cls, text in line)
                        + "</span>" for line in _env_parts(c))
        out.append(f'<th class="env" data-f="{e(_filter_value(c))}" data-env="{e(c.env_id)}" data-k="{k}" '
                   f'title="{e(c.env_id)}"><span class="vt">{lines}<span class="merged"></span></span></th>')
    out.append("</tr></thead>")
    return "".join(out)


def _cell_title(cell: dict) -> str:
    """The tooltip: outcome, error or reason, the claim's verdict where the cell can judge it."""
    lines = [cell["o"]]
    if cell.get("et"):
        lines.append(shorten(f"{cell['et']}: {cell.get('em', '')}", 300))
    if cell.get("reason"):
        lines.append(shorten(cell["reason"], 200))
    if cell.get("verdict") and outcomes.get(cell["o"]).judgeable:
        lines.append(f"claim {cell['verdict']}" + (" (outside its scope)" if cell.get("scope") == "out" else "")
                     + (f": {shorten(cell['why'], 160)}" if cell.get("why") and cell["verdict"] != "holds" else ""))
    if cell.get("audit"):
        lines.append("audit: " + cell["audit"])
    return "\n".join(lines)


def _body(grid: Grid, cells: list[dict], position: dict) -> str:
    out, group, scenario = ["<tbody>"], None, None
    width = len(grid.columns) + 1
    for row in grid.rows:
        if row.group != group:
            group = row.group
            out.append(f'<tr class="grp" data-group="{e(group)}"><th colspan="{width}">'
                       f'<span class="grp-label">{e(row.group_label)}</span></th></tr>')
        first = ' first' if row.scenario != scenario else ""
        scenario = row.scenario
        role = f' <span class="role r-{e(row.role)}">{e(row.role)}</span>' if row.role else ""
        out.append(f'<tr class="case{first}" data-group="{e(row.group)}" data-case="{e(row.case_id)}">'
                   f'<th class="case" tabindex="0" title="{e(row.case_id)}: {e(row.title)}\n(click: its timeline)">'
                   f'<span class="sc">{e(row.scenario)}<i> :: </i></span><span class="va">{e(row.variant)}</span>'
                   f'{role}</th>')
        for column in grid.columns:
            i = position[(row.case_id, column.env_id)]
            cell = cells[i]
            mark = VERDICT_MARK.get(cell.get("verdict"), "") if cell.get("scope") != "out" else ""
            sup = f'<sup title="claim {e(cell["verdict"])}">{e(mark)}</sup>' if mark else ""
            flag = '<sup class="audit-bad" title="the plain interpreter disagrees">!</sup>' \
                if cell.get("audit") == "disagree" else ""
            out.append(f'<td class="cell o-{e(cell["o"])}" tabindex="0" data-o="{e(cell["o"])}" '
                       f'data-i="{i}" title="{e(_cell_title(cell))}">'
                       f"{e(outcomes.get(cell['o']).label)}{sup}{flag}</td>")
        out.append("</tr>")
    out.append("</tbody>")
    return "".join(out)


def _filters(grid: Grid) -> str:
    groups = {}
    for row in grid.rows:
        groups.setdefault(row.group, row.group_label)
    flavours = sorted({_filter_value(c) for c in grid.columns if _filter_value(c)})
    group_opts = "".join(f'<option value="{e(g)}">{e(shorten(label, 70))}</option>' for g, label in groups.items())
    outcome_opts = "".join(f'<option value="{e(o.name)}">{e(o.label)} {e(o.name)}</option>' for o in outcomes.TABLE)
    flavour_opts = "".join(f'<option value="{e(f)}">{e(f)}</option>' for f in flavours)
    return (
        '<div id="filters">'
        f'<label>Source <select id="f-group"><option value="">all</option>{group_opts}</select></label>'
        f'<label>Outcome <select id="f-outcome"><option value="">any</option>{outcome_opts}</select></label>'
        f'<label>{e(FILTER_AXIS.label)} flavour <select id="f-{e(FILTER_AXIS.name)}" class="f-axis">'
        f'<option value="">all</option>{flavour_opts}</select></label>'
        '<label>Case <input id="f-text" type="search" placeholder="id contains..."></label>'
        '<label><input id="f-changing" type="checkbox"> outcome differs between environments</label>'
        '<label title="narrow columns: every environment on one screen"><input id="f-compact" type="checkbox"> '
        "compact</label>"
        '<label title="neighbouring environments whose every shown cell has the same outcome become one column">'
        '<input id="f-merge" type="checkbox"> group identical neighbours</label>'
        '<span id="shown"></span></div>')


def _start() -> str:
    """The two ways in: an error message / traceback, or an environment (filled by page/search.js and page/picker.js)."""
    return (
        '<section id="start">'
        '<div class="box" id="errbox"><h2>Start from your error</h2>'
        '<label for="err-text">Paste the error line or the whole traceback:</label>'
        '<textarea id="err-text" rows="5" spellcheck="false" placeholder="AttributeError: \'Tensor\' object has no '
        'attribute \'_keras_history\'"></textarea>'
        '<div class="row"><button id="err-find" type="button">Find matching cases</button>'
        '<span id="err-read" class="note"></span></div>'
        '<div id="err-results" aria-live="polite"></div></div>'
        '<div class="box" id="envbox"><h2>Pick your environment</h2>'
        '<div class="row">' + "".join(f'<label>{e(a.label)} <select id="pick-{e(a.name)}" data-axis="{e(a.name)}">'
                                      '</select></label>' for a in axes.AXES if a.picker) + '</div>'
        '<details id="freeze"><summary>or paste <code>pip freeze</code></summary>'
        '<textarea id="pick-freeze" rows="4" spellcheck="false" placeholder="tensorflow==2.15.1&#10;keras==2.15.0">'
        '</textarea><button id="pick-freeze-apply" type="button">Use these versions</button>'
        '<span id="freeze-read" class="note"></span></details>'
        '<div id="env-results" aria-live="polite"></div></div>'
        '</section>')


def _upgrade() -> str:
    """Upgrading from one environment to another (filled by page/upgrade_view.js; #from=...&to=...)."""
    return (
        '<section id="upgrade"><details id="up-box"><summary><h2>Upgrading? What changes from one environment to '
        'another</h2></summary>'
        '<div class="row"><label>From <select id="up-from"></select></label>'
        '<label>to <select id="up-to"></select></label><button id="up-swap" type="button">swap</button></div>'
        '<details id="up-freeze"><summary>or paste two <code>pip freeze</code> outputs</summary><div class="row">'
        '<textarea id="up-freeze-from" rows="4" spellcheck="false" placeholder="before:&#10;tensorflow==2.15.1&#10;'
        'keras==2.15.0"></textarea>'
        '<textarea id="up-freeze-to" rows="4" spellcheck="false" placeholder="after:&#10;tensorflow==2.16.1&#10;'
        'keras==3.3.3"></textarea></div>'
        '<button id="up-freeze-apply" type="button">Use these versions</button> '
        '<span id="up-freeze-read" class="note"></span></details>'
        '<div id="up-results" aria-live="polite"></div></details></section>')


def _legend() -> str:
    items = "".join(f'<span class="cell o-{o.name}" title="{e(o.description)}">{e(o.label)}</span>'
                    f"{e(o.name)} &nbsp; " for o in outcomes.TABLE)
    marks = " &nbsp; ".join(f"{e(m)} claim {e(v)}" for v, m in VERDICT_MARK.items())
    return (f'<p class="legend">{items}<br>Superscripts: {marks} (where the source says its claim holds); '
            "! the plain interpreter disagrees with the cell. Click a cell for its record, history, code and the "
            "command that reproduces it; click a case for its outcome along every Keras line.</p>")


def _verdicts(verdicts: list[ClaimVerdict]) -> str:
    if not verdicts:
        return "<p>No case with a claim has results.</p>"
    out = ['<table class="plain"><tr><th>Claim</th><th>scope</th><th>holds</th><th>refuted</th>'
           '<th>inconclusive</th><th>outside its scope: holds / refuted / inconclusive</th></tr>']
    for v in verdicts:
        cols = []
        for verdict in (claims.HOLDS, claims.REFUTED, claims.INCONCLUSIVE):
            envs = v.envs.get("in", {}).get(verdict, [])
            detail = "\n".join(f"{env}: {v.why.get(env, '')}".rstrip(": ") for env in envs)
            cols.append(f'<td class="n v-{verdict}" title="{e(detail)}">{len(envs)}/{v.total("in")}</td>')
        out_scope = " / ".join(str(v.count("out", x)) for x in (claims.HOLDS, claims.REFUTED, claims.INCONCLUSIVE)) \
            if v.total("out") else ""
        scope = ", ".join(f"{k} {s}" for k, s in (v.row.claim.get("scope") or {}).items()) or "everywhere"
        out.append(f'<tr><td>{e(v.row.source_label)} claims "{e(v.row.claim["text"])}" '
                   f"<small>({e(v.row.case_id)})</small></td><td>{e(scope)}</td>{''.join(cols)}"
                   f'<td class="n">{e(out_scope)}</td></tr>')
    out.append("</table>")
    return "".join(out)


def _list(items: list[str], empty: str, cls: str = "") -> str:
    if not items:
        return f"<p>{e(empty)}</p>"
    return f'<ul class="{cls}">' + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>"


def _transitions(histories: list[CaseHistory]) -> str:
    if not histories:
        return "<p>No case changes outcome between environments of one line.</p>"
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
    return (f"<p>{sum(c.fails for c in changes)} cell(s) changed, {sum(c.kind == 'flaky' for c in changes)} "
            f"flaky, {sum(c.kind in ('added', 'removed') for c in changes)} added or removed since the baseline "
            f"{e(baseline)}:</p>" + _list([str(c) for c in changes], "", "changes"))


def _summary(grid: Grid, counts) -> str:
    head = "".join(f'<th title="{e(o.name)}"><span class="o-{o.name}">&nbsp;{e(o.label)}&nbsp;</span></th>'
                   for o in outcomes.TABLE)
    out = [f'<table class="plain"><tr><th>environment</th>{head}<th>total</th></tr>']
    for column in grid.columns:
        row = counts.loc[column.env_id]
        cells = "".join(f'<td class="n">{int(row[o.name])}</td>' for o in outcomes.TABLE)
        out.append(f"<tr><td>{e(column.env_id)}</td>{cells}<td class=\"n\">{int(row['total'])}</td></tr>")
    out.append("</table>")
    return "".join(out)


def _environments(grid: Grid, envs: dict) -> str:
    out = ['<table class="plain"><tr><th>environment</th><th>what ran</th><th>newest run</th><th>timings</th>'
           '<th>packages</th></tr>']
    for column in grid.columns:
        info = envs[column.env_id]
        key = ", ".join(f"{k} {v}" for k, v in info["key"].items())
        pkgs = (f'<details class="pkgs"><summary>{e(key) or "packages"}</summary><pre>{e(info["packages"])}</pre>'
                "</details>") if info["packages"] else e(key)
        out.append(f"<tr><td>{e(column.env_id)}</td><td>{e(info['summary'])}</td><td>{e(info['run'])}</td>"
                   f"<td>{e(info['timing'])}</td><td>{pkgs}</td></tr>")
    out.append("</table>")
    return "".join(out)


def _audit(audit: dict) -> str:
    share = ""
    if audit.get("published"):
        share = (f"<p><b>{audit['audited']} of {audit['published']} published cells audited</b> "
                 f"({100.0 * audit['audited'] / audit['published']:.1f}%; {audit['carried']} of them through an "
                 f"earlier run with the same case code, runner, packages and result). Not yet audited cells: "
                 f"<code>nox -s matrix -- --audit</code>; the scheduled workflow audits each row's new cells.</p>")
    if not audit["per_env"]:
        return share + "<p>No cell shown here was audited (<code>nox -s matrix -- --audit</code>).</p>"
    agree = sum(a for a, _ in audit["per_env"].values())
    total = sum(t for _, t in audit["per_env"].values())
    rows = "".join(f"<tr><td>{e(env)}</td><td class=\"n\">{a}/{t}</td></tr>" for env, (a, t) in audit["per_env"].items())
    bad = [f"{c} @ {env}: {(d or {}).get('differences')} (plain run: {(d or {}).get('last_line')})"
           for c, env, d in audit["disagreements"]]
    return (share + f"<p>{agree}/{total} audited cells agree with the same code run as a plain script.</p>"
            f'<table class="plain"><tr><th>environment</th><th>agree / audited</th></tr>{rows}</table>'
            + _list(bad, "No disagreement.", "problems"))


def _saveload(grid: Grid) -> str:
    """The saved-in / loaded-in section: controls and the grid (page/saveload.js draws it), and a
    summary per reader variant that reads without JavaScript."""
    sl = grid.saveload
    if sl is None or not sl.grids:
        return ('<section id="saveload"><h2>Saved in / loaded in</h2><p>No reader has results yet '
                '(cases/saveload_*.py: <code>nox -s matrix</code>).</p></section>')
    rows = []
    for rg in sl.grids:
        counts = rg.counts()
        badges = " ".join(f'<span class="cell o-{e(o.name)}" title="{e(o.name)}">{e(o.label)}</span>&nbsp;{counts[o.name]}'
                          for o in outcomes.TABLE if counts.get(o.name))
        verdicts = rg.verdicts().get("in", {})
        claim = (f'{len(verdicts.get(claims.HOLDS, []))} holds / {len(verdicts.get(claims.REFUTED, []))} refuted'
                 if rg.reader.claim and rg.reader.claim.get("expect") else "")
        rows.append(f'<tr data-reader="{e(rg.case_id)}"><td><button type="button" class="linkish">{e(rg.case_id)}</button>'
                    f'<div class="note">{e(rg.reader.title)}</div></td><td>{e(rg.writer_case)}</td>'
                    f'<td class="n">{len(rg.writers)}</td><td class="counts">{badges}</td><td>{e(claim)}</td></tr>')
    return (
        '<section id="saveload"><h2>Saved in / loaded in</h2>'
        '<p>A writer variant saves a model, weights or a training history in one environment; a reader variant '
        'loads every such file in every other environment, the way users do, and compares the predictions on the '
        'same fixed input (a model that loads but predicts differently is a silent failure). Rows: where it was '
        'saved; columns: where it was loaded. Pick where you saved, or where you run (the picker above sets both).'
        '</p><div id="sl-controls" class="row">'
        '<label>Reader <select id="sl-reader"></select></label>'
        '<label>I saved with <select id="sl-saved"></select></label>'
        '<label>I run <select id="sl-run"></select></label></div>'
        '<div id="sl-claim"></div><div id="sl-gridwrap"><table id="sl-grid"></table></div>'
        '<div id="sl-answer" aria-live="polite"></div>'
        '<h3>Every reader</h3><table class="plain" id="sl-summary"><tr><th>reader</th><th>reads what this saved</th>'
        f'<th>writers</th><th>cells</th><th>claim, where it says it holds</th></tr>{"".join(rows)}</table>'
        f'<h3>Along each Keras line of the reading environments</h3>{_saveload_findings(grid)}</section>')


def _saveload_findings(grid: Grid) -> str:
    from . import saveload
    items = []
    for reader, sentences in saveload.findings(grid.saveload, grid):
        inner = "".join(f"<li>{e(s)}</li>" for s in sentences)
        items.append(f'<li><details><summary>{e(reader)}</summary><ul class="sl-findings">{inner}</ul></details></li>')
    return f'<ul>{"".join(items)}</ul>' if items else "<p>Nothing read yet.</p>"


def page_script() -> str:
    """The view files joined into the page's one script, inside one closure."""
    parts = ["// ---- %s\n%s" % (name, (ASSETS / name).read_text(encoding="utf-8")) for name in PAGE_SCRIPTS]
    return _PAGE_HEAD + '(function () {\n"use strict";\n' + "\n".join(parts) + "})();\n"


def render(f: Findings) -> str:
    grid, verdicts, histories, counts, changes = f.grid, f.verdicts, f.histories, f.counts, f.changes
    over_time, setup, audit, meta = f.over_time, f.setup, f.audit, f.meta
    data = payload.build(grid, meta)
    position = {(c["case"], c["env"]): i for i, c in enumerate(data["cells"])}
    css = (ASSETS / "page.css").read_text(encoding="utf-8") + "\n" + css_rules()
    js = page_script()
    where = ", ".join(filter(None, [f"generated {meta.get('generated_at')}",
                                    f"commit {meta['commit']}" if meta.get("commit") else "",
                                    f"runners: {meta['runner_os']}" if meta.get("runner_os") else "",
                                    f"{len(grid.runs)} runs in the history"]))
    title = meta.get("title") or "Keras compatibility matrix"
    flaky = [f"{c} @ {env}: {r}" for c, env, r in flaky_cells(grid)]
    setup_items = [f"{k}: {len(v)} cell(s), e.g. {v[0]}" for k, v in setup.items()]
    return "".join([
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        # Nothing may be fetched: the page is opened from file:// and from CI artifacts.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        f"<title>{e(title)}</title><style>{css}</style></head><body>",
        f"<header><h1>{e(title)}</h1><p class=\"meta\">{e(where)}. {len(grid.rows)} cases \u00d7 "
        f"{len(grid.columns)} environments; every cell is the outcome of a recorded run.</p></header>",
        _start(),
        _upgrade(),
        f'<section id="table"><h2>All cases \u00d7 all environments</h2>{_legend()}</section>',
        _filters(grid),
        f'<div id="tablewrap"><table id="matrix">{_header(grid.columns)}'
        f"{_body(grid, data['cells'], position)}</table></div>",
        '<aside id="details" class="hidden" aria-label="details"><button id="details-close" type="button">close'
        '</button><div id="details-body"></div></aside>',
        "<main>",
        _saveload(grid),
        f"<section id=\"regressions\"><h2>Changes since the baseline</h2>"
        f"{_regressions(changes, meta.get('baseline'))}</section>",
        f"<section id=\"changes\"><h2>Changes over time (newest first)</h2>"
        f"{_list([str(c) for c in over_time[:300]], 'No cell changed between two runs of the history.', 'changes')}"
        "</section>",
        f"<section id=\"flaky\"><h2>Flaky cells</h2>{_list(flaky, 'No flaky cell.')}</section>",
        f"<section id=\"claims\"><h2>Claim verdicts</h2>{_verdicts(verdicts)}</section>",
        f"<section id=\"setup\"><h2>Setup errors (claim not judged)</h2>"
        f"{_list(setup_items, 'No cell failed before the step its claim is about.')}</section>",
        f"<section id=\"audit\"><h2>Audit against the plain interpreter</h2>{_audit(audit)}</section>",
        f"<section id=\"transitions\"><h2>Where outcomes change along the version axis</h2>"
        f"{_transitions(histories)}</section>",
        f"<section id=\"summary\"><h2>Outcomes per environment</h2>{_summary(grid, counts)}</section>",
        f"<section id=\"environments\"><h2>Environments</h2>{_environments(grid, data['envs'])}</section>",
        f"<section id=\"problems\"><h2>Input problems</h2>{_list(grid.problems, 'Every record line was valid.', 'problems')}"
        "</section>",
        "</main>",
        f'<script type="application/json" id="kmatrix-data">{script_json(payload.pack(data))}</script>',
        f"<script>{js}</script></body></html>\n",
    ])
