// ----------------------------------------------------------------------- init ----
[fGroup, fOutcome, fFlavour, fChanging, fMerge].forEach(function (x) { x.addEventListener("change", apply); });
fText.addEventListener("input", apply);
fCompact.addEventListener("change", compact);
fCompact.checked = ENV_IDS.length > 24;
compact();
apply();
slFill();
fromHash();
document.body.setAttribute("data-ready-ms", String(Math.round(performance.now())));   // since navigation start
document.body.setAttribute("data-ready", "1");
