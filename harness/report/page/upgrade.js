// Upgrading from one environment to another: the cases whose cell differs, grouped by what it
// means to someone who upgrades. Pure (no DOM): the page inlines it, tests load it in node.
var KUpgrade = (function () {
"use strict";
// the failures a user meets in their own code (harness/outcomes.py: judgeable, not ok or crash)
var FAILS = { error: 1, keras_history_error: 1, grad_dropped: 1, silent_failure: 1 };
var GROUPS = ["breaks", "fixed", "changed", "verdict", "other"];

function scenarioOf(data, id) { var k = data.cases[id] || {}; return k.scenario || id.split("::")[0]; }
function fails(cell) { return !!FAILS[cell.o]; }

// The same error? The same outcome and type, and the same normalised message where there is one
// (signature: KNormalise.signature; names, shapes and addresses do not make another error).
function sameError(a, b, signature) {
  if (a.o !== b.o || (a.et || "") !== (b.et || "")) return false;
  if (!a.em && !b.em) return true;
  function key(c) {
    return signature ? signature(c.et, c.em).key : String(c.em || "").replace(/\s+/g, " ").trim();
  }
  return key(a) === key(b);
}

// data: the page's data (cases, cells: {case, env, o, et, em, verdict, ...}); from, to: environment ids.
// Returns {from, to, breaks, fixed, changed, verdict, other: [entry], same: n, unknown: n} with
// entry = {case, from: cell, to: cell} (breaks: + fixes, the scenario's fix / corrected variants
// that are ok in `to`). A case is in one of breaks / fixed / changed / other, and also in verdict
// when its claim's verdict differs; a cell missing or not run on either side is not compared.
function compare(data, from, to, signature) {
  var at = {};                     // case -> [cell in from, cell in to]
  (data.cells || []).forEach(function (c) {
    var side = c.env === from ? 0 : c.env === to ? 1 : -1;
    if (side >= 0) (at[c.case] || (at[c.case] = [null, null]))[side] = c;
  });
  var out = { from: from, to: to, same: 0, unknown: 0 };
  GROUPS.forEach(function (g) { out[g] = []; });
  var ids = Object.keys(data.cases || {});
  ids.forEach(function (id) {
    var pair = at[id] || [null, null], a = pair[0], b = pair[1];
    if (!a || !b || a.o === "not_run" || b.o === "not_run") { out.unknown++; return; }
    var entry = { case: id, from: a, to: b }, group = null;
    if (a.o === "ok" && fails(b)) group = "breaks";
    else if (fails(a) && b.o === "ok") group = "fixed";
    else if (fails(a) && fails(b)) group = sameError(a, b, signature) ? null : "changed";
    else if (a.o !== b.o) group = "other";
    if (group === "breaks") {
      entry.fixes = ids.filter(function (other) {
        var k = data.cases[other] || {}, cell = (at[other] || [])[1];
        return other !== id && (k.role === "fix" || k.role === "corrected") && scenarioOf(data, other) === scenarioOf(data, id) &&
          !!cell && cell.o === "ok";
      });
    }
    if (group) out[group].push(entry);
    var verdictChanged = (a.verdict || null) !== (b.verdict || null);
    if (verdictChanged) out.verdict.push(entry);
    if (!group && !verdictChanged) out.same++;
  });
  return out;
}

return { compare: compare, sameError: sameError, GROUPS: GROUPS, FAILS: FAILS };
})();
if (typeof module === "object" && module.exports) module.exports = KUpgrade;
