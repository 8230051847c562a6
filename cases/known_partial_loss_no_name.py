"""Known reports: a loss or metric that is a callable without a `__name__` (a
`functools.partial`, an instance of a plain class with `__call__`) passed to `compile()`.

Keras names each loss and metric after the function's `__name__`. asnelt/mmae#3 (Colab, June
2020, TF 2.2) passes a callable object to `compile()` and `fit()` stops with
"AttributeError: 'BernoulliDivergence' object has no attribute '__name__'"; tensorflow/
tensorflow#25259 (TF 1.13) hits "'MeanMetricWrapper' object has no attribute '__name__'" the same
way. A `functools.partial` has no `__name__` either (Python's own behaviour), and binding extra
arguments of a loss with `partial` is a common pattern (keras-team/keras#15413 builds metrics that
way). The fix the Python literature gives (Louis Tiao, "Adding __name__ and __doc__ attributes to
functools.partial objects") is `functools.update_wrapper(partial_func, func)`, which copies
`__name__` (and `__doc__`) from the wrapped function.

The loss is a weighted MSE, `weighted_mse(y_true, y_pred, weight)`, bound with
`partial(weighted_mse, weight=2.0)`; compiled and fitted one step (where Keras reads the name),
and, in the last variant, saved to .h5 and loaded back with the function passed by its name.
"""

CASE = {
    "title": "functools.partial (no __name__) as a loss or metric: compile, fit, save, load",
    "source": {"kind": "known",
               "refs": ["https://github.com/asnelt/mmae/issues/3",
                        "https://github.com/tensorflow/tensorflow/issues/25259",
                        "https://github.com/keras-team/keras/issues/15413",
                        "http://tiao.io/posts/adding-__name__-and-__doc__-attributes-to-functoolspartial-objects/"],
               "title": "AttributeError: 'BernoulliDivergence' object has no attribute '__name__'",
               "frequency": {"reports": 3, "as_of": "2026-12-06",
                             "how": "issues/pages search \"'functools.partial' object has no attribute "
                                    "'__name__'\" keras, 'partial loss keras', \"object has no attribute "
                                    "'__name__'\" loss/metric: mmae#3, tf#25259, keras#15413 (plus the "
                                    "general Python blog post on update_wrapper)"}},
    "variants": {
        "partial_loss_fit_as_written": {
            "role": "broken",
            "title": "compile(loss=partial(weighted_mse, weight=2.0)), fit one step",
            "claim": {"text": "fit raises AttributeError: '<callable>' object has no attribute '__name__' "
                              "(Keras names the loss after __name__)",
                      "versions": "TF 2.2 (mmae#3, June 2020)",
                      "scope": {"tf": ">=2.2,<2.3", "flavour": "tf.keras"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "object has no attribute '__name__'"}},
        },
        "partial_metric_fit": {
            "role": "broken",
            "title": "compile(loss='mse', metrics=[partial(weighted_mse, weight=2.0)]), fit one step",
            "claim": {"text": "a metric without __name__ fails the same way (\"... object has no "
                              "attribute '__name__'\")",
                      "versions": "TF 1.13 (tf#25259)",
                      "expect": {"error_type": "AttributeError",
                                 "message": "object has no attribute '__name__'"}},
        },
        "update_wrapper_fit": {
            "role": "fix",
            "title": "loss=functools.update_wrapper(partial(weighted_mse, weight=2.0), weighted_mse), fit",
            "claim": {"text": "update_wrapper gives the partial the wrapped function's __name__; Keras "
                              "can then name the loss and train",
                      "expect": {"outcome": "ok", "observed": {"loss_name_ok": True}}},
        },
        "update_wrapper_save_load": {
            "role": "demo",
            "title": "the update_wrapper'd loss: fit, save .h5, load_model(custom_objects={'weighted_mse': "
                     "wrapped}), fit again",
        },
    },
}


def _ops(ctx):
    keras = ctx.keras
    if ctx.keras_major == 3:
        return keras.ops.mean, keras.ops.square
    return keras.backend.mean, keras.backend.square


def _weighted_mse(ctx):
    mean, square = _ops(ctx)

    def weighted_mse(y_true, y_pred, weight=1.0):
        return weight * mean(square(y_pred - y_true), axis=-1)

    return weighted_mse


def _data():
    import numpy as np
    x = np.arange(12, dtype="float32").reshape(4, 3) / 12.0
    return x, np.ones((4, 2), "float32")


def _model(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    outputs = keras.layers.Dense(2)(inputs)
    return keras.models.Model(inputs, outputs)


def _fit(model):
    x, y = _data()
    return model.fit(x, y, epochs=1, batch_size=4, verbose=0)


def partial_loss_fit_as_written(ctx):
    import functools
    model = _model(ctx)
    loss = functools.partial(_weighted_mse(ctx), weight=2.0)
    with ctx.subject("compile(loss=partial(...)) + fit"):
        model.compile(optimizer="sgd", loss=loss)
        history = _fit(model)
        ctx.observe("history_keys", sorted(history.history))


def partial_metric_fit(ctx):
    import functools
    model = _model(ctx)
    metric = functools.partial(_weighted_mse(ctx), weight=2.0)
    with ctx.subject("compile(metrics=[partial(...)]) + fit"):
        model.compile(optimizer="sgd", loss="mse", metrics=[metric])
        history = _fit(model)
        ctx.observe("history_keys", sorted(history.history))


def update_wrapper_fit(ctx):
    import functools
    model = _model(ctx)
    weighted_mse = _weighted_mse(ctx)
    loss = functools.update_wrapper(functools.partial(weighted_mse, weight=2.0), weighted_mse)
    ctx.observe("loss_name_ok", getattr(loss, "__name__", None) == "weighted_mse")
    with ctx.subject("compile(loss=update_wrapper(partial(...))) + fit"):
        model.compile(optimizer="sgd", loss=loss)
        history = _fit(model)
        ctx.observe("history_keys", sorted(history.history))


def update_wrapper_save_load(ctx):
    import functools
    keras = ctx.keras
    model = _model(ctx)
    weighted_mse = _weighted_mse(ctx)
    loss = functools.update_wrapper(functools.partial(weighted_mse, weight=2.0), weighted_mse)
    model.compile(optimizer="sgd", loss=loss)
    _fit(model)
    with ctx.subject("save .h5 + load_model(custom_objects={'weighted_mse': loss}) + fit"):
        model.save("model.h5")
        ctx.observe("saved", True)
        loaded = keras.models.load_model("model.h5", custom_objects={"weighted_mse": loss})
        history = _fit(loaded)
        ctx.observe("history_keys", sorted(history.history))
