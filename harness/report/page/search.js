function fixesFor(caseId) {
  var scenario = scenarioOf(caseId);
  return CASE_IDS.filter(function (id) {
    var k = data.cases[id];
    return id !== caseId && scenarioOf(id) === scenario && (k.role === "fix" || k.role === "corrected");
  });
}

// ------------------------------------------------------ start from an error ----
var searchCorpus = null;   // built at the first search
function searchIndex() { return searchCorpus || (searchCorpus = KSearch.index(data)); }
var errShown = 8;
function renderSearch() {
  var out = $("err-results"), read = $("err-read"), text = $("err-text").value;
  out.textContent = "";
  read.textContent = "";
  if (!text.trim()) return;
  var result = KSearch.search(searchIndex(), text, picked), q = result.q;
  read.textContent = "Read as: " + (q.type ? q.type + ": " : "") + short(q.message, 160) +
    (q.wrappers.length ? "  (looked through: " + q.wrappers.join(", ") + ")" : "");
  if (!result.hits.length) {
    add(out, el("p", "note", "No recorded error matches. The cases record the error a user reads at the bottom of the " +
      "traceback; try pasting the whole traceback, or only its last line."));
    return;
  }
  add(out, el("p", "note", result.hits.length + " case(s) record this error; best match first."));
  var ol = add(out, el("ol", "hits"));
  result.hits.slice(0, errShown).forEach(function (h) {
    var kase = data.cases[h.caseId] || {};
    var li = add(ol, el("li", "hit"));
    li.setAttribute("data-case", h.caseId);
    var head = add(li, el("div", "hit-head"));
    add(head, el("span", "score", Math.round(h.match * 100) + "%")).title = "how closely the recorded message matches";
    add(head, button(h.caseId, "case-link", function () { showCase(h.caseId); }));
    if (kase.role) add(head, el("span", "role r-" + kase.role, kase.role));
    add(li, el("div", "hit-title", kase.title || ""));
    add(li, el("div", "hit-error", errorText(h.envs[0].cell)));
    var envs = add(li, el("div", "hit-envs"));
    add(envs, el("span", "lbl", "Occurs in " + h.envs.length + " environment(s): "));
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
  });
  if (result.hits.length > errShown) {
    add(out, button("show " + Math.min(result.hits.length - errShown, 8) + " more", "linkish", function () {
      errShown += 8; renderSearch();
    }));
  }
}
var searchTimer = null;
$("err-find").addEventListener("click", function () { errShown = 8; renderSearch(); });
$("err-text").addEventListener("input", function () {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(function () { errShown = 8; renderSearch(); }, 250);
});

