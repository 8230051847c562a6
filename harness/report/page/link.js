// The page's shareable links: what the reader sees, as a URL hash. Pure (no DOM): the page
// inlines it, tests load it in node.
//   #env=<environment>            the picked environment
//   #cell=<environment>/<case>    a cell's panel;  #case=<scenario::variant>  a case's view
//   #q=<token>                    the pasted error (encodeText below)
//   #from=<environment>&to=<environment>  the upgrade view
//   #group= #outcome= #flavour= #filter= #changing=1 #merge=1  the table's filters
// A link is input from anywhere: parse() never throws, check() keeps only what the page
// knows, so a link that cannot be read ("#env=%", a cut token) means the default view.
var KLink = (function () {
"use strict";
// format() writes the keys in this order: short ones first, the long pasted text last
var KEYS = ["env", "from", "to", "group", "outcome", "flavour", "filter", "changing", "merge", "case", "cell", "q"];
var FLAGS = { changing: 1, merge: 1 };
var TOKEN = /^[uz][A-Za-z0-9_-]*={0,2}$/;
var MAX_TEXT = 1 << 20;     // a decoded #q= stops here: a small link must not inflate into gigabytes

function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch (e) {   // URIError: a malformed escape
    return null;
  }
}
function encode(text) {   // readable: ids keep their / : @ ,
  return encodeURIComponent(String(text)).replace(/%(2F|3A|40|2C)/g, function (m) { return decodeURIComponent(m); });
}

function parse(hash) {
  var state = {};
  String(hash || "").replace(/^#/, "").split("&").forEach(function (part) {
    var eq = part.indexOf("="), key = eq > 0 ? part.slice(0, eq) : "";
    if (KEYS.indexOf(key) < 0 || Object.prototype.hasOwnProperty.call(state, key)) return;   // the first one counts
    var value = decode(part.slice(eq + 1));
    if (!value) return;
    if (FLAGS[key]) { if (value === "1") state[key] = true; return; }
    if (key === "q") { if (TOKEN.test(value)) state.q = value; return; }
    if (key === "cell") {        // environment ids have no "/", case ids may
      var slash = value.indexOf("/");
      if (slash > 0 && slash < value.length - 1) state.cell = { env: value.slice(0, slash), case: value.slice(slash + 1) };
      return;
    }
    state[key] = value;
  });
  return state;
}

function format(state) {
  var parts = [];
  KEYS.forEach(function (key) {
    var v = state ? state[key] : null;
    if (v === undefined || v === null || v === "" || v === false) return;
    if (FLAGS[key]) parts.push(key + "=1");
    else if (key === "cell") parts.push("cell=" + encode(v.env) + "/" + encode(v.case));
    else parts.push(key + "=" + (key === "q" ? v : encode(v)));
  });
  return parts.length ? "#" + parts.join("&") : "";
}

// What the page can show of a parsed link: known environments and cases, filter values its
// selects offer. known: {envs: {id: ...}, cases: {id: ...}, group: [values], outcome: [...], flavour: [...]}
function check(state, known) {
  var out = {}, envs = known.envs || {}, cases = known.cases || {};
  function has(map, id) { return typeof id === "string" && Object.prototype.hasOwnProperty.call(map, id); }
  if (has(envs, state.env)) out.env = state.env;
  if (has(envs, state.from) && has(envs, state.to) && state.from !== state.to) { out.from = state.from; out.to = state.to; }
  ["group", "outcome", "flavour"].forEach(function (key) {
    if (state[key] && (known[key] || []).indexOf(state[key]) >= 0) out[key] = state[key];
  });
  if (state.filter) out.filter = state.filter;
  if (state.changing) out.changing = true;
  if (state.merge) out.merge = true;
  if (state.cell && has(envs, state.cell.env) && has(cases, state.cell.case)) out.cell = state.cell;
  else if (has(cases, state.case)) out.case = state.case;
  if (state.q) out.q = state.q;
  return out;
}

function envFromHash(hash) { return parse(hash).env || null; }
function hashFor(envId) { return format({ env: envId }); }

// ------------------------------------------------- the pasted text in #q= ----
// "z" + base64url(deflate) where the browser has CompressionStream (a traceback shrinks to a
// quarter), else "u" + base64url(UTF-8): no library, works from file://. Both read everywhere a
// DecompressionStream exists; "u" everywhere. Both return promises (the streams are async).
var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
function toBase64url(bytes) {
  var out = "", i;
  for (i = 0; i + 2 < bytes.length; i += 3) {
    var n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  if (i < bytes.length) {
    var m = (bytes[i] << 16) | ((i + 1 < bytes.length ? bytes[i + 1] : 0) << 8);
    out += B64[m >> 18] + B64[(m >> 12) & 63] + (i + 1 < bytes.length ? B64[(m >> 6) & 63] : "");
  }
  return out;
}
function fromBase64url(text) {
  text = text.replace(/=+$/, "");
  if (text.length % 4 === 1 || /[^A-Za-z0-9_-]/.test(text)) return null;
  var bytes = new Uint8Array(Math.floor(text.length * 3 / 4)), acc = 0, bits = 0, k = 0;
  for (var i = 0; i < text.length; i++) {
    acc = (acc << 6) | B64.indexOf(text[i]);
    bits += 6;
    if (bits >= 8) { bits -= 8; bytes[k++] = (acc >> bits) & 255; }
  }
  return bytes;
}
function utf8(text) { return new TextEncoder().encode(text); }
function fromUtf8(bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (e) {   // not UTF-8: a damaged token
    return null;
  }
}
function readAll(stream, limit) {   // the bytes of a stream, or null past limit
  var reader = stream.getReader(), chunks = [], total = 0;
  function next() {
    return reader.read().then(function (r) {
      if (r.done) {
        var out = new Uint8Array(total), at = 0;
        chunks.forEach(function (c) { out.set(c, at); at += c.length; });
        return out;
      }
      total += r.value.length;
      if (total > limit) { reader.cancel().catch(function () {}); return null; }
      chunks.push(r.value);
      return next();
    });
  }
  return next();
}
function through(bytes, transform) { return new Blob([bytes]).stream().pipeThrough(transform); }

function encodeText(text) {
  var bytes = utf8(String(text));
  function plain() { return "u" + toBase64url(bytes); }
  if (typeof CompressionStream !== "function") return Promise.resolve(plain());
  try {
    return readAll(through(bytes, new CompressionStream("deflate")), Infinity).then(function (packed) {
      return packed.length < bytes.length ? "z" + toBase64url(packed) : plain();   // base64 grows both alike
    }, plain);
  } catch (e) {          // streams in part only (no Blob.stream): the plain form
    return Promise.resolve(plain());
  }
}
function decodeText(token) {
  if (typeof token !== "string" || !TOKEN.test(token)) return Promise.resolve(null);
  var bytes = fromBase64url(token.slice(1));
  if (!bytes) return Promise.resolve(null);
  if (token[0] === "u") return Promise.resolve(bytes.length > MAX_TEXT * 4 ? null : fromUtf8(bytes));
  if (typeof DecompressionStream !== "function") return Promise.resolve(null);   // a "z" link in an old browser
  try {
    return readAll(through(bytes, new DecompressionStream("deflate")), MAX_TEXT * 4).then(function (raw) {
      return raw ? fromUtf8(raw) : null;
    }, function () { return null; });   // not deflate, or cut short
  } catch (e) {
    return Promise.resolve(null);
  }
}

return { parse: parse, format: format, check: check, envFromHash: envFromHash, hashFor: hashFor,
         encodeText: encodeText, decodeText: decodeText, toBase64url: toBase64url, fromBase64url: fromBase64url,
         MAX_TEXT: MAX_TEXT };
})();
if (typeof module === "object" && module.exports) module.exports = KLink;
