// The error a person reads at the bottom of a pasted text, read as harness/runner/user_error.py
// reads an exception (read_text: the same wrappers, in the same order), for every exception
// of a printed chain; its frames. Pure (no DOM, no page state): the page inlines it, node
// loads it (module.exports): tests/test_search_reader.py runs it over every recorded
// traceback and compares it with the Python reader.
// Every input is bounded (LIMITS) and every pattern is linear: a paste can never freeze the tab.
var KReader = (function () {
"use strict";
var MAX_MESSAGE = 500;                       // harness/records.py MAX_MESSAGE
var LIMITS = { text: 4194304, line: 2000, before: 4000, head: 12000, tail: 12000, links: 8, link: 65536 };
var ANSI = /\x1b\[[0-9;]*m/g;
// TensorFlow's C++ and absl log lines ("2024-01-01 10:00:00.123: W ...", "W0000 00:00:1700000000.1 123 x.cc:9] ...")
var TF_LOG = /^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] |[IWEF]\d{4} \d\d:\d\d:\d+\.\d+ |WARNING:|INFO:)/;
var HEADER = "Traceback (most recent call last):";
var IPY_HEADER = /^[A-Za-z_][\w.]* +Traceback \(most recent call last\)$/;
var CHAIN = ["The above exception was the direct cause of the following exception:",
             "During handling of the above exception, another exception occurred:"];
var ERROR_LINE = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?::(?: (.*))?)?$/;
// autograph's frame lines (trimmed): 'File "x.py", line 5, in f  *' (TF 2.5+), 'x.py:5 f  *' (TF 2.2-2.4)
var FRAME = /^(?:File "[^"]*", line \d+, in \S+|(?:[A-Za-z]:)?[^\s:]+:\d+ \S+)(?:\s+\*{1,2})?$/;
// IPython's frame and source lines, at column 0 ("Cell In[2], line 5", "File x.py:12, in f(a)", "----> 5 x")
var IPY_FRAME = /^(?:Cell In ?\[\d*\], line \d+|File \S[^\n]*:\d+, in |<ipython-input-[^>]*> in |\S+\.py in \S+\(|-*> ?\d+ )/;
var KERAS_HISTORY = /^(?:type object )?'?[\w.<>\[\] ]+?'? (?:object )?has no attribute '?_keras_history\b/;
var AUTOGRAPH_HEADS = ["in user code:", "in converted code:"];
var KERAS_CALL_HEAD = "Exception encountered when calling";
var KERAS_CALL_ARGS = /^\s*(?:Call arguments received|Arguments received)\b/;
var KERAS_INFER_HEAD = "Could not automatically infer the output shape / dtype of";
var ERROR_ENCOUNTERED = "Error encountered:";
// Keras 3: "<class 'X'> could not be deserialized properly ..."; tf.keras 2.13-2.15 and Keras 3's
// legacy .h5/JSON loader: "Error when deserializing class 'Dense' using config={...}" (user_error.py)
var DESERIALIZE_HEAD = /^<class '[\w.<>]+'> could not be deserialized properly\b|^Error when deserializing class '[\w.]+' using config=/;
var EXCEPTION_ENCOUNTERED = "Exception encountered: ";
var GRAPH_HEAD = "Graph execution error:";
var TF_OP_ERRORS = ("OpError UnknownError InvalidArgumentError InternalError FailedPreconditionError AbortedError " +
  "NotFoundError ResourceExhaustedError UnimplementedError CancelledError OutOfRangeError DataLossError " +
  "PermissionDeniedError UnauthenticatedError AlreadyExistsError DeadlineExceededError UnavailableError").split(" ");
var OP_PREFIXES = [/^\{\{function_node [^}]*\}\}\s*/,
                   /^Error in user-defined function passed to .*?: (?=[A-Za-z_]\w*(?:Error|Exception): )/];

function isBlank(l) { return !l || !l.trim(); }
function indentOf(l) { return l.length - l.replace(/^\s+/, "").length; }
function looksLikeException(name) {
  var s = name.split(".").pop();
  return /^[A-Z]/.test(s) && (/(?:Error|Exception|Exit|Interrupt|Warning|Iteration)$/.test(s) || s === "NotApplicable");
}
function exceptionLine(line) {              // [type, message] of "pkg.SomeError: message", or null
  var m = ERROR_LINE.exec(line.trim());
  return m && looksLikeException(m[1]) ? [m[1], m[2] || ""] : null;
}
// The printed exception's own line: the runner knows the class (type(exc).__name__), the page
// reads it, private classes included ("_SymbolicException: ..."); inside a message only what
// user_error.py unwraps counts (exceptionLine).
function topExceptionLine(line) {
  var m = ERROR_LINE.exec(line.trim());
  return m && looksLikeException(m[1].replace(/(^|\.)_+(?=[A-Z]\w*$)/, "$1")) ? [m[1], m[2] || ""] : null;
}
function firstLine(lines) { for (var i = 0; i < lines.length; i++) if (!isBlank(lines[i])) return lines[i].trim(); return ""; }
function firstIndex(lines) { for (var i = 0; i < lines.length; i++) if (!isBlank(lines[i])) return i; return 0; }
function dedent(lines) {
  var width = Infinity;
  lines.forEach(function (l) { if (!isBlank(l)) width = Math.min(width, indentOf(l)); });
  return lines.map(function (l) { return l.slice(width === Infinity ? 0 : width); });
}
function shortType(name) { return name.split(".").pop(); }

// ---- the wrappers, as in harness/runner/user_error.py (same names, same order) ----
function unwrapAutograph(lines) {
  var last = null, i, base = null;
  for (i = 0; i < lines.length; i++) if (/^\s/.test(lines[i]) && FRAME.test(lines[i].trim())) last = i;
  for (i = last === null ? 1 : last + 1; i < lines.length; i++) {
    var line = lines[i];
    if (isBlank(line)) continue;
    if (last !== null && base === null && indentOf(line) > indentOf(lines[last])) continue;   // the frame's source line
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
  var body = [];
  for (var i = 1; i < lines.length && !KERAS_CALL_ARGS.test(lines[i]); i++) body.push(lines[i]);
  while (body.length && isBlank(body[0])) body.shift();
  return body.length ? body : null;
}
function unwrapOpError(lines) {
  var first = lines[0].trim();
  OP_PREFIXES.forEach(function (p) { first = first.replace(p, ""); });
  var m = ERROR_LINE.exec(first);
  return m && looksLikeException(m[1]) && m[2] ? { type: m[1], lines: [m[2]].concat(lines.slice(1)) } : null;
}
function unwrapKerasInfer(lines) {
  for (var i = 0; i < lines.length; i++) {
    var t = lines[i].trim();
    if (t.slice(-ERROR_ENCOUNTERED.length) === ERROR_ENCOUNTERED) {
      var body = lines.slice(i + 1);
      while (body.length && isBlank(body[0])) body.shift();
      return body.length ? body : null;
    }
  }
  return null;
}
function unwrapDeserialize(lines) {
  for (var i = 0; i < lines.length; i++) {
    if (lines[i].indexOf(EXCEPTION_ENCOUNTERED) === 0) return [lines[i].slice(EXCEPTION_ENCOUNTERED.length)].concat(lines.slice(i + 1));
  }
  return null;
}
function unwrapGraph(lines) {
  var body = lines.slice(1), i;
  for (i = 0; i < body.length; i++) if (body[i].indexOf("Detected at node") === 0) { body = body.slice(i + 1); break; }
  for (i = 0; i < body.length; i++) {
    var l = body[i];
    if (!isBlank(l) && !/^\s/.test(l) && l.indexOf("<stack traces") !== 0 && l.indexOf("Node:") !== 0 && l.indexOf("[[") !== 0) {
      return body.slice(i);
    }
  }
  return null;
}

// user_error.read_text(raised, text): the error the user reads inside an exception of class
// `raised` whose message is `lines`; message: its first line, at most MAX_MESSAGE characters.
function readText(raised, lines) {
  var type = raised, wrappers = [], open = null;
  for (var n = 0; n < 8; n++) {
    var head = firstLine(lines), name = null, found = null, body = null;
    if (AUTOGRAPH_HEADS.indexOf(head) >= 0) {
      found = unwrapAutograph(lines);
      if (found) { name = "autograph"; type = shortType(found.type); lines = found.lines; }
    } else if (head.indexOf(KERAS_CALL_HEAD) === 0) {
      body = unwrapKerasCall(lines.slice(firstIndex(lines)));
      if (body) { name = "keras_call"; lines = body; }
    } else if (head.indexOf(KERAS_INFER_HEAD) === 0) {
      body = unwrapKerasInfer(lines.slice(firstIndex(lines)));
      if (body) { name = "keras_infer"; lines = body; }
    } else if (DESERIALIZE_HEAD.test(head)) {
      body = unwrapDeserialize(lines);
      if (body) { name = "keras_deserialize"; lines = body; }
    } else if (head === GRAPH_HEAD) {
      body = unwrapGraph(lines);
      if (body) { name = "graph_execution"; lines = body; }
    } else if (TF_OP_ERRORS.indexOf(type) >= 0) {
      found = unwrapOpError(lines.filter(function (l) { return !isBlank(l); }));
      if (found) { name = "op_error"; type = shortType(found.type); lines = found.lines; }
    }
    if (name === null) { open = wrapperHead(head); break; }
    wrappers.push(name);
  }
  var message = firstLine(lines).slice(0, MAX_MESSAGE);
  return { type: type, message: message, wrappers: wrappers,
           keras_history: type === "AttributeError" && KERAS_HISTORY.test(message), unopened: open };
}
// A wrapper whose inner error is not in the text (only its head was pasted): the error is inside it.
function wrapperHead(head) {
  if (AUTOGRAPH_HEADS.indexOf(head) >= 0) return "autograph";
  if (head.indexOf(KERAS_CALL_HEAD) === 0) return "keras_call";
  if (head.indexOf(KERAS_INFER_HEAD) === 0) return "keras_infer";
  if (DESERIALIZE_HEAD.test(head)) return "keras_deserialize";
  if (head === GRAPH_HEAD) return "graph_execution";
  return null;
}

// ---- bounding: the last links of the chain, each its last LIMITS.link characters; lines cut to
// LIMITS.line; then, in each link, a few KB of frames, the head and the tail of its error ----
function preBound(text) {
  if (text.length > LIMITS.text) {               // huge: its last few MB; one huge last line: its head
    var tail = text.slice(-LIMITS.text), nl = tail.indexOf("\n");
    if (nl >= 0) {
      text = tail.slice(nl + 1);
    } else {
      var start = text.lastIndexOf("\n") + 1, above = text.slice(Math.max(0, start - LIMITS.link), start);
      text = above.slice(above.indexOf("\n") + 1) + text.slice(start, start + LIMITS.line);
    }
  }
  if (text.length <= LIMITS.link) return text;
  var cuts = [0], i;
  CHAIN.forEach(function (sep) {
    for (i = text.indexOf(sep); i >= 0; i = text.indexOf(sep, i + 1)) cuts.push(i);
  });
  cuts.sort(function (a, b) { return a - b; });
  var out = [];
  cuts.slice(-LIMITS.links).forEach(function (start, k, all) {
    var end = k + 1 < all.length ? all[k + 1] : text.length;
    var from = Math.max(start, text.lastIndexOf("\n", end - LIMITS.link) + 1);   // whole lines (cut later to LIMITS.line)
    var head = text.slice(start, text.indexOf("\n", start) + 1 || end);
    out.push((from > start && CHAIN.indexOf(head.trim()) >= 0 ? head : "") + text.slice(from, end));
  });
  return out.join("\n");
}
function cleanLines(text) {
  return preBound(String(text || "")).replace(ANSI, "").replace(/\r\n?/g, "\n").split("\n")
    .filter(function (l) { return !TF_LOG.test(l); })
    .map(function (l) { return l.length > LIMITS.line ? l.slice(0, LIMITS.line) : l; });
}
function splitChain(lines) {                 // the links, first printed first; at most LIMITS.links (the last ones)
  var links = [], start = 0;
  for (var i = 0; i < lines.length; i++) {
    if (CHAIN.indexOf(lines[i].trim()) >= 0) { links.push(lines.slice(start, i)); start = i + 1; }
  }
  links.push(lines.slice(start));
  return links.slice(-LIMITS.links);
}
function keepChars(lines, from, step, budget) {  // indexes from `from` walking by `step` while within budget
  var out = [], used = 0;
  for (var i = from; i >= 0 && i < lines.length && used < budget; i += step) { out.push(i); used += lines[i].length + 1; }
  return out;
}
function isFrameLine(l) { return /^\s/.test(l) ? FRAME.test(l.trim()) || /^\s+File "/.test(l) : IPY_FRAME.test(l); }
// Where a link's exception starts: after the last real traceback header (Python's, followed
// directly by an indented frame; or IPython's), the first line at column 0 that names an
// exception, else the first that is not a frame. A traceback printed into the middle of it by
// a C++ log line (a header followed by a blank line) is skipped up to its own error line.
function isRealHeader(lines, i) {              // (or directly followed by the embedded one a log line printed)
  return lines[i] === HEADER && i + 1 < lines.length && (/^\s+\S/.test(lines[i + 1]) || lines[i + 1] === HEADER);
}
function afterHeader(lines, header) {
  var plain = -1, i;
  for (i = header + 1; i < lines.length; i++) {
    var l = lines[i];
    if (isBlank(l) || /^\s/.test(l) || IPY_FRAME.test(l)) continue;
    if (l === HEADER) {                           // an embedded traceback: up to its error line
      while (i + 1 < lines.length && (/^\s/.test(lines[i + 1]) || isBlank(lines[i + 1]) || !topExceptionLine(lines[i + 1]))) i++;
      i++;
      continue;
    }
    if (topExceptionLine(l)) return i;
    if (plain < 0) plain = i;
  }
  return plain;
}
function blockStart(lines) {
  var header = -1, i;
  for (i = 0; i < lines.length; i++) if (isRealHeader(lines, i) || IPY_HEADER.test(lines[i].trim())) header = i;
  if (header >= 0) return afterHeader(lines, header);
  var lastFrame = -1;                           // no header: after the last frame, else anywhere
  for (i = 0; i < lines.length; i++) if (isFrameLine(lines[i])) lastFrame = i;
  for (i = lastFrame + 1; i < lines.length; i++) if (!/^\s/.test(lines[i]) && topExceptionLine(lines[i])) return i;
  for (i = lastFrame + 1; i < lines.length; i++) if (!isBlank(lines[i]) && !/^\s/.test(lines[i])) return i;
  return -1;
}
// One link, bounded: a few KB of frames before its error, the head and the tail of the error.
function boundLink(lines) {
  var start = blockStart(lines);
  if (start < 0) start = firstIndex(lines);
  var keep = {}, mark = function (i) { keep[i] = 1; };
  keepChars(lines, start - 1, -1, LIMITS.before).forEach(mark);
  keepChars(lines, start, 1, LIMITS.head).forEach(mark);
  keepChars(lines, lines.length - 1, -1, LIMITS.tail).forEach(function (i) { if (i >= start) mark(i); });
  var before = [], block = [];
  Object.keys(keep).map(Number).sort(function (a, b) { return a - b; }).forEach(function (i) {
    (i < start ? before : block).push(lines[i]);
  });
  return { frames: before, block: block };
}
function readLink(link) {
  var b = boundLink(link), block = b.block;
  var m = block.length ? topExceptionLine(block[0]) : null;
  var read;
  if (m) {
    read = readText(shortType(m[0]), [m[1]].concat(block.slice(1)));
  } else {                                      // no type: the text itself (a message typed without it)
    var text = block.filter(function (l) { return !isBlank(l); });
    var inner = text.length && text[0].trim().indexOf(EXCEPTION_ENCOUNTERED) === 0;   // Keras 3's last printed line
    if (inner) text[0] = text[0].trim().slice(EXCEPTION_ENCOUNTERED.length);
    read = readText(null, text);
    var again = topExceptionLine(read.message) || (inner ? null : inlineError(text));
    if (again && again[1]) read = readText(shortType(again[0]), [again[1]]);
    else if (!inner && !knownFamily(read.message)) {
      var line = familyLine(text);                // prose or code around a message typed without its type
      if (line) read = readText(null, [line]);
    }
    if (inner) read.wrappers.unshift("keras_deserialize");
  }
  var f = framesOf(b.frames);
  read.frameLines = b.frames;
  read.blockLines = block;
  read.raise = f.raise;
  read.entry = f.entry;
  return read;
}

// A message pasted without its type, amid code or prose ("ResourceVariable' object has no attribute
// 'overwrite_with_gradient", under the code that raised it): the last line that reads as an error
// of a known family (a missing attribute, an unknown object, a missing module...), not the first
// line of the paste.
function normaliser() { return typeof KNormalise !== "undefined" ? KNormalise : require("./normalise.js"); }
function knownFamily(message) { return normaliser().namedFamily(message); }
function familyLine(lines) {
  for (var i = lines.length - 1; i >= 0; i--) {
    var line = lines[i].trim();
    if (line.length < 400 && knownFamily(line)) return line;
  }
  return null;
}
// An error quoted inside prose or a code comment, when no line of the paste starts with one:
// 'giving the error of "ValueError: Unknown activation function: LeakyReLU" using this model',
// '#ModuleNotFoundError: No module named 'keras.wrappers''. The last one quoted; a message that
// opened with a quote ends where it closes.
var INLINE_ERROR = /(?:^|[\s"'`(#])([A-Za-z_]\w{0,60}(?:Error|Exception)): (\S.*)$/;
function inlineError(lines) {
  for (var i = lines.length - 1; i >= 0; i--) {
    var line = lines[i].trim(), m = INLINE_ERROR.exec(line);
    if (!m || !looksLikeException(m[1])) continue;
    var before = line.charAt(m.index), message = m[2];
    if (before === '"' || before === "`" || before === "(") {
      var end = message.indexOf(before === "(" ? ")" : before);
      if (end > 0) message = message.slice(0, end);
    }
    return [m[1], message.replace(/[\s.,;]+$/, "")];
  }
  return null;
}

// Every exception a person reads in a pasted text: the last one printed first, then the links
// above it ("The above exception was the direct cause..." / "During handling..."), each looked
// through its wrappers. chain[0] is what the runner records for the same run.
function readPasted(text) {
  var links = splitChain(cleanLines(text)).map(readLink).reverse();
  links = links.filter(function (r, i) { return i === 0 || r.type || r.message; });
  var top = links[0], frames = framesOf(top.frameLines, top.blockLines);
  links.forEach(function (r) { delete r.frameLines; delete r.blockLines; });
  return { type: top.type, message: top.message, wrappers: top.wrappers, keras_history: top.keras_history,
           unopened: top.unopened, chain: links, frames: frames };
}

// The frames before an error (Python's and IPython's listings):
// names: file and function names; entry: where the innermost user code called into a
// library ("file:function"), or "(user code)" when the error was raised in user code;
// raise: the innermost frame ("file:function"), where the error was raised;
// call: the shape of that user code line ("n = tf.n(n)"), names and literals blanked.
var LIB_PATH = /site-packages|dist-packages|[\\\/]lib[\\\/]python\d/i;
var FRAME_LINE = /^\s*File "([^"]*)", line \d+, in (\S+)|^\s+(\S+\.py):\d+ (\S+)|^File (\S+\.py):\d+, in (\w+)/;
var KEEP_NAMES = { tf: 1, keras: 1, K: 1, np: 1, layers: 1, ops: 1, backend: 1, Model: 1, Input: 1, Lambda: 1,
                   "return": 1, lambda: 1, "for": 1, "in": 1, "if": 1, "else": 1, "not": 1, "and": 1, "or": 1 };
function callShape(line) {
  return String(line || "").trim().slice(0, 300).replace(/'[^']*'|"[^"]*"/g, "s").replace(/\b\d[\d.]*\b/g, "0")
    .replace(/[A-Za-z_]\w*/g, function (w) { return KEEP_NAMES[w] ? w : "n"; }).replace(/\s+/g, " ");
}
// The API the user's line calls first, with its namespace: `model = keras.models.load_model(p)` ->
// "keras load_model", `model.fit(x, y)` -> " fit" (a user object: no namespace), `h = tf.square(h)`
// -> "tf square", `K.sum(x)` -> "backend sum" (how they reached the error).
var FIRST_CALL = /([A-Za-z_][\w.]*)\s*\(/;
var NAMESPACES = { tf: "tf", np: "np", numpy: "np", K: "backend", backend: "backend", keras: "keras",
                   layers: "keras", ops: "keras", models: "keras" };
function firstCall(line) {
  var m = FIRST_CALL.exec(String(line || "").slice(0, 300));
  if (!m) return "";
  var parts = m[1].split(".");
  return (parts.length > 1 && NAMESPACES[parts[0]] || "") + " " + parts[parts.length - 1];
}
// The frame lines of a listing: {key: "file:function", file, fn, lib, code: the line under it}.
function frameList(lines) {
  var list = [];
  for (var i = 0; i < lines.length; i++) {
    var m = FRAME_LINE.exec(lines[i]);
    if (!m) continue;
    var path = m[1] || m[3] || m[5], fn = (m[2] || m[4] || m[6]).toLowerCase(), file = path.split(/[\\\/]/).pop().toLowerCase();
    var code = i + 1 < lines.length && !FRAME_LINE.test(lines[i + 1]) ? lines[i + 1] : "";
    list.push({ key: file + ":" + fn, file: file, fn: fn, lib: LIB_PATH.test(path), code: code });
  }
  return list;
}
function innermostUser(list) {               // the index of the innermost user frame, or -1
  for (var k = list.length - 1; k >= 0; k--) if (!list[k].lib) return k;
  return -1;
}
function framesOf(lines, inside) {
  var list = frameList(lines), names = {};
  list.forEach(function (f) { names[f.file] = 1; names[f.fn] = 1; });
  var k = innermostUser(list), entry = null, call = "";
  if (k >= 0) {
    entry = k + 1 < list.length ? list[k + 1].key : "(user code)";
    call = callShape(list[k].code);
  }
  // api: what the innermost user line calls first, counting the user frames a wrapper prints
  // inside the message (autograph's "in user code:"): `v = tf.Variable(2.0)` -> "tf Variable"
  var inner = frameList(inside || []), j = innermostUser(inner);
  var api = j >= 0 ? firstCall(inner[j].code) : k >= 0 ? firstCall(list[k].code) : "";
  return { names: names, entry: entry, call: call, api: api, raise: list.length ? list[list.length - 1].key : null };
}
// The frames of the last exception printed in a text (a recorded traceback tail, a paste).
function framesIn(text) { var b = boundLink(splitChain(cleanLines(text)).pop()); return framesOf(b.frames, b.block); }

return { readPasted: readPasted, readText: readText, framesIn: framesIn, looksLikeException: looksLikeException,
         LIMITS: LIMITS, MAX_MESSAGE: MAX_MESSAGE };
})();
if (typeof module === "object" && module.exports) module.exports = KReader;
