// ----------------------------------------------------------------------- init ----
[fGroup, fOutcome, fAxis, fChanging, fMerge].forEach(function (x) {
  x.addEventListener("change", function () { apply(); writeHash(); });
});
fText.addEventListener("input", function () { apply(); writeHash(); });
fCompact.addEventListener("change", compact);
fCompact.checked = ENV_IDS.length > 24;
compact();
apply();
slFill();
applyLink(location.hash).then(function () {   // a shared link: its pasted error is searched once decoded
  document.body.setAttribute("data-linked", "1");
});
document.body.setAttribute("data-ready-ms", String(Math.round(performance.now())));   // since navigation start
document.body.setAttribute("data-ready", "1");
