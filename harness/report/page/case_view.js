// The case along each Keras line, TF versions left to right (like caniuse).
function distinguish(ids) {        // what tells environments in one (line, TF) slot apart
  var envs = ids.map(function (id) { return data.envs[id] || {}; });
  function differ(f) { var seen = {}; envs.forEach(function (e) { seen[f(e)] = 1; }); return Object.keys(seen).length > 1; }
  if (differ(function (e) { return e.keras_version; })) return function (e) { return "keras " + (e.keras_version || "?"); };
  var names = data.contract.axes.axes.map(function (a) { return a.name; }), last = names[names.length - 1];
  for (var i = 0; i < names.length; i++) {      // else the first axis whose words differ (harness/axes.py short)
    var name = names[i];
    if (differ(function (e) { return (e.short || {})[name]; })) return function (e) { return (e.short || {})[name] || "?"; };
  }
  return function (e) { return (e.short || {})[last] || ""; };
}
function showCase(caseId) {
  var kase = data.cases[caseId] || {};
  var body = openPanel(caseId);
  panel.classList.add("wide");
  select(null);
  panelView = { case: caseId };
  var head = add(body, el("p", null, (kase.title || "") + (kase.role ? " (" + kase.role + ")" : "")));
  add(head, shareLink(KLink.format(panelView), "copy link to this case"));
  if (kase.claim) add(body, el("p", "note", "Claim: \u201c" + kase.claim + "\u201d"));
  var tfs = [], lines = [], heads = [], at = {};
  ENV_IDS.forEach(function (id) {      // a line in words starts with its first axis (harness/axes.py line_of)
    var env = data.envs[id], tf = env.tf_short || "?", line = env.line || "?", head = line.split(" ")[0];
    if (tfs.indexOf(tf) < 0) tfs.push(tf);
    if (heads.indexOf(head) < 0) heads.push(head);
    if (!lines.some(function (l) { return l.name === line; })) lines.push({ name: line, head: head });
    (at[line + "\u0000" + tf] || (at[line + "\u0000" + tf] = [])).push(id);
  });
  lines.sort(function (a, b) {       // each line's plain form first, then its variants
    return heads.indexOf(a.head) - heads.indexOf(b.head) || a.name.length - b.name.length ||
      (a.name < b.name ? -1 : 1);
  });
  var scroll = add(body, el("div", "scrollx"));
  var grid = add(scroll, el("table", "caniuse"));
  var hr = add(add(grid, el("thead")), el("tr"));
  add(hr, el("th", null, "Keras line \\ TF"));
  tfs.forEach(function (tf) { add(hr, el("th", null, tf)); });
  var tb = add(grid, el("tbody")), summary = add(body, el("ul", "segments"));
  lines.forEach(function (line) {
    var tr = add(tb, el("tr")), prev = null, segments = [];
    tr.setAttribute("data-line", line.name);
    add(tr, el("th", null, line.name));
    tfs.forEach(function (tf) {
      var td = add(tr, el("td")), ids = at[line.name + "\u0000" + tf] || [];
      if (!ids.length) { td.className = "empty"; td.textContent = "\u00b7"; return; }
      var sub = ids.length > 1 ? distinguish(ids) : null;
      ids.forEach(function (id) {
        var cell = cellAt(caseId, id);
        if (!cell) return;
        var where = tf + (sub ? " " + sub(data.envs[id] || {}) : "");
        var b = add(td, badge(cell.o, id + (errorText(cell) ? "\n" + errorText(cell) : "")));
        b.setAttribute("data-env", id);
        if (sub) add(b, el("small", null, " " + sub(data.envs[id] || {})));
        b.addEventListener("click", function () { showCell(caseId, id); });
        if (envLevel(cell.o)) return;
        var sig = cell.o + (cell.et ? " (" + cell.et + ")" : "");
        if (prev !== null && sig !== prev) { td.classList.add("chg"); td.title = "changes here: " + prev + " \u2192 " + sig; }
        if (!segments.length || segments[segments.length - 1].sig !== sig) segments.push({ sig: sig, from: where, to: where });
        else segments[segments.length - 1].to = where;
        prev = sig;
      });
    });
    var text = segments.map(function (x) {
      return x.sig + " " + (x.from === x.to ? "in " + x.from : x.from + " to " + x.to);
    }).join(" \u2192 ");
    add(summary, el("li", null, line.name + ": " + (text || "no result")));
  });
  add(body, el("p", "note", "One line per Keras flavour (and non-default backend, device, extra package), " +
    "TensorFlow versions left to right; a thick left border marks where the outcome changes. Click a mark for its cell."));
  writeHash();
}

