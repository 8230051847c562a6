// What a `pip freeze` says about an environment: TensorFlow (which distribution, which
// version), Keras and tf-keras, and so the Keras flavour users get; and which of the table's
// environments is nearest to it (the picker, the upgrade view). Pure (no DOM): the page
// inlines it, tests load it in node. Python is not in pip freeze.
var KFreeze = (function () {
"use strict";
// The axes as harness/axes.py as_data() declares them (name, picker, distance, freeze rules):
// set by configure() from the page's data (data.contract.axes), or by a test in node.
var C = { axes: [], release_axis: "", tf_packages: [], freeze_aliases: {} };
function configure(axes) { C = axes; }
function versionTuple(text) {
  return String(text || "").split(/-dev|\.dev|rc/)[0].split(".").slice(0, 3).map(function (n) { return parseInt(n, 10) || 0; });
}
function shortVersion(text) {       // '2.15.1' -> '2.15' (harness/axes.py short_version)
  var n = String(text || "").split(/-dev|\.dev|rc/)[0].match(/\d+/g) || [];
  return n.slice(0, 2).map(function (x) { return String(parseInt(x, 10)); }).join(".") || "?";
}
function tfRank(short) {            // for distances: releases by version, then no TF, then nightly
  if (short === "nightly") return 1e6;
  if (short === "no TF" || !short) return 2e6;
  var v = versionTuple(short);
  return v[0] * 100 + (v[1] || 0);
}
var NIGHTLY = [1e6];                // nightly builds are newer than every release (harness/axes.py NIGHTLY)
function satisfies(v, spec) {       // does version tuple v satisfy '>=2.16,<3' (harness/axes.py version_in)?
  if (!v || !v.length) return false;
  return String(spec).split(",").every(function (piece) {
    var m = /^\s*(==|!=|>=|<=|>|<)\s*(\d+(?:\.\d+)*)\s*$/.exec(piece);
    if (!m) return false;
    var b = m[2].split(".").map(Number), c = 0;
    for (var i = 0; i < b.length && !c; i++) { var x = v[i] || 0; if (x !== b[i]) c = x < b[i] ? -1 : 1; }
    return { "==": c === 0, "!=": c !== 0, ">=": c >= 0, "<=": c <= 0, ">": c > 0, "<": c < 0 }[m[1]];
  });
}
// What a pip freeze says (harness/axes.py read_freeze, the same rules): the TensorFlow distribution
// and version, the versions of the distributions the rules name, and each axis's value.
function readFreeze(text) {
  var pk = {};
  String(text || "").split(/\r?\n/).forEach(function (line) {
    var m = /^\s*([A-Za-z0-9][A-Za-z0-9_.\-]*)\s*(?:===?|@)\s*([^\s;#,]+)/.exec(line);
    if (m) pk[m[1].toLowerCase().replace(/[-_.]+/g, "-")] = m[2];
  });
  var tfName = C.tf_packages.filter(function (n) { return pk[n]; })[0] || null;
  var tf = tfName ? pk[tfName] : null, found = {};
  Object.keys(C.freeze_aliases).forEach(function (name) {
    found[name] = C.freeze_aliases[name].map(function (a) { return pk[a]; }).filter(Boolean)[0] || null;
  });
  var nightly = !!tf && (/nightly/.test(tfName) || /dev/.test(tf)), tfKey = !tf ? null : nightly ? NIGHTLY : versionTuple(tf);
  function holds(when) {
    return Object.keys(when).every(function (key) {
      var spec = when[key];
      if (key === C.release_axis) return spec === null ? tfKey === null : tfKey !== null && satisfies(tfKey, spec);
      if (key === "installed") return !!found[spec];
      return !!found[key] && satisfies(versionTuple(found[key]), spec);   // a distribution's version
    });
  }
  var values = {};
  C.axes.forEach(function (a) {
    if (!a.freeze.length) return;
    values[a.name] = null;
    for (var i = 0; i < a.freeze.length; i++) if (holds(a.freeze[i][0])) { values[a.name] = a.freeze[i][1]; break; }
  });
  values[C.release_axis] = !tf ? "no TF" : nightly ? "nightly" : shortVersion(tf);
  return { found: !!(tf || found.keras), tfVersion: tf, tfName: tfName, packages: found, axes: values };
}

// What to look for, from a reading: each axis the freeze says, as the pickers offer it (`offered`:
// axis -> values; TF: the nearest release offered, others: only a value offered), the rest as read;
// and the Keras version (of the distribution the flavour names, else keras) as a tie-breaker.
function wantOf(r, offered) {
  var want = {};
  C.axes.forEach(function (a) {
    if (!(a.name in r.axes)) return;          // pip freeze cannot say it (Python)
    var v = r.axes[a.name], values = offered[a.name];
    if (values && a.distance && a.distance[0] === "release" && values.indexOf(v) < 0) {
      var bestD = Infinity, near = "";
      values.forEach(function (x) { var d = Math.abs(tfRank(x) - tfRank(v)); if (x && d < bestD) { bestD = d; near = x; } });
      v = near;
    } else if (values) v = values.indexOf(v) >= 0 ? v : "";
    want[a.name] = v;
    var dist = (a.version_of || {})[v];
    if (dist && r.packages[dist]) want.keras = r.packages[dist];
  });
  if (want.keras === undefined) want.keras = r.packages.keras;
  return want;
}
function norm(v, axis) { v = v === undefined || v === null || v === "" ? axis.default : v; return Array.isArray(v) ? v.join("+") : (v || ""); }
// How far an environment (the page's data.envs[id]) is from `want` ({axis: value, keras}, empty = any),
// by each axis's declared distance (harness/axes.py), then the nearest Keras version.
function distance(env, want) {
  var d = 0;
  C.axes.forEach(function (a) {
    var how = a.distance, w = want[a.name];
    if (!how) return;
    var v = a.picker ? (env.pick || {})[a.name] : (env.axes || {})[a.name];
    if (how[0] === "exact") { if (w && v !== w) d += how[1]; }
    else if (how[0] === "release") {
      if (w) { var x = tfRank(w), y = tfRank(v); d += x === y ? 0 : (x >= 1e6 || y >= 1e6 ? 40 : Math.min(Math.abs(x - y), 40)) * how[1]; }
    } else if (how[0] === "minor") { if (w && v !== w) d += Math.abs(versionTuple(v)[1] - versionTuple(w)[1]) * how[1]; }
    else if (how[0] === "default") { if (norm(v, a) !== norm(w, a)) d += how[1]; }
  });
  if (want.keras && env.keras_version) {
    var k1 = versionTuple(want.keras), k2 = versionTuple(env.keras_version);
    d += Math.min(Math.abs((k1[0] * 100 + k1[1]) - (k2[0] * 100 + k2[1])), 50) * 0.01;
  }
  return d;
}
function nearest(envs, ids, want) {   // the ids equally nearest, in column order
  var best = Infinity, found = [];
  ids.forEach(function (id) {
    var d = distance(envs[id], want);
    if (d < best - 1e-9) { best = d; found = [id]; } else if (Math.abs(d - best) < 1e-9) found.push(id);
  });
  return found;
}
return { configure: configure, read: readFreeze, versionTuple: versionTuple, tfRank: tfRank, wantOf: wantOf,
         distance: distance, nearest: nearest };
})();
if (typeof module === "object" && module.exports) module.exports = KFreeze;
