"""Known root cause: a callback that reads and sets the learning rate with
`K.get_value(model.optimizer.lr)` / `K.set_value(model.optimizer.lr, lr)` during `fit()`.

keras_lr_finder's `LRFinder` (surmenok/keras_lr_finder, `import keras.backend as K`)
does this from a LambdaCallback's `on_batch_end`. Its issue #36 (keras 3.8, TF 2.18)
reports "AttributeError: module 'keras.backend' has no attribute 'get_value'";
keras-team/keras#19148 reports that Keras 3.0's keras.backend has no set_value() or
get_value() for a custom learning-rate callback; tensorflow/docs#2328 reports
"AttributeError: 'Adam' object has no attribute 'lr'" in the TF docs notebooks under
Keras 3 and replaces it with `model.optimizer.learning_rate`. Variants: the LRFinder
callback with `keras.backend` as the library imports it (the `keras` package), the same
with the backend of the Keras under test (`from tensorflow.keras import backend as K`),
and the `learning_rate` variable read and assigned directly. `lr_changed` records
whether the callback really changed the optimizer's learning rate.
"""

CASE = {
    "title": "learning-rate callback using K.get_value / K.set_value on optimizer.lr inside fit()",
    "source": {"kind": "known",
               "refs": ["https://github.com/surmenok/keras_lr_finder/issues/36",
                        "https://github.com/surmenok/keras_lr_finder/blob/master/keras_lr_finder/lr_finder.py",
                        "https://github.com/keras-team/keras/issues/19148",
                        "https://github.com/tensorflow/docs/pull/2328"],
               "title": "module 'keras.backend' has no attribute 'get_value' / 'Adam' object has no attribute 'lr'",
               "frequency": {"reports": 6,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues searches \"module 'keras.backend' has no attribute 'get_value' "
                                    "learning rate callback\" and \"'Adam' object has no attribute 'lr'\": 6 "
                                    "threads (keras#19148, #19952, keras_lr_finder#36 and #24, "
                                    "tensorflow/docs#2328, AdasOptimizer#3), 1 'encountered this' "
                                    "comment; pages hits were about the lr= constructor argument, not "
                                    "counted"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "lr_finder_keras_backend": {
            "role": "broken",
            "title": "LRFinder-style on_batch_end with `import keras.backend as K`; fit",
            "effects": ["lr_changed"],
            "claim": {"text": "AttributeError: module 'keras.backend' has no attribute 'get_value'",
                      "versions": "keras 3.8.0 with TensorFlow 2.18 (keras_lr_finder#36); Keras 3.0 "
                                  "(keras-team/keras#19148)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute '(get|set)_value'"}},
        },
        "lr_finder_tf_keras_backend": {
            "role": "broken",
            "title": "the same callback with the backend of the Keras under test; fit",
            "effects": ["lr_changed"],
            "claim": {"text": "AttributeError: 'Adam' object has no attribute 'lr'",
                      "versions": "TF docs notebooks under Keras 3 (tensorflow/docs#2328, 2024)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "object has no attribute 'lr'"}},
        },
        "learning_rate_variable": {
            "role": "fix",
            "title": "read optimizer.learning_rate.numpy() and assign the new value; fit",
            "effects": ["lr_changed"],
            "claim": {"text": "use model.optimizer.learning_rate instead of optimizer.lr / "
                              "K.get_value: the learning rate is read and changed",
                      "versions": "Keras 3 (tensorflow/docs#2328, keras_lr_finder#36 answer)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "effects": {"lr_changed": "yes"}}},
        },
    },
}

START_LR = 0.01
LR_MULT = 2.0


def _current_lr(ctx, model):
    """The optimizer's learning rate as a float, whatever the Keras (None if unreadable)."""
    optimizer = model.optimizer
    for name in ("learning_rate", "lr"):
        try:
            value = getattr(optimizer, name)
        except Exception:
            continue
        try:
            return float(ctx.evaluate(value))
        except Exception:
            continue
    return None


def _fit_with(ctx, on_batch_end):
    import numpy as np
    keras = ctx.keras
    rng = np.random.RandomState(0)
    x = rng.rand(8, 4).astype("float32")
    y = rng.rand(8, 1).astype("float32")
    inputs = keras.layers.Input((4,))
    outputs = keras.layers.Dense(1)(inputs)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(START_LR), loss="mse")
    callback = keras.callbacks.LambdaCallback(
        on_batch_end=lambda batch, logs: on_batch_end(model, batch, logs))
    with ctx.subject("fit with the LR callback"):
        model.fit(x, y, batch_size=4, epochs=1, verbose=0, callbacks=[callback])
    final = _current_lr(ctx, model)
    ctx.observe("final_lr", final)
    ctx.effect("lr_changed", final is not None and abs(final - START_LR) > 1e-9)


def _lr_finder_callback(K):
    def on_batch_end(model, batch, logs):
        # Log the learning rate
        lr = K.get_value(model.optimizer.lr)
        # Increase the learning rate for the next batch
        lr *= LR_MULT
        K.set_value(model.optimizer.lr, lr)
    return on_batch_end


def lr_finder_keras_backend(ctx):
    try:
        import keras.backend as K
    except ImportError as exc:
        ctx.skip("the `keras` package does not import here: %s" % exc)
    _fit_with(ctx, _lr_finder_callback(K))


def lr_finder_tf_keras_backend(ctx):
    _fit_with(ctx, _lr_finder_callback(ctx.keras.backend))


def learning_rate_variable(ctx):
    def on_batch_end(model, batch, logs):
        lr = float(model.optimizer.learning_rate.numpy())
        model.optimizer.learning_rate.assign(lr * LR_MULT)
    _fit_with(ctx, on_batch_end)
