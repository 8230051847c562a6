"""Known root cause: Keras 3 (`import keras`) mixed with tf_keras (Keras 2, what
tf.keras means under TF_USE_LEGACY_KERAS=1) in one model.

From TF 2.16 `tf.keras` is Keras 3 unless tf_keras is installed and
TF_USE_LEGACY_KERAS=1; the TF 2.16 release notes and the Keras 3 migration guide
tell users to pick one. Code half-migrated passes a tf_keras tensor to a Keras 3
layer or the reverse. Applies only where both packages import and `keras` is 3.x.
"""

CASE = {
    "title": "Keras 3 layers mixed with tf_keras (Keras 2) tensors and models",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/releases/tag/v2.16.1",
                        "https://keras.io/guides/migrating_to_keras_3/"],
               "frequency": {"reports": 4,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'TF_USE_LEGACY_KERAS tf_keras mixed with keras 3 "
                                    "layer tensor' and 'keras 3 layer called on tf_keras KerasTensor "
                                    "transformers TFBertModel': 4 threads (transformers#36462 #29470, "
                                    "keras#20393, keras-tuner#1039); the hub-layer and optimizer mix-ups "
                                    "are counted in their own scenarios"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "tf_keras_input_into_keras3_dense": {
            "role": "root_cause",
            "title": "tf_keras.Input -> keras.layers.Dense (Keras 3) -> keras.Model, then predict",
        },
        "keras3_input_into_tf_keras_dense": {
            "role": "root_cause",
            "title": "keras.Input (Keras 3) -> tf_keras.layers.Dense -> tf_keras.Model, then predict",
        },
        "tf_keras_only": {
            "role": "fix",
            "title": "the same model in tf_keras only",
            "claim": {"text": "with tf_keras throughout, Keras 2 code keeps working on TF 2.16+",
                      "versions": "TF 2.16+ with tf_keras",
                      "scope": {"tf": ">=2.16"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _packages(ctx):
    """(tf_keras, Keras 3) or skip where either is missing."""
    try:
        import tf_keras
    except ImportError as exc:
        ctx.skip("tf_keras does not import here: %s" % exc)
    try:
        import keras
    except ImportError as exc:
        ctx.skip("keras does not import here: %s" % exc)
    major = str(getattr(keras, "__version__", "0")).split(".")[0]
    if major != "3":
        ctx.skip("`keras` is %s here, not Keras 3" % getattr(keras, "__version__", "?"))
    return tf_keras, keras


def _predict(ctx, model):
    import numpy as np
    prediction = model.predict(np.ones((2, 4), dtype="float32"), verbose=0)
    ctx.observe("prediction_shape", list(np.shape(prediction)))


def tf_keras_input_into_keras3_dense(ctx):
    tf_keras, keras = _packages(ctx)
    inputs = tf_keras.Input((4,))
    outputs = keras.layers.Dense(2)(inputs)
    _predict(ctx, keras.Model(inputs, outputs))


def keras3_input_into_tf_keras_dense(ctx):
    tf_keras, keras = _packages(ctx)
    inputs = keras.Input((4,))
    outputs = tf_keras.layers.Dense(2)(inputs)
    _predict(ctx, tf_keras.Model(inputs, outputs))


def tf_keras_only(ctx):
    tf_keras, _ = _packages(ctx)
    inputs = tf_keras.Input((4,))
    outputs = tf_keras.layers.Dense(2)(inputs)
    _predict(ctx, tf_keras.Model(inputs, outputs))
