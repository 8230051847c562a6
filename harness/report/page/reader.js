// The error a person reads at the bottom of a pasted text (as harness/runner/user_error.py
// reads an exception): the last traceback's final block, its type and message, wrappers
// looked through, its frames; and a message as a comparable signature. Pure (no DOM, no
// page state): the page inlines it and tests load it in node (module.exports).
var KReader = (function () {
"use strict";
var ANSI = /\x1b\[[0-9;]*m/g;
var TF_LOG = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] |[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ |WARNING:|INFO:)/;
var ERROR_LINE = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?::(?: (.*))?)?$/;
var FRAME = /^\s+(File ".*", line \d+, in \S+|\S+:\d+ \S+)(\s+\*{1,2})?\s*$/;
var KERAS_HISTORY = /^(?:type object )?'?([\w.<>\[\] ]+?)'? object has no attribute '_keras_history'/;
var AUTOGRAPH_HEADS = ["in user code:", "in converted code:"];
var KERAS_CALL_ARGS = /^\s*(Call arguments received|Arguments received)\b/;

function looksLikeException(name) {
  var s = name.split(".").pop();
  return /^[A-Z]/.test(s) && (/(Error|Exception|Exit|Interrupt|Warning|Iteration)$/.test(s) || s === "NotApplicable");
}
function firstLine(lines) { for (var i = 0; i < lines.length; i++) if (lines[i].trim()) return lines[i].trim(); return ""; }
function dedent(lines) {
  var width = Infinity;
  lines.forEach(function (l) { if (l.trim()) width = Math.min(width, l.length - l.replace(/^\s+/, "").length); });
  return lines.map(function (l) { return l.slice(width === Infinity ? 0 : width); });
}
function unwrapAutograph(lines) {           // harness/runner/user_error.py _unwrap_autograph
  var last = null, i;
  for (i = 0; i < lines.length; i++) if (FRAME.test(lines[i])) last = i;
  var base = null, indentOf = function (l) { return l.length - l.replace(/^\s+/, "").length; };
  for (i = last === null ? 1 : last + 1; i < lines.length; i++) {
    var line = lines[i];
    if (!line.trim()) continue;
    if (last !== null && base === null && indentOf(line) > indentOf(lines[last])) continue;
    var m = ERROR_LINE.exec(line.trim());
    if (m && looksLikeException(m[1])) {
      var body = dedent(lines.slice(i));
      body[0] = m[2] || "";
      return { type: m[1], lines: body };
    }
    base = indentOf(line);
  }
  return null;
}
function unwrapKerasCall(lines) {
  var body = [], start = 0;
  while (start < lines.length && !lines[start].trim()) start++;
  for (var i = start + 1; i < lines.length; i++) { if (KERAS_CALL_ARGS.test(lines[i])) break; body.push(lines[i]); }
  while (body.length && !body[0].trim()) body.shift();
  return body.length ? body : null;
}
function unwrapEmbedded(lines) {
  lines = lines.filter(function (l) { return l.trim(); });
  if (!lines.some(function (l) { return l.indexOf("Traceback (most recent call last):") === 0; })) return null;
  var m = ERROR_LINE.exec(lines[0].trim());
  return m && looksLikeException(m[1]) && m[2] ? { type: m[1], lines: [m[2]] } : null;
}
function unwrapGraph(lines) {
  var body = lines.slice(1).filter(function (l) {
    var t = l.trim();
    return t && t.indexOf("[[") !== 0 && t.indexOf("Detected at node") !== 0 && !/^\s/.test(l) && l.indexOf("Node:") !== 0;
  });
  return body.length ? body.slice(-1) : null;
}

// The frames of the last traceback in a text (Python's and autograph's listings):
// names: file and function names; entry: where the innermost user code called into a
// library ("file:function"), or "(user code)" when the error was raised in user code;
// call: the shape of that user code line ("n = tf.n(n)"), names and literals blanked.
var LIB_PATH = /site-packages|dist-packages|[\\/]lib[\\/]python\d/i;
var FRAME_LINE = /^\s*File "([^"]*)", line \d+, in (\S+)|^\s+(\S+\.py):\d+ (\S+)/;
var KEEP_NAMES = { tf: 1, keras: 1, K: 1, np: 1, layers: 1, ops: 1, backend: 1, Model: 1, Input: 1, Lambda: 1,
                   "return": 1, lambda: 1, "for": 1, "in": 1, "if": 1, "else": 1, "not": 1, "and": 1, "or": 1 };
function callShape(line) {
  return String(line || "").trim().replace(/'[^']*'|"[^"]*"/g, "s").replace(/\b\d[\d.]*\b/g, "0")
    .replace(/[A-Za-z_]\w*/g, function (w) { return KEEP_NAMES[w] ? w : "n"; }).replace(/\s+/g, " ");
}
function framesIn(text) {
  var at = text.lastIndexOf("Traceback (most recent call last):");
  if (at > 0) text = text.slice(at);
  var lines = text.split("\n"), list = [], names = {};
  for (var i = 0; i < lines.length; i++) {
    var m = FRAME_LINE.exec(lines[i]);
    if (!m) continue;
    var path = m[1] || m[3], fn = (m[2] || m[4]).toLowerCase(), file = path.split(/[\\/]/).pop().toLowerCase();
    var code = i + 1 < lines.length && !FRAME_LINE.test(lines[i + 1]) ? lines[i + 1] : "";
    list.push({ key: file + ":" + fn, lib: LIB_PATH.test(path), code: code });
    names[file] = 1; names[fn] = 1;
  }
  var entry = null, call = "";
  for (var k = list.length - 1; k >= 0; k--) {
    if (!list[k].lib) {
      entry = k + 1 < list.length ? list[k + 1].key : "(user code)";
      call = callShape(list[k].code);
      break;
    }
  }
  return { names: names, entry: entry, call: call };
}

// The error a person reads at the bottom of what they pasted: the last traceback's
// final block, its type and message, wrappers looked through (as the runner does).
function readPasted(text) {
  var lines = String(text || "").replace(ANSI, "").replace(/\r/g, "").split("\n")
    .filter(function (l) { return !TF_LOG.test(l); });
  var start = -1, i;
  for (i = 0; i < lines.length; i++) if (lines[i].indexOf("Traceback (most recent call last):") === 0) start = i;
  var frames = framesIn(lines.join("\n"));
  var block = null;
  if (start >= 0) {
    for (i = start + 1; i < lines.length; i++) if (lines[i] && !/^\s/.test(lines[i])) { block = lines.slice(i); break; }
  }
  if (!block) {     // no traceback header: the first line that names an error, else the text itself
    for (i = 0; i < lines.length && !block; i++) {
      var t = ERROR_LINE.exec(lines[i].trim());
      if (t && looksLikeException(t[1]) && !/^\s/.test(lines[i])) block = lines.slice(i);
    }
    block = block || lines.filter(function (l) { return l.trim(); });
  }
  var type = null, msg = block.slice(), m = ERROR_LINE.exec((block[0] || "").trim());
  if (m && looksLikeException(m[1])) { type = m[1].split(".").pop(); msg = [m[2] || ""].concat(block.slice(1)); }
  var wrappers = [];
  for (var n = 0; n < 8; n++) {
    var head = firstLine(msg), found = null, body = null;
    if (AUTOGRAPH_HEADS.indexOf(head) >= 0) {
      found = unwrapAutograph(msg);
      if (found) { wrappers.push("autograph"); type = found.type.split(".").pop(); msg = found.lines; continue; }
    } else if (head.indexOf("Exception encountered when calling") === 0) {
      body = unwrapKerasCall(msg);
      if (body) { wrappers.push("keras_call"); msg = body; continue; }
    } else if (head === "Graph execution error:") {
      body = unwrapGraph(msg);
      if (body) { wrappers.push("graph_execution"); msg = body; continue; }
    } else {
      found = unwrapEmbedded(msg);
      if (found) { wrappers.push("op_error"); type = found.type.split(".").pop(); msg = found.lines; continue; }
    }
    break;
  }
  var message = firstLine(msg);
  if (type === null) {     // "SomeError: ..." typed without the traceback
    var again = ERROR_LINE.exec(message);
    if (again && looksLikeException(again[1]) && again[2]) { type = again[1].split(".").pop(); message = again[2]; }
  }
  return { type: type, message: message, wrappers: wrappers, frames: frames };
}

// A message as a comparable signature: addresses, shapes, quoted names, node names
// and numbers become placeholders; the _keras_history AttributeError is one signature
// whatever the tensor class is called (Tensor, SymbolicTensor, KerasTensor, EagerTensor).
function normalise(message) {
  var m = String(message || "").trim(), kh = KERAS_HISTORY.exec(m);
  if (kh) {
    var cls = kh[1].split(".").pop();
    return { kh: /Tensor$/.test(cls) ? "tensor" : cls.toLowerCase(), text: "<keras_history>", tokens: ["<keras_history>"] };
  }
  m = m.replace(/0x[0-9a-fA-F]+/g, " addr ")
    .replace(/<[^<>]*>/g, " obj ")
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, " name ")
    .replace(/\b[A-Za-z]*[a-z][A-Z]\w*|\b[A-Za-z]\w*_\w*/g, " name ")      // CamelCase, snake_case: identifiers
    .replace(/:\s*[A-Z]\w*/g, ": name ")                                       // "Unknown layer: Doubler"
    .replace(/[\[(]\s*(?:None|\d+|\?)?(?:\s*,\s*(?:None|\d+|\?))*\s*,?\s*[\])]/g, " shape ")
    .replace(/[\[(][^()\[\]]*[\/:][^()\[\]]*[\])]/g, " node ")
    .replace(/\b[\w.]*\d[\w.]*\b/g, " num ")
    .replace(/\s+/g, " ").trim().toLowerCase();
  var tokens = m.split(/[^a-z0-9_<>]+/).filter(function (t) { return t.length > 1; });
  return { kh: null, text: m, tokens: tokens };
}

var corpus = null;    // built at the first search

return { readPasted: readPasted, normalise: normalise, framesIn: framesIn, looksLikeException: looksLikeException };
})();
if (typeof module === "object" && module.exports) module.exports = KReader;
