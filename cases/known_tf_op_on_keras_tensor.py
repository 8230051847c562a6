"""Known root cause: a raw TensorFlow op applied to a symbolic Keras tensor in the
functional API, and the two usual fixes (a Lambda layer, a custom Layer).

What is documented differs by Keras: standalone Keras 2 on TF 1.x leaves the op's
output without `_keras_history`, so the next layer / Model() fails with
"'Tensor' object has no attribute '_keras_history'" (keras-team/keras#7362, #9636);
tf.keras turns the op into an automatic op layer (TFOpLambda from TF 2.4); Keras 3
refuses it: "A KerasTensor cannot be used as input to a TensorFlow function"
(Keras 3 migration guide). Each variant runs everywhere; its claim carries the
versions its reference speaks about, so a verdict outside them is only a measurement
of how far the advice carries.

The raw op sits *between* layers (Input -> tf op -> Dense), the shape of the issue
reports: a raw op as the very last output gives a different error in standalone Keras.
"""

CASE = {
    "title": "raw TensorFlow op on a symbolic Keras tensor in a functional model",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/7362",
                        "https://github.com/keras-team/keras/issues/9636",
                        "https://github.com/tensorflow/tensorflow/releases/tag/v2.4.0-rc3",
                        "https://keras.io/guides/migrating_to_keras_3/"],
               "frequency": {"reports": 18,
                             "reactions": 3,
                             "as_of": "2026-12-06",
                             "how": "issues searches \"'Tensor' object has no attribute '_keras_history' "
                                    "tf operation between keras layers\" and 'A KerasTensor cannot be used "
                                    "as input to a TensorFlow function' (two phrasings): 6 "
                                    "standalone-Keras threads (keras#7362 #9636 #5166, recurrentshop, "
                                    "FusionMatting, tf_ResNeSt) + 12 Keras 3 / tf.keras threads "
                                    "(DeepTables, ComGA, tfinterpy, onnx2tf, onnx2tflite, ray, ...), 3+ "
                                    "'same problem' comments on keras#7362"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "reduce_sum_between_layers": {
            "role": "root_cause",
            "title": "Input -> tf.reduce_sum -> Dense -> Model, then predict",
            "claim": {"text": "the TF op's output has no _keras_history, so building the model raises "
                              "AttributeError: 'Tensor' object has no attribute '_keras_history'; "
                              "wrap the op in a Lambda layer",
                      "versions": "standalone Keras 2.0-2.1 on TensorFlow 1.x (keras-team/keras#7362, #9636)",
                      "scope": {"flavour": "keras-standalone", "tf": "<2"},
                      "expect": {"outcome": "keras_history_error"}},
        },
        "multiply_constant_between_layers": {
            "role": "root_cause",
            "title": "Input -> tf.multiply(x, tf.constant) -> Dense -> Model, then predict",
            "claim": {"text": "Keras 3 disallows TF ops on a KerasTensor: ValueError "
                              "'A KerasTensor cannot be used as input to a TensorFlow function'",
                      "versions": "Keras 3 (migration guide, 'Calling TF ops with a KerasTensor')",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError",
                                 "message": "^A KerasTensor cannot be used as input to a TensorFlow function"}},
        },
        "reduce_sum_becomes_op_layer": {
            "role": "root_cause",
            "title": "which layer the functional model builds for the raw tf.reduce_sum",
            "claim": {"text": "tf.keras converts a TF API call on Keras symbolic inputs into a lambda "
                              "layer (TFOpLambda) of the functional model",
                      "versions": "tf.keras from TF 2.4 (TF 2.4 release notes: Functional API refactoring)",
                      "scope": {"flavour": "tf.keras", "tf": ">=2.4"},
                      "expect": {"outcome": "ok", "observed": {"op_layer": "TFOpLambda"}}},
        },
        "lambda_wrapped": {
            "role": "fix",
            "title": "the same tf.reduce_sum inside a Lambda layer",
            "claim": {"text": "wrapping the backend/TF function in a Lambda layer fixes it",
                      "versions": "standalone Keras 2.1 (keras-team/keras#9636)",
                      "scope": {"flavour": "keras-standalone"},
                      "expect": {"outcome": "ok"}},
        },
        "custom_layer_wrapped": {
            "role": "fix",
            "title": "the same tf.reduce_sum inside a custom Layer.call",
            "claim": {"text": "wrap the TF function in a Layer subclass: class MyLayer(Layer): "
                              "def call(self, x): return tf_fn(x)",
                      "versions": "Keras 3 (the KerasTensor ValueError's own advice)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _finish(ctx, inputs, hidden):
    """Dense on top of `hidden`, a model from `inputs`, one predict."""
    import numpy as np
    keras = ctx.keras
    outputs = keras.layers.Dense(1)(hidden)
    model = keras.models.Model(inputs, outputs)
    prediction = model.predict(np.ones((2, 4), dtype="float32"))
    ctx.observe("prediction_shape", list(np.shape(prediction)))
    return model


def reduce_sum_between_layers(ctx):
    tf, keras = ctx.tf, ctx.keras
    x = keras.layers.Input((4,))
    h = tf.reduce_sum(x, axis=1, keepdims=True)
    _finish(ctx, x, h)


def multiply_constant_between_layers(ctx):
    tf, keras = ctx.tf, ctx.keras
    x = keras.layers.Input((4,))
    h = tf.multiply(x, tf.constant([1.0, 2.0, 3.0, 4.0]))
    _finish(ctx, x, h)


def reduce_sum_becomes_op_layer(ctx):
    tf, keras = ctx.tf, ctx.keras
    x = keras.layers.Input((4,))
    h = tf.reduce_sum(x, axis=1, keepdims=True)
    model = _finish(ctx, x, h)
    # Whatever sits between the InputLayer and the Dense is what Keras made of the op.
    made = [type(layer).__name__ for layer in model.layers
            if type(layer).__name__ not in ("InputLayer", "Dense")]
    ctx.observe("op_layer", made[0] if len(made) == 1 else made)


def lambda_wrapped(ctx):
    tf, keras = ctx.tf, ctx.keras
    x = keras.layers.Input((4,))
    h = keras.layers.Lambda(lambda t: tf.reduce_sum(t, axis=1, keepdims=True),
                            output_shape=(1,))(x)
    _finish(ctx, x, h)


def custom_layer_wrapped(ctx):
    tf, keras = ctx.tf, ctx.keras

    class ReduceSum(keras.layers.Layer):
        def call(self, inputs):
            return tf.reduce_sum(inputs, axis=1, keepdims=True)

        def compute_output_shape(self, input_shape):
            return (input_shape[0], 1)

    x = keras.layers.Input((4,))
    h = ReduceSum()(x)
    _finish(ctx, x, h)
