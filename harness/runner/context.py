"""`ctx`, the object every case function receives.

Runs inside the case's own process (Python 3.7+). It gives the case the
Keras under test and a small vocabulary for what to record, so case files
stay as close as possible to the code their sources print:

    ctx.tf, ctx.keras      the modules under test (ctx.tf is None without TensorFlow)
    ctx.flavour            "tf.keras" | "tf_keras" | "keras3" | "keras-standalone"
    ctx.backend            "tensorflow" | "jax" | "torch"
    ctx.tf_version         e.g. (2, 15, 1), or None
    ctx.keras_major        2 or 3
    ctx.eager              True when TensorFlow executes eagerly (TF2 default)
    ctx.tmpdir             a fresh folder, also the current directory
    ctx.grad(name, g)      record the gradient `g` a variable received (None, zero, ok)
    ctx.observe(name, v)   record a value the source makes a claim about
    ctx.skip(reason)       this environment lacks what the case needs: not applicable
    ctx.require_tf(min_version=None)   skip unless TensorFlow (of at least that version) is here
    ctx.evaluate(t)        a tensor's value as a NumPy array, eager or graph mode
"""
from .. import outcomes


class NotApplicable(Exception):
    """Raised by ctx.skip(): the case does not apply to this environment."""


def _version_tuple(version):
    parts = []
    for piece in str(version).split(".")[:3]:
        digits = ""
        for char in piece:
            if not char.isdigit():
                break
            digits += char
        parts.append(int(digits or 0))
    return tuple(parts)


class CaseContext(object):
    def __init__(self, under_test, tmpdir):
        self.tf = under_test.tf
        self.keras = under_test.keras
        self.flavour = under_test.flavour
        self.backend = under_test.backend
        self.keras_major = under_test.major
        self.keras_version = _version_tuple(under_test.version)
        self.tf_version = _version_tuple(self.tf.__version__) if self.tf is not None else None
        self.tmpdir = tmpdir
        self.grads = {}
        self.observed = {}
        self._session = None

    @property
    def eager(self):
        if self.tf is None:
            return True
        return bool(self.tf.executing_eagerly())

    def skip(self, reason):
        raise NotApplicable(reason)

    def require_tf(self, min_version=None):
        if self.tf is None:
            self.skip("needs TensorFlow, which this environment does not install")
        if min_version and self.tf_version < _version_tuple(min_version):
            self.skip("needs TensorFlow >= %s (this is %s)" % (min_version, self.tf.__version__))

    def observe(self, name, value):
        self.observed[name] = value
        return value

    def _graph_session(self):
        # TF1 graph mode: evaluate in the session Keras owns (its variables are
        # initialised there), falling back to a fresh session.
        if self._session is None:
            backend = getattr(self.keras, "backend", None)
            getter = getattr(backend, "get_session", None)
            if getter is None:
                getter = getattr(getattr(self.tf.compat.v1, "keras", None).backend, "get_session", None)
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
            status = outcomes.GRAD_NONE
        else:
            value = self.evaluate(gradient)
            status = outcomes.GRAD_ZERO if value.size and not value.any() else outcomes.GRAD_OK
        self.grads[name] = status
        return status
