"""Known root cause: a trainable variable with an integer dtype - `tf.Variable(1)` initialised
with a Python int, or a layer weight created with `dtype=tf.int32` - has no gradient: the
tape does not watch integer tensors, every gradient is None, and the optimizer reports "No
gradients provided for any variable".

tensorflow#27378 (TF 1.13): ppwwyyxx: "Your variables are of integer types (because you
initialize them with integers) and mathematically there is no gradient defined on integer
types so you cannot evaluate them. This is expected." tensorflow#43845 (TF 2.x): '"No
gradients provided" with GradientDescentOptimizer if not using float variable'.
keras-team/keras#20058 (Keras 3, 2024): a Layer with `self.add_variable((1,),
initializer="zeros", dtype=tf.int32)`, `model.fit(...)`: "This will always raise a
`ValueError: No gradients provided for any variable.` when using an integer type"; with
`tf.float32` it trains. tensorflow/recommenders#145 quotes the warning TensorFlow logs for
such sources ("The dtype of the source tensor must be floating (e.g. tf.float32)").

Variants record the gradient `w` (it must be there) or, for fit, the effect `w_updated`.
"""

CASE = {
    "title": "Integer-dtype trainable variable (tf.Variable(1), dtype=tf.int32 weight): no gradients",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/27378",
                        "https://github.com/tensorflow/tensorflow/issues/43845",
                        "https://github.com/keras-team/keras/issues/20058",
                        "https://github.com/tensorflow/recommenders/issues/145"],
               "title": "\"No gradients provided for any variable.\" when variable uses an integer data type",
               "frequency": {"reports": 4, "as_of": "2026-12-06",
                             "how": "issues searches 'No gradients provided integer variable', 'The dtype "
                                    "of the watched tensor must be floating': tensorflow#27378, #43845, "
                                    "keras#20058, recommenders#145"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "int_variable_custom_loop": {
            "role": "broken",
            "title": "w = tf.Variable(1) (int32); loss = mean((cast(w, float32) * x - y)^2) under a tape; "
                     "tape.gradient; SGD.apply_gradients",
            "grads": ["w"],
            "claim": {"text": "variables initialised with integers have no gradient: 'No gradients "
                              "provided for any variable'",
                      "versions": "TF 1.13 (tensorflow#27378), TF 2.x (tensorflow#43845)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "ValueError",
                                 "message": "No gradients provided for any variable",
                                 "grads": {"w": "none"}}},
        },
        "int_weight_layer_fit": {
            "role": "broken",
            "title": "keras#20058: BugTestLayer with an int32 variable (add_variable / add_weight), "
                     "Input(dtype=int32), compile(RMSprop, mse) + fit",
            "effects": ["w_updated"],
            "claim": {"text": "This will always raise a ValueError: No gradients provided for any "
                              "variable. when using an integer type",
                      "versions": "Keras 3 with TensorFlow (keras#20058, 2024)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError",
                                 "message": "No gradients provided for any variable"}},
        },
        "float_variable": {
            "role": "fix",
            "title": "w = tf.Variable(1.0) (float32); the same loop",
            "grads": ["w"],
            "claim": {"text": "with a float variable the gradient exists and the step applies",
                      "versions": "tensorflow#27378, #43845",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "grads": {"w": "ok"}}},
        },
        "float_weight_layer_fit": {
            "role": "fix",
            "title": "keras#20058 with variable_dtype = tf.float32 (and a float input): fit",
            "effects": ["w_updated"],
            "claim": {"text": "Uncommenting this [variable_dtype = tf.float32] fixes the issue",
                      "versions": "Keras 3 with TensorFlow (keras#20058)",
                      "expect": {"outcome": "ok", "effects": {"w_updated": "yes"}}},
        },
    },
}


def _loop(ctx, initial):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras
    if not ctx.eager:
        ctx.skip("eager GradientTape code; this TensorFlow runs graph mode")
    x = tf.constant(np.arange(4, dtype="float32"))
    y = 3.0 * x
    w = tf.Variable(initial)
    optimizer = keras.optimizers.SGD(0.01)
    with ctx.subject("tape.gradient + apply_gradients"):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.cast(w, tf.float32) * x - y))
        grads = tape.gradient(loss, [w])
        ctx.grad("w", grads[0])
        optimizer.apply_gradients(zip(grads, [w]))


def int_variable_custom_loop(ctx):
    _loop(ctx, 1)


def float_variable(ctx):
    _loop(ctx, 1.0)


def _fit(ctx, variable_dtype):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras

    class BugTestLayer(keras.layers.Layer):
        # Layer is just y = self.var * x
        def build(self, input_shape):
            add = getattr(self, "add_variable", None) if ctx.keras_major == 3 else None
            if add is not None:
                self.var = add((1,), initializer="zeros", dtype=variable_dtype)
            else:  # Keras 2 spelling of the same call
                self.var = self.add_weight(name="var", shape=(1,), initializer="zeros",
                                           dtype=variable_dtype, trainable=True)

        def call(self, input):
            return input * self.var

    values = np.array([[i] for i in range(8)]).astype(variable_dtype.as_numpy_dtype)
    with ctx.subject("build the model with the variable + compile + fit"):
        input_layer = keras.Input((1,), dtype=variable_dtype)
        test_layer = BugTestLayer()
        output = test_layer(input_layer)
        model = keras.Model(inputs=[input_layer], outputs=[output])
        # keras#20058 passes loss=[keras.losses.MeanSquaredError()]; "mse" is the same loss and
        # also exists in Keras 2.2, which has no loss classes
        model.compile(loss=["mse"], optimizer=keras.optimizers.RMSprop())
        before = np.array(test_layer.get_weights()[0]).copy()
        model.fit(values, values, batch_size=8, epochs=1, verbose=0)
    ctx.effect("w_updated", not np.allclose(before, test_layer.get_weights()[0]))


def int_weight_layer_fit(ctx):
    _fit(ctx, ctx.tf.int32)


def float_weight_layer_fit(ctx):
    _fit(ctx, ctx.tf.float32)
