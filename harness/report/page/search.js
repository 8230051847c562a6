function fixesFor(caseId) {
  var scenario = scenarioOf(caseId);
  return CASE_IDS.filter(function (id) {
    var k = data.cases[id];
    return id !== caseId && scenarioOf(id) === scenario && (k.role === "fix" || k.role === "corrected");
  });
}

// ------------------------------------------------------ start from an error ----
// Same error first (the cases recording it, where, their fixes); related errors after it,
// labelled as such; an error no case records gets an honest "no match" and what is most like it.
var searchCorpus = null;   // built at the first search
function searchIndex() { return searchCorpus || (searchCorpus = KSearch.index(data)); }
var errShown = 8;
var WRAPPER_NAMES = { autograph: "autograph's \"in user code:\"", keras_call: "Keras' \"Exception encountered when calling\"",
  keras_infer: "Keras 3's output shape inference", keras_deserialize: "Keras 3's \"could not be deserialized properly\"",
  graph_execution: "TensorFlow's \"Graph execution error\"" };
function readAs(q) {
  var text = "Read as: " + (q.type ? q.type + ": " : "") + short(q.message, 160) +
    (q.wrappers.length ? "  (looked through: " + q.wrappers.join(", ") + ")" : "");
  if (q.chain.length > 1) {
    text += "  Above it in your traceback: " + q.chain.slice(1).map(function (c) {
      return (c.type ? c.type + ": " : "") + short(c.message, 80);
    }).join("; ");
  }
  return text;
}
function renderSearch() {
  var out = $("err-results"), read = $("err-read"), text = $("err-text").value;
  out.textContent = "";
  read.textContent = "";
  if (!text.trim()) return;
  var result = KSearch.search(searchIndex(), text, picked), q = result.q;
  read.textContent = readAs(q);
  var same = result.hits.filter(function (h) { return h.same; });
  var related = result.hits.filter(function (h) { return !h.same; });
  out.setAttribute("data-kind", result.kind);
  add(add(out, el("p", "share-row")), searchLink(text));
  if (q.unopened && q.chain.length === 1) {     // the wrapper alone: what it wraps was not pasted
    add(out, el("p", "note", "This is " + WRAPPER_NAMES[q.unopened] + " wrapper: the error that decides is inside it " +
      "or above it in the traceback. Paste the whole traceback."));
  }
  if (!same.length) {
    add(out, el("p", "note nomatch", "No recorded error matches. The cases record the error a user reads at the bottom " +
      "of the traceback; try pasting the whole traceback, or only its last line."));
    renderClaimed(out, result.claimed);
    if (related.length) renderHits(out, related.slice(0, 3), "Most like (not the same error):");
    return;
  }
  var scenarios = {};
  same.forEach(function (h) { scenarios[String(h.caseId).split("::")[0]] = 1; });
  var nScen = Object.keys(scenarios).length;
  add(out, el("p", "note", same.length + " case(s) record this error; best match first." + (nScen > 1
    ? " They belong to " + nScen + " scenarios with different root causes: the same words can come from any " +
      "of them, so compare your code with each case's code." : "")));
  renderHits(out, same.slice(0, errShown), null);
  if (same.length > errShown) {
    add(out, button("show " + Math.min(same.length - errShown, 8) + " more", "linkish", function () {
      errShown += 8; renderSearch();
    }));
  }
  if (related.length) renderHits(out, related.slice(0, 5), "Related errors (not the same error):");
}
// Scenarios whose sources report this error where no run recorded it: what each variant did instead,
// per environment (the claim refuted there, or not reached).
function renderClaimed(out, claimed) {
  if (!claimed || !claimed.length) return;
  add(out, el("p", "note claimed-head", "Reported with this error by the sources of " + claimed.length +
    " scenario(s), but no run here recorded it (the error is known; these environments did not give it):"));
  var ol = add(out, el("ol", "hits claimed"));
  claimed.slice(0, 5).forEach(function (id) {
    var li = add(ol, el("li", "hit claimed"));
    hitHead(li, id, "claimed, not recorded", "its sources report this error; the runs did not record it");
    var counts = {}, ran = 0;
    ENV_IDS.forEach(function (env) {
      var cell = cellAt(id, env);
      if (!cell || !(cell.o === "ok" || breaks(cell.o))) return;
      ran++;
      counts[cell.o] = (counts[cell.o] || 0) + 1;
    });
    add(li, el("div", "note", ran ? "Ran in " + ran + " environment(s): " + Object.keys(counts).map(function (o) {
      return counts[o] + " " + o; }).join(", ") + "." : "Not run in any environment of this report."));
  });
}
function renderHits(out, hits, heading) {
  if (heading) add(out, el("p", "note related-head", heading));
  var ol = add(out, el("ol", "hits" + (heading ? " related" : "")));
  hits.forEach(function (h) { renderHit(ol, h); });
}
// A hit's head (its label, the case, its role) and title; returns the head for more marks.
function hitHead(li, caseId, label, tip) {
  var kase = data.cases[caseId] || {}, head = add(li, el("div", "hit-head"));
  li.setAttribute("data-case", caseId);
  add(head, el("span", "score", label)).title = tip;
  add(head, button(caseId, "case-link", function () { showCase(caseId); }));
  if (kase.role) add(head, el("span", "role r-" + kase.role, kase.role));
  add(li, el("div", "hit-title", kase.title || ""));
  return head;
}
function renderHit(ol, h) {
  var li = add(ol, el("li", "hit" + (h.same ? " same" : " related")));
  li.setAttribute("data-same", h.same ? "1" : "0");
  var head = hitHead(li, h.caseId, h.same ? "same error" : "related", h.same
    ? "the same error: the same type and message, names and values aside"
    : "not the same error: a related one (" + Math.round(h.match * 100) + "% alike)");
  // why it ranks where it does among the same errors
  if (h.same && h.way) add(head, el("span", "why-rank", h.way > 1 ? "same call" : "same namespace")).title = h.way > 1
    ? "your innermost line calls the same API" : "your innermost line calls the same library (tf.*, K.*, np.*, keras.*)";
  if (h.same && h.about) add(head, el("span", "why-rank", "its subject")).title = "its sources report this error";
  add(li, el("div", "hit-error", errorText(h.envs[0].cell)));
  if (!h.same && h.sameWords) {
    add(li, el("div", "note", "The same words, raised elsewhere: this message has several causes; compare the " +
      "traceback (paste it whole if you pasted one line)."));
  }
  if (h.same && h.link) add(li, el("div", "note", "Matches the error above the last one in your traceback."));
  renderEnvs(li, h);
  if (h.same) renderFixes(li, h);
}
function renderEnvs(li, h) {
  var envs = add(li, el("div", "hit-envs"));
  add(envs, el("span", "lbl", (h.same ? "Occurs in " : "Its error occurs in ") + h.envs.length + " environment(s): "));
  h.envs.forEach(function (x, n) {
    var chip = add(envs, envChip(x.env, h.caseId, picked.indexOf(x.env) >= 0 ? "yours" : ""));
    chip.classList.add("o-" + x.cell.o);
    if (n >= 14) chip.classList.add("more");
  });
  if (h.envs.length > 14) {
    add(envs, button("+" + (h.envs.length - 14) + " more", "linkish", function (ev) {
      envs.querySelectorAll(".more").forEach(function (c) { c.classList.remove("more"); });
      ev.currentTarget.remove();
    }));
  }
}
function renderFixes(li, h) {
  var fixes = fixesFor(h.caseId);
  if (!fixes.length) { add(li, el("div", "note", "No fix variant of this scenario is recorded.")); return; }
  var ft = add(li, el("table", "fixes"));
  var hr = add(ft, el("tr"));
  add(hr, el("th", null, "fix variants of this scenario"));
  add(hr, el("th", null, "OK in"));
  add(hr, el("th", null, "their outcome in those environments"));
  fixes.forEach(function (fid) {
    var tr = add(ft, el("tr")), th = add(tr, el("th"));
    add(th, button(variantOf(fid), "case-link", function () { showCase(fid); }));
    add(th, el("span", "role r-" + data.cases[fid].role, data.cases[fid].role));
    th.title = fid + ": " + (data.cases[fid].title || "");
    var td = add(tr, el("td", "marks")), ok = 0, judged = 0;
    h.envs.forEach(function (x) {
      var cell = cellAt(fid, x.env);
      if (!cell) return;
      if (cell.o === "ok") ok++;
      if (cell.o === "ok" || breaks(cell.o)) judged++;
      var b = add(td, badge(cell.o, x.env + (errorText(cell) ? "\n" + errorText(cell) : "")));
      b.classList.add("mini");
      b.setAttribute("data-env", x.env);
      b.addEventListener("click", function () { showCell(fid, x.env); });
    });
    tr.insertBefore(el("td", "n" + (judged && ok === judged ? " good" : ""), ok + "/" + h.envs.length), td);
  });
}
var searchTimer = null;
$("err-find").addEventListener("click", function () { errShown = 8; renderSearch(); });
$("err-text").addEventListener("input", function () {
  writeHash();            // the link holds the pasted text only while the box does
  clearTimeout(searchTimer);
  searchTimer = setTimeout(function () { errShown = 8; renderSearch(); }, 250);
});

