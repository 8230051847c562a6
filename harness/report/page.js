// Inlined into index.html. Filters hide rows and columns; a click on a cell
// shows its record. Text from runs is only ever set with textContent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kmatrix-data").textContent);
  var table = document.getElementById("matrix");
  var fGroup = document.getElementById("f-group");
  var fOutcome = document.getElementById("f-outcome");
  var fFlavour = document.getElementById("f-flavour");
  var fText = document.getElementById("f-text");
  var fChanging = document.getElementById("f-changing");
  var shown = document.getElementById("shown");

  function apply() {
    var flavour = fFlavour.value, outcome = fOutcome.value, group = fGroup.value;
    var text = fText.value.trim().toLowerCase(), changing = fChanging.checked;
    table.querySelectorAll("[data-f]").forEach(function (el) {
      el.classList.toggle("hidden", flavour !== "" && el.getAttribute("data-f") !== flavour);
    });
    var visibleGroups = {}, count = 0, rows = table.querySelectorAll("tbody tr.case");
    rows.forEach(function (tr) {
      var show = group === "" || tr.getAttribute("data-group") === group;
      if (show && text) show = tr.getAttribute("data-case").toLowerCase().indexOf(text) >= 0;
      if (show && (outcome || changing)) {
        var seen = {}, n = 0, hit = false;
        tr.querySelectorAll("td.cell").forEach(function (td) {
          if (td.classList.contains("hidden")) return;
          var o = td.getAttribute("data-o");
          if (o === outcome) hit = true;
          if (o !== "not_run" && o !== "env_error" && !seen[o]) { seen[o] = 1; n++; }
        });
        if (outcome && !hit) show = false;
        if (changing && n < 2) show = false;
      }
      tr.classList.toggle("hidden", !show);
      if (show) { visibleGroups[tr.getAttribute("data-group")] = 1; count++; }
    });
    table.querySelectorAll("tbody tr.grp").forEach(function (tr) {
      tr.classList.toggle("hidden", !visibleGroups[tr.getAttribute("data-group")]);
    });
    shown.textContent = count + " of " + rows.length + " cases shown";
  }

  function add(dl, term, value, pre) {
    if (value === undefined || value === null || value === "") return;
    var dt = document.createElement("dt"); dt.textContent = term; dl.appendChild(dt);
    var dd = document.createElement(pre ? "pre" : "dd");
    dd.textContent = typeof value === "string" ? value : JSON.stringify(value, null, 1);
    dl.appendChild(dd);
  }

  var selected = null;
  function show(td) {
    var cell = data.cells[+td.getAttribute("data-i")];
    var env = data.envs[cell.env] || {}, kase = data.cases[cell.case] || {};
    if (selected) selected.classList.remove("sel");
    selected = td; td.classList.add("sel");
    var panel = document.getElementById("details");
    var body = document.getElementById("details-body");
    body.textContent = "";
    var h = document.createElement("h3"); h.textContent = cell.case; body.appendChild(h);
    var dl = document.createElement("dl"); body.appendChild(dl);
    add(dl, "Environment", cell.env + " \u2014 " + (env.summary || ""));
    add(dl, "Case", kase.title);
    add(dl, "Outcome", cell.o);
    add(dl, "Error", cell.et ? cell.et + ": " + (cell.em || "") : "");
    add(dl, "Reason", cell.reason);
    add(dl, "Gradients", cell.grads);
    add(dl, "Observed", cell.observed);
    if (kase.claim) add(dl, "Claim (" + (cell.verdict || "") + ")", kase.claim + (cell.why ? "\n\u2192 " + cell.why : ""));
    add(dl, "Run", [cell.run, cell.started, cell.dur !== undefined ? cell.dur + " s" : ""].filter(Boolean).join("  "));
    add(dl, "Traceback (tail)", cell.tb, true);
    add(dl, "Output (tail)", cell.out, true);
    add(dl, "Key packages", env.key);
    add(dl, "All packages", env.packages, true);
    panel.classList.remove("hidden");
  }

  table.addEventListener("click", function (ev) {
    var td = ev.target.closest("td.cell"); if (td) show(td);
  });
  table.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.matches("td.cell")) show(ev.target);
  });
  document.getElementById("details-close").addEventListener("click", function () {
    document.getElementById("details").classList.add("hidden");
    if (selected) selected.classList.remove("sel");
  });
  [fGroup, fOutcome, fFlavour, fChanging].forEach(function (el) { el.addEventListener("change", apply); });
  fText.addEventListener("input", apply);
  apply();
  document.body.setAttribute("data-ready", "1");
})();
