// --------------------------------------------------------------- upgrading ----
// From one environment to another (KUpgrade.compare): what breaks, with the fix variants that
// work in the new one; what gets fixed; errors that change; claims whose verdict changes. Each
// outcome mark is a link to its cell (#cell=), the whole view one link (#from=...&to=...).
var upBox = $("up-box"), upFrom = $("up-from"), upTo = $("up-to");
var UP_HEADS = { breaks: "Breaks: ok before, fails after", fixed: "Gets fixed: fails before, ok after",
  changed: "Changes its error", verdict: "Changes a claim's verdict",
  other: "Changes otherwise (not applicable, crash, timeout ...)" };

(function fillUpgrade() {
  [upFrom, upTo].forEach(function (select) {
    add(select, el("option", null, "choose")).value = "";
    ENV_IDS.forEach(function (id) {
      add(select, el("option", null, id + (data.envs[id].has_results === false ? " (no results)" : ""))).value = id;
    });
    select.addEventListener("change", function () { renderUpgrade(); writeHash(); });
  });
  $("up-swap").addEventListener("click", function () {
    var from = upFrom.value;
    upFrom.value = upTo.value; upTo.value = from;
    renderUpgrade(); writeHash();
  });
  $("up-freeze-apply").addEventListener("click", upgradeFromFreeze);
  upBox.addEventListener("toggle", function () { writeHash(); });
})();

function upShown() { return upBox.open && !!upFrom.value && !!upTo.value && upFrom.value !== upTo.value; }
function showUpgrade(from, to) {
  upFrom.value = from; upTo.value = to;
  upBox.open = true;
  renderUpgrade();
  $("upgrade").scrollIntoView();
}

// Two pip freezes: the nearest environment with results to each (freeze.js, as the picker does);
// Python is not in pip freeze, so "after" keeps the Python of "before" where it can.
function upgradeFromFreeze() {
  var words = [], ids = [];
  var withResults = ENV_IDS.filter(function (id) { return data.envs[id].has_results !== false; });
  [$("up-freeze-from"), $("up-freeze-to")].forEach(function (box, k) {
    var r = readFreeze(box.value), side = k ? "after" : "before";
    if (!r.found) { words.push(side + ": no tensorflow, tf-nightly or keras line found"); return; }
    var want = KFreeze.wantOf(r, offered());
    if (k && ids[0]) {      // what pip freeze cannot say: as in "before"
      var pick = data.envs[ids[0]].pick || {};
      PICK_AXES.forEach(function (name) { if (!(name in want)) want[name] = pick[name] || ""; });
    }
    ids[k] = KFreeze.nearest(data.envs, withResults, want)[0];
    words.push(side + ": " + freezeWords(r) + " \u2192 " + (ids[k] || "no environment"));
  });
  $("up-freeze-read").textContent = words.join("; ") + ".";
  if (ids[0] && ids[1]) { showUpgrade(ids[0], ids[1]); writeHash(); }
}

function cellLink(caseId, envId) {
  var cell = cellAt(caseId, envId), a = el("a", "cell-link");
  a.href = KLink.format({ cell: { env: envId, case: caseId } });
  a.setAttribute("data-env", envId);
  a.setAttribute("data-case", caseId);
  add(a, badge(cell ? cell.o : "not_run", envId + (cell && errorText(cell) ? "\n" + errorText(cell) : "")));
  a.addEventListener("click", function (ev) { ev.preventDefault(); showCell(caseId, envId); });
  return a;
}
function renderUpgrade() {
  var out = $("up-results"), from = upFrom.value, to = upTo.value;
  out.textContent = "";
  if (!from || !to) return;
  if (from === to) { add(out, el("p", "note", "Choose two different environments.")); return; }
  var r = KUpgrade.compare(data, from, to, KNormalise.signature);
  var head = add(out, el("p", "up-head"));
  add(head, el("b", null, from + " \u2192 " + to));
  add(head, el("span", null, ": " + r.breaks.length + " break, " + r.fixed.length + " get fixed, " + r.changed.length +
    " change their error, " + r.verdict.length + " change a claim's verdict, " + r.other.length + " change otherwise; " +
    r.same + " the same" + (r.unknown ? "; " + r.unknown + " not compared (no result in one of them)" : "") + ". "));
  add(head, shareLink(KLink.format({ from: from, to: to }), "copy link to this comparison"));
  [from, to].forEach(function (id) {
    if (data.envs[id].has_results === false) add(out, el("p", "note", id + " has no results yet."));
  });
  KUpgrade.GROUPS.forEach(function (g) {
    var det = add(out, el("details", "up-group"));
    det.id = "up-" + g;
    det.open = r[g].length > 0 && g !== "other";
    add(det, el("summary", null, UP_HEADS[g] + " (" + r[g].length + ")"));
    var ul = add(det, el("ul"));
    r[g].forEach(function (entry) { upEntry(ul, g, entry, from, to); });
  });
}
function upEntry(ul, g, entry, from, to) {
  var kase = data.cases[entry.case] || {}, li = add(ul, el("li"));
  li.setAttribute("data-case", entry.case);
  add(li, cellLink(entry.case, from));
  add(li, el("span", "arrow", " \u2192 "));
  add(li, cellLink(entry.case, to));
  add(li, button(entry.case, "case-link", function () { showCase(entry.case); }));
  if (kase.role) add(li, el("span", "role r-" + kase.role, kase.role));
  var before = errorText(entry.from), after = errorText(entry.to);
  if (g === "verdict") {
    add(li, el("div", "err", "claim " + (entry.from.verdict || "not judged") + " \u2192 " + (entry.to.verdict || "not judged") +
      ": \u201c" + short(kase.claim, 160) + "\u201d" + (entry.to.why ? " \u2192 " + short(entry.to.why, 160) : "")));
  } else if (g === "changed" || g === "other") {
    if (before || after) add(li, el("div", "err", "before: " + short(before || entry.from.o, 200) + "\nafter: " +
      short(after || entry.to.o, 200)));
  } else if (g === "fixed" ? before : after) {
    add(li, el("div", "err", short(g === "fixed" ? before : after, 200)));
  }
  if (g !== "breaks") return;
  var fixes = add(li, el("div", "up-fixes"));
  if (!entry.fixes.length) { fixes.textContent = "No fix variant of this scenario is ok in " + to + "."; return; }
  add(fixes, el("span", null, "ok in " + to + " with: "));
  entry.fixes.forEach(function (fid) {
    var a = add(fixes, cellLink(fid, to));
    add(a, el("span", null, " " + variantOf(fid)));
  });
}
