// The cases whose recorded errors match a pasted error, best first. Pure (no DOM): the
// page inlines it, tests and the search evaluation load it in node with a report's data.
var KSearch = (function () {
"use strict";
var R = typeof KReader !== "undefined" ? KReader : require("./reader.js");
var readPasted = R.readPasted, normalise = R.normalise, framesIn = R.framesIn;
function buildCorpus(data) {
  var sigs = {}, df = {}, n = 0, envIndex = {}, caseIds = Object.keys(data.cases);
  Object.keys(data.envs).forEach(function (id, k) { envIndex[id] = k; });
  var list = [];
  data.cells.forEach(function (cell, i) {
    if (!cell.et && !cell.em) return;
    var key = (cell.et || "") + "\u0000" + (cell.em || "");
    var sig = sigs[key];
    if (!sig) {
      sig = sigs[key] = { et: cell.et || null, norm: normalise(cell.em || ""), raw: (cell.em || "").trim() };
      n++;
      var seen = {};
      sig.norm.tokens.forEach(function (t) { if (!seen[t]) { seen[t] = 1; df[t] = (df[t] || 0) + 1; } });
    }
    list.push({ i: i, sig: sig });
  });
  var idf = {};
  Object.keys(df).forEach(function (t) { idf[t] = Math.log(1 + n / df[t]); });
  return { data: data, list: list, idf: idf, frames: {}, envIndex: envIndex, caseIds: caseIds };
}
function framesOf(corpus, i) {
  return corpus.frames[i] || (corpus.frames[i] = framesIn(corpus.data.cells[i].tb || ""));
}
function similarity(corpus, q, sig) {
  var a = q.norm, b = sig.norm;
  if (a.kh || b.kh) {
    if (!(a.kh && b.kh)) return 0;
    return a.kh === b.kh ? 1 : 0.7;
  }
  if (!a.text || !b.text) return 0;
  if (a.text === b.text) return 1;
  if (a.text.length >= 12 && b.text.length >= 12 && (a.text.indexOf(b.text) === 0 || b.text.indexOf(a.text) === 0)) return 0.95;
  var wa = {}, shared = 0, total = 0, idf = corpus.idf;
  a.tokens.forEach(function (t) { wa[t] = idf[t] || Math.log(1 + corpus.list.length); });
  var wb = {};
  b.tokens.forEach(function (t) { wb[t] = idf[t] || 1; });
  Object.keys(wa).forEach(function (t) { total += wa[t]; if (wb[t]) shared += wa[t]; });
  Object.keys(wb).forEach(function (t) { if (!wa[t]) total += wb[t]; });
  return total ? 0.9 * shared / total : 0;
}

// picked: the environments the reader picked (ranked first among equals)
function search(corpus, text, picked) {
  var data = corpus.data, ENV_INDEX = corpus.envIndex, CASE_IDS = corpus.caseIds;
  picked = picked || [];
  var q = readPasted(text);
  if (!q.message && !q.type) return { q: q, hits: [] };
  q.norm = normalise(q.message);
  var qnames = Object.keys(q.frames.names), nq = qnames.length;
  var memo = new Map(), byCase = {};
  corpus.list.forEach(function (entry) {
    var sig = entry.sig, s = memo.get(sig);
    if (s === undefined) {
      s = similarity(corpus, q, sig);
      if (q.type && sig.et && q.type !== sig.et) s *= 0.5;
      memo.set(sig, s);
    }
    if (s < 0.45) return;
    var cell = data.cells[entry.i];
    var bonus = 0;
    if (q.wrappers.length && cell.wrappers && q.wrappers.some(function (w) { return cell.wrappers.indexOf(w) >= 0; })) bonus += 0.02;
    if (nq) {   // the same way into the error: where user code called the library, then shared frames
      var cf = framesOf(corpus, entry.i), common = 0;
      qnames.forEach(function (f) { if (cf.names[f]) common++; });
      bonus += 0.03 * common / nq + (q.frames.entry && q.frames.entry === cf.entry ? 0.04 : 0);
      if (q.frames.call && cf.call) {   // the user's line and the case's line look alike
        var same = 0, a = q.frames.call, b = cf.call;
        while (same < a.length && same < b.length && a[same] === b[same]) same++;
        bonus += 0.01 * same / Math.max(a.length, b.length);
      }
    }
    var role = (data.cases[cell.case] || {}).role;
    if (role !== "fix" && role !== "corrected") bonus += 0.005;    // the case that shows the error, before its fixes
    var exact = sig.raw === q.message;
    var hit = byCase[cell.case] || (byCase[cell.case] = { caseId: cell.case, score: 0, match: 0, envs: [] });
    var score = s + bonus + (exact ? 0.01 : 0);
    hit.score = Math.max(hit.score, score);
    hit.match = Math.max(hit.match, s);
    hit.envs.push({ env: cell.env, score: score, match: s, exact: exact ? 1 : 0, cell: cell });
  });
  var hits = Object.keys(byCase).map(function (k) { return byCase[k]; });
  hits.forEach(function (h) {
    // every environment where this case shows the best-matching error, closest first
    h.envs = h.envs.filter(function (x) { return x.match >= h.match - 0.1; });
    h.envs.sort(function (a, b) { return b.match - a.match || b.exact - a.exact || ENV_INDEX[a.env] - ENV_INDEX[b.env]; });
    h.inPicked = picked.some(function (id) { return h.envs.some(function (x) { return x.env === id; }); });
  });
  hits.sort(function (a, b) {
    return b.score - a.score || (b.inPicked - a.inPicked) || b.envs.length - a.envs.length ||
      CASE_IDS.indexOf(a.caseId) - CASE_IDS.indexOf(b.caseId);
  });
  return { q: q, hits: hits };
}


return { index: buildCorpus, search: search };
})();
if (typeof module === "object" && module.exports) module.exports = KSearch;
