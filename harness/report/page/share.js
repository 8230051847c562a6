// ------------------------------------------------------------ shareable links ----
// The address bar follows what the reader does (KLink: the picked environment, the table's
// filters, the open cell or case, the upgrade view), replaced in place so Back still leaves the
// page. The pasted error joins it only when a link brought it or the reader copies a link to
// the results: it can be a long traceback, and the box changes at every keystroke.
var shared = { text: null, token: null };       // the error box's text and its #q= token
var encoding = { text: null, token: null };     // the last text encoded (KLink.encodeText is async)
var applying = false, ownHash = null;

function pageState() {
  var s = { env: picked[0] || null, group: fGroup.value, outcome: fOutcome.value,
            filter: fText.value.trim(), changing: fChanging.checked, merge: fMerge.checked };
  s[FILTER_AXIS] = fAxis.value;
  if (upShown()) { s.from = upFrom.value; s.to = upTo.value; }
  if (panelView && !panel.classList.contains("hidden")) { s.cell = panelView.cell; s.case = panelView.case; }
  var text = $("err-text").value;
  if (text.trim() && shared.text === text) s.q = shared.token;
  return s;
}
function pageUrl(hash) { return location.href.split("#")[0] + hash; }
function writeHash() {
  if (applying) return;
  var hash = KLink.format(pageState());
  if (hash === location.hash) return;
  ownHash = hash;
  try {
    history.replaceState(history.state, "", hash || pageUrl(""));
  } catch (e) {          // a browser that refuses it for file://: the hash then adds to the history
    location.hash = hash;
  }
}

// "copy link": an anchor whose href is the link (the browser's own "copy link address" works too);
// a click copies the whole address. hash: a string, or a promise of one.
function shareLink(hash, label, onCopy) {
  var a = el("a", "share", label || "copy link"), ready = Promise.resolve(hash);
  function set(h) { a.href = h; a.setAttribute("data-hash", h); }
  a.title = "a link to this view: click to copy it";
  if (typeof hash === "string") set(hash); else ready.then(set);
  a.addEventListener("click", function (ev) {
    ev.preventDefault();
    ready.then(function (h) { copy(pageUrl(h), a); if (onCopy) onCopy(); });
  });
  return a;
}
function tokenFor(text) {
  if (encoding.text !== text) encoding = { text: text, token: KLink.encodeText(text) };
  return encoding.token;
}
function searchLink(text) {    // the results of this text, in the picked environment
  var token = tokenFor(text);
  return shareLink(token.then(function (q) { return KLink.format({ env: picked[0] || null, q: q }); }),
    "copy link to these results", function () {
      token.then(function (q) { shared = { text: text, token: q }; writeHash(); });
    });
}

// A link, at load or typed into the address bar: it sets what it names and leaves the rest;
// what the page does not know (an old environment, a cut token) is left out. Resolves once the
// pasted text, if any, is searched.
function known() {
  var k = { envs: data.envs, cases: data.cases, group: optionValues(fGroup), outcome: optionValues(fOutcome) };
  k[FILTER_AXIS] = optionValues(fAxis);
  return k;
}
function applyLink(hash) {
  var s = KLink.check(KLink.parse(hash), known());
  applying = true;
  if (s.group) fGroup.value = s.group;
  if (s.outcome) fOutcome.value = s.outcome;
  if (s[FILTER_AXIS]) fAxis.value = s[FILTER_AXIS];
  if (s.filter) fText.value = s.filter;
  if (s.changing) fChanging.checked = true;
  if (s.merge) fMerge.checked = true;
  if (s.group || s.outcome || s[FILTER_AXIS] || s.filter || s.changing || s.merge) apply();
  if (s.env) pickFromLink(s.env);
  if (s.from) showUpgrade(s.from, s.to);
  caseRows.forEach(function (tr) { tr.classList.remove("linked"); });
  if (s.cell) {
    showCell(s.cell.case, s.cell.env);
    if (selected) {          // left in the table: the panel covers its right side
      selected.scrollIntoView({ block: "center" });
      var corner = table.querySelector("thead th.corner");
      wrap.scrollLeft = Math.max(0, selected.offsetLeft - (corner ? corner.offsetWidth : 0) - 80);
    }
  } else if (s.case) {
    showCase(s.case);
    var tr = ROWS_OF[s.case];
    if (tr) { tr.classList.add("linked"); tr.scrollIntoView({ block: "center" }); }
  }
  // until the pasted text is back, the page's own writes (a details' toggle event) keep the link as it is
  function done() { applying = false; }
  return (s.q ? KLink.decodeText(s.q) : Promise.resolve(null)).then(function (text) {
    if (text === null || !text.trim()) return;
    $("err-text").value = text;
    shared = { text: text, token: s.q };
    encoding = { text: text, token: Promise.resolve(s.q) };
    errShown = 8;
    renderSearch();
  }).then(done, done);
}
window.addEventListener("hashchange", function () {
  if (location.hash !== ownHash) applyLink(location.hash);
});
