// Shared by every view: the page's data (the JSON island, unpacked), outcome and
// environment lookups, and DOM helpers. Text from runs is only ever set with textContent.
var data = JSON.parse(document.getElementById("kmatrix-data").textContent);
(function unpack() {          // harness/report/payload.py pack(): texts stored once, timelines in cell order
  var keys = data.contract.shared, texts = data.texts || [];   // harness/contract.py shared_keys()
  var byCell = Array.isArray(data.timelines) ? data.timelines : null, timelines = byCell ? {} : data.timelines;
  data.cells.forEach(function (c, i) {
    for (var k = 0; k < keys.length; k++) if (typeof c[keys[k]] === "number") c[keys[k]] = texts[c[keys[k]]];
    if (byCell && byCell[i]) timelines[c.case + "|" + c.env] = byCell[i];
  });
  data.timelines = timelines || {};
  var sl = data.saveload, slKeys = data.contract.saveload_shared;
  if (sl) sl.cells.forEach(function (c) {     // the saved-in / loaded-in cells share the texts
    for (var k = 0; k < slKeys.length; k++) if (typeof c[slKeys[k]] === "number") c[slKeys[k]] = texts[c[slKeys[k]]];
  });
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
function envLabel(id) { return (data.envs[id] || {}).label || id; }   // harness/axes.py label_of
function envChip(id, caseId, cls) {
  var chip = button(id, "env-chip" + (cls ? " " + cls : ""), function () {
    if (caseId) showCell(caseId, id); else pickEnv([id], true);
  });
  chip.title = envLabel(id) + (caseId ? "\nclick: this cell's record and code" : "");
  chip.setAttribute("data-env", id);
  return chip;
}

