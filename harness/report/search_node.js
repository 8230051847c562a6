// The page's own pure modules (page/reader.js, page/search_rank.js, page/link.js,
// page/upgrade.js) run by node for Python (harness/report/search_eval.py, tests): one JSON
// request on stdin, one JSON answer on stdout.
//   {"op": "read", "texts": [...]}                 -> [readPasted(text) without frames, ...]
//   {"op": "search", "data": {...}, "texts": [...]} -> [answer(search(text)), ...]
//   {"op": "time", "texts": [...]}                  -> [milliseconds readPasted + search took, ...]
//   {"op": "signature", "errors": [[type, message], ...]} -> [KNormalise.signature(type, message), ...]
//   {"op": "links", "hashes": [...], "known": {...}} -> [{parsed: KLink.parse(h), checked: KLink.check(parsed,
//                                                       known), format: KLink.format(checked)}, ...]
//   {"op": "format", "states": [...]}               -> [KLink.format(state), ...]
//   {"op": "encode", "texts": [...], "plain": bool}  -> [KLink.encodeText(text), ...] (plain: as in a
//                                                       browser without CompressionStream)
//   {"op": "decode", "tokens": [...], "plain": bool} -> [KLink.decodeText(token) or null, ...]
//   {"op": "upgrade", "data": {...}, "pairs": [[from, to], ...]} -> [KUpgrade.compare, entries as case ids]
"use strict";
var path = require("path");
var KReader = require(path.join(__dirname, "page", "reader.js"));
global.KReader = KReader;
var KSearch = require(path.join(__dirname, "page", "search_rank.js"));
var KNormalise = require(path.join(__dirname, "page", "normalise.js"));
var KLink = require(path.join(__dirname, "page", "link.js"));
var KUpgrade = require(path.join(__dirname, "page", "upgrade.js"));

function reading(r) {
  return { type: r.type, message: r.message, wrappers: r.wrappers, keras_history: r.keras_history,
           unopened: r.unopened, chain: r.chain.map(function (c) {
             return { type: c.type, message: c.message, wrappers: c.wrappers };
           }) };
}
function answer(result) {
  return { kind: result.kind, read: reading(result.q), hits: result.hits.slice(0, 5).map(function (h) {
    return { case: h.caseId, same: h.same, score: h.score, link: h.link, envs: h.envs.length, way: h.way, about: h.about };
  }), claimed: result.claimed };
}

var input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", function (chunk) { input += chunk; });
process.stdin.on("end", function () {
  var req = JSON.parse(input), out;
  if (req.op === "read") {
    out = req.texts.map(function (t) { return reading(KReader.readPasted(t)); });
  } else if (req.op === "search") {
    var index = KSearch.index(req.data);
    out = req.texts.map(function (t) { return answer(KSearch.search(index, t, [])); });
  } else if (req.op === "signature") {
    out = req.errors.map(function (e) { return KNormalise.signature(e[0], e[1]); });
  } else if (req.op === "time") {
    var idx = req.data ? KSearch.index(req.data) : null;
    out = req.texts.map(function (t) {
      var t0 = process.hrtime.bigint();
      KReader.readPasted(t);
      if (idx) KSearch.search(idx, t, []);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    });
  } else if (req.op === "links") {
    out = req.hashes.map(function (h) {
      var parsed = KLink.parse(h), checked = KLink.check(parsed, req.known);
      return { parsed: parsed, checked: checked, format: KLink.format(checked) };
    });
  } else if (req.op === "format") {
    out = req.states.map(KLink.format);
  } else if (req.op === "encode" || req.op === "decode") {
    var streams = { c: global.CompressionStream, d: global.DecompressionStream };
    if (req.plain) { delete global.CompressionStream; delete global.DecompressionStream; }
    out = Promise.all((req.texts || req.tokens).map(req.op === "encode" ? KLink.encodeText : KLink.decodeText));
    out.then(function () { global.CompressionStream = streams.c; global.DecompressionStream = streams.d; });
  } else if (req.op === "upgrade") {
    out = req.pairs.map(function (p) {
      var r = KUpgrade.compare(req.data, p[0], p[1], KNormalise.signature), ids = {};
      KUpgrade.GROUPS.forEach(function (g) { ids[g] = r[g].map(function (e) { return e.case; }); });
      ids.fixes = {};
      r.breaks.forEach(function (e) { ids.fixes[e.case] = e.fixes; });
      ids.same = r.same; ids.unknown = r.unknown;
      return ids;
    });
  } else {
    throw new Error("unknown op " + req.op);
  }
  Promise.resolve(out).then(function (answer) { process.stdout.write(JSON.stringify(answer)); });
});
