"""Which Keras is under test in this environment, and how it was reached.

Runs inside the environment (Python 3.7+). "Keras 2 or 3" is not one switch:
it is the TensorFlow version, the keras package version, whether tf_keras is
installed, TF_USE_LEGACY_KERAS, and whether code says `tf.keras` or `import
keras`. The matrix row says which entry point its users write
(KMATRIX_KERAS=tf.keras | keras); this module imports it and records what it
really resolved to.
"""
import importlib
import os

ENTRY_ENV = "KMATRIX_KERAS"


class KerasUnderTest(object):
    def __init__(self, tf, keras, entry):
        self.tf = tf            # the tensorflow module, or None where it is not installed
        self.keras = keras      # the Keras module cases should use
        self.entry = entry      # "tf.keras" or "keras": what user code writes
        self.module = getattr(keras, "__name__", "?")
        self.version = _keras_version(tf, keras)
        self.major = _major(self.version)
        self.flavour = _flavour(self.module, self.major, self.version, entry)
        self.backend = _backend(keras, self.major, tf)

    def describe(self):
        return {"entry": self.entry, "module": self.module, "version": self.version,
                "major": self.major, "flavour": self.flavour, "backend": self.backend}


def _import_optional(name):
    """The module, or None when it is not installed. One that is installed but will
    not import (a missing shared library, a bad pin) raises: that is an env_error,
    not an environment without TensorFlow."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name in (name, name.split(".")[0]):
            return None
        raise


def _keras_version(tf, keras):
    version = getattr(keras, "__version__", None)
    if version:
        return str(version)
    # tf.keras in TF 2.6-2.15 is a proxy of the `keras` package without __version__.
    module = getattr(keras, "__name__", "")
    root = module.split(".")[0]
    if root in ("keras", "tf_keras"):
        pkg = _import_optional(root)
        if pkg is not None and getattr(pkg, "__version__", None):
            return str(pkg.__version__)
    return "unknown"


def _major(version):
    try:
        return int(str(version).split(".")[0])
    except ValueError:
        return None


def _flavour(module, major, version, entry):
    if module.startswith("tf_keras"):
        return "tf_keras"
    if major == 3:
        return "keras3"
    if entry == "keras" and module.startswith("keras"):
        # keras 2.0-2.5 is the multi-backend/standalone package; from 2.6 the
        # `keras` package *is* tf.keras's implementation.
        try:
            minor = int(version.split(".")[1])
        except (IndexError, ValueError):
            minor = 99
        if minor < 6:
            return "keras-standalone"
    return "tf.keras"


def _backend(keras, major, tf):
    try:
        return str(keras.backend.backend())
    except Exception:
        return "tensorflow" if tf is not None else "unknown"


def resolve(entry=None):
    """Import TensorFlow (if installed) and the Keras under test.

    Import only: no op runs and no device is initialised, so the process can
    still fork safely afterwards.
    """
    entry = entry or os.environ.get(ENTRY_ENV) or "auto"
    tf = _import_optional("tensorflow")
    if entry == "auto":
        entry = "tf.keras" if tf is not None else "keras"
    if entry == "tf.keras":
        if tf is None:
            raise ImportError("KMATRIX_KERAS=tf.keras but tensorflow is not installed")
        keras = tf.keras
        # tf.keras is a lazy loader in TF >= 2.16: touch it so the import
        # (and any import error) happens here, before the fork.
        getattr(keras, "layers")
    elif entry == "keras":
        keras = importlib.import_module("keras")
    else:
        raise ValueError("%s must be 'tf.keras' or 'keras', not %r" % (ENTRY_ENV, entry))
    return KerasUnderTest(tf, keras, entry)
