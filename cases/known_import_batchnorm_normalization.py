"""Known reports: `from keras.layers.normalization import BatchNormalization` (Keras <= 2.5
module layout) with Keras 2.6+: "ImportError: cannot import name 'BatchNormalization' from
'keras.layers.normalization'" (later "No module named 'keras.layers.normalization'").

Dene33/video_to_bvh#40 (Colab, January 2022; fixes given: `pip install keras==2.3.1
tensorflow==2.0`, or "just change `from keras.layers.normalization import BatchNormalization`
to `from keras.layers import BatchNormalization`"), the-deep-learners/deep-learning-illustrated#16
(2024: "could be changed to from tensorflow.keras.layers import BatchNormalization") and its
PRs #10-#12, ulasisik/balancing-selection#3, yehengchen/Object-Detection-and-Tracking#116,
phdong21/CNN4CE#1. The private `tensorflow.python.keras.layers` path fails too:
tensorflow/tensorflow#58947 (TF 2.11: "ImportError: cannot import name 'BatchNormalization'
from 'tensorflow.python.keras.layers'"; workaround: import it from tensorflow.keras.layers),
ayoolaolafenwa/PixelLib#130.

The `keras` imports are written against the `keras` package, as in the reports (not applicable
where it is not installed), with the model built from the same package. Each variant builds
Dense + BatchNormalization and predicts.
"""

CASE = {
    "title": "from keras.layers.normalization import BatchNormalization (Keras 2.6+), and the working imports",
    "source": {"kind": "known",
               "refs": ["https://github.com/Dene33/video_to_bvh/issues/40",
                        "https://github.com/the-deep-learners/deep-learning-illustrated/issues/16",
                        "https://github.com/ulasisik/balancing-selection/issues/3",
                        "https://github.com/tensorflow/tensorflow/issues/58947",
                        "https://github.com/ayoolaolafenwa/PixelLib/pull/130"],
               "title": "ImportError: cannot import name 'BatchNormalization' from 'keras.layers.normalization'",
               "frequency": {"reports": 10,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues search \"cannot import name 'BatchNormalization' from "
                                    "'keras.layers.normalization'\": 5 issues + 5 fix PRs in 7 repos; "
                                    "reaction = the 'can you merge this fix?' comment on PixelLib#130"}},
    "variants": {
        "keras_layers_normalization_as_written": {
            "role": "broken",
            "title": "from keras.layers.normalization import BatchNormalization; Sequential([Dense, BN])",
            "claim": {"text": "cannot import BatchNormalization from keras.layers.normalization "
                              "(works with keras 2.3.1 / tensorflow 2.0)",
                      "versions": "Colab, January 2022 (video_to_bvh#40); 2024 (deep-learning-illustrated#16)",
                      "scope": {"tf": ">=2.6"},
                      "expect": {"error_type": ["ImportError", "ModuleNotFoundError"],
                                 "message": "keras.layers.normalization"}},
        },
        "tensorflow_python_keras_layers": {
            "role": "broken",
            "title": "from tensorflow.python.keras.layers import BatchNormalization; BatchNormalization()",
            "claim": {"text": "ImportError: cannot import name 'BatchNormalization' from "
                              "'tensorflow.python.keras.layers'",
                      "versions": "TensorFlow 2.11.0 (tensorflow#58947)",
                      "scope": {"tf": ">=2.11"},
                      "expect": {"error_type": ["ImportError", "ModuleNotFoundError"],
                                 "message": "BatchNormalization|tensorflow.python.keras"}},
        },
        "keras_layers_import": {
            "role": "fix",
            "title": "from keras.layers import BatchNormalization; Sequential([Dense, BN])",
            "claim": {"text": "change it to from keras.layers import BatchNormalization",
                      "versions": "June 2022 (video_to_bvh#40)",
                      "scope": {"tf": ">=2.6"},
                      "expect": {"outcome": "ok"}},
        },
        "tensorflow_keras_layers_import": {
            "role": "fix",
            "title": "from tensorflow.keras.layers import BatchNormalization; a tf.keras model",
            "claim": {"text": "import BatchNormalization from tensorflow.keras.layers",
                      "versions": "TF 2.11 (tensorflow#58947), 2024 (deep-learning-illustrated#16)",
                      "scope": {"tf": ">=2.6"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _from_import(module, name):
    """`from <module> import <name>`, as the user's file writes it (same error when it fails)."""
    namespace = {}
    exec("from %s import %s" % (module, name), namespace)
    return namespace[name]


def _keras_package(ctx):
    try:
        import keras  # noqa: F401  the reports import from the `keras` package
    except ImportError as exc:
        ctx.skip("the `keras` package is not installed here: %s" % exc)


def _predict(ctx, root, BatchNormalization):
    """A model built from the same package as the user's other imports (`root`.models / .layers)."""
    import numpy as np
    Sequential = _from_import(root + ".models", "Sequential")
    Dense = _from_import(root + ".layers", "Dense")
    model = Sequential([Dense(2, input_shape=(3,)), BatchNormalization()])
    prediction = model.predict(np.ones((2, 3), dtype="float32"))
    ctx.observe("prediction_shape", list(prediction.shape))


def keras_layers_normalization_as_written(ctx):
    _keras_package(ctx)
    with ctx.subject("from keras.layers.normalization import BatchNormalization"):
        _predict(ctx, "keras", _from_import("keras.layers.normalization", "BatchNormalization"))


def tensorflow_python_keras_layers(ctx):
    ctx.require_tf()
    with ctx.subject("from tensorflow.python.keras.layers import BatchNormalization"):
        layer = _from_import("tensorflow.python.keras.layers", "BatchNormalization")()
    ctx.observe("layer", type(layer).__name__)


def keras_layers_import(ctx):
    _keras_package(ctx)
    with ctx.subject("from keras.layers import BatchNormalization"):
        _predict(ctx, "keras", _from_import("keras.layers", "BatchNormalization"))


def tensorflow_keras_layers_import(ctx):
    ctx.require_tf()
    with ctx.subject("from tensorflow.keras.layers import BatchNormalization"):
        _predict(ctx, "tensorflow.keras", _from_import("tensorflow.keras.layers", "BatchNormalization"))
