// What a `pip freeze` says about an environment: TensorFlow (which distribution, which
// version), Keras and tf-keras, and so the Keras flavour users get; and which of the table's
// environments is nearest to it (the picker, the upgrade view). Pure (no DOM): the page
// inlines it, tests load it in node. Python is not in pip freeze.
var KFreeze = (function () {
"use strict";
function versionTuple(text) {
  return String(text || "").split(/-dev|\.dev|rc/)[0].split(".").slice(0, 3).map(function (n) { return parseInt(n, 10) || 0; });
}
function tfRank(short) {            // for distances: releases by version, then no TF, then nightly
  if (short === "nightly") return 1e6;
  if (short === "no TF" || !short) return 2e6;
  var v = versionTuple(short);
  return v[0] * 100 + (v[1] || 0);
}
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

// What to look for, from a reading: the TF version as a column offers it (else the nearest by
// number), the flavour where a column has it, the Keras version, backend and extras as tie-breakers.
function wantOf(r, tfs, flavours) {
  var tf = tfs.indexOf(r.tfShort) >= 0 ? r.tfShort : "", bestD = Infinity;
  if (!tf) tfs.forEach(function (v) {
    var d = Math.abs(tfRank(v) - tfRank(r.tfShort));
    if (v && d < bestD) { bestD = d; tf = v; }
  });
  return { tf: tf, flavour: flavours.indexOf(r.flavour) >= 0 ? r.flavour : "", python: "",
           keras: r.flavour === "tf_keras" ? r.tfKeras : r.keras, also: r.also, backend: r.backend };
}
// How far an environment (the page's data.envs[id]) is from `want` ({tf, flavour, python, keras,
// also, backend}, empty = any): the flavour first, then TF by version, then Python; the rest only
// breaks ties (the CPU row, the default backend, no extra package, the nearest Keras version).
function distance(env, want) {
  var ax = env.axes || {}, d = 0;
  if (want.flavour && ax.flavour !== want.flavour) d += 1000;
  if (want.tf) {
    var a = tfRank(want.tf), b = tfRank(env.tf_short);
    d += a === b ? 0 : (a >= 1e6 || b >= 1e6 ? 400 : Math.min(Math.abs(a - b), 40) * 10);
  }
  if (want.python && ax.python !== want.python) d += Math.abs(versionTuple(ax.python)[1] - versionTuple(want.python)[1]);
  if (ax.device === "cuda") d += 0.5;
  if ((ax.backend || "tensorflow") !== (want.backend || "tensorflow") && want.tf !== "no TF") d += 0.3;
  if ((ax.also || []).join("+") !== (want.also || "")) d += 0.2;
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
return { read: readFreeze, versionTuple: versionTuple, tfRank: tfRank, wantOf: wantOf, distance: distance,
         nearest: nearest };
})();
if (typeof module === "object" && module.exports) module.exports = KFreeze;
