// ------------------------------------------------------------------ the panel ----
var panel = $("details"), panelBody = $("details-body"), selected = null;
var panelView = null;    // what the panel shows, as a link can say it: {cell: {env, case}} or {case: id}
function openPanel(title) {
  panelView = null;
  panelBody.textContent = "";
  panel.classList.remove("wide");
  add(panelBody, el("h3", null, title));
  panel.classList.remove("hidden");
  panel.scrollTop = 0;
  return panelBody;
}
function select(td) {
  if (selected) selected.classList.remove("sel");
  selected = td;
  if (td) td.classList.add("sel");
}
function dl(parent) { return add(parent, el("dl")); }
// A record's lines in one section of the panel, as the contract declares them (harness/contract.py:
// the fields with a panel label, in PANEL_SECTIONS order; fields sharing a label share its line;
// a label no section lists joins "record").
var PANEL_FIELDS = data.contract.fields.filter(function (f) { return f.outputs.indexOf("panel") >= 0; });
function panelLabels(section) {
  var labels = [], placed = {};
  data.contract.panel.forEach(function (s) {
    s[1].forEach(function (label) { placed[label] = 1; if (s[0] === section) labels.push(label); });
  });
  if (section === "record") PANEL_FIELDS.forEach(function (f) {
    if (!placed[f.label] && labels.indexOf(f.label) < 0) labels.push(f.label);
  });
  return labels;
}
function recordLines(list, cell, section) {
  var above = null;
  panelLabels(section).forEach(function (label) {
    var parts = [], pre = false;
    PANEL_FIELDS.forEach(function (f) {
      var v = cell[f.key];
      if (f.label !== label || v === undefined || v === null || v === "") return;
      if (f.show === "list") v = v.join(", ");
      else if (f.show === "seconds") v = v + " s";
      else if (f.show === "new" && (!/[A-Za-z]/.test(v) || (above && String(v).indexOf(above) >= 0))) return;
      pre = pre || f.show === "long";
      parts.push(v);
    });
    if (!parts.length) return;
    above = typeof parts[parts.length - 1] === "string" ? parts[parts.length - 1] : null;
    item(list, label, parts.length === 1 ? parts[0] : parts.join(data.contract.panel_join[label] || "  "), pre);
  });
}
function item(list, term, value, pre) {
  if (value === undefined || value === null || value === "") return null;
  add(list, el("dt", null, term));
  var dd = add(list, el(pre ? "pre" : "dd"));
  if (value instanceof Node) dd.appendChild(value);
  else dd.textContent = typeof value === "string" ? value : JSON.stringify(value, null, 1);
  return dd;
}

function scriptOf(caseId, envId) {
  var kase = data.cases[caseId] || {}, env = data.envs[envId] || {};
  if (!kase.doc || !kase.body) return null;
  return kase.doc + (env.imports || "") + data.ctx + kase.body;   // = python -m harness.casefile export
}
function quote(text) { return "'" + String(text).replace(/'/g, "'\\''") + "'"; }
function reproduceCommand(caseId, envId) {
  var kase = data.cases[caseId] || {}, source = kase.source || {};
  if (source.kind === "script" && kase.file) return "nox -s " + envId + " -- --script " + quote(kase.file);
  // a pytest node id selects exactly one case (-k matches substrings of names, '::' none)
  return "nox -s " + envId + " -- " + quote((kase.file || "cases/" + scenarioOf(caseId) + ".py") + "::" + variantOf(caseId));
}
function exportCommand(caseId, envId) {   // env.export: --row ID, or the flavour and backend (payload.env_info)
  return "python -m harness.casefile export " + quote(caseId) + " " + ((data.envs[envId] || {}).export || "--row " + envId);
}
function sources(kase) {
  var s = kase.source || {}, box = el("div", "sources");
  if (s.kind === "seed") {
    add(box, el("span", null, "seed article " + (s.doc || "?") + (s.example ? " (code example " + s.example + ")" : "") +
      (s.title ? ": " + s.title : "")));
  }
  (s.refs || []).forEach(function (url) { add(add(box, el("div")), link(String(url))); });
  if (s.kind === "script" && s.path) add(box, el("span", null, "script " + s.path));
  var f = s.frequency;
  if (f && f.reports) add(box, el("div", "note", "how often people hit it: " + f.reports + " public report(s)" +
    (f.reactions ? ", " + f.reactions + " reaction(s)" : "") + (f.as_of ? " (counted " + f.as_of + ")" : "")));
  return box.childNodes.length ? box : null;
}

function runDate(index) {
  var run = data.runs[index];
  if (!run) return "?";
  return String(run.started || run.id || "").slice(0, 10);
}
function timeline(caseId, envId) {
  var points = data.timelines[caseId + "|" + envId];
  if (!points || !points.length) return null;
  var box = el("div", "timeline"), marks = add(box, el("div", "marks")), changed = points[0];
  points.forEach(function (p, i) {
    var mark = add(marks, el("span", "mark"));
    var b = add(mark, badge(p[1], (p[2] || "") + "\nrun " + ((data.runs[p[0]] || {}).id || "?")));
    b.classList.add("tick");
    add(mark, el("small", null, runDate(p[0])));
    if (i && (p[1] !== points[i - 1][1] || p[2] !== points[i - 1][2])) { changed = p; mark.classList.add("chg"); }
  });
  add(box, el("div", "note", "first seen " + runDate(points[0][0]) + " \u00b7 " +
    (changed === points[0] ? "never changed" : "last changed " + runDate(changed[0])) + " \u00b7 " +
    points.length + " run(s)"));
  return box;
}

function showCell(caseId, envId, td) {
  var cell = cellAt(caseId, envId);
  if (!cell) return;
  if (!td) {
    var tr = ROWS_OF[caseId];
    td = tr ? tr.cells[ENV_INDEX[envId] + 1] : null;
  }
  select(td || null);
  var env = data.envs[envId] || {}, kase = data.cases[caseId] || {};
  var body = openPanel(caseId);
  panelView = { cell: { env: envId, case: caseId } };
  var head = add(body, el("p", "cellhead"));
  add(head, badge(cell.o));
  add(head, el("span", null, " " + (OUT[cell.o] || {}).description));
  add(head, shareLink(KLink.format(panelView), "copy link to this cell"));
  add(body, el("p", "env-line", envId + " \u2014 " + (env.summary || "")));
  var list = dl(body);
  item(list, "Case", (kase.title || "") + (kase.role ? " (" + kase.role + ")" : ""));
  recordLines(list, cell, "record");
  if (kase.claim) {
    var claim = el("span");
    add(claim, el("span", "v-" + (cell.verdict || "none"), (cell.verdict || "not judged") + " "));
    add(claim, el("span", "scope", cell.scope === "out" ? "(outside the claim's scope: " : "(in its scope" +
      (kase.scope ? ": " : "")));
    if (kase.scope) add(claim, el("span", null, Object.keys(kase.scope).map(function (k) { return k + " " + kase.scope[k]; }).join(", ")));
    add(claim, el("span", null, ")"));
    add(claim, el("div", null, "\u201c" + kase.claim + "\u201d" + (kase.versions ? " (" + kase.versions + ")" : "")));
    if (cell.why) add(claim, el("div", "note", "\u2192 " + cell.why));
    item(list, "Claim", claim);
  }
  if (cell.audit) {
    var audit = el("span", "audit-" + cell.audit, cell.audit === "agree"
      ? "agree: the exported script run with plain python gives the same outcome"
      : "disagree: the plain interpreter shows something else");
    var carried = cell.audit_detail && cell.audit_detail.carried_from;
    if (carried) {
      var both = el("span");
      add(both, audit);
      add(both, el("div", "note", "audited in run " + carried + ", carried forward: this cell " +
        "was made from the same case code, runner and packages and gave the same result"));
      audit = both;
    }
    item(list, "Audit", audit);
    if (cell.audit_detail) item(list, "Audit detail", cell.audit_detail);
  }
  item(list, "Sources", sources(kase));
  item(list, "History", timeline(caseId, envId));
  recordLines(list, cell, "run");

  add(body, el("h4", null, "Reproduce"));
  codeBlock(body, reproduceCommand(caseId, envId), "this cell, in this environment (from a checkout of this project)", "cmd");
  var script = scriptOf(caseId, envId);
  if (script) {
    codeBlock(body, exportCommand(caseId, envId), "the same script, written by", "cmd");
    add(body, el("h4", null, "The code (a standalone script: run it with plain python)"));
    if (env.imports_from === "keras") add(body, el("p", "note", "This environment is not in the matrix any more: the " +
      "imports are those of its Keras flavour."));
    codeBlock(body, script, scenarioOf(caseId) + "__" + variantOf(caseId) + ".py", "script");
  } else {
    add(body, el("p", "note", kase.code_error ? "No code: " + kase.code_error : "No code: the case file is not part of this report."));
  }
  var more = dl(body);
  recordLines(more, cell, "more");
  item(more, "Key packages", env.key);
  item(more, "All packages", env.packages, true);
  writeHash();
}

