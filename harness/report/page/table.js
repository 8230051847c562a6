// ------------------------------------------------------------- table: filters ----
var fGroup = $("f-group"), fOutcome = $("f-outcome"), fText = $("f-text");
// the column filter by one axis (harness/axes.py table_filter): its select, its name (the link's key)
var fAxis = document.querySelector("#filters select.f-axis"), FILTER_AXIS = fAxis.id.slice(2);
var FILTER_WORDS = fAxis.parentNode.firstChild.textContent.trim();
var fChanging = $("f-changing"), fCompact = $("f-compact"), fMerge = $("f-merge"), shown = $("shown");

function columnHidden(k) { var th = envHeads[k]; return th.classList.contains("hidden") || th.classList.contains("gone"); }

function setColumnClass(k, cls, on) {
  envHeads[k].classList.toggle(cls, on);
  for (var r = 0; r < caseRows.length; r++) caseRows[r].cells[k + 1].classList.toggle(cls, on);
}

function apply() {
  var only = fAxis.value, outcome = fOutcome.value, group = fGroup.value;
  var text = fText.value.trim().toLowerCase(), changing = fChanging.checked;
  envHeads.forEach(function (th, k) {
    var hide = only !== "" && th.getAttribute("data-f") !== only;
    if (th.classList.contains("hidden") !== hide) setColumnClass(k, "hidden", hide);
  });
  var visibleGroups = {}, count = 0;
  caseRows.forEach(function (tr) {
    var show = group === "" || tr.getAttribute("data-group") === group;
    if (show && text) show = tr.getAttribute("data-case").toLowerCase().indexOf(text) >= 0;
    if (show && (outcome || changing)) {
      var seen = {}, n = 0, hit = false;
      for (var k = 0; k < envHeads.length; k++) {
        if (envHeads[k].classList.contains("hidden")) continue;
        var o = tr.cells[k + 1].getAttribute("data-o");
        if (o === outcome) hit = true;
        if (!envLevel(o) && !seen[o]) { seen[o] = 1; n++; }
      }
      if (outcome && !hit) show = false;
      if (changing && n < 2) show = false;
    }
    tr.classList.toggle("hidden", !show);
    if (show) { visibleGroups[tr.getAttribute("data-group")] = 1; count++; }
  });
  table.querySelectorAll("tbody tr.grp").forEach(function (tr) {
    tr.classList.toggle("hidden", !visibleGroups[tr.getAttribute("data-group")]);
  });
  shown.textContent = count + " of " + caseRows.length + " cases shown";
  merge();
}

// Neighbouring columns whose every shown cell has the same outcome: one column,
// the first of the run, whose header says how far the run goes.
function merge() {
  var on = fMerge.checked;
  var rows = caseRows.filter(function (tr) { return !tr.classList.contains("hidden"); });
  var leader = null, leaderSig = null, run = [];
  function close() {
    if (leader === null) return;
    var th = envHeads[leader], span = th.querySelector(".merged");
    th.classList.toggle("has-merged", run.length > 0);
    if (run.length) {
      var last = data.envs[ENV_IDS[run[run.length - 1]]] || {};
      span.textContent = "\u2192 " + (last.tf_short === "no TF" ? "no TF" : "TF " + last.tf_short) +
        " (+" + run.length + ")";
      th.title = ENV_IDS[leader] + "\nsame outcome in every shown case as:\n" +
        run.map(function (k) { return ENV_IDS[k]; }).join("\n");
    } else {
      span.textContent = "";
      th.title = ENV_IDS[leader];
    }
  }
  for (var k = 0; k < envHeads.length; k++) {
    if (envHeads[k].classList.contains("hidden")) {
      if (envHeads[k].classList.contains("gone")) setColumnClass(k, "gone", false);
      continue;
    }
    var sig = null;
    if (on) {
      sig = "";
      for (var r = 0; r < rows.length; r++) sig += rows[r].cells[k + 1].getAttribute("data-o") + "|";
    }
    var same = on && leader !== null && sig === leaderSig;
    if (envHeads[k].classList.contains("gone") !== same) setColumnClass(k, "gone", same);
    if (same) { run.push(k); continue; }
    close();
    leader = k; leaderSig = sig; run = [];
  }
  close();
  tfHeads.forEach(function (th) {
    var first = +th.getAttribute("data-first"), n = +th.getAttribute("data-n"), visible = 0;
    for (var k = first; k < first + n; k++) if (!columnHidden(k)) visible++;
    th.classList.toggle("hidden", visible === 0);
    th.colSpan = Math.max(visible, 1);
  });
}

function compact() { table.classList.toggle("compact", fCompact.checked); }

table.addEventListener("click", function (ev) {
  var td = ev.target.closest("td.cell");
  if (td) { var c = data.cells[+td.getAttribute("data-i")]; showCell(c.case, c.env, td); return; }
  var th = ev.target.closest("tbody th.case");
  if (th) showCase(th.parentNode.getAttribute("data-case"));
});
table.addEventListener("keydown", function (ev) {
  if (ev.key !== "Enter") return;
  if (ev.target.matches("td.cell")) { var c = data.cells[+ev.target.getAttribute("data-i")]; showCell(c.case, c.env, ev.target); }
  else if (ev.target.matches("tbody th.case")) showCase(ev.target.parentNode.getAttribute("data-case"));
});
$("details-close").addEventListener("click", function () { panel.classList.add("hidden"); select(null); panelView = null; writeHash(); });
