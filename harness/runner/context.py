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
"""
# ---- EXPORT BEGIN: copied into standalone scripts (harness/export.py) ----
import json
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
        if hasattr(tensor, "numpy"):
            return np.asarray(tensor.numpy())
        if hasattr(tensor, "detach"):  # torch
            return tensor.detach().cpu().numpy()
        if self.tf is not None and self.tf.is_tensor(tensor) and not self.eager:
            return np.asarray(self._graph_session().run(tensor))
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


class _Step(object):
    """What ctx.subject() returns: `with` works, and so does a plain call."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
# ---- EXPORT END ----
