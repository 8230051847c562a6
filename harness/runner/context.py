"""`ctx`, the object every case function receives.

Python 3.7+, standard library only, and self-contained on purpose: this module
imports nothing from the harness, because `python -m harness.casefile export`
copies the part between the EXPORT markers verbatim into every standalone
script. A case runs through the very same ctx code under the runner and as a
plain script; only what is done with what it reports differs (the runner
reads the attributes, a plain script prints KMATRIX-* lines).

    ctx.tf, ctx.keras      the modules under test (ctx.tf is None without TensorFlow)
    ctx.flavour            "tf.keras" | "tf_keras" | "keras3" | "keras-standalone"
    ctx.backend            "tensorflow" | "jax" | "torch"
    ctx.tf_version         e.g. (2, 15, 1), or None
    ctx.keras_version      e.g. (3, 10, 0); ctx.keras_major: 2 or 3
    ctx.eager              True when TensorFlow executes eagerly (TF2 default)
    ctx.tmpdir             a fresh folder, also the current directory
    ctx.subject(name)      the step the claim is about starts here (`with ctx.subject("fit"):`
                           or a plain call): an exception before it is a setup_error
    ctx.grad(name, g)      record the gradient `g` a variable received (none, zero, ok)
    ctx.effect(name, ok)   record whether a required effect happened (a weight changed...)
    ctx.observe(name, v)   record a value the source makes a claim about
    ctx.skip(reason)       this environment lacks what the case needs: not applicable
    ctx.require_tf(min_version=None)   skip unless TensorFlow (of at least that version) is here
    ctx.evaluate(t)        a tensor's value as a NumPy array, eager or graph mode

Saved here, loaded there (writer and reader variants, docs/saveload.md):
    ctx.artifact_dir       writer: save the files here; reader: the writer's files
    ctx.writer             reader: the writer's environment (its writer.json: env_id, tf, keras...)
    ctx.fixed_input(shape, dtype="float32", high=None)   the same input in every environment
    ctx.keep_predictions(outputs)          writer: keep what the model predicts, next to its files
    ctx.compare_predictions(outputs, atol) reader: max abs diff to the writer's (observed) and the
                           effect same_predictions (a silently different model is a silent_failure)
"""
# ---- EXPORT BEGIN: copied into standalone scripts (harness/export.py) ----
import json
import os
import sys


class NotApplicable(Exception):
    """Raised by ctx.skip(): the case does not apply to this environment."""


def version_tuple(version):
    parts = []
    for piece in str(version).split(".")[:3]:
        digits = ""
        for char in piece:
            if not char.isdigit():
                break
            digits += char
        parts.append(int(digits or 0))
    return tuple(parts)


def keras_version_of(tf, keras):
    """keras.__version__; tf.keras in TF 2.6-2.15 is a proxy of the keras package without one."""
    version = getattr(keras, "__version__", None)
    if version:
        return str(version)
    root = getattr(keras, "__name__", "").split(".")[0]
    if root in ("keras", "tf_keras"):
        try:
            return str(__import__(root).__version__)
        except (ImportError, AttributeError):
            pass
    return "unknown"


def flavour_of(keras, version, entry):
    """tf.keras | tf_keras | keras3 | keras-standalone: which Keras user code really gets."""
    module = getattr(keras, "__name__", "")
    if module.startswith("tf_keras"):
        return "tf_keras"
    if version_tuple(version)[:1] == (3,):
        return "keras3"
    # keras 2.0-2.5 is the multi-backend standalone package; from 2.6 the `keras`
    # package *is* tf.keras's implementation.
    if entry == "keras" and module.startswith("keras") and version_tuple(version)[:2] < (2, 6):
        return "keras-standalone"
    return "tf.keras"


def backend_of(keras, tf):
    try:
        return str(keras.backend.backend())
    except Exception:
        return "tensorflow" if tf is not None else "unknown"


class CaseContext(object):
    def __init__(self, tf, keras, flavour, tmpdir, echo=False):
        self.tf = tf
        self.keras = keras
        self.flavour = flavour
        self.backend = backend_of(keras, tf)
        version = keras_version_of(tf, keras)
        self.keras_version = version_tuple(version) if version != "unknown" else None
        self.keras_major = self.keras_version[0] if self.keras_version else None
        self.tf_version = version_tuple(tf.__version__) if tf is not None else None
        self.tmpdir = tmpdir
        self.echo = echo            # print KMATRIX-* lines (standalone scripts)
        self.grads = {}
        self.effects = {}
        self.observed = {}
        self.subject_name = None    # set when the claim's step starts
        self._session = None
        self.artifact_dir = None    # writer / reader variants: the saved files' folder
        self.writer = None          # reader: the writer's environment (writer.json)

    def _say(self, *words):
        if self.echo:
            sys.stdout.write("KMATRIX-%s\n" % " ".join(str(w) for w in words))
            sys.stdout.flush()

    @property
    def eager(self):
        if self.tf is None:
            return True
        return bool(self.tf.executing_eagerly())

    @property
    def subject_reached(self):
        return self.subject_name is not None

    def subject(self, name="subject"):
        """The step the claim is about starts now. Usable as `with ctx.subject("fit"):`."""
        self.subject_name = str(name)
        self._say("SUBJECT", self.subject_name)
        return _Step()

    def skip(self, reason):
        raise NotApplicable(reason)

    def require_tf(self, min_version=None):
        if self.tf is None:
            self.skip("needs TensorFlow, which this environment does not install")
        if min_version and self.tf_version < version_tuple(min_version):
            self.skip("needs TensorFlow >= %s (this is %s)" % (min_version, self.tf.__version__))

    def observe(self, name, value):
        self.observed[name] = value
        self._say("OBSERVE", name, json.dumps(value, default=repr, sort_keys=True))
        return value

    def effect(self, name, happened):
        """Record whether a required effect happened (e.g. training changed a weight)."""
        self.effects[name] = "yes" if happened else "no"
        self._say("EFFECT", name, self.effects[name])
        return bool(happened)

    def _graph_session(self):
        # TF1 graph mode: evaluate in the session Keras owns (its variables are
        # initialised there), falling back to a fresh session.
        if self._session is None:
            getter = getattr(getattr(self.keras, "backend", None), "get_session", None)
            if getter is None:
                getter = self.tf.compat.v1.keras.backend.get_session
            self._session = getter()
        return self._session

    def evaluate(self, tensor):
        import numpy as np
        if hasattr(tensor, "values") and hasattr(tensor, "indices") and hasattr(tensor, "dense_shape"):
            tensor = tensor.values  # tf.IndexedSlices: only the values matter here
        if hasattr(tensor, "detach") and hasattr(tensor, "requires_grad"):
            # torch, first: a model's output requires grad and its .numpy() raises "Can't call
            # numpy() on Tensor that requires grad" (what no user meets through predict)
            return tensor.detach().cpu().numpy()
        if self.tf is not None and not self.eager and (
                self.tf.is_tensor(tensor) or isinstance(tensor, getattr(self.tf, "Variable", ()))):
            # TF1 graph mode: a resource variable has a .numpy() that raises "numpy() is only
            # available when eager execution is enabled"; the session Keras owns holds its value
            return np.asarray(self._graph_session().run(tensor))
        if hasattr(tensor, "numpy"):
            return np.asarray(tensor.numpy())
        return np.asarray(tensor)

    def grad(self, name, gradient):
        """Record the gradient a variable received; returns its status."""
        if gradient is None:
            status = "none"
        else:
            value = self.evaluate(gradient)
            status = "zero" if value.size and not value.any() else "ok"
        self.grads[name] = status
        self._say("GRAD", name, status)
        return status


    # ------------------------------------------ saved here, loaded there ----
    def fixed_input(self, shape, dtype="float32", high=None):
        """The same input in every environment: arithmetic, no random generator (numpy's
        differ across versions); integers below `high` (token ids) when given."""
        import numpy as np
        size = 1
        for dim in shape:
            size *= int(dim)
        if high is not None:
            return (np.arange(size) % int(high)).reshape(shape).astype(dtype)
        return ((np.arange(size, dtype="float64") * 0.6180339887498949) % 1.0).reshape(shape).astype(dtype)

    def keep_predictions(self, outputs):
        """Writer: keep the model's outputs (arrays, tensors, dicts of them, a History's dict)
        in predictions.json next to its files, for every reader to compare with."""
        data = _plain(outputs, self)
        with open(os.path.join(self.artifact_dir, PREDICTIONS_FILE), "w") as handle:
            json.dump(data, handle)
        return data

    def compare_predictions(self, outputs, atol=1e-4, effect="same_predictions", part=None):
        """Reader: compare with what the writer kept (its `part` of it, when it kept a dict).
        Observes max_abs_diff (None when shapes or keys differ, then prediction_mismatch says
        how); the effect says whether it is the same."""
        with open(os.path.join(self.artifact_dir, PREDICTIONS_FILE)) as handle:
            expected = json.load(handle)
        if part is not None:
            expected = expected.get(part) if isinstance(expected, dict) else None
        diff, mismatch = _max_diff(expected, _plain(outputs, self))
        self.observe("max_abs_diff", diff)
        if mismatch:
            self.observe("prediction_mismatch", mismatch)
        return self.effect(effect, mismatch is None and diff <= atol)

    def use_artifact(self, folder):
        """Reader: the writer's files are in `folder` (its writer.json says where they were made)."""
        self.artifact_dir = os.path.abspath(folder)
        try:
            with open(os.path.join(self.artifact_dir, WRITER_FILE)) as handle:
                self.writer = json.load(handle)
        except (OSError, ValueError):
            self.writer = {}
        return self.artifact_dir

    def finish_artifact(self, env_id=None):
        """Writer: note this environment in writer.json beside the files it saved."""
        import platform
        facts = {"env_id": env_id or os.environ.get("KMATRIX_ENV_ID") or "local",
                 "tf": self.tf.__version__ if self.tf is not None else None,
                 "keras": ".".join(str(n) for n in self.keras_version or ()) or None,
                 "flavour": self.flavour, "backend": self.backend, "python": platform.python_version()}
        with open(os.path.join(self.artifact_dir, WRITER_FILE), "w") as handle:
            json.dump(facts, handle, sort_keys=True)
        return facts


PREDICTIONS_FILE = "predictions.json"
WRITER_FILE = "writer.json"


def _plain(value, ctx):
    """Outputs as JSON: nested lists of floats, dicts keyed by str."""
    if isinstance(value, dict):
        return dict((str(k), _plain(v, ctx)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v, ctx) for v in value]
    if isinstance(value, (bool, int, float)) or value is None:
        return float(value) if isinstance(value, (bool, int)) else value
    array = ctx.evaluate(value)
    return array.astype("float64").tolist() if array.dtype.kind in "biuf" else str(array.tolist())


def _max_diff(expected, got, where="outputs"):
    """(max abs difference, None) or (None, why the two cannot be compared)."""
    if isinstance(expected, dict) or isinstance(got, dict):
        if not (isinstance(expected, dict) and isinstance(got, dict)):
            return None, "%s: a dict on one side only" % where
        if sorted(expected) != sorted(got):
            return None, "%s: keys %s, the writer's %s" % (where, sorted(got), sorted(expected))
        pairs = [(expected[k], got[k], "%s[%r]" % (where, k)) for k in sorted(expected)]
    elif isinstance(expected, list) or isinstance(got, list):
        if not (isinstance(expected, list) and isinstance(got, list)) or len(expected) != len(got):
            return None, "%s: shape differs from the writer's" % where
        pairs = [(a, b, where) for a, b in zip(expected, got)]
    else:
        if not (isinstance(expected, (int, float)) and isinstance(got, (int, float))):
            return (0.0, None) if expected == got else (None, "%s: %r, the writer's %r" % (where, got, expected))
        if expected != expected and got != got:   # NaN on both sides
            return 0.0, None
        return abs(float(expected) - float(got)), None
    worst = 0.0
    for a, b, at in pairs:
        diff, why = _max_diff(a, b, at)
        if why:
            return None, why
        worst = diff if diff != diff or diff > worst else worst
    return worst, None


class _Step(object):
    """What ctx.subject() returns: `with` works, and so does a plain call."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
# ---- EXPORT END ----
