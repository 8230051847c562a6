"""Known root cause: variables that do not take part in the loss are handed to the optimizer -
a weight created in `build()` but never used in `call()`, or `model.weights` (which include
BatchNormalization's moving mean / variance) instead of `model.trainable_variables` in a custom
loop. Training goes on; TensorFlow logs "WARNING:tensorflow:Gradients do not exist for
variables [...] when minimizing the loss." (Keras 3: a UserWarning "... If using
`model.compile()`, did you forget to provide a `loss` argument?") and those variables never
change.

titu1994/Nested-LSTM#5 (TF 2.3, keras 2.4.3): "Gradients do not exist for variables
['lstm1/nested_lstm_cell/input_kernel_1:0'] when minimizing the loss" (a kernel the cell creates
but does not use); "I also find the warning, and I choose to ignore it! The warning didn't cause
some serious problems." tensorlayer/SRGAN#143: "Gradients does not exist for variables
['batchnorm_1/moving_mean:0', 'batchnorm_1/moving_var:0', ...] ... we need to tell them only
trainable variables instead of all variables". tensorflow#37501 (TF 2.1), google-research/simclr#105,
yingkaisha/keras-unet-collection#7, tensorflow/hub#489, qqwweee/keras-yolo3#770,
abman23/seq2seq-sc#3 and remigenet/TKAT#8 (Keras 3, torch backend, the UserWarning) show the
same warning.

The case captures the warning (Python `warnings` and the 'tensorflow' logger) and observes
`gradients_do_not_exist_warning`; effects: `used_kernel_updated` (must happen) and, observed,
whether the unused / non-trainable variable changed.
"""

CASE = {
    "title": "'Gradients do not exist for variables ... when minimizing the loss': unused weights, model.weights in a custom loop",
    "source": {"kind": "known",
               "refs": ["https://github.com/titu1994/Nested-LSTM/issues/5",
                        "https://github.com/tensorlayer/SRGAN/issues/143",
                        "https://github.com/tensorflow/tensorflow/issues/37501",
                        "https://github.com/google-research/simclr/issues/105",
                        "https://github.com/remigenet/TKAT/issues/8"],
               "title": "WARNING:tensorflow:Gradients do not exist for variables [...] when minimizing the loss",
               "frequency": {"reports": 9, "as_of": "2026-12-06",
                             "how": "issues searches 'Gradients do not exist for variables when "
                                    "minimizing the loss': tensorflow#37501, SRGAN#143, "
                                    "keras-unet-collection#7, hub#489, simclr#105, TKAT#8, "
                                    "seq2seq-sc#3, Nested-LSTM#5, keras-yolo3#770"}},
    "variants": {
        "unused_weight_fit": {
            "role": "root_cause",
            "title": "Nested-LSTM#5 shape: a layer creating kernel and input_kernel in build(), using only "
                     "kernel in call(); compile + fit",
            "effects": ["used_kernel_updated"],
            "claim": {"text": "WARNING: Gradients do not exist for variables [...input_kernel...] when "
                              "minimizing the loss; the warning didn't cause serious problems (training "
                              "runs)",
                      "versions": "TF 2.3.0 / keras 2.4.3 (Nested-LSTM#5); Keras 3 UserWarning (TKAT#8)",
                      "expect": {"outcome": "ok",
                                 "effects": {"used_kernel_updated": "yes"},
                                 "observed": {"gradients_do_not_exist_warning": True}}},
        },
        "all_weights_custom_loop": {
            "role": "broken",
            "title": "SRGAN#143 shape: grads = tape.gradient(loss, model.weights) (BatchNormalization "
                     "moving mean / variance included); apply_gradients(zip(grads, model.weights))",
            "effects": ["used_kernel_updated"],
            "claim": {"text": "Gradients does not exist for variables ['batchnorm/moving_mean:0', "
                              "'batchnorm/moving_var:0', ...] at each step",
                      "versions": "TF 2.0 beta era (SRGAN#143, 2019)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok",
                                 "observed": {"gradients_do_not_exist_warning": True}}},
        },
        "trainable_variables_custom_loop": {
            "role": "fix",
            "title": "the same loop over model.trainable_variables only",
            "effects": ["used_kernel_updated"],
            "claim": {"text": "pass only the trainable variables instead of all variables: no warning",
                      "versions": "SRGAN#143",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok",
                                 "effects": {"used_kernel_updated": "yes"},
                                 "observed": {"gradients_do_not_exist_warning": False}}},
        },
    },
}


class _Capture(object):
    """Collects Python warnings and 'tensorflow' / 'keras' log records while active."""

    def __enter__(self):
        import logging
        import warnings
        self.messages = []
        capture = self

        class Handler(logging.Handler):
            def emit(self, record):
                capture.messages.append(record.getMessage())

        self._handler = Handler()
        self._loggers = [logging.getLogger(name) for name in ("tensorflow", "keras", "absl")]
        for logger in self._loggers:
            logger.addHandler(self._handler)
        self._warnings = warnings.catch_warnings(record=True)
        self._record = self._warnings.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc):
        for logger in self._loggers:
            logger.removeHandler(self._handler)
        self._warnings.__exit__(*exc)
        self.messages.extend(str(w.message) for w in self._record)
        return False

    def saw(self, text):
        return any(text in m for m in self.messages)


def _changed(ctx, before, variable):
    import numpy as np
    return not np.allclose(before, ctx.evaluate(variable))


def unused_weight_fit(ctx):
    import numpy as np
    keras = ctx.keras

    class HalfUsedDense(keras.layers.Layer):
        def build(self, input_shape):
            self.kernel = self.add_weight(name="kernel", shape=(int(input_shape[-1]), 2),
                                          initializer="ones", trainable=True)
            self.input_kernel = self.add_weight(name="input_kernel", shape=(int(input_shape[-1]), 2),
                                                initializer="ones", trainable=True)
            super(HalfUsedDense, self).build(input_shape)

        def call(self, inputs):
            if ctx.keras_major == 3:
                return keras.ops.matmul(inputs, self.kernel)
            return keras.backend.dot(inputs, self.kernel)

        def compute_output_shape(self, input_shape):
            return tuple(input_shape[:-1]) + (2,)

    layer = HalfUsedDense()
    inputs = keras.layers.Input((3,))
    model = keras.models.Model(inputs, layer(inputs))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    rng = np.random.RandomState(0)
    kernel_before = np.array(ctx.evaluate(layer.kernel)).copy()
    unused_before = np.array(ctx.evaluate(layer.input_kernel)).copy()
    with ctx.subject("fit"):
        with _Capture() as capture:
            model.fit(rng.rand(4, 3).astype("float32"), rng.rand(4, 2).astype("float32"),
                      batch_size=4, epochs=1, verbose=0)
    ctx.observe("gradients_do_not_exist_warning", capture.saw("Gradients do not exist for variables")
                or capture.saw("Gradients does not exist for variables"))
    ctx.observe("unused_kernel_changed", _changed(ctx, unused_before, layer.input_kernel))
    ctx.effect("used_kernel_updated", _changed(ctx, kernel_before, layer.kernel))


def _custom_loop(ctx, variables_of):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras
    if ctx.backend != "tensorflow" or not ctx.eager:
        ctx.skip("a TF 2 eager GradientTape loop")
    inputs = keras.layers.Input((3,))
    dense = keras.layers.Dense(4)
    bn = keras.layers.BatchNormalization()
    outputs = keras.layers.Dense(1)(bn(dense(inputs)))
    model = keras.models.Model(inputs, outputs)
    optimizer = keras.optimizers.SGD(0.1)
    rng = np.random.RandomState(0)
    x = tf.constant(rng.rand(4, 3).astype("float32"))
    y = tf.constant(rng.rand(4, 1).astype("float32"))
    kernel_before = np.array(ctx.evaluate(dense.kernel)).copy()
    with ctx.subject("tape.gradient + apply_gradients"):
        with _Capture() as capture:
            variables = variables_of(model)
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
            grads = tape.gradient(loss, variables)
            optimizer.apply_gradients(zip(grads, variables))
    ctx.observe("gradients_do_not_exist_warning", capture.saw("Gradients do not exist for variables")
                or capture.saw("Gradients does not exist for variables"))
    ctx.effect("used_kernel_updated", _changed(ctx, kernel_before, dense.kernel))


def all_weights_custom_loop(ctx):
    _custom_loop(ctx, lambda model: model.weights)


def trainable_variables_custom_loop(ctx):
    _custom_loop(ctx, lambda model: model.trainable_variables)
