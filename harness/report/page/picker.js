// ------------------------------------------------------- pick your environment ----
// One select per axis the contract offers (harness/axes.py picker: data.contract.pickers, in order).
KFreeze.configure(data.contract.axes);
var PICK_AXES = data.contract.axes.axes.filter(function (a) { return a.picker; }).map(function (a) { return a.name; });
var PICKS = {};
PICK_AXES.forEach(function (name) { PICKS[name] = $("pick-" + name); });
var picked = [], wantMore = {};          // what a pip freeze said besides the selects (backend, Keras version...)
var versionTuple = KFreeze.versionTuple, readFreeze = KFreeze.read;
function options(select, values) {
  add(select, el("option", null, "any")).value = "";
  values.forEach(function (v) { add(select, el("option", null, v[1])).value = v[0]; });
}
PICK_AXES.forEach(function (name) { options(PICKS[name], data.contract.pickers[name] || []); });
function pickValues() {
  var out = {};
  PICK_AXES.forEach(function (name) { out[name] = PICKS[name].value; });
  return out;
}
function wanted() {
  var want = pickValues();
  Object.keys(wantMore).forEach(function (k) { if (!(k in want)) want[k] = wantMore[k]; });
  return want;
}
function distance(id) { return KFreeze.distance(data.envs[id], wanted()); }
function nearest() { return KFreeze.nearest(data.envs, ENV_IDS, wanted()); }
function offered() {
  var out = {};
  PICK_AXES.forEach(function (name) { out[name] = optionValues(PICKS[name]); });
  return out;
}
function optionValues(select) {
  return Array.prototype.map.call(select.options, function (o) { return o.value; }).filter(Boolean);
}
function highlight(ids) {
  envHeads.forEach(function (th, k) {
    var on = ids.indexOf(ENV_IDS[k]) >= 0;
    if (th.classList.contains("pick") !== on) setColumnClass(k, "pick", on);
  });
  var first = ids.length ? envHeads[ENV_INDEX[ids[0]]] : null;
  if (first) {
    if (first.classList.contains("gone") || first.classList.contains("hidden")) {   // make it visible
      fMerge.checked = false; fAxis.value = ""; apply();
    }
    var corner = table.querySelector("thead th.corner");
    wrap.scrollLeft = Math.max(0, first.offsetLeft - (corner ? corner.offsetWidth : 0) - 80);
  }
}
function syncSelects(id) {
  var pick = (data.envs[id] || {}).pick || {};
  PICK_AXES.forEach(function (name) { PICKS[name].value = pick[name] || ""; });
}
function pickEnv(ids, fromUser) {
  picked = ids.slice();
  highlight(picked);
  renderEnv();
  if (fromUser !== "hash") writeHash();
  if ($("err-text").value.trim()) renderSearch();
  if (picked.length) saveloadPicked(picked[0]);   // saved with it / running it, in the grid below
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
  add(tools, button("show only this environment's " + FILTER_WORDS + " in the table", "linkish", function () {
    fAxis.value = (env.short || {})[FILTER_AXIS] || ""; apply(); highlight(picked);
  }));
}
function onSelect() {
  wantMore = {};
  $("freeze-read").textContent = "";
  if (!PICK_AXES.some(function (name) { return PICKS[name].value; })) {
    pickEnv([], true);
    return;
  }
  pickEnv(nearest(), true);
}
PICK_AXES.forEach(function (name) { PICKS[name].addEventListener("change", onSelect); });

$("pick-freeze-apply").addEventListener("click", function () {
  var r = readFreeze($("pick-freeze").value), note = $("freeze-read");
  if (!r.found) { note.textContent = "No tensorflow, tf-nightly or keras line found."; return; }
  var want = KFreeze.wantOf(r, offered()), kept = [];
  wantMore = {};
  Object.keys(want).forEach(function (k) { if (PICKS[k]) PICKS[k].value = want[k]; else wantMore[k] = want[k]; });
  PICK_AXES.forEach(function (name) {   // what pip freeze cannot say is kept as chosen
    if (!(name in want)) kept.push(PICKS[name].value ? "kept " + PICKS[name].selectedOptions[0].textContent : "any " + name);
  });
  note.textContent = "Read: " + freezeWords(r) + (kept.length ? "; not in pip freeze: " + kept.join(", ") : "") + ".";
  pickEnv(nearest(), true);
});

function freezeWords(r) {     // what was read from a pip freeze, in words
  var dists = Object.keys(r.packages).filter(function (k) { return r.packages[k]; });
  var said = data.contract.axes.axes.filter(function (a) { return a.freeze.length && r.axes[a.name]; });
  return [r.tfVersion ? r.tfName + " " + r.tfVersion : "no TensorFlow"].concat(dists.map(function (k) { return k + " " + r.packages[k]; }))
    .join(", ") + " \u2192 " + said.map(function (a) { return r.axes[a.name]; }).join(" ");
}
function pickFromLink(id) {  // a link names the environment: the selects show it, no pip freeze behind it
  if (picked.length && picked[0] === id) return;
  wantMore = {};
  syncSelects(id);
  pickEnv([id], "hash");
}

