"""Known root cause: the `keras` package mixed with `tf.keras` in one model.

Blog advice often imports `from keras.layers import Dense` next to
`from tensorflow import keras`. Whether that works depends on whether the two
names are one implementation (TF 2.6-2.15: `keras` 2.x *is* tf.keras; TF 2.16+
without TF_USE_LEGACY_KERAS: both are Keras 3) or two (TF 1.x with standalone
keras 2.2; TF 2.16+ with TF_USE_LEGACY_KERAS=1, where tf.keras is tf_keras and
`keras` is Keras 3). tensorflow/tensorflow#50249 (TF 2.5) reports that mixing them
silently leaves the layer's variables untracked. Each variant records whether the
two names were the same implementation here (`same_dense_class`).
"""

CASE = {
    "title": "standalone `keras` layers mixed with `tf.keras` inputs, layers and models",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/50249",
                        "https://github.com/keras-team/keras/issues/10907",
                        "https://github.com/ZFTurbo/efficientnet_3D/issues/3"],
               "frequency": {"reports": 11,
                             "reactions": 8,
                             "as_of": "2026-12-06",
                             "how": "issues searches \"mixing keras and tf.keras layers 'Node' object has "
                                    "no attribute 'output_masks'\" and 'from keras.layers import Dense "
                                    "with tensorflow.keras trainable_variables empty': 11 threads "
                                    "(keras#10907 #16782 #7362 comment, tensorflow#50249, keras-rcnn#225, "
                                    "keras-tcn#136, Keras-FasterRCNN#84, efficientnet_3D#3, "
                                    "recurrentshop#118, nlp_xiaojiang#16, XLNet_embbeding#4), 8 'same "
                                    "issue' comments (6 on keras-rcnn#225)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "tf_keras_input_into_keras_dense": {
            "role": "root_cause",
            "title": "tf.keras.Input -> keras.layers.Dense -> keras Model, then predict",
            "claim": {"text": "mixing tf.keras objects with objects from the 'pure' keras package raises "
                              "AttributeError: 'Node' object has no attribute 'output_masks'",
                      "versions": "standalone keras 2.2.x with TensorFlow 1.x "
                                  "(keras-team/keras#10907, ZFTurbo/efficientnet_3D#3)",
                      "scope": {"flavour": "keras-standalone", "tf": "<2"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "'Node' object has no attribute 'output_masks'"}},
        },
        "keras_input_into_tf_keras_dense": {
            "role": "root_cause",
            "title": "keras.Input -> tf.keras.layers.Dense -> tf.keras Model, then predict",
        },
        "mixed_imports_track_variables": {
            "role": "root_cause",
            "title": "tf.keras Input and Model around a keras.layers.Dense: are its weights tracked?",
            "claim": {"text": "mixing `from tensorflow import keras` with `from keras.layers import Dense` "
                              "leaves the Dense variables untracked: model.trainable_variables is []",
                      "versions": "TensorFlow 2.5 with keras 2.x (tensorflow/tensorflow#50249)",
                      "scope": {"tf": ">=2.5,<2.6"},
                      "expect": {"outcome": "ok", "observed": {"trainable_variables": 0}}},
        },
        "one_keras_tracks_variables": {
            "role": "fix",
            "title": "the same model with tf.keras only",
            "claim": {"text": "the expected behaviour: the Dense kernel and bias are tracked",
                      "versions": "TensorFlow 2.5 (tensorflow/tensorflow#50249, expected behaviour)",
                      "scope": {"tf": ">=2.5,<2.6"},
                      "expect": {"outcome": "ok", "observed": {"trainable_variables": 2}}},
        },
    },
}


def _packages(ctx):
    """(tf.keras, the `keras` package) or skip where the package is missing."""
    try:
        import keras as keras_package
    except ImportError as exc:
        ctx.skip("the `keras` package does not import here: %s" % exc)
    tf_keras = ctx.tf.keras
    ctx.observe("same_dense_class", tf_keras.layers.Dense is keras_package.layers.Dense)
    return tf_keras, keras_package


def _predict(ctx, model):
    import numpy as np
    prediction = model.predict(np.ones((2, 4), dtype="float32"))
    ctx.observe("prediction_shape", list(np.shape(prediction)))


def tf_keras_input_into_keras_dense(ctx):
    tf_keras, keras_package = _packages(ctx)
    inputs = tf_keras.layers.Input((4,))
    outputs = keras_package.layers.Dense(2)(inputs)
    _predict(ctx, keras_package.models.Model(inputs, outputs))


def keras_input_into_tf_keras_dense(ctx):
    tf_keras, keras_package = _packages(ctx)
    inputs = keras_package.layers.Input((4,))
    outputs = tf_keras.layers.Dense(2)(inputs)
    _predict(ctx, tf_keras.models.Model(inputs, outputs))


def mixed_imports_track_variables(ctx):
    # The code: Input and Model from tf.keras, Dense from keras.
    tf_keras, keras_package = _packages(ctx)
    inputs = tf_keras.layers.Input((2, 2))
    outputs = keras_package.layers.Dense(4)(inputs)
    model = tf_keras.models.Model(inputs, outputs)
    ctx.observe("trainable_variables", len(model.trainable_weights))


def one_keras_tracks_variables(ctx):
    tf_keras = ctx.tf.keras
    inputs = tf_keras.layers.Input((2, 2))
    outputs = tf_keras.layers.Dense(4)(inputs)
    model = tf_keras.models.Model(inputs, outputs)
    ctx.observe("trainable_variables", len(model.trainable_weights))
