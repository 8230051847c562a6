"""Known root cause: a NumPy function applied to tensors inside a custom loss, run by
`model.fit()`.

kidzik/event-detector (eventdetector/utils.py) compiles a model with
`weighted_binary_crossentropy`, whose body is
`K.mean(np.multiply(K.binary_crossentropy(y_pred[0:1,:], y_true[0:1,:]), (y_true[0:1,:] + 0.01)), axis=-1)`.
Its issue #3 reports "NotImplementedError: Cannot convert a symbolic Tensor to a NumPy
array" under TensorFlow 2.0, a fix (np.multiply -> tf.multiply) and that the original
code works with TensorFlow 1.5 and Keras 2.0.6. tensorflow#36792 (TF 2.1, label
comp:autograph) reports the same NotImplementedError from NumPy calls in a loss during
`fit()`. The loss is copied as written (`K.binary_crossentropy` with its arguments in
the report's order; `keras.ops.binary_crossentropy` where a Keras 3 backend lacks it).
"""

CASE = {
    "title": "np.multiply on tensors inside a custom loss, inside fit()",
    "source": {"kind": "known",
               "refs": ["https://github.com/kidzik/event-detector/issues/3",
                        "https://github.com/kidzik/event-detector/blob/master/eventdetector/utils.py",
                        "https://github.com/tensorflow/tensorflow/issues/36792"],
               "title": "NotImplementedError: Cannot convert a symbolic Tensor to a numpy array",
               "frequency": {"reports": 4,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'NotImplementedError: Cannot convert a symbolic "
                                    "Tensor to a numpy array custom loss np.' and 'custom loss numpy "
                                    "np.mean on y_pred fails in model.fit': 4 threads (tensorflow#36792 "
                                    "#37177 #98779, event-detector#3); the numpy>=1.20/TF-version threads "
                                    "with the same message are a different root cause, not counted"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "np_multiply_in_loss_as_written": {
            "role": "broken",
            "title": "weighted_binary_crossentropy with np.multiply on y_true/y_pred; fit",
            "claim": {"text": "fit raises NotImplementedError: Cannot convert a symbolic Tensor to a "
                              "numpy array",
                      "versions": "TensorFlow 2.0 (event-detector#3), TensorFlow 2.1 (tensorflow#36792)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "NotImplementedError",
                                 "message": "Cannot convert a symbolic (tf\\.)?Tensor .*to a [Nn]um[Pp]y array"}},
        },
        "tf_multiply_in_loss": {
            "role": "fix",
            "title": "the same loss with tf.multiply instead of np.multiply; fit",
            "claim": {"text": "changing np.multiply to tf.multiply makes the loss work",
                      "versions": "TensorFlow 2.0 (event-detector#3)",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _bce(ctx):
    K = ctx.keras.backend
    if hasattr(K, "binary_crossentropy"):
        return K.binary_crossentropy
    ops = getattr(ctx.keras, "ops", None)
    if ops is None or not hasattr(ops, "binary_crossentropy"):
        ctx.skip("no keras.backend.binary_crossentropy here")
    return ops.binary_crossentropy


def _fit(ctx, multiply):
    import numpy as np
    keras = ctx.keras
    K = keras.backend
    binary_crossentropy = _bce(ctx)

    def weighted_binary_crossentropy(y_true, y_pred):
        a1 = K.mean(multiply(binary_crossentropy(y_pred[0:1, :], y_true[0:1, :]),
                             (y_true[0:1, :] + 0.01)), axis=-1)
        return a1

    rng = np.random.RandomState(0)
    x = rng.rand(8, 4).astype("float32")
    y = (rng.rand(8, 2) > 0.5).astype("float32")
    inputs = keras.layers.Input((4,))
    outputs = keras.layers.Dense(2, activation="sigmoid")(inputs)
    model = keras.models.Model(inputs, outputs)
    with ctx.subject("compile + fit"):
        model.compile(loss=weighted_binary_crossentropy, optimizer="adam", metrics=["accuracy"])
        model.fit(x, y, epochs=1, batch_size=4, verbose=0)


def np_multiply_in_loss_as_written(ctx):
    import numpy as np
    _fit(ctx, np.multiply)


def tf_multiply_in_loss(ctx):
    _fit(ctx, ctx.tf.multiply)
