// The page's own reader and ranking (page/reader.js, page/search_rank.js) run by node for
// Python (harness/report/search_eval.py, tests): one JSON request on stdin, one JSON answer
// on stdout.
//   {"op": "read", "texts": [...]}                 -> [readPasted(text) without frames, ...]
//   {"op": "search", "data": {...}, "texts": [...]} -> [answer(search(text)), ...]
//   {"op": "time", "texts": [...]}                  -> [milliseconds readPasted + search took, ...]
//   {"op": "signature", "errors": [[type, message], ...]} -> [KNormalise.signature(type, message), ...]
"use strict";
var path = require("path");
var KReader = require(path.join(__dirname, "page", "reader.js"));
global.KReader = KReader;
var KSearch = require(path.join(__dirname, "page", "search_rank.js"));
var KNormalise = require(path.join(__dirname, "page", "normalise.js"));

function reading(r) {
  return { type: r.type, message: r.message, wrappers: r.wrappers, keras_history: r.keras_history,
           unopened: r.unopened, chain: r.chain.map(function (c) {
             return { type: c.type, message: c.message, wrappers: c.wrappers };
           }) };
}
function answer(result) {
  return { kind: result.kind, read: reading(result.q), hits: result.hits.slice(0, 5).map(function (h) {
    return { case: h.caseId, same: h.same, score: h.score, link: h.link, envs: h.envs.length };
  }) };
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
  } else {
    throw new Error("unknown op " + req.op);
  }
  process.stdout.write(JSON.stringify(out));
});
