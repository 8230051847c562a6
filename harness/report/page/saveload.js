// ------------------------------------------------------- saved in / loaded in ----
// Per reader variant, a grid: one row per environment that wrote the artifact, one column
// per environment that read it, the same colours and labels as the table. "I saved with X"
// marks X's row and lists where its file loads; "I run Y" marks Y's column and lists which
// writers' files load there. A cell's panel shows the writer's and the reader's code and
// both reproduce commands (harness/report/saveload.py, docs/saveload.md).
var SL = data.saveload || { readers: {}, cells: [] };
var SL_IDS = Object.keys(SL.readers);
var slCellOf = {};                                           // reader -> "writer|reader env" -> cell
SL.cells.forEach(function (c) { (slCellOf[c.r] || (slCellOf[c.r] = {}))[c.w + "|" + c.e] = c; });
var slReader = $("sl-reader"), slSaved = $("sl-saved"), slRun = $("sl-run"), slGrid = $("sl-grid");

function slCell(readerId, writer, env) { return (slCellOf[readerId] || {})[writer + "|" + env] || null; }
function slLoads(o) { return o === "ok"; }
function slDiff(cell) { return cell && cell.diff !== undefined ? "max abs diff " + cell.diff : ""; }
function slWriterCell(readerId, writer) { return cellAt((SL.readers[readerId] || {}).reads, writer); }

function slFill() {
  if (!slReader) return;
  var groups = {};
  SL_IDS.forEach(function (id) {
    var r = SL.readers[id], key = r.scenario;
    if (!groups[key]) { groups[key] = add(slReader, el("optgroup")); groups[key].label = r.scenario; }
    var opt = add(groups[key], el("option", null, r.variant + " \u2014 " + short(r.title, 70)));
    opt.value = id;
  });
  [slSaved, slRun].forEach(function (select) {
    add(select, el("option", null, "any")).value = "";
    ENV_IDS.forEach(function (id) { add(select, el("option", null, id)).value = id; });
  });
  slReader.addEventListener("change", function () { slRender(); slAnswer(); });
  slSaved.addEventListener("change", function () { slRender(); slAnswer(); });
  slRun.addEventListener("change", function () { slRender(); slAnswer(); });
  slGrid.addEventListener("click", function (ev) {
    var td = ev.target.closest("td.cell");
    if (td) showSaveLoad(slReader.value, td.getAttribute("data-w"), td.getAttribute("data-e"), td);
  });
  var summary = $("sl-summary");
  if (summary) summary.addEventListener("click", function (ev) {
    var tr = ev.target.closest("tr[data-reader]");
    if (!tr) return;
    slReader.value = tr.getAttribute("data-reader"); slRender(); slAnswer();
    $("sl-gridwrap").scrollIntoView();
  });
  slRender();
}

function slHeadCell(id) {
  var env = data.envs[id] || {};
  var th = el("th", "sl-env");
  th.setAttribute("data-env", id);
  th.title = id;
  add(th, el("span", "ln fl", env.tf_short || "?"));
  (env.header || []).forEach(function (line) {      // as the table's header (harness/axes.py header_lines)
    add(th, el("span", "ln", line.map(function (part) { return part[1]; }).join(" ")));
  });
  if (id === slRun.value) th.classList.add("sl-pick");
  return th;
}

function slRender() {
  slGrid.textContent = "";
  var id = slReader.value, reader = SL.readers[id];
  var claim = $("sl-claim");
  claim.textContent = "";
  if (!reader) { add(claim, el("p", "note", "No reader variant has results yet.")); return; }
  add(claim, el("p", null, reader.title + " \u2014 reads what " + reader.reads + " saved."));
  if (reader.claim) {
    var counts = { "in": {}, out: {} };
    SL.cells.forEach(function (c) {
      if (c.r === id && c.verdict) { var s = counts[c.scope || "in"]; s[c.verdict] = (s[c.verdict] || 0) + 1; }
    });
    var words = function (s) { return ["holds", "refuted", "inconclusive"].map(function (v) { return v + " " + (s[v] || 0); }).join(", "); };
    add(claim, el("p", "sl-claimtext", "Claim: \u201c" + reader.claim + "\u201d" + (reader.versions ? " (" + reader.versions + ")" : "") +
      (reader.scope ? " \u2014 scope " + JSON.stringify(reader.scope) : "") + ": where it says it holds: " + words(counts["in"]) +
      "; elsewhere: " + words(counts.out) + "."));
  }
  // columns: the environments that read this writer's files (the others have not run it yet)
  var envs = ENV_IDS.filter(function (env) {
    return reader.writers.some(function (w) { var c = slCell(id, w, env); return c && c.o !== "not_run"; }) || env === slRun.value;
  });
  var idle = ENV_IDS.length - envs.length;
  if (idle) add(claim, el("p", "note", idle + " environment(s) have not read these files yet and are not shown."));
  var head = add(slGrid, el("thead")), tr = add(head, el("tr"));
  add(tr, el("th", "corner", "saved in \u2193 / loaded in \u2192"));
  envs.forEach(function (env) { add(tr, slHeadCell(env)); });
  var body = add(slGrid, el("tbody"));
  reader.writers.forEach(function (writer) {
    var row = add(body, el("tr"));
    row.setAttribute("data-writer", writer);
    if (writer === slSaved.value) row.classList.add("sl-pick");
    var th = add(row, el("th", "writer"));
    add(th, el("span", null, writer + " "));
    var wc = slWriterCell(id, writer);
    if (wc) { var b = add(th, badge(wc.o, "the writer here: " + (errorText(wc) || wc.o))); b.classList.add("mini"); }
    envs.forEach(function (env) {
      var cell = slCell(id, writer, env), o = cell ? cell.o : "not_run";
      var td = add(row, el("td", "cell o-" + o, (OUT[o] || {}).label || o));
      td.setAttribute("data-w", writer); td.setAttribute("data-e", env); td.setAttribute("data-o", o);
      td.tabIndex = 0;
      td.title = writer + " \u2192 " + env + "\n" + o + (cell && errorText(cell) ? "\n" + short(errorText(cell), 200) : "") +
        (cell && cell.diff !== undefined ? "\n" + slDiff(cell) : "");
      if (env === slRun.value) td.classList.add("sl-pick");
    });
  });
}

// "I saved with X: where can I load it?" and "I run Y: which files load here?", over every reader.
function slAnswer() {
  var out = $("sl-answer");
  out.textContent = "";
  var saved = slSaved.value, run = slRun.value;
  function list(title, rows) {
    var det = add(out, el("details", "envlist"));
    det.open = true;
    add(det, el("summary", null, title));
    var ul = add(det, el("ul"));
    rows.forEach(function (r) {
      var li = add(ul, el("li"));
      li.setAttribute("data-reader", r.id);
      add(li, el("span", "sl-count", r.good + "/" + r.total));
      add(li, button(r.id, "case-link", function () { slReader.value = r.id; slRender(); }));
      if (r.note) add(li, el("div", "err", r.note));
    });
  }
  if (saved) {
    list("Saved with " + saved + ": loads (same predictions) in how many environments", SL_IDS.map(function (id) {
      var good = 0, total = 0, where = [];
      ENV_IDS.forEach(function (env) {
        var c = slCell(id, saved, env); if (!c || c.o === "not_run") return;
        total++; if (slLoads(c.o)) good++; else where.push(env);
      });
      var wc = slWriterCell(id, saved);
      return { id: id, good: good, total: total, note: !total && wc ? "the writer here: " + wc.o + (errorText(wc) ? ": " + short(errorText(wc), 120) : "") :
        where.length ? "not in: " + short(where.join(", "), 300) : "" };
    }));
  }
  if (run) {
    list("Running " + run + ": files from how many writer environments load here", SL_IDS.map(function (id) {
      var good = 0, total = 0, bad = [];
      (SL.readers[id].writers || []).forEach(function (w) {
        var c = slCell(id, w, run); if (!c || c.o === "not_run") return;
        total++; if (slLoads(c.o)) good++; else bad.push(w);
      });
      return { id: id, good: good, total: total, note: bad.length ? "not from: " + short(bad.join(", "), 300) : "" };
    }));
  }
}

function showSaveLoad(readerId, writer, env, td) {
  var reader = SL.readers[readerId] || {}, cell = slCell(readerId, writer, env) || { o: "not_run" };
  var writerCase = reader.reads, wenv = data.envs[writer] || {}, renv = data.envs[env] || {};
  if (td) { select(td); }
  var body = openPanel(readerId + "@" + writer + " in " + env);
  panel.classList.add("wide");
  var head = add(body, el("p", "cellhead"));
  add(head, badge(cell.o));
  add(head, el("span", null, " " + (OUT[cell.o] || {}).description));
  var list = dl(body);
  item(list, "Saved in", writer + " \u2014 " + (wenv.summary || ""));
  item(list, "Loaded in", env + " \u2014 " + (renv.summary || ""));
  item(list, "Reader", (reader.title || "") + " (" + readerId + ")");
  var wc = slWriterCell(readerId, writer);
  if (wc) item(list, "The writer there", wc.o + (errorText(wc) ? ": " + errorText(wc) : ""));
  recordLines(list, cell, "record");     // the record, as the cell panel shows it (panel.js)
  item(list, "Predictions", cell.diff !== undefined ? slDiff(cell) + " (the reader's outputs against the writer's, same fixed input)" : "");
  item(list, "Artifact", cell.art ? "sha256 " + cell.art : "");
  if (reader.claim) {
    item(list, "Claim", (cell.verdict || "not judged") + (cell.scope === "out" ? " (outside its scope)" : "") + ": \u201c" +
      reader.claim + "\u201d" + (cell.why ? " \u2192 " + cell.why : ""));
  }
  recordLines(list, cell, "run");
  add(body, el("h4", null, "Reproduce"));
  var saveCmd = "nox -s " + writer + " -- " + quote((data.cases[writerCase] || {}).file + "::" + variantOf(writerCase));
  var readCmd = "nox -s " + env + " -- " + quote((reader.file || "cases/" + reader.scenario + ".py") + "::" + reader.variant + "@" + writer);
  var box = add(body, el("div", "sl-cmds"));
  codeBlock(box, saveCmd, "1. save, in the writer's environment", "cmd sl-writer-cmd");
  codeBlock(box, readCmd, "2. load, in the reader's environment (once the first has run)", "cmd sl-reader-cmd");
  codeBlock(box, "python -m harness.casefile export " + quote(writerCase) + " --row " + writer + " -o writer.py && python writer.py saved/\n" +
    "python -m harness.casefile export " + quote(readerId) + " --row " + env + " -o reader.py && python reader.py saved/",
    "or as two plain scripts (each with its environment's python)", "cmd sl-plain-cmd");
  var codes = add(body, el("div", "sl-codes"));
  var wkase = data.cases[writerCase] || {};
  var wscript = wkase.doc && wkase.body ? wkase.doc + (wenv.imports || "") + data.ctx + wkase.body : null;
  var rscript = reader.doc && reader.body ? reader.doc + (renv.imports || "") + data.ctx + reader.body : null;
  var left = add(codes, el("div", "sl-code sl-writer-code")), right = add(codes, el("div", "sl-code sl-reader-code"));
  add(left, el("h4", null, "The writer's code (" + writer + ")"));
  if (wscript) codeBlock(left, wscript, scenarioOf(writerCase) + "__" + variantOf(writerCase) + ".py", "script");
  add(right, el("h4", null, "The reader's code (" + env + ")"));
  if (rscript) codeBlock(right, rscript, reader.scenario + "__" + reader.variant + ".py", "script");
  var more = dl(body);
  recordLines(more, cell, "more");
  writeHash();     // this panel has no link: the address bar drops the one it replaced
}

// The environment picker answers both questions here too.
function saveloadPicked(id) {
  if (!slReader || !data.envs[id]) return;
  slSaved.value = id; slRun.value = id;
  slRender(); slAnswer();
}
