"""Known root cause: a compiled model whose output passes through an op with no
gradient (argmax, an integer cast, tf.stop_gradient) - `fit()` finds no gradient for
any weight.

keras-team/keras#11157 (standalone Keras 2.2, K.argmax in a Lambda layer) reports
"ValueError: An operation has `None` for gradient ... Common ops without gradient:
K.argmax, K.round, K.eval"; keras-team/keras#20058 (Keras 3) and the tf.keras issues
report "ValueError: No gradients provided for any variable". The claims accept either
wording: the point is that fit raises a ValueError about missing gradients instead of
training. `control` is the same model with a differentiable Lambda.
"""

CASE = {
    "title": "fit() on a model whose output goes through argmax / integer cast / stop_gradient",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/11157",
                        "https://github.com/keras-team/keras/issues/20058",
                        "https://github.com/tensorflow/tensorflow/issues/1511"],
               "frequency": {"reports": 6,
                             "as_of": "2026-12-06",
                             "how": "issues search 'ValueError: No gradients provided for any variable "
                                    "keras fit argmax Lambda layer output': 6 threads where the model "
                                    "output goes through argmax/int (keras#11157 #9169 #12606 #20058, "
                                    "tensorflow#52260, List-of-Differentiable-OPs#4); generic 'No "
                                    "gradients provided' threads with other causes not counted"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "argmax_output": {
            "role": "root_cause",
            "title": "Dense(3) -> Lambda(cast(argmax)) -> mse; fit",
            "claim": {"text": "fit raises ValueError: no gradient for any weight "
                              "('An operation has `None` for gradient' / 'No gradients provided for any variable')",
                      "versions": "standalone Keras 2.2 (keras-team/keras#11157); Keras 3 (keras-team/keras#20058)",
                      "scope": {"flavour": ["keras-standalone", "keras3"]},
                      "expect": {"error_type": "ValueError",
                                 "message": "No gradients provided for any variable|has `None` for gradient"}},
        },
        "integer_cast_output": {
            "role": "root_cause",
            "title": "Dense(1) -> Lambda(cast(cast(., int32), float32)) -> mse; fit",
            "claim": {"text": "fit raises ValueError: no gradient for any weight",
                      "versions": "TensorFlow issue #1511 (cast through integers)",
                      "expect": {"error_type": "ValueError",
                                 "message": "No gradients provided for any variable|has `None` for gradient"}},
        },
        "stop_gradient_output": {
            "role": "root_cause",
            "title": "Dense(1) -> Lambda(tf.stop_gradient) -> mse; fit",
            "claim": {"text": "fit raises ValueError: no gradient for any weight",
                      "expect": {"error_type": "ValueError",
                                 "message": "No gradients provided for any variable|has `None` for gradient"}},
        },
        "control": {
            "role": "fix",
            "title": "Dense(1) -> Lambda(identity) -> mse; fit",
            "claim": {"text": "a differentiable model trains",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _fit(ctx, units, transform):
    import numpy as np
    keras = ctx.keras
    inputs = keras.layers.Input((4,))
    hidden = keras.layers.Dense(units)(inputs)
    outputs = keras.layers.Lambda(transform, output_shape=(1,))(hidden)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.RandomState(0)
    model.fit(rng.rand(8, 4).astype("float32"), rng.rand(8, 1).astype("float32"),
              epochs=1, batch_size=8, verbose=0)


def argmax_output(ctx):
    tf = ctx.tf
    _fit(ctx, 3, lambda t: tf.cast(tf.argmax(t, axis=1), tf.float32)[:, None])


def integer_cast_output(ctx):
    tf = ctx.tf
    _fit(ctx, 1, lambda t: tf.cast(tf.cast(t * 10.0, tf.int32), tf.float32))


def stop_gradient_output(ctx):
    tf = ctx.tf
    _fit(ctx, 1, tf.stop_gradient)


def control(ctx):
    _fit(ctx, 1, lambda t: t)
