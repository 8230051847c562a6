// The page's shareable link, #env=<environment id>. Pure (no DOM): the page inlines it, tests
// load it in node. A link that cannot be decoded ("#env=%", a percent-escape cut short) means
// no selection: it never stops the page from starting.
var KLink = (function () {
"use strict";
function envFromHash(hash) {
  var m = /(?:^#|&)env=([^&]+)/.exec(String(hash || ""));
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch (e) {   // URIError: a malformed escape
    return null;
  }
}
function hashFor(envId) {
  return "#env=" + encodeURIComponent(envId);
}
return { envFromHash: envFromHash, hashFor: hashFor };
})();
if (typeof module === "object" && module.exports) module.exports = KLink;
