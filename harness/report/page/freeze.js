// What a `pip freeze` says about an environment: TensorFlow (which distribution, which
// version), Keras and tf-keras, and so the Keras flavour users get. Pure (no DOM): the page
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
return { read: readFreeze, versionTuple: versionTuple, tfRank: tfRank };
})();
if (typeof module === "object" && module.exports) module.exports = KFreeze;
