// The cases whose recorded errors are the SAME error as a pasted one, then the related ones.
// Pure (no DOM): the page inlines it; node loads it with a report's data (the tests, and
// harness/report/search_eval.py, which measures it on labelled real tracebacks).
//
// Same error: equal type (where both are known) and equal key (page/normalise.js); for
// Python's own generic wording ("list index out of range") also raised at the same place.
// Every exception of the pasted chain is matched, against every exception of each recorded
// traceback (the recorded error, then the links above it). Related: same type and same
// family, or sharing the words that are rare in the library; never shown as a match.
var KSearch = (function () {
"use strict";
var R = typeof KReader !== "undefined" ? KReader : require("./reader.js");
var N = typeof KNormalise !== "undefined" ? KNormalise : require("./normalise.js");
var RELATED = 0.3;                            // below this nothing is related

function withTokens(sig) {                    // the words compared for "related", the key's among them
  var seen = {};
  sig.flat = sig.key.replace(/ /g, "");     // a paste that lost or gained a space ("tocompute") is the same key
  sig.words = sig.tokens.concat(sig.key.split(" ")).filter(function (t) {
    if (t === "#" || t.length < 2 || seen[t]) return false;
    seen[t] = 1;
    return true;
  });
  return sig;
}
// The recorded errors of every cell: the error the runner recorded (link 0), then the
// exceptions above it in its traceback (links 1...), each as a signature (stored once).
var CHAINED = /^(?:The above exception was the direct cause|During handling of the above exception)/m;
function buildCorpus(data) {
  var sigs = {}, df = {}, list = [], envIndex = {}, caseIds = Object.keys(data.cases);
  Object.keys(data.envs).forEach(function (id, k) { envIndex[id] = k; });
  function sigOf(type, message) {
    var k = (type || "") + "\u0000" + message;
    if (!sigs[k]) {
      var sig = sigs[k] = withTokens(N.signature(type, message));
      sig.raw = message;
      sig.words.forEach(function (t) { df[t] = (df[t] || 0) + 1; });
    }
    return sigs[k];
  }
  data.cells.forEach(function (cell, i) {
    if (!cell.et && !cell.em) return;
    list.push({ i: i, link: 0, sig: sigOf(cell.et || null, (cell.em || "").trim()) });
    if (!cell.tb || !CHAINED.test(cell.tb)) return;          // only a chain has links above it
    var chain = R.readPasted(cell.tb).chain;
    for (var j = 1; j < chain.length; j++) {
      if (chain[j].type || chain[j].message) {
        list.push({ i: i, link: j, sig: sigOf(chain[j].type, chain[j].message), place: chain[j] });
      }
    }
  });
  var n = Object.keys(sigs).length, idf = {};
  Object.keys(df).forEach(function (t) { idf[t] = Math.log(1 + n / df[t]); });
  return { data: data, list: list, idf: idf, frames: {}, about: {}, envIndex: envIndex, caseIds: caseIds, n: n };
}
// Is this case ABOUT the error (its sources name it: the scenario's subject, the variant's claimed
// text or claimed type and message pattern), or does it only also raise it on the way to another
// point? Among same-error cases the ones about it come first. Read once per case.
function pythonPattern(p) {                   // claim.expect's pattern (Python re) as a RegExp, or null
  var flags = "";
  p = String(p).replace(/^\(\?i\)/, function () { flags = "i"; return ""; });
  try { return new RegExp(p, flags); } catch (e) { return null; }
}
function aboutOf(corpus, caseId) {
  if (corpus.about[caseId]) return corpus.about[caseId];
  var info = corpus.data.cases[caseId] || {}, sigs = [];
  [info.topic, info.claim].forEach(function (text) {
    if (!text) return;
    R.readPasted(String(text)).chain.forEach(function (c) {
      if (c.type && c.message) sigs.push(withTokens(N.signature(c.type, c.message)));
    });
  });
  var ex = info.claimed || null;
  return (corpus.about[caseId] = { sigs: sigs, type: ex && ex.type,
                                  pattern: ex && ex.pattern ? pythonPattern(ex.pattern) : null });
}
// typed: a claimed type and pattern count only for a pasted error of that type (asked when nothing
// recorded matches, where a pattern alone could match prose); otherwise a paste without a type agrees.
function isAbout(corpus, caseId, qs, typed) {
  var a = aboutOf(corpus, caseId);
  if (a.type && a.pattern && (typed ? qs.type === a.type : !qs.type || a.type === qs.type) &&
      a.pattern.test(qs.raw || "")) return true;
  return a.sigs.some(function (sig) { return sig.key && sig.flat === qs.flat && typesAgree(sig, qs); });
}
function scenarioOf(caseId) { return String(caseId).split("::")[0]; }
function sameWay(a, b) {                      // "keras Lambda" vs " Lambda": 2; "tf square" vs "tf multiply": 1
  if (!a || !b) return 0;
  var pa = a.split(" "), pb = b.split(" ");
  if (pa[1] && pa[1] === pb[1]) return 2;       // the same API, however it was imported
  return pa[0] && pa[0] === pb[0] ? 1 : 0;
}
function framesOf(corpus, i) {
  return corpus.frames[i] || (corpus.frames[i] = R.framesIn(corpus.data.cells[i].tb || ""));
}
// Where a recorded error was raised (innermost frame) and how user code got there (entry).
function placeOf(corpus, entry) { return entry.place || framesOf(corpus, entry.i); }
function typesAgree(a, b) { return !a.type || !b.type || a.type === b.type; }
function isSame(corpus, q, entry) {
  var sig = entry.sig;
  if (!q.key || q.flat !== sig.flat || !typesAgree(q, sig)) return false;
  if (!q.generic) return true;                                     // common words: raised at the same place, the same way
  var place = placeOf(corpus, entry);
  return !!q.raise && q.raise === place.raise && (!q.entry || !place.entry || q.entry === place.entry);
}
// How alike two different errors are, 0..1: the rare words they share; one family (another
// missing attribute, another unknown class...) at least 0.45, closer the more words it shares.
function related(corpus, q, sig) {
  var idf = corpus.idf, unseen = Math.log(1 + corpus.n), shared = 0, total = 0, wb = {};
  sig.words.forEach(function (t) { wb[t] = idf[t] || unseen; });
  q.words.forEach(function (t) { var w = idf[t] || unseen; total += w; if (wb[t]) shared += w; });
  Object.keys(wb).forEach(function (t) { if (q.words.indexOf(t) < 0) total += wb[t]; });
  var s = total ? 0.9 * shared / total : 0;
  if (q.family === sig.family && q.family !== "message" && q.family !== "python") s = Math.max(s, 0.45 + 0.5 * s);
  if (q.kh && sig.kh) s = Math.max(s, 0.7);
  // the same name missing from the same module, reached by `import` or by attribute: related, strongly
  if (q.missing && q.missing === sig.missing) return Math.max(s, 0.8);
  return typesAgree(q, sig) ? s : s * 0.5;
}
function querySigs(q) {
  return q.chain.map(function (c, k) {
    var sig = withTokens(N.signature(c.type, c.message));
    sig.raise = c.raise;
    sig.entry = c.entry;
    sig.link = k;
    sig.unopened = c.unopened;
    return sig;
  });
}

// The way into the error: shared frames, the same entry into the library, a similar user line.
// Two kinds: evidence about the way in (the same entry into the library: `strong`), and a
// resemblance of how the case's author happened to write the script (how many frame names they
// share, how alike the user line looks: `weak`). Among same-error cases a weak resemblance
// only orders cases the library's evidence cannot (see search()).
function frameBonus(q, cf) {
  var names = Object.keys(q.frames.names), common = 0, out = { strong: 0, weak: 0 };
  if (!names.length) return out;
  names.forEach(function (f) { if (cf.names[f]) common++; });
  out.weak += 0.03 * common / names.length;
  out.strong += q.frames.entry && q.frames.entry === cf.entry ? 0.04 : 0;
  if (q.frames.call && cf.call) {
    var same = 0, a = q.frames.call, b = cf.call;
    while (same < a.length && same < b.length && a[same] === b[same]) same++;
    out.weak += 0.01 * same / Math.max(a.length, b.length);
  }
  return out;
}
function bonusFor(corpus, q, entry, qsig) {
  var cell = corpus.data.cells[entry.i], bonus = 0, frames = frameBonus(q, framesOf(corpus, entry.i));
  if (q.wrappers.length && cell.wrappers && q.wrappers.some(function (w) { return cell.wrappers.indexOf(w) >= 0; })) bonus += 0.02;
  bonus += frames.strong;
  var role = (corpus.data.cases[cell.case] || {}).role;
  if (role !== "fix" && role !== "corrected") bonus += 0.005;      // the case that shows the error, before its fixes
  if (qsig.link === 0 && entry.link === 0) bonus += 0.02;           // the error at the bottom, on both sides
  if (entry.sig.raw === qsig.raw) bonus += 0.01;
  else if (qsig.named && entry.sig.named === qsig.named) bonus += 0.01;   // a class for a class, a function for a function
  return { strong: bonus, weak: frames.weak };
}
// A wrapper pasted without what it wraps: the cases recording an error inside the same wrapper are related.
function wrapperRelated(q, cell) {
  return q.unopened && cell.wrappers && cell.wrappers.indexOf(q.unopened) >= 0 ? 0.45 : 0;
}

// picked: the environments the reader picked (ranked first among equals).
// Returns {q, kind: "same" | "none", hits}: the same-error hits first, then the related ones.
function search(corpus, text, picked) {
  var data = corpus.data;
  // among equals, the root cause more people hit first (public reports counted per scenario)
  function freq(caseId) { return (data.cases[caseId] || {}).freq || 0; }
  picked = picked || [];
  var q = R.readPasted(text);
  if (!q.message && !q.type) return { q: q, kind: "none", hits: [] };
  var qsigs = querySigs(q), byCase = {};
  qsigs.forEach(function (qs) { qs.raw = q.chain[qs.link].message; });
  corpus.list.forEach(function (entry) {
    var cell = data.cells[entry.i], best = null;
    qsigs.forEach(function (qs) {
      var same = isSame(corpus, qs, entry);
      var s = same ? 1 : Math.max(related(corpus, qs, entry.sig), qs.link === 0 && entry.link === 0 ? wrapperRelated(q, cell) : 0);
      if (!best || same > best.same || (same === best.same && s > best.s)) best = { same: same, s: s, qs: qs };
    });
    if (!best || (!best.same && best.s < RELATED)) return;
    var bonus = bonusFor(corpus, q, entry, best.qs), score = best.s + bonus.strong;
    // related hits keep every resemblance in their score: nothing stronger orders them
    if (!best.same) score += bonus.weak;
    var hit = byCase[cell.case] || (byCase[cell.case] = { caseId: cell.case, same: false, score: 0, weak: 0, match: 0, way: 0, envs: [] });
    // the same words raised elsewhere (a message with several causes): still only related
    if (!best.same && best.qs.key && best.qs.flat === entry.sig.flat && typesAgree(best.qs, entry.sig)) hit.sameWords = true;
    if (best.same && !hit.same) { hit.same = true; hit.score = 0; hit.weak = 0; hit.match = 0; hit.envs = []; hit.way = 0; }
    if (best.same !== hit.same) return;                              // a related error of a case that has the same one
    // reached the same way: the user's line calls the same API (load_model, not model_from_json: 2)
    // or one of the same namespace (tf.square and tf.multiply, not K.sum: 1)
    if (best.same) hit.way = Math.max(hit.way, sameWay(q.frames.api, framesOf(corpus, entry.i).api));
    hit.score = Math.max(hit.score, score);
    if (best.same) hit.weak = Math.max(hit.weak, bonus.weak);
    if (best.s > hit.match) { hit.match = best.s; hit.link = best.qs.link; }
    hit.envs.push({ env: cell.env, score: score, match: best.s, exact: entry.sig.raw === best.qs.raw ? 1 : 0, cell: cell });
  });
  var hits = Object.keys(byCase).map(function (k) { return byCase[k]; });
  hits.forEach(function (h) {
    rankEnvs(corpus, h, picked);
    h.about = h.same && isAbout(corpus, h.caseId, qsigs[h.link || 0]) ? 1 : 0;
  });
  // Among the same errors: those reached the same way first, then the cases about it (the error
  // their sources name, not one they also raise on the way); among equals, the scenario the error is
  // central to (more of its variants about it, or recording it) first, then the root cause more
  // people hit.
  // Central: how much the library shows this scenario giving this error, the environments in which
  // each of its variants records it, a variant about the error counting 100 times one that only also
  // raises it (with nothing else pasted, the scenario more likely to have printed it).
  var central = {};
  hits.forEach(function (h) {
    if (h.same) { var s = scenarioOf(h.caseId); central[s] = (central[s] || 0) + h.envs.length * (1 + 99 * h.about); }
  });
  function centrality(h) { return h.same ? central[scenarioOf(h.caseId)] : 0; }
  hits.sort(function (a, b) {
    return (b.same - a.same) || (b.way - a.way) || (b.about - a.about) || b.score - a.score || (b.inPicked - a.inPicked) ||
      centrality(b) - centrality(a) || b.weak - a.weak || freq(b.caseId) - freq(a.caseId) || b.envs.length - a.envs.length ||
      corpus.caseIds.indexOf(a.caseId) - corpus.caseIds.indexOf(b.caseId);
  });
  var kind = hits.length && hits[0].same ? "same" : "none";
  return { q: q, kind: kind, hits: hits, claimed: kind === "none" ? claimedBy(corpus, qsigs) : [] };
}
// The scenarios whose sources report this error (a variant's claim or the sources' title names it)
// but whose runs did not record it anywhere: the error is known, and the matrix says where it does
// not happen (fixed, or another cause). One variant per scenario, the root cause more people hit first.
// Asked only when nothing recorded matches.
function claimedBy(corpus, qsigs) {
  var cases = corpus.data.cases, seen = {}, out = [];
  corpus.caseIds.forEach(function (id) {
    var s = scenarioOf(id);
    if (seen[s] || !qsigs.some(function (qs) { return isAbout(corpus, id, qs, true); })) return;
    seen[s] = 1;
    out.push(id);
  });
  return out.sort(function (a, b) { return ((cases[b] || {}).freq || 0) - ((cases[a] || {}).freq || 0); });
}
// Every environment where the case shows the best-matching error, closest first; one chip per environment.
function rankEnvs(corpus, h, picked) {
  var seen = {};
  h.envs.sort(function (a, b) {
    return b.match - a.match || b.exact - a.exact || b.score - a.score || corpus.envIndex[a.env] - corpus.envIndex[b.env];
  });
  h.envs = h.envs.filter(function (x) {
    if (seen[x.env] || x.match < h.match - (h.same ? 0 : 0.1)) return false;
    seen[x.env] = 1;
    return true;
  });
  h.envs.sort(function (a, b) { return b.match - a.match || b.exact - a.exact || corpus.envIndex[a.env] - corpus.envIndex[b.env]; });
  h.inPicked = picked.some(function (id) { return !!seen[id]; }) ? 1 : 0;
}

return { index: buildCorpus, search: search };
})();
if (typeof module === "object" && module.exports) module.exports = KSearch;
