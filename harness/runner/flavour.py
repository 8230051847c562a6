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

from ..records import ENV_KERAS as ENTRY_ENV
from .context import backend_of, flavour_of, keras_version_of, version_tuple


class KerasUnderTest(object):
    def __init__(self, tf, keras, entry):
        self.tf = tf            # the tensorflow module, or None where it is not installed
        self.keras = keras      # the Keras module cases should use
        self.entry = entry      # "tf.keras" or "keras": what user code writes
        self.module = getattr(keras, "__name__", "?")
        self.version = keras_version_of(tf, keras)
        self.major = version_tuple(self.version)[0] if self.version != "unknown" else None
        self.flavour = flavour_of(keras, self.version, entry)
        self.backend = backend_of(keras, tf)

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
