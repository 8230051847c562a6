// An error message as a comparable signature: what identifies the error is kept (its type,
// the missing attribute and its module or object kind, the class that could not be located,
// the keyword that was not recognised, library classes), what varies between runs is dropped
// (addresses, shapes, numbers, paths, node, tensor and layer names, the user's own class and
// function names). Two errors are the SAME error when their type and key are equal. Pure (no
// DOM): the page inlines it, node loads it (module.exports). One scan, no backtracking
// patterns, at most MAX characters: linear in the message.
var KNormalise = (function () {
"use strict";
var MAX = 500;                                // harness/records.py MAX_MESSAGE
function set(words) { var s = {}; words.split(/\s+/).forEach(function (w) { if (w) s[w.toLowerCase()] = 1; }); return s; }
// Classes kept by name: Python's and NumPy's types, TensorFlow's and Keras' own classes.
var BUILTIN = set("int str float bool dict list tuple set frozenset NoneType function method builtin_function_or_method " +
  "module type object bytes complex range generator property ndarray float64 float32 int64 int32 dict_keys dict_values");
var LIBRARY = set(
  "Adam SGD RMSprop Adagrad Adadelta Adamax Nadam Ftrl AdamW Lion Optimizer OptimizerV2 LossScaleOptimizer TFOptimizer " +
  "Variable RefVariable ResourceVariable AutoCastVariable UninitializedVariable MirroredVariable KerasVariable " +
  "Operation Graph Session Node Dimension TensorShape TensorSpec DType Dataset DatasetV1 DatasetV2 DatasetV1Adapter " +
  "BatchDataset PrefetchDataset MapDataset TensorSliceDataset ParallelMapDataset History Callback ModelCheckpoint " +
  "EarlyStopping TensorBoard LearningRateScheduler ReduceLROnPlateau LambdaCallback CallbackList ProgbarLogger " +
  "InputLayer Input Dense Conv1D Conv2D Conv3D Conv2DTranspose SeparableConv2D DepthwiseConv2D MaxPooling2D " +
  "AveragePooling2D GlobalAveragePooling2D GlobalMaxPooling2D Flatten Reshape Dropout BatchNormalization " +
  "LayerNormalization Embedding LSTM GRU SimpleRNN Bidirectional TimeDistributed Attention MultiHeadAttention " +
  "Activation Concatenate Add Multiply Subtract Average Maximum Lambda TFOpLambda SlicingOpLambda TFSMLayer " +
  "KerasLayer Rescaling Normalization TextVectorization StringLookup IntegerLookup Masking ZeroPadding2D " +
  "UpSampling2D Cropping2D Permute RepeatVector GaussianNoise LeakyReLU ReLU PReLU ELU Softmax " +
  "Loss LossFunctionWrapper MeanSquaredError BinaryCrossentropy CategoricalCrossentropy " +
  "SparseCategoricalCrossentropy Metric Mean MeanMetricWrapper Accuracy SparseCategoricalAccuracy AUC " +
  "DTypePolicy Policy Functional Sequential Model Network Layer HDF5 JSON TensorFlow NumPy JAX PyTorch Keras " +
  "GradientTape KerasTensor EagerTensor SymbolicTensor RaggedTensor SparseTensor IndexedSlices Tensor Tracer " +
  "Graph FuncGraph ConcreteFunction Function PolymorphicFunction NotImplementedError TypeError ValueError");
var MODELS = set("Model Sequential Functional Network");
// The optimizer a user picked is their choice, not the error ("... e.g.,
// tf.keras.optimizers.legacy.Adam" and "...legacy.SGD" are one message).
var OPTIMIZERS = set("Adam SGD RMSprop Adagrad Adadelta Adamax Nadam Ftrl AdamW Lion");
// Keras 2 renamed by its fork: "the new TF-Keras optimizer" is "the new Keras optimizer".
var KERAS_NAMES = set("tf-keras tf_keras tf.keras");
// Wording raised for many causes (Python's own, a tensor used as a bool, Keras 3's Lambda shape
// inference that swallows whatever the function raised, "Shapes (a) and (b) are incompatible" from
// any shape mismatch): the same words are the same error only where they were raised at the same place,
// reached the same way.
var GENERIC = /as a Python `bool` is not allowed|could not automatically infer the shape of the Lambda|^Shapes \S.* are incompatible|^Cannot convert a symbolic (?:tf\.)?Tensor|index out of range|^cannot unpack|^unhashable type|not supported between instances|object is not (?:subscriptable|callable|iterable)|^unsupported operand|argument must be|returned non-|^can only concatenate|has no len\(\)|^maximum recursion|division by zero|^too many values to unpack|^not enough values to unpack/;

function lastPart(name) { var p = name.split("."); return p[p.length - 1]; }
function classKind(name) {                    // a class as the key keeps it
  var n = lastPart(String(name).replace(/^<|>$/g, "")), low = n.toLowerCase();
  if (/^(?:tf\.)?Tensor$|^(?:Eager|Symbolic|Keras|_Deferred)Tensor$|Tracer$|^ArrayImpl$/.test(n) || low === "tensor") return "tensor";
  if (MODELS[low]) return "model";
  if (OPTIMIZERS[low]) return "optimizer";
  if (BUILTIN[low] || LIBRARY[low]) return low;
  return null;                                // the user's own class
}
// A module without its private and API-version segments: 'tensorflow.keras.backend',
// 'keras.api._v2.keras.backend' and 'keras.backend' are all 'backend'.
var ROOTS = set("tensorflow tensorflow_core keras tf_keras tf"), SKIP = set("api src python v2 _v2 internal");
function moduleKey(name) {
  var parts = String(name).split(".").filter(function (p) { return p && p.charAt(0) !== "_" && !SKIP[p.toLowerCase()]; });
  while (parts.length > 1 && ROOTS[parts[0].toLowerCase()]) parts.shift();
  return parts.join(".").toLowerCase();
}
function names(text) {                        // the quoted names in a dict / list repr, sorted
  var out = [], re = /'([^']*)'/g, m;
  while ((m = re.exec(text)) !== null && out.length < 20) out.push(m[1]);
  return out.sort().join(",");
}

// ---- the families: errors whose identity is a name inside the message ----
// (a paste that lost its head: "ResourceVariable' object has no attribute ...")
var ATTR = /^(?:type object '([^']+)'|module '([^']+)'|'?([^' ]+)' object|([\w.]+)) has no attribute '?([\w.]+)'?/;
var LOCATE = /^Could not locate (class|function) '([^']+)'/;
var PARENT = /^Could not deserialize class '([^']+)' because its parent module (\S+) cannot be imported/;
var UNKNOWN = /^Unknown ([a-z]+(?: [a-z]+)?):\s*'?([\w>.-]*[\w>])/;
// Keras 1's wording of it (raised as a bare Exception): "Invalid activation function: my_tanh"
var INVALID = /^Invalid (layer|activation function|loss function|metric function|optimizer|objective|regularizer|constraint|initialization):\s*'?([\w>.-]*[\w>])/;
var INTERPRET = /^Could not interpret ([a-z]+(?: [a-z]+)?) identifier:\s*(\S+)/;
var KWARG = /^([\w.]+)\(\) got an unexpected keyword argument '([^']+)'/;
var NOT_UNDERSTOOD = /Keyword argument not understood:?'?,? '?(\w+)/;
var NOT_RECOGNIZED = /^(?:Argument\(s\) not recognized|Unrecognized keyword arguments(?: passed to \w+)?):\s*(.*)/;
var MISSING = /^([\w.]+)\(\) missing \d+ required (?:positional|keyword-only) arguments?: (.*)/;
var IMPORT_NAME = /^cannot import name '([^']+)'(?: from '([^']+)')?/;
var NO_MODULE = /^No module named '([^']+)'?/;                // (a paste cut before its closing quote)
// Python 3.8 reworded it: "can't pickle _thread.RLock objects" (3.7) is "cannot pickle '_thread.RLock' object"
var PICKLE = /^(?:can't|cannot) pickle '?([\w.]+)'? objects?/;
var KEY_NAME = /^'([A-Za-z_][A-Za-z_.\-]{0,40})'$/;   // no digits: 'dense_1' is a generated name
var TAKES = /^([\w.]+)\(\) takes (?:from )?\d+ (?:to \d+ )?positional arguments? but \d+ (?:were|was) given/;

function callee(name) {                      // "Adam()" and "SGD()" are one optimizer's call; "X.__init__" is
  var last = lastPart(name).toLowerCase();      // "__init__" (Python < 3.10 prints no class)
  return OPTIMIZERS[last] ? "optimizer" : last;
}
// A registered name ("Custom>Adam", "MyPackage>MyLayer"): its package prefix is kept for library classes.
function registered(name) {
  var parts = name.split(">"), kind = classKind(parts[parts.length - 1]);
  return kind ? (parts.length > 1 ? parts[0].toLowerCase() + ">" : "") + kind : "(custom)";
}
// What a user's own name says of the object (PEP 8): "HuberLoss" a class, "focal_loss_fixed" a
// function. Not part of the key (one error), but evidence of the root cause: an unknown loss named
// like a class is a Loss subclass, not a closure.
function nameShape(name) {
  var n = lastPart(String(name).split(">").pop());
  if (!n || classKind(n)) return null;
  return /^[A-Z]/.test(n) && /[a-z]/.test(n) ? "class" : /^[a-z_][a-z0-9_]*$/.test(n) ? "function" : null;
}
function family(m) {                          // {family, key} of a message of a known family, or null
  var x = ATTR.exec(m);
  if (x) {
    var attr = x[5].toLowerCase(), who;
    if (x[2]) who = "module " + moduleKey(x[2]);
    else who = classKind(x[1] || x[3] || x[4]) || "model";   // the user's class: a model or layer of theirs
    return { family: "attribute", key: "has no attribute " + attr + " on " + who,
             missing: x[2] ? attr + " in " + moduleKey(x[2]) : null };
  }
  if ((x = LOCATE.exec(m))) return { family: "locate", key: "could not locate " + x[1] + " " + (classKind(x[2]) || "(custom)"),
                                     named: nameShape(x[2]) };
  if ((x = PARENT.exec(m))) return { family: "locate", key: "parent module of " + lastPart(x[1]).toLowerCase() + " " + moduleKey(x[2]) };
  if ((x = UNKNOWN.exec(m) || INVALID.exec(m))) return { family: "unknown", key: "unknown " + x[1].toLowerCase() + " " + registered(x[2]),
                                                      named: nameShape(x[2]) };
  if ((x = INTERPRET.exec(m))) {   // an object of another Keras, whatever its class; or a name
    return { family: "unknown", key: "could not interpret " + x[1] + " " + (x[2].charAt(0) === "<" ? "(instance)" : registered(x[2])) };
  }
  if ((x = KWARG.exec(m))) return { family: "keyword", key: callee(x[1]) + "() unexpected keyword " + x[2] };
  if ((x = NOT_UNDERSTOOD.exec(m))) return { family: "keyword", key: "keyword not understood " + x[1] };
  if ((x = NOT_RECOGNIZED.exec(m))) return { family: "keyword", key: "arguments not recognized " + names(x[1]) };
  if ((x = MISSING.exec(m))) return { family: "arguments", key: callee(x[1]) + "() missing " + names(x[2]) };
  // an import: what is missing is the error (np_utils is not get_config)
  if ((x = IMPORT_NAME.exec(m))) {
    return { family: "import", key: "cannot import " + x[1] + (x[2] ? " from " + moduleKey(x[2]) : ""),
             missing: x[2] ? x[1].toLowerCase() + " in " + moduleKey(x[2]) : null };
  }
  // KeyError: the missing key is the error ('acc' after compile(metrics=['accuracy']))
  if ((x = KEY_NAME.exec(m))) return { family: "key", key: "missing key " + x[1].toLowerCase() };
  if ((x = NO_MODULE.exec(m))) return { family: "import", key: "no module " + moduleKey(x[1]) };
  if ((x = TAKES.exec(m))) return { family: "arguments", key: callee(x[1]) + "() positional arguments" };
  if ((x = PICKLE.exec(m))) return { family: "pickle", key: "cannot pickle " + x[1].toLowerCase() };
  return null;
}

// ---- every other message: its words, names and values as placeholders ("#") ----
var WORD = /[A-Za-z0-9_](?:[\w.\/\-]|:(?=\w))*/g;
function wordToken(w) {
  while (/[.\/\-]$/.test(w)) w = w.slice(0, -1);
  if (/^\d|^0x|[\/:]|_\d+$/.test(w) || w === "None") return "#";   // numbers, paths and nodes, 'dense_3', None
  var kind = classKind(w);
  if (kind) return kind;
  if (KERAS_NAMES[w.toLowerCase()]) return "keras";
  if (/^[A-Z]?[a-z]+$|^[A-Z0-9]+$/.test(w) || /[._]/.test(w)) return w.toLowerCase();  // words, ACRONYMS, dotted, snake
  return /[a-z][A-Z]/.test(w) ? "#" : w.toLowerCase();             // CamelCase not known: the user's class
}
function quotedToken(q, out) {
  if (/\s/.test(q) || q.length > 80) { scan(q, out, 1); return; }
  if (!/[A-Za-z0-9]/.test(q)) { out.push(q); return; }                 // '<', '+'
  var kind = classKind(q);
  out.push(kind || "#");
}
function reprToken(inner) {                   // <class 'numpy.ndarray'>, <tf.Variable 'x' ...>, <X object at 0x..>
  var cls = /^class '([^']+)'/.exec(inner);
  var name = cls ? cls[1] : inner.split(" ")[0];
  return "<" + (classKind(name) || "#") + ">";
}
function balanced(m, open) {                  // the ")" closing m[open]; -1 if none (one pass)
  for (var k = open, d = 0; k < m.length; k++) {
    var ch = m.charAt(k);
    if (ch === "(") d++;
    else if (ch === ")" && --d === 0) return k;
  }
  return -1;
}
function scan(m, out, depth) {
  var i = 0, n = m.length, value = false;
  while (i < n) {
    var c = m.charAt(i), j;
    if (value && c !== " ") {                   // "filepath=my_model": what follows "=" is a value
      value = false;
      if (c !== "<" && c !== "'" && c !== '"' && /\S/.test(c)) {
        j = m.indexOf(" ", i);
        i = j < 0 ? n : j;
        if (m.charAt(i - 1) === "." && i < n) out.push("#", "|"); else out.push("#");
        continue;
      }
    }
    if (c === "h" && /^https?:\/\//.test(m.substr(i, 8))) {
      j = m.indexOf(" ", i);
      i = j < 0 ? n : j;
      out.push("#");
    } else if (c === "'" || c === '"' || c === "`") {
      j = m.indexOf(c, i + 1);
      if (j < 0) { i++; continue; }
      if (depth > 2) out.push("#");            // quotes inside quotes inside quotes: a value
      else if (c === "`" || depth > 0) scan(m.slice(i + 1, j), out, depth + 1);
      else quotedToken(m.slice(i + 1, j), out);
      i = j + 1;
    } else if (c === "<") {
      j = m.indexOf(">", i + 1);
      var next = m.indexOf("<", i + 1);
      if (j < 0 || (next >= 0 && next < j) || j - i > 300) { i++; continue; }
      out.push(reprToken(m.slice(i + 1, j)));
      i = j + 1;
    } else if (/\w/.test(c)) {
      WORD.lastIndex = i;
      var w = WORD.exec(m)[0];
      // "(named conv2d_transpose_1)", "layer named head": what follows "named" is a name
      var token = out[out.length - 1] === "named" && !classKind(w) ? "#" : wordToken(w);
      out.push(token);
      i += w.length;
      // a tensor's repr, KerasTensor(type_spec=..., name='tf.math.multiply/Mul:0', ...) or
      // Tensor("dense/BiasAdd:0", shape=(None, 1), ...): its names and shapes vary, it is one tensor
      if (token === "tensor" && m.charAt(i) === "(") {
        var close = balanced(m, i);
        if (close > 0) { i = close + 1; continue; }
      }
      if (w.charAt(w.length - 1) === "." && (i >= n || /\s/.test(m.charAt(i)))) out.push("|");
    } else {
      if ((c === "." || c === "!" || c === "?") && (i + 1 >= n || /\s/.test(m.charAt(i + 1)))) out.push("|");
      if (c === "=") value = true;
      i++;
    }
  }
  return out;
}
function squeeze(tokens) {                    // runs of placeholders are one (a list of names is one value)
  return tokens.filter(function (t, k) { return !(t === "#" && tokens[k - 1] === "#"); });
}

// {type, family, key, tokens, generic, kh, missing, named}: kh marks the _keras_history AttributeError;
// named: the shape of the user's name in an unknown / unlocated object (nameShape).
function signature(type, message) {
  var m = String(message || "").slice(0, MAX).replace(/\s+/g, " ").trim();
  var fam = family(m);
  if (fam && fam.family === "key" && type !== "KeyError") fam = null;   // a quoted word alone, not a KeyError
  var tokens = squeeze(scan(m, [], 0));
  var words = tokens.filter(function (t) { return t !== "|"; });
  var key;
  if (fam) {
    key = fam.key;
  } else {
    var first = tokens.indexOf("|");
    var head = (first < 0 ? tokens : tokens.slice(0, first)).slice(0, 40);
    while (head.length && head[head.length - 1] === "#") head.pop();
    key = head.join(" ");
  }
  var generic = !fam && (GENERIC.test(m) || type === "KeyError" || !/[a-z]{3}/.test(key));
  return { type: type || null, family: fam ? fam.family : (generic ? "python" : "message"), key: key,
           tokens: words, generic: generic, kh: fam && / _keras_history on /.test(fam.key) ? fam.key : null,
           missing: fam && fam.missing || null, named: fam && fam.named || null };
}

// The family of a message typed without its type, when it is one of the named families (a missing
// attribute, an unknown object, a missing module...): the reader picks such a line out of prose.
function namedFamily(message) {
  var f = message ? signature(null, message).family : null;
  return f && f !== "message" && f !== "python" ? f : null;
}

return { signature: signature, namedFamily: namedFamily, moduleKey: moduleKey, classKind: classKind, MAX: MAX };
})();
if (typeof module === "object" && module.exports) module.exports = KNormalise;
