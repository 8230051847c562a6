// Inlined into index.html (no network: everything comes from the JSON island).
// Three ways in: paste an error (the cases whose recorded errors match it, and
// their fixes), pick an environment (its column, what breaks and works there),
// or read the table (filters, compact mode, identical neighbours grouped; a
// click on a cell: its record, code, command, timeline; on a case: its outcome
// along every Keras line). Text from runs is only ever set with textContent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kmatrix-data").textContent);
  (function unpack() {          // harness/report/payload.py pack(): texts stored once, timelines in cell order
    var keys = ["case", "env", "em", "last", "tb", "out", "reason", "why", "run", "started"], texts = data.texts || [];
    var byCell = Array.isArray(data.timelines) ? data.timelines : null, timelines = byCell ? {} : data.timelines;
    data.cells.forEach(function (c, i) {
      for (var k = 0; k < keys.length; k++) if (typeof c[keys[k]] === "number") c[keys[k]] = texts[c[keys[k]]];
      if (byCell && byCell[i]) timelines[c.case + "|" + c.env] = byCell[i];
    });
    data.timelines = timelines || {};
  })();
  function $(id) { return document.getElementById(id); }
  var table = $("matrix");
  var wrap = $("tablewrap");
  var OUT = {};
  data.outcomes.forEach(function (o) { OUT[o.name] = o; });
  var ENV_IDS = Object.keys(data.envs);                       // column order
  var ENV_INDEX = {};
  ENV_IDS.forEach(function (id, k) { ENV_INDEX[id] = k; });
  var CASE_IDS = Object.keys(data.cases);
  var envHeads = Array.prototype.slice.call(table.querySelectorAll("thead th.env"));
  var tfHeads = Array.prototype.slice.call(table.querySelectorAll("thead th.tfg"));
  var caseRows = Array.prototype.slice.call(table.querySelectorAll("tbody tr.case"));
  var ROWS_OF = {};
  caseRows.forEach(function (tr) { ROWS_OF[tr.getAttribute("data-case")] = tr; });

  // What an outcome means to someone with a problem (from the outcome table's own fields).
  // from harness.outcomes: what the user meets as a failure (not an environment-level fact)
  function breaks(o) { var x = OUT[o]; return !!x && o !== "ok" && (x.judgeable || (x.fails_item && !x.env_level)); }
  function envLevel(o) { return !!OUT[o] && OUT[o].env_level; }

  var cellOf = null;                                          // case -> env -> index into data.cells
  function cellAt(caseId, envId) {
    if (!cellOf) {
      cellOf = {};
      data.cells.forEach(function (c, i) { (cellOf[c.case] || (cellOf[c.case] = {}))[c.env] = i; });
    }
    var row = cellOf[caseId];
    return row && row[envId] !== undefined ? data.cells[row[envId]] : null;
  }
  function scenarioOf(caseId) { var k = data.cases[caseId]; return k && k.scenario ? k.scenario : caseId.split("::")[0]; }
  function variantOf(caseId) { var k = data.cases[caseId]; return k && k.variant ? k.variant : caseId.split("::").slice(1).join("::"); }

  // ------------------------------------------------------------------ DOM helpers ----
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function badge(o, extra) {
    var x = OUT[o] || { label: o, description: "" };
    var b = el("span", "cell o-" + o, x.label);
    b.title = o + ": " + x.description + (extra ? "\n" + extra : "");
    return b;
  }
  function button(text, cls, onClick) {
    var b = el("button", cls, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function short(text, n) { text = String(text || ""); return text.length > n ? text.slice(0, n - 1) + "\u2026" : text; }
  function errorText(cell) { return cell.et ? cell.et + (cell.em ? ": " + cell.em : "") : (cell.reason || ""); }
  function link(url, text) {
    // only http(s) becomes a link; anything else stays text
    if (!/^https?:\/\//i.test(url)) return el("span", null, text || url);
    var a = el("a", null, text || url);
    a.href = url;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }
  function copy(text, btn) {
    function done(ok) {
      var was = btn.textContent;
      btn.textContent = ok ? "copied" : "select and copy by hand";
      setTimeout(function () { btn.textContent = was; }, 1500);
    }
    function fallback() {
      var area = el("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed"; area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      done(ok);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }
  function codeBlock(parent, text, label, cls) {
    var box = add(parent, el("div", "code " + (cls || "")));
    var bar = add(box, el("div", "codebar"));
    add(bar, el("span", null, label));
    add(bar, button("copy", "copy", function (ev) { copy(text, ev.currentTarget); }));
    add(box, el("pre", null, text));
    return box;
  }

  // ---------------------------------------------------------------- environments ----
  function envLabel(id) {
    var env = data.envs[id] || {}, ax = env.axes || {};
    return [env.tf_short && env.tf_short !== "no TF" ? "TF " + env.tf_short : "no TF", ax.flavour,
            env.keras_version, ax.backend && ax.backend !== "tensorflow" ? ax.backend : "",
            "py" + (ax.python || "?"), ax.device].filter(Boolean).join(" ");
  }
  function envChip(id, caseId, cls) {
    var chip = button(id, "env-chip" + (cls ? " " + cls : ""), function () {
      if (caseId) showCell(caseId, id); else pickEnv([id], true);
    });
    chip.title = envLabel(id) + (caseId ? "\nclick: this cell's record and code" : "");
    chip.setAttribute("data-env", id);
    return chip;
  }

  // ------------------------------------------------------------- table: filters ----
  var fGroup = $("f-group"), fOutcome = $("f-outcome"), fFlavour = $("f-flavour"), fText = $("f-text");
  var fChanging = $("f-changing"), fCompact = $("f-compact"), fMerge = $("f-merge"), shown = $("shown");

  function columnHidden(k) { var th = envHeads[k]; return th.classList.contains("hidden") || th.classList.contains("gone"); }

  function setColumnClass(k, cls, on) {
    envHeads[k].classList.toggle(cls, on);
    for (var r = 0; r < caseRows.length; r++) caseRows[r].cells[k + 1].classList.toggle(cls, on);
  }

  function apply() {
    var flavour = fFlavour.value, outcome = fOutcome.value, group = fGroup.value;
    var text = fText.value.trim().toLowerCase(), changing = fChanging.checked;
    envHeads.forEach(function (th, k) {
      var hide = flavour !== "" && th.getAttribute("data-f") !== flavour;
      if (th.classList.contains("hidden") !== hide) setColumnClass(k, "hidden", hide);
    });
    var visibleGroups = {}, count = 0;
    caseRows.forEach(function (tr) {
      var show = group === "" || tr.getAttribute("data-group") === group;
      if (show && text) show = tr.getAttribute("data-case").toLowerCase().indexOf(text) >= 0;
      if (show && (outcome || changing)) {
        var seen = {}, n = 0, hit = false;
        for (var k = 0; k < envHeads.length; k++) {
          if (envHeads[k].classList.contains("hidden")) continue;
          var o = tr.cells[k + 1].getAttribute("data-o");
          if (o === outcome) hit = true;
          if (!envLevel(o) && !seen[o]) { seen[o] = 1; n++; }
        }
        if (outcome && !hit) show = false;
        if (changing && n < 2) show = false;
      }
      tr.classList.toggle("hidden", !show);
      if (show) { visibleGroups[tr.getAttribute("data-group")] = 1; count++; }
    });
    table.querySelectorAll("tbody tr.grp").forEach(function (tr) {
      tr.classList.toggle("hidden", !visibleGroups[tr.getAttribute("data-group")]);
    });
    shown.textContent = count + " of " + caseRows.length + " cases shown";
    merge();
  }

  // Neighbouring columns whose every shown cell has the same outcome: one column,
  // the first of the run, whose header says how far the run goes.
  function merge() {
    var on = fMerge.checked;
    var rows = caseRows.filter(function (tr) { return !tr.classList.contains("hidden"); });
    var leader = null, leaderSig = null, run = [];
    function close() {
      if (leader === null) return;
      var th = envHeads[leader], span = th.querySelector(".merged");
      th.classList.toggle("has-merged", run.length > 0);
      if (run.length) {
        var last = data.envs[ENV_IDS[run[run.length - 1]]] || {};
        span.textContent = "\u2192 " + (last.tf_short === "no TF" ? "no TF" : "TF " + last.tf_short) +
          " (+" + run.length + ")";
        th.title = ENV_IDS[leader] + "\nsame outcome in every shown case as:\n" +
          run.map(function (k) { return ENV_IDS[k]; }).join("\n");
      } else {
        span.textContent = "";
        th.title = ENV_IDS[leader];
      }
    }
    for (var k = 0; k < envHeads.length; k++) {
      if (envHeads[k].classList.contains("hidden")) {
        if (envHeads[k].classList.contains("gone")) setColumnClass(k, "gone", false);
        continue;
      }
      var sig = null;
      if (on) {
        sig = "";
        for (var r = 0; r < rows.length; r++) sig += rows[r].cells[k + 1].getAttribute("data-o") + "|";
      }
      var same = on && leader !== null && sig === leaderSig;
      if (envHeads[k].classList.contains("gone") !== same) setColumnClass(k, "gone", same);
      if (same) { run.push(k); continue; }
      close();
      leader = k; leaderSig = sig; run = [];
    }
    close();
    tfHeads.forEach(function (th) {
      var first = +th.getAttribute("data-first"), n = +th.getAttribute("data-n"), visible = 0;
      for (var k = first; k < first + n; k++) if (!columnHidden(k)) visible++;
      th.classList.toggle("hidden", visible === 0);
      th.colSpan = Math.max(visible, 1);
    });
  }

  function compact() { table.classList.toggle("compact", fCompact.checked); }

  // ------------------------------------------------------------------ the panel ----
  var panel = $("details"), panelBody = $("details-body"), selected = null;
  function openPanel(title) {
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
  function exportCommand(caseId, envId) {
    var env = data.envs[envId] || {}, ax = env.axes || {};
    var target = env.imports_from === "row" ? "--row " + envId
      : "--flavour " + (ax.flavour || "tf.keras") + (ax.backend && ax.backend !== "tensorflow" ? " --backend " + ax.backend : "");
    return "python -m harness.casefile export " + quote(caseId) + " " + target;
  }
  function sources(kase) {
    var s = kase.source || {}, box = el("div", "sources");
    if (s.kind === "seed") {
      add(box, el("span", null, "seed article " + (s.doc || "?") + (s.example ? " (code example " + s.example + ")" : "") +
        (s.title ? ": " + s.title : "")));
    }
    (s.refs || []).forEach(function (url) { add(add(box, el("div")), link(String(url))); });
    if (s.kind === "script" && s.path) add(box, el("span", null, "script " + s.path));
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
    var head = add(body, el("p", "cellhead"));
    add(head, badge(cell.o));
    add(head, el("span", null, " " + (OUT[cell.o] || {}).description));
    add(body, el("p", "env-line", envId + " \u2014 " + (env.summary || "")));
    var list = dl(body);
    item(list, "Case", (kase.title || "") + (kase.role ? " (" + kase.role + ")" : ""));
    item(list, "Error", errorText(cell) && cell.et ? errorText(cell) : "");
    if (cell.last && cell.et && /[A-Za-z]/.test(cell.last) && cell.last.indexOf(cell.em || "\u0000") < 0) {
      item(list, "Last line printed", cell.last);
    }
    if (cell.wrappers) item(list, "Looked through", cell.wrappers.join(", "));
    item(list, "Reason", cell.reason);
    item(list, "Gradients", cell.grads);
    item(list, "Effects", cell.effects);
    item(list, "Observed", cell.observed);
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
      item(list, "Audit", audit);
      if (cell.audit_detail) item(list, "Audit detail", cell.audit_detail);
    }
    item(list, "Sources", sources(kase));
    item(list, "History", timeline(caseId, envId));
    item(list, "Run", [cell.run, cell.started, cell.dur !== undefined ? cell.dur + " s" : ""].filter(Boolean).join("  "));

    add(body, el("h4", null, "Reproduce"));
    codeBlock(body, reproduceCommand(caseId, envId), "this cell, in this environment (from a checkout of this project)", "cmd");
    var script = scriptOf(caseId, envId);
    if (script) {
      codeBlock(body, exportCommand(caseId, envId), "the same script, written by", "cmd");
      add(body, el("h4", null, "The code (a standalone script: run it with plain python)"));
      if (env.imports_from === "flavour") add(body, el("p", "note", "This environment is not in the matrix any more: the " +
        "imports are those of its Keras flavour."));
      codeBlock(body, script, scenarioOf(caseId) + "__" + variantOf(caseId) + ".py", "script");
    } else {
      add(body, el("p", "note", kase.code_error ? "No code: " + kase.code_error : "No code: the case file is not part of this report."));
    }
    var more = dl(body);
    item(more, "Traceback (tail)", cell.tb, true);
    item(more, "Output (tail)", cell.out, true);
    item(more, "Key packages", env.key);
    item(more, "All packages", env.packages, true);
  }

  // The case along each Keras line, TF versions left to right (like caniuse).
  function distinguish(ids) {        // what tells environments in one (line, TF) slot apart
    var envs = ids.map(function (id) { return data.envs[id] || {}; });
    function differ(f) { var seen = {}; envs.forEach(function (e) { seen[f(e)] = 1; }); return Object.keys(seen).length > 1; }
    if (differ(function (e) { return e.keras_version; })) return function (e) { return "keras " + (e.keras_version || "?"); };
    if (differ(function (e) { return (e.axes || {}).python; })) return function (e) { return "py" + ((e.axes || {}).python || "?"); };
    return function (e) { return (e.axes || {}).device || ""; };
  }
  function showCase(caseId) {
    var kase = data.cases[caseId] || {};
    var body = openPanel(caseId);
    panel.classList.add("wide");
    select(null);
    add(body, el("p", null, (kase.title || "") + (kase.role ? " (" + kase.role + ")" : "")));
    if (kase.claim) add(body, el("p", "note", "Claim: \u201c" + kase.claim + "\u201d"));
    var tfs = [], lines = [], flavours = [], at = {};
    ENV_IDS.forEach(function (id) {
      var env = data.envs[id], tf = env.tf_short || "?", fl = (env.axes || {}).flavour || "?", line = env.line || fl;
      if (tfs.indexOf(tf) < 0) tfs.push(tf);
      if (flavours.indexOf(fl) < 0) flavours.push(fl);
      if (!lines.some(function (l) { return l.name === line; })) lines.push({ name: line, flavour: fl });
      (at[line + "\u0000" + tf] || (at[line + "\u0000" + tf] = [])).push(id);
    });
    lines.sort(function (a, b) {       // each flavour's own line first, then its variants
      return flavours.indexOf(a.flavour) - flavours.indexOf(b.flavour) || a.name.length - b.name.length ||
        (a.name < b.name ? -1 : 1);
    });
    var scroll = add(body, el("div", "scrollx"));
    var grid = add(scroll, el("table", "caniuse"));
    var hr = add(add(grid, el("thead")), el("tr"));
    add(hr, el("th", null, "Keras line \\ TF"));
    tfs.forEach(function (tf) { add(hr, el("th", null, tf)); });
    var tb = add(grid, el("tbody")), summary = add(body, el("ul", "segments"));
    lines.forEach(function (line) {
      var tr = add(tb, el("tr")), prev = null, segments = [];
      tr.setAttribute("data-line", line.name);
      add(tr, el("th", null, line.name));
      tfs.forEach(function (tf) {
        var td = add(tr, el("td")), ids = at[line.name + "\u0000" + tf] || [];
        if (!ids.length) { td.className = "empty"; td.textContent = "\u00b7"; return; }
        var sub = ids.length > 1 ? distinguish(ids) : null;
        ids.forEach(function (id) {
          var cell = cellAt(caseId, id);
          if (!cell) return;
          var where = tf + (sub ? " " + sub(data.envs[id] || {}) : "");
          var b = add(td, badge(cell.o, id + (errorText(cell) ? "\n" + errorText(cell) : "")));
          b.setAttribute("data-env", id);
          if (sub) add(b, el("small", null, " " + sub(data.envs[id] || {})));
          b.addEventListener("click", function () { showCell(caseId, id); });
          if (envLevel(cell.o)) return;
          var sig = cell.o + (cell.et ? " (" + cell.et + ")" : "");
          if (prev !== null && sig !== prev) { td.classList.add("chg"); td.title = "changes here: " + prev + " \u2192 " + sig; }
          if (!segments.length || segments[segments.length - 1].sig !== sig) segments.push({ sig: sig, from: where, to: where });
          else segments[segments.length - 1].to = where;
          prev = sig;
        });
      });
      var text = segments.map(function (x) {
        return x.sig + " " + (x.from === x.to ? "in " + x.from : x.from + " to " + x.to);
      }).join(" \u2192 ");
      add(summary, el("li", null, line.name + ": " + (text || "no result")));
    });
    add(body, el("p", "note", "One line per Keras flavour (and non-default backend, device, extra package), " +
      "TensorFlow versions left to right; a thick left border marks where the outcome changes. Click a mark for its cell."));
  }

  table.addEventListener("click", function (ev) {
    var td = ev.target.closest("td.cell");
    if (td) { var c = data.cells[+td.getAttribute("data-i")]; showCell(c.case, c.env, td); return; }
    var th = ev.target.closest("tbody th.case");
    if (th) showCase(th.parentNode.getAttribute("data-case"));
  });
  table.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    if (ev.target.matches("td.cell")) { var c = data.cells[+ev.target.getAttribute("data-i")]; showCell(c.case, c.env, ev.target); }
    else if (ev.target.matches("tbody th.case")) showCase(ev.target.parentNode.getAttribute("data-case"));
  });
  $("details-close").addEventListener("click", function () { panel.classList.add("hidden"); select(null); });

  // ------------------------------------------------------ start from an error ----
  var ANSI = /\x1b\[[0-9;]*m/g;
  var TF_LOG = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] |[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ |WARNING:|INFO:)/;
  var ERROR_LINE = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?::(?: (.*))?)?$/;
  var FRAME = /^\s+(File ".*", line \d+, in \S+|\S+:\d+ \S+)(\s+\*{1,2})?\s*$/;
  var KERAS_HISTORY = /^(?:type object )?'?([\w.<>\[\] ]+?)'? object has no attribute '_keras_history'/;
  var AUTOGRAPH_HEADS = ["in user code:", "in converted code:"];
  var KERAS_CALL_ARGS = /^\s*(Call arguments received|Arguments received)\b/;

  function looksLikeException(name) {
    var s = name.split(".").pop();
    return /^[A-Z]/.test(s) && (/(Error|Exception|Exit|Interrupt|Warning|Iteration)$/.test(s) || s === "NotApplicable");
  }
  function firstLine(lines) { for (var i = 0; i < lines.length; i++) if (lines[i].trim()) return lines[i].trim(); return ""; }
  function dedent(lines) {
    var width = Infinity;
    lines.forEach(function (l) { if (l.trim()) width = Math.min(width, l.length - l.replace(/^\s+/, "").length); });
    return lines.map(function (l) { return l.slice(width === Infinity ? 0 : width); });
  }
  function unwrapAutograph(lines) {           // harness/runner/user_error.py _unwrap_autograph
    var last = null, i;
    for (i = 0; i < lines.length; i++) if (FRAME.test(lines[i])) last = i;
    var base = null, indentOf = function (l) { return l.length - l.replace(/^\s+/, "").length; };
    for (i = last === null ? 1 : last + 1; i < lines.length; i++) {
      var line = lines[i];
      if (!line.trim()) continue;
      if (last !== null && base === null && indentOf(line) > indentOf(lines[last])) continue;
      var m = ERROR_LINE.exec(line.trim());
      if (m && looksLikeException(m[1])) {
        var body = dedent(lines.slice(i));
        body[0] = m[2] || "";
        return { type: m[1], lines: body };
      }
      base = indentOf(line);
    }
    return null;
  }
  function unwrapKerasCall(lines) {
    var body = [], start = 0;
    while (start < lines.length && !lines[start].trim()) start++;
    for (var i = start + 1; i < lines.length; i++) { if (KERAS_CALL_ARGS.test(lines[i])) break; body.push(lines[i]); }
    while (body.length && !body[0].trim()) body.shift();
    return body.length ? body : null;
  }
  function unwrapEmbedded(lines) {
    lines = lines.filter(function (l) { return l.trim(); });
    if (!lines.some(function (l) { return l.indexOf("Traceback (most recent call last):") === 0; })) return null;
    var m = ERROR_LINE.exec(lines[0].trim());
    return m && looksLikeException(m[1]) && m[2] ? { type: m[1], lines: [m[2]] } : null;
  }
  function unwrapGraph(lines) {
    var body = lines.slice(1).filter(function (l) {
      var t = l.trim();
      return t && t.indexOf("[[") !== 0 && t.indexOf("Detected at node") !== 0 && !/^\s/.test(l) && l.indexOf("Node:") !== 0;
    });
    return body.length ? body.slice(-1) : null;
  }

  // The frames of the last traceback in a text (Python's and autograph's listings):
  // names: file and function names; entry: where the innermost user code called into a
  // library ("file:function"), or "(user code)" when the error was raised in user code;
  // call: the shape of that user code line ("n = tf.n(n)"), names and literals blanked.
  var LIB_PATH = /site-packages|dist-packages|[\\/]lib[\\/]python\d/i;
  var FRAME_LINE = /^\s*File "([^"]*)", line \d+, in (\S+)|^\s+(\S+\.py):\d+ (\S+)/;
  var KEEP_NAMES = { tf: 1, keras: 1, K: 1, np: 1, layers: 1, ops: 1, backend: 1, Model: 1, Input: 1, Lambda: 1,
                     "return": 1, lambda: 1, "for": 1, "in": 1, "if": 1, "else": 1, "not": 1, "and": 1, "or": 1 };
  function callShape(line) {
    return String(line || "").trim().replace(/'[^']*'|"[^"]*"/g, "s").replace(/\b\d[\d.]*\b/g, "0")
      .replace(/[A-Za-z_]\w*/g, function (w) { return KEEP_NAMES[w] ? w : "n"; }).replace(/\s+/g, " ");
  }
  function framesIn(text) {
    var at = text.lastIndexOf("Traceback (most recent call last):");
    if (at > 0) text = text.slice(at);
    var lines = text.split("\n"), list = [], names = {};
    for (var i = 0; i < lines.length; i++) {
      var m = FRAME_LINE.exec(lines[i]);
      if (!m) continue;
      var path = m[1] || m[3], fn = (m[2] || m[4]).toLowerCase(), file = path.split(/[\\/]/).pop().toLowerCase();
      var code = i + 1 < lines.length && !FRAME_LINE.test(lines[i + 1]) ? lines[i + 1] : "";
      list.push({ key: file + ":" + fn, lib: LIB_PATH.test(path), code: code });
      names[file] = 1; names[fn] = 1;
    }
    var entry = null, call = "";
    for (var k = list.length - 1; k >= 0; k--) {
      if (!list[k].lib) {
        entry = k + 1 < list.length ? list[k + 1].key : "(user code)";
        call = callShape(list[k].code);
        break;
      }
    }
    return { names: names, entry: entry, call: call };
  }

  // The error a person reads at the bottom of what they pasted: the last traceback's
  // final block, its type and message, wrappers looked through (as the runner does).
  function readPasted(text) {
    var lines = String(text || "").replace(ANSI, "").replace(/\r/g, "").split("\n")
      .filter(function (l) { return !TF_LOG.test(l); });
    var start = -1, i;
    for (i = 0; i < lines.length; i++) if (lines[i].indexOf("Traceback (most recent call last):") === 0) start = i;
    var frames = framesIn(lines.join("\n"));
    var block = null;
    if (start >= 0) {
      for (i = start + 1; i < lines.length; i++) if (lines[i] && !/^\s/.test(lines[i])) { block = lines.slice(i); break; }
    }
    if (!block) {     // no traceback header: the first line that names an error, else the text itself
      for (i = 0; i < lines.length && !block; i++) {
        var t = ERROR_LINE.exec(lines[i].trim());
        if (t && looksLikeException(t[1]) && !/^\s/.test(lines[i])) block = lines.slice(i);
      }
      block = block || lines.filter(function (l) { return l.trim(); });
    }
    var type = null, msg = block.slice(), m = ERROR_LINE.exec((block[0] || "").trim());
    if (m && looksLikeException(m[1])) { type = m[1].split(".").pop(); msg = [m[2] || ""].concat(block.slice(1)); }
    var wrappers = [];
    for (var n = 0; n < 8; n++) {
      var head = firstLine(msg), found = null, body = null;
      if (AUTOGRAPH_HEADS.indexOf(head) >= 0) {
        found = unwrapAutograph(msg);
        if (found) { wrappers.push("autograph"); type = found.type.split(".").pop(); msg = found.lines; continue; }
      } else if (head.indexOf("Exception encountered when calling") === 0) {
        body = unwrapKerasCall(msg);
        if (body) { wrappers.push("keras_call"); msg = body; continue; }
      } else if (head === "Graph execution error:") {
        body = unwrapGraph(msg);
        if (body) { wrappers.push("graph_execution"); msg = body; continue; }
      } else {
        found = unwrapEmbedded(msg);
        if (found) { wrappers.push("op_error"); type = found.type.split(".").pop(); msg = found.lines; continue; }
      }
      break;
    }
    var message = firstLine(msg);
    if (type === null) {     // "SomeError: ..." typed without the traceback
      var again = ERROR_LINE.exec(message);
      if (again && looksLikeException(again[1]) && again[2]) { type = again[1].split(".").pop(); message = again[2]; }
    }
    return { type: type, message: message, wrappers: wrappers, frames: frames };
  }

  // A message as a comparable signature: addresses, shapes, quoted names, node names
  // and numbers become placeholders; the _keras_history AttributeError is one signature
  // whatever the tensor class is called (Tensor, SymbolicTensor, KerasTensor, EagerTensor).
  function normalise(message) {
    var m = String(message || "").trim(), kh = KERAS_HISTORY.exec(m);
    if (kh) {
      var cls = kh[1].split(".").pop();
      return { kh: /Tensor$/.test(cls) ? "tensor" : cls.toLowerCase(), text: "<keras_history>", tokens: ["<keras_history>"] };
    }
    m = m.replace(/0x[0-9a-fA-F]+/g, " addr ")
      .replace(/<[^<>]*>/g, " obj ")
      .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, " name ")
      .replace(/\b[A-Za-z]*[a-z][A-Z]\w*|\b[A-Za-z]\w*_\w*/g, " name ")      // CamelCase, snake_case: identifiers
      .replace(/:\s*[A-Z]\w*/g, ": name ")                                       // "Unknown layer: Doubler"
      .replace(/[\[(]\s*(?:None|\d+|\?)?(?:\s*,\s*(?:None|\d+|\?))*\s*,?\s*[\])]/g, " shape ")
      .replace(/[\[(][^()\[\]]*[\/:][^()\[\]]*[\])]/g, " node ")
      .replace(/\b[\w.]*\d[\w.]*\b/g, " num ")
      .replace(/\s+/g, " ").trim().toLowerCase();
    var tokens = m.split(/[^a-z0-9_<>]+/).filter(function (t) { return t.length > 1; });
    return { kh: null, text: m, tokens: tokens };
  }

  var corpus = null;    // built at the first search
  function buildCorpus() {
    var sigs = {}, df = {}, n = 0;
    var list = [];
    data.cells.forEach(function (cell, i) {
      if (!cell.et && !cell.em) return;
      var key = (cell.et || "") + "\u0000" + (cell.em || "");
      var sig = sigs[key];
      if (!sig) {
        sig = sigs[key] = { et: cell.et || null, norm: normalise(cell.em || ""), raw: (cell.em || "").trim() };
        n++;
        var seen = {};
        sig.norm.tokens.forEach(function (t) { if (!seen[t]) { seen[t] = 1; df[t] = (df[t] || 0) + 1; } });
      }
      list.push({ i: i, sig: sig });
    });
    var idf = {};
    Object.keys(df).forEach(function (t) { idf[t] = Math.log(1 + n / df[t]); });
    corpus = { list: list, idf: idf, frames: {} };
  }
  function framesOf(i) {
    return corpus.frames[i] || (corpus.frames[i] = framesIn(data.cells[i].tb || ""));
  }
  function similarity(q, sig) {
    var a = q.norm, b = sig.norm;
    if (a.kh || b.kh) {
      if (!(a.kh && b.kh)) return 0;
      return a.kh === b.kh ? 1 : 0.7;
    }
    if (!a.text || !b.text) return 0;
    if (a.text === b.text) return 1;
    if (a.text.length >= 12 && b.text.length >= 12 && (a.text.indexOf(b.text) === 0 || b.text.indexOf(a.text) === 0)) return 0.95;
    var wa = {}, shared = 0, total = 0, idf = corpus.idf;
    a.tokens.forEach(function (t) { wa[t] = idf[t] || Math.log(1 + corpus.list.length); });
    var wb = {};
    b.tokens.forEach(function (t) { wb[t] = idf[t] || 1; });
    Object.keys(wa).forEach(function (t) { total += wa[t]; if (wb[t]) shared += wa[t]; });
    Object.keys(wb).forEach(function (t) { if (!wa[t]) total += wb[t]; });
    return total ? 0.9 * shared / total : 0;
  }

  function search(text) {
    var q = readPasted(text);
    if (!q.message && !q.type) return { q: q, hits: [] };
    q.norm = normalise(q.message);
    if (!corpus) buildCorpus();
    var qnames = Object.keys(q.frames.names), nq = qnames.length;
    var memo = new Map(), byCase = {};
    corpus.list.forEach(function (entry) {
      var sig = entry.sig, s = memo.get(sig);
      if (s === undefined) {
        s = similarity(q, sig);
        if (q.type && sig.et && q.type !== sig.et) s *= 0.5;
        memo.set(sig, s);
      }
      if (s < 0.45) return;
      var cell = data.cells[entry.i];
      var bonus = 0;
      if (q.wrappers.length && cell.wrappers && q.wrappers.some(function (w) { return cell.wrappers.indexOf(w) >= 0; })) bonus += 0.02;
      if (nq) {   // the same way into the error: where user code called the library, then shared frames
        var cf = framesOf(entry.i), common = 0;
        qnames.forEach(function (f) { if (cf.names[f]) common++; });
        bonus += 0.03 * common / nq + (q.frames.entry && q.frames.entry === cf.entry ? 0.04 : 0);
        if (q.frames.call && cf.call) {   // the user's line and the case's line look alike
          var same = 0, a = q.frames.call, b = cf.call;
          while (same < a.length && same < b.length && a[same] === b[same]) same++;
          bonus += 0.01 * same / Math.max(a.length, b.length);
        }
      }
      var role = (data.cases[cell.case] || {}).role;
      if (role !== "fix" && role !== "corrected") bonus += 0.005;    // the case that shows the error, before its fixes
      var exact = sig.raw === q.message;
      var hit = byCase[cell.case] || (byCase[cell.case] = { caseId: cell.case, score: 0, match: 0, envs: [] });
      var score = s + bonus + (exact ? 0.01 : 0);
      hit.score = Math.max(hit.score, score);
      hit.match = Math.max(hit.match, s);
      hit.envs.push({ env: cell.env, score: score, match: s, exact: exact ? 1 : 0, cell: cell });
    });
    var hits = Object.keys(byCase).map(function (k) { return byCase[k]; });
    hits.forEach(function (h) {
      // every environment where this case shows the best-matching error, closest first
      h.envs = h.envs.filter(function (x) { return x.match >= h.match - 0.1; });
      h.envs.sort(function (a, b) { return b.match - a.match || b.exact - a.exact || ENV_INDEX[a.env] - ENV_INDEX[b.env]; });
      h.inPicked = picked.some(function (id) { return h.envs.some(function (x) { return x.env === id; }); });
    });
    hits.sort(function (a, b) {
      return b.score - a.score || (b.inPicked - a.inPicked) || b.envs.length - a.envs.length ||
        CASE_IDS.indexOf(a.caseId) - CASE_IDS.indexOf(b.caseId);
    });
    return { q: q, hits: hits };
  }

  function fixesFor(caseId) {
    var scenario = scenarioOf(caseId);
    return CASE_IDS.filter(function (id) {
      var k = data.cases[id];
      return id !== caseId && scenarioOf(id) === scenario && (k.role === "fix" || k.role === "corrected");
    });
  }

  var errShown = 8;
  function renderSearch() {
    var out = $("err-results"), read = $("err-read"), text = $("err-text").value;
    out.textContent = "";
    read.textContent = "";
    if (!text.trim()) return;
    var result = search(text), q = result.q;
    read.textContent = "Read as: " + (q.type ? q.type + ": " : "") + short(q.message, 160) +
      (q.wrappers.length ? "  (looked through: " + q.wrappers.join(", ") + ")" : "");
    if (!result.hits.length) {
      add(out, el("p", "note", "No recorded error matches. The cases record the error a user reads at the bottom of the " +
        "traceback; try pasting the whole traceback, or only its last line."));
      return;
    }
    add(out, el("p", "note", result.hits.length + " case(s) record this error; best match first."));
    var ol = add(out, el("ol", "hits"));
    result.hits.slice(0, errShown).forEach(function (h) {
      var kase = data.cases[h.caseId] || {};
      var li = add(ol, el("li", "hit"));
      li.setAttribute("data-case", h.caseId);
      var head = add(li, el("div", "hit-head"));
      add(head, el("span", "score", Math.round(h.match * 100) + "%")).title = "how closely the recorded message matches";
      add(head, button(h.caseId, "case-link", function () { showCase(h.caseId); }));
      if (kase.role) add(head, el("span", "role r-" + kase.role, kase.role));
      add(li, el("div", "hit-title", kase.title || ""));
      add(li, el("div", "hit-error", errorText(h.envs[0].cell)));
      var envs = add(li, el("div", "hit-envs"));
      add(envs, el("span", "lbl", "Occurs in " + h.envs.length + " environment(s): "));
      h.envs.forEach(function (x, n) {
        var chip = add(envs, envChip(x.env, h.caseId, picked.indexOf(x.env) >= 0 ? "yours" : ""));
        chip.classList.add("o-" + x.cell.o);
        if (n >= 14) chip.classList.add("more");
      });
      if (h.envs.length > 14) {
        add(envs, button("+" + (h.envs.length - 14) + " more", "linkish", function (ev) {
          envs.querySelectorAll(".more").forEach(function (c) { c.classList.remove("more"); });
          ev.currentTarget.remove();
        }));
      }
      var fixes = fixesFor(h.caseId);
      if (!fixes.length) { add(li, el("div", "note", "No fix variant of this scenario is recorded.")); return; }
      var ft = add(li, el("table", "fixes"));
      var hr = add(ft, el("tr"));
      add(hr, el("th", null, "fix variants of this scenario"));
      add(hr, el("th", null, "OK in"));
      add(hr, el("th", null, "their outcome in those environments"));
      fixes.forEach(function (fid) {
        var tr = add(ft, el("tr")), th = add(tr, el("th"));
        add(th, button(variantOf(fid), "case-link", function () { showCase(fid); }));
        add(th, el("span", "role r-" + data.cases[fid].role, data.cases[fid].role));
        th.title = fid + ": " + (data.cases[fid].title || "");
        var td = add(tr, el("td", "marks")), ok = 0, judged = 0;
        h.envs.forEach(function (x) {
          var cell = cellAt(fid, x.env);
          if (!cell) return;
          if (cell.o === "ok") ok++;
          if (cell.o === "ok" || breaks(cell.o)) judged++;
          var b = add(td, badge(cell.o, x.env + (errorText(cell) ? "\n" + errorText(cell) : "")));
          b.classList.add("mini");
          b.setAttribute("data-env", x.env);
          b.addEventListener("click", function () { showCell(fid, x.env); });
        });
        tr.insertBefore(el("td", "n" + (judged && ok === judged ? " good" : ""), ok + "/" + h.envs.length), td);
      });
    });
    if (result.hits.length > errShown) {
      add(out, button("show " + Math.min(result.hits.length - errShown, 8) + " more", "linkish", function () {
        errShown += 8; renderSearch();
      }));
    }
  }
  var searchTimer = null;
  $("err-find").addEventListener("click", function () { errShown = 8; renderSearch(); });
  $("err-text").addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { errShown = 8; renderSearch(); }, 250);
  });

  // ------------------------------------------------------- pick your environment ----
  var pickTf = $("pick-tf"), pickFlavour = $("pick-flavour"), pickPython = $("pick-python");
  var picked = [], wantKeras = null, wantAlso = null, wantBackend = null;
  var FLAVOUR_WORDS = { "tf.keras": "tf.keras (Keras 2 in TensorFlow)", "keras-standalone": "keras 2.x package (import keras)",
                        "tf_keras": "tf_keras (legacy Keras 2, TF \u2265 2.16)", "keras3": "Keras 3" };
  function versionTuple(text) {
    return String(text || "").split(/-dev|\.dev|rc/)[0].split(".").slice(0, 3).map(function (n) { return parseInt(n, 10) || 0; });
  }
  function tfRank(short) {            // for distances: releases by version, then no TF, then nightly
    if (short === "nightly") return 1e6;
    if (short === "no TF" || !short) return 2e6;
    var v = versionTuple(short);
    return v[0] * 100 + (v[1] || 0);
  }
  function options(select, values, words) {
    add(select, el("option", null, "any")).value = "";
    values.forEach(function (v) { add(select, el("option", null, words ? words(v) : v)).value = v; });
  }
  (function fillPickers() {
    var tfs = [], fls = [], pys = [];
    ENV_IDS.forEach(function (id) {
      var env = data.envs[id], ax = env.axes || {};
      if (env.tf_short && tfs.indexOf(env.tf_short) < 0) tfs.push(env.tf_short);
      if (ax.flavour && fls.indexOf(ax.flavour) < 0) fls.push(ax.flavour);
      if (ax.python && pys.indexOf(ax.python) < 0) pys.push(ax.python);
    });
    pys.sort(function (a, b) { return versionTuple(a)[1] - versionTuple(b)[1]; });
    options(pickTf, tfs, function (v) { return v === "no TF" ? "none (Keras 3 on JAX / PyTorch)" : v === "nightly" ? "nightly" : "TF " + v; });
    options(pickFlavour, fls, function (v) { return FLAVOUR_WORDS[v] || v; });
    options(pickPython, pys, function (v) { return "Python " + v; });
  })();

  function distance(id) {
    var env = data.envs[id], ax = env.axes || {}, d = 0;
    if (pickFlavour.value && ax.flavour !== pickFlavour.value) d += 1000;
    if (pickTf.value) {
      var a = tfRank(pickTf.value), b = tfRank(env.tf_short);
      d += a === b ? 0 : (a >= 1e6 || b >= 1e6 ? 400 : Math.min(Math.abs(a - b), 40) * 10);
    }
    if (pickPython.value && ax.python !== pickPython.value) d += Math.abs(versionTuple(ax.python)[1] - versionTuple(pickPython.value)[1]);
    if (ax.device === "cuda") d += 0.5;
    var backend = wantBackend || "tensorflow";
    if ((ax.backend || "tensorflow") !== backend && pickTf.value !== "no TF") d += 0.3;
    var also = (ax.also || []).join("+");
    if (also !== (wantAlso || "")) d += 0.2;
    if (wantKeras && env.keras_version) {
      var k1 = versionTuple(wantKeras), k2 = versionTuple(env.keras_version);
      d += Math.min(Math.abs((k1[0] * 100 + k1[1]) - (k2[0] * 100 + k2[1])), 50) * 0.01;
    }
    return d;
  }
  function nearest() {
    var best = Infinity, found = [];
    ENV_IDS.forEach(function (id) {
      var d = distance(id);
      if (d < best - 1e-9) { best = d; found = [id]; } else if (Math.abs(d - best) < 1e-9) found.push(id);
    });
    return found;
  }
  function highlight(ids) {
    envHeads.forEach(function (th, k) {
      var on = ids.indexOf(ENV_IDS[k]) >= 0;
      if (th.classList.contains("pick") !== on) setColumnClass(k, "pick", on);
    });
    var first = ids.length ? envHeads[ENV_INDEX[ids[0]]] : null;
    if (first) {
      if (first.classList.contains("gone") || first.classList.contains("hidden")) {   // make it visible
        fMerge.checked = false; fFlavour.value = ""; apply();
      }
      var corner = table.querySelector("thead th.corner");
      wrap.scrollLeft = Math.max(0, first.offsetLeft - (corner ? corner.offsetWidth : 0) - 80);
    }
  }
  function syncSelects(id) {
    var env = data.envs[id] || {}, ax = env.axes || {};
    pickTf.value = env.tf_short || "";
    pickFlavour.value = ax.flavour || "";
    pickPython.value = ax.python || "";
  }
  function pickEnv(ids, fromUser) {
    picked = ids.slice();
    highlight(picked);
    renderEnv();
    if (picked.length && fromUser !== "hash") {
      var hash = "#env=" + encodeURIComponent(picked[0]);
      if (location.hash !== hash) location.hash = hash;
    }
    if ($("err-text").value.trim()) renderSearch();
  }
  function renderEnv() {
    var out = $("env-results");
    out.textContent = "";
    if (!picked.length) return;
    var id = picked[0], env = data.envs[id] || {};
    var head = add(out, el("p", "envpick"));
    add(head, el("b", null, id));
    add(head, el("span", null, " \u2014 " + (env.summary || "")));
    if (picked.length > 1) {
      var also = add(out, el("p", "note", "Equally near: "));
      picked.slice(1).forEach(function (other) { add(also, envChip(other)); });
    }
    if (env.has_results === false) {
      var withResults = ENV_IDS.filter(function (x) { return data.envs[x].has_results !== false; });
      withResults.sort(function (a, b) { return distance(a) - distance(b); });
      var none = add(out, el("p", "note", "No results for this environment yet." +
        (withResults.length ? " Nearest with results: " : "")));
      if (withResults.length) add(none, envChip(withResults[0]));
    }
    var counts = {}, broken = [], works = [], claims = { holds: [], refuted: [], inconclusive: [] };
    CASE_IDS.forEach(function (caseId) {
      var cell = cellAt(caseId, id);
      if (!cell) return;
      counts[cell.o] = (counts[cell.o] || 0) + 1;
      if (breaks(cell.o)) broken.push(cell); else if (cell.o === "ok") works.push(cell);
      if (cell.verdict && claims[cell.verdict]) claims[cell.verdict].push(cell);
    });
    var summary = add(out, el("p", "counts"));
    data.outcomes.forEach(function (o) {
      if (!counts[o.name]) return;
      add(summary, badge(o.name));
      add(summary, el("span", null, " " + counts[o.name] + "  "));
    });
    function list(title, cells, open, withError) {
      var det = add(out, el("details", "envlist"));
      if (open) det.open = true;
      add(det, el("summary", null, title + " (" + cells.length + ")"));
      var ul = add(det, el("ul"));
      cells.forEach(function (cell) {
        var li = add(ul, el("li"));
        li.setAttribute("data-case", cell.case);
        add(li, badge(cell.o));
        add(li, button(cell.case, "case-link", function () { showCell(cell.case, id); }));
        var kase = data.cases[cell.case] || {};
        if (kase.role) add(li, el("span", "role r-" + kase.role, kase.role));
        if (withError && errorText(cell)) add(li, el("div", "err", short(errorText(cell), 200)));
        if (withError === "claim") add(li, el("div", "err", "\u201c" + short(kase.claim, 160) + "\u201d" +
          (cell.scope === "out" ? " (outside its scope)" : "") + (cell.why ? " \u2192 " + cell.why : "")));
      });
      return det;
    }
    list("What breaks here", broken, true, true).id = "env-breaks";
    list("What works here", works, false, false).id = "env-works";
    list("Claims that hold here", claims.holds, false, "claim").id = "env-holds";
    list("Claims refuted here", claims.refuted, false, "claim").id = "env-refuted";
    if (claims.inconclusive.length) list("Claims that cannot be judged here", claims.inconclusive, false, "claim");
    var tools = add(out, el("p"));
    add(tools, button("show only this environment's Keras flavour in the table", "linkish", function () {
      fFlavour.value = (env.axes || {}).flavour || ""; apply(); highlight(picked);
    }));
  }
  function onSelect() {
    wantKeras = wantAlso = wantBackend = null;
    $("freeze-read").textContent = "";
    if (!pickTf.value && !pickFlavour.value && !pickPython.value) {
      pickEnv([], true);
      if (location.hash) location.hash = "";
      return;
    }
    pickEnv(nearest(), true);
  }
  [pickTf, pickFlavour, pickPython].forEach(function (s) { s.addEventListener("change", onSelect); });

  // pip freeze: tensorflow / tensorflow-cpu / tf-nightly, keras, tf-keras (Python is not in it: kept as chosen)
  function readFreeze(text) {
    var pk = {};
    String(text || "").split(/\r?\n/).forEach(function (line) {
      var m = /^\s*([A-Za-z0-9][A-Za-z0-9_.\-]*)\s*(?:===?|@)\s*([^\s;#,]+)/.exec(line);
      if (m) pk[m[1].toLowerCase().replace(/[-_.]+/g, "-")] = m[2];
    });
    var tfName = ["tensorflow", "tensorflow-cpu", "tensorflow-gpu", "tensorflow-intel", "tensorflow-macos", "tf-nightly",
                  "tf-nightly-cpu", "tf-nightly-gpu"].filter(function (n) { return pk[n]; })[0];
    var tf = tfName ? pk[tfName] : null, keras = pk.keras || pk["keras-nightly"] || null;
    var tfKeras = pk["tf-keras"] || pk["tf-keras-nightly"] || null;
    var tfShort = !tf ? "no TF" : (/nightly/.test(tfName) || /dev/.test(tf) ? "nightly" : versionTuple(tf).slice(0, 2).join("."));
    var tv = versionTuple(tf), kv = versionTuple(keras), flavour, backend = null, also = null;
    var modern = tfShort === "nightly" || (tf && (tv[0] > 2 || (tv[0] === 2 && tv[1] >= 16)));
    if (!tf) { flavour = "keras3"; backend = pk.jax ? "jax" : pk.torch ? "torch" : null; }
    else if (modern) {
      if (keras && kv[0] < 3 && tfKeras) flavour = "tf_keras";
      else { flavour = "keras3"; if (tfKeras) also = "tf_keras"; }
    } else if (keras && (kv[0] < 2 || (kv[0] === 2 && kv[1] < 4))) flavour = "keras-standalone";
    else flavour = "tf.keras";
    return { found: !!(tf || keras), tf: tf, tfName: tfName, tfShort: tfShort, keras: keras, tfKeras: tfKeras,
             flavour: flavour, backend: backend, also: also };
  }
  $("pick-freeze-apply").addEventListener("click", function () {
    var r = readFreeze($("pick-freeze").value), note = $("freeze-read");
    if (!r.found) { note.textContent = "No tensorflow, tf-nightly or keras line found."; return; }
    var tfOption = Array.prototype.some.call(pickTf.options, function (o) { return o.value === r.tfShort; });
    pickTf.value = tfOption ? r.tfShort : "";
    if (!tfOption) {   // not a column: choose the nearest TF version by number
      var bestTf = "", bestD = Infinity;
      Array.prototype.forEach.call(pickTf.options, function (o) {
        if (!o.value) return;
        var d = Math.abs(tfRank(o.value) - tfRank(r.tfShort));
        if (d < bestD) { bestD = d; bestTf = o.value; }
      });
      pickTf.value = bestTf;
    }
    pickFlavour.value = Array.prototype.some.call(pickFlavour.options, function (o) { return o.value === r.flavour; }) ? r.flavour : "";
    wantKeras = r.flavour === "tf_keras" ? r.tfKeras : r.keras;
    wantAlso = r.also; wantBackend = r.backend;
    note.textContent = "Read: " + [r.tf ? r.tfName + " " + r.tf : "no TensorFlow", r.keras ? "keras " + r.keras : "",
      r.tfKeras ? "tf-keras " + r.tfKeras : ""].filter(Boolean).join(", ") + " \u2192 " + r.flavour +
      (r.backend ? " on " + r.backend : "") + (r.also ? " (+tf_keras installed)" : "") +
      "; Python is not in pip freeze: " + (pickPython.value ? "kept Python " + pickPython.value : "any") + ".";
    pickEnv(nearest(), true);
  });

  function fromHash() {
    var m = /(?:^#|&)env=([^&]+)/.exec(location.hash || "");
    if (!m) return;
    var id = decodeURIComponent(m[1]);
    if (!data.envs[id] || (picked.length && picked[0] === id)) return;
    wantKeras = wantAlso = wantBackend = null;
    syncSelects(id);
    pickEnv([id], "hash");
  }
  window.addEventListener("hashchange", fromHash);

  // ----------------------------------------------------------------------- init ----
  [fGroup, fOutcome, fFlavour, fChanging, fMerge].forEach(function (x) { x.addEventListener("change", apply); });
  fText.addEventListener("input", apply);
  fCompact.addEventListener("change", compact);
  fCompact.checked = ENV_IDS.length > 24;
  compact();
  apply();
  fromHash();
  document.body.setAttribute("data-ready-ms", String(Math.round(performance.now())));   // since navigation start
  document.body.setAttribute("data-ready", "1");
})();
