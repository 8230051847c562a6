"""Known reports: the TF 2.3-2.5 preprocessing layers under `layers.experimental.preprocessing`
(`from tensorflow.keras.layers.experimental import preprocessing`, `RandomFlip`, `Rescaling`...)
in Keras 3, where the namespace is gone: "ModuleNotFoundError: No module named
'tensorflow.keras.layers.experimental'" / "AttributeError: module 'keras._tf_keras.keras.layers'
has no attribute 'experimental'".

keras-team/autokeras#1904 (Colab, March 2024, `from tensorflow.keras.layers.experimental import
preprocessing`; three "same" replies; answer: "The experimental bit has been rendered redundant.
Use tf.keras.layers import RandomFlip instead"), tensorflow/tensorflow#64349 (object detection
API: "module 'keras._tf_keras.keras.layers' has no attribute 'experimental'"),
keras-team/keras#18606 (keras 2.14: `from keras.layers import preprocessing` fails, use the
experimental path or keras.layers). The reverse: keras-team/keras-io#660, Tensorflow 2.5.0 runs
the keras.io example written with `layers.RandomFlip("horizontal")` and gets "AttributeError:
module 'tensorflow.keras.layers' has no attribute 'RandomFlip'" (the layers moved out of
experimental in TF 2.6).

The import variant writes the path users write for the Keras under test (`tensorflow.keras`
where the row's Keras is tf.keras, else `keras`). Each variant builds an image model with
Rescaling (the import) or RandomFlip and predicts on a 2x4x4x3 batch.
"""

CASE = {
    "title": "layers.experimental.preprocessing (TF 2.3-2.5 names) in Keras 3, and layers.RandomFlip before TF 2.6",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/autokeras/issues/1904",
                        "https://github.com/tensorflow/tensorflow/issues/64349",
                        "https://github.com/keras-team/keras/issues/18606",
                        "https://github.com/keras-team/keras-io/issues/660"],
               "title": "ModuleNotFoundError: No module named 'tensorflow.keras.layers.experimental'",
               "frequency": {"reports": 4,
                             "reactions": 3,
                             "as_of": "2026-12-06",
                             "how": "issues search \"has no attribute 'experimental'\" / \"No module named "
                                    "'tensorflow.keras.layers.experimental'\" / RandomFlip: 4 threads; "
                                    "reactions = 'same' replies in autokeras#1904"}},
    "variants": {
        "experimental_preprocessing_import": {
            "role": "broken",
            "title": "from tensorflow.keras.layers.experimental import preprocessing; preprocessing.Rescaling",
            "claim": {"text": "ModuleNotFoundError: No module named 'tensorflow.keras.layers.experimental'",
                      "versions": "Colab, March 2024 (autokeras#1904)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ModuleNotFoundError",
                                 "message": "No module named '.*layers.experimental'"}},
        },
        "layers_experimental_attribute": {
            "role": "broken",
            "title": "tf.keras.layers.experimental.preprocessing.RandomFlip('horizontal')",
            "claim": {"text": "AttributeError: module 'keras._tf_keras.keras.layers' has no attribute "
                              "'experimental'",
                      "versions": "tf 2.15.0 as reported; the traceback names keras._tf_keras (tensorflow#64349)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute 'experimental'"}},
        },
        "layers_random_flip": {
            "role": "fix",
            "title": "tf.keras.layers.RandomFlip('horizontal')",
            "claim": {"text": "the experimental bit has been rendered redundant: use "
                              "tf.keras.layers.RandomFlip instead",
                      "versions": "April 2024 (autokeras#1904)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok"}},
        },
        "layers_random_flip_tf25": {
            "role": "root_cause",
            "title": "the same tf.keras.layers.RandomFlip('horizontal') on TF 2.5",
            "claim": {"text": "AttributeError: module 'tensorflow.keras.layers' has no attribute 'RandomFlip'",
                      "versions": "Tensorflow-2.5.0 (keras-io#660)",
                      "scope": {"tf": ">=2.5,<2.6"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute 'RandomFlip'"}},
        },
    },
}


def _from_import(module, name):
    """`from <module> import <name>`, as the user's file writes it (same error when it fails)."""
    namespace = {}
    exec("from %s import %s" % (module, name), namespace)
    return namespace[name]


def _import_root(ctx):
    """What user code writes for the Keras under test: `tensorflow.keras`, or the package name."""
    if ctx.tf is not None and ctx.keras is getattr(ctx.tf, "keras", None):
        return "tensorflow.keras"
    return ctx.keras.__name__


def _predict(ctx, *layers):
    import numpy as np
    keras = ctx.keras
    inputs = keras.layers.Input((4, 4, 3))
    x = inputs
    for layer in layers:
        x = layer(x)
    model = keras.models.Model(inputs, keras.layers.Dense(2)(keras.layers.Flatten()(x)))
    prediction = model.predict(np.ones((2, 4, 4, 3), dtype="float32"))
    ctx.observe("prediction_shape", list(prediction.shape))


def experimental_preprocessing_import(ctx):
    module = _import_root(ctx) + ".layers.experimental"
    with ctx.subject("from %s import preprocessing" % module):
        preprocessing = _from_import(module, "preprocessing")
        _predict(ctx, preprocessing.Rescaling(1.0 / 255))


def layers_experimental_attribute(ctx):
    keras = ctx.keras
    with ctx.subject("keras.layers.experimental.preprocessing.RandomFlip"):
        _predict(ctx, keras.layers.experimental.preprocessing.RandomFlip("horizontal"))


def layers_random_flip(ctx):
    keras = ctx.keras
    with ctx.subject("keras.layers.RandomFlip"):
        _predict(ctx, keras.layers.RandomFlip("horizontal"))


def layers_random_flip_tf25(ctx):
    keras = ctx.keras
    with ctx.subject("keras.layers.RandomFlip"):
        _predict(ctx, keras.layers.RandomFlip("horizontal"))
