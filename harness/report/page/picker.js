// ------------------------------------------------------- pick your environment ----
var pickTf = $("pick-tf"), pickFlavour = $("pick-flavour"), pickPython = $("pick-python");
var picked = [], wantKeras = null, wantAlso = null, wantBackend = null;
var FLAVOUR_WORDS = { "tf.keras": "tf.keras (Keras 2 in TensorFlow)", "keras-standalone": "keras 2.x package (import keras)",
                      "tf_keras": "tf_keras (legacy Keras 2, TF \u2265 2.16)", "keras3": "Keras 3" };
var versionTuple = KFreeze.versionTuple, readFreeze = KFreeze.read;
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

function wanted() {
  return { tf: pickTf.value, flavour: pickFlavour.value, python: pickPython.value, keras: wantKeras, also: wantAlso,
           backend: wantBackend };
}
function distance(id) { return KFreeze.distance(data.envs[id], wanted()); }
function nearest() { return KFreeze.nearest(data.envs, ENV_IDS, wanted()); }
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
  add(tools, button("show only this environment's Keras flavour in the table", "linkish", function () {
    fFlavour.value = (env.axes || {}).flavour || ""; apply(); highlight(picked);
  }));
}
function onSelect() {
  wantKeras = wantAlso = wantBackend = null;
  $("freeze-read").textContent = "";
  if (!pickTf.value && !pickFlavour.value && !pickPython.value) {
    pickEnv([], true);
    return;
  }
  pickEnv(nearest(), true);
}
[pickTf, pickFlavour, pickPython].forEach(function (s) { s.addEventListener("change", onSelect); });

$("pick-freeze-apply").addEventListener("click", function () {
  var r = readFreeze($("pick-freeze").value), note = $("freeze-read");
  if (!r.found) { note.textContent = "No tensorflow, tf-nightly or keras line found."; return; }
  var want = KFreeze.wantOf(r, optionValues(pickTf), optionValues(pickFlavour));
  pickTf.value = want.tf;
  pickFlavour.value = want.flavour;
  wantKeras = want.keras; wantAlso = want.also; wantBackend = want.backend;
  note.textContent = "Read: " + freezeWords(r) + "; Python is not in pip freeze: " +
    (pickPython.value ? "kept Python " + pickPython.value : "any") + ".";
  pickEnv(nearest(), true);
});

function freezeWords(r) {     // what was read from a pip freeze, in words
  return [r.tf ? r.tfName + " " + r.tf : "no TensorFlow", r.keras ? "keras " + r.keras : "",
    r.tfKeras ? "tf-keras " + r.tfKeras : ""].filter(Boolean).join(", ") + " \u2192 " + r.flavour +
    (r.backend ? " on " + r.backend : "") + (r.also ? " (+tf_keras installed)" : "");
}
function pickFromLink(id) {  // a link names the environment: the selects show it, no pip freeze behind it
  if (picked.length && picked[0] === id) return;
  wantKeras = wantAlso = wantBackend = null;
  syncSelects(id);
  pickEnv([id], "hash");
}

