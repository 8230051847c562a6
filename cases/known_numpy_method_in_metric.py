"""Known root cause: a custom metric that calls `.numpy()` on `y_true` / `y_pred`
(to hand them to scikit-learn), run by `model.fit()`.

tensorflow#35393 (TF 2.0) compiles `metrics=[r2_score]` with
`def r2_score(y_true, y_pred): return skl_r2_score(y_true.numpy(), y_pred.numpy())`
and gets "AttributeError: 'Tensor' object has no attribute 'numpy'"; tensorflow#38038
(TF 2.1) reports the same error "raised during training" for custom metrics and losses.
The workarounds given in those threads are to run the model eagerly:
`model.compile(..., run_eagerly=True)` (tensorflow#36390: the custom metric "works when
run_eagerly=True") or `tf.config.experimental_run_functions_eagerly(True)`
(tensorflow#27519). scikit-learn is not installed in the rows: the case computes R^2
with NumPy on the `.numpy()` values, which is what the metric hands to sklearn.
"""

CASE = {
    "title": "custom metric calling y_true.numpy() / y_pred.numpy(), inside fit()",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/35393",
                        "https://github.com/tensorflow/tensorflow/issues/38038",
                        "https://github.com/tensorflow/tensorflow/issues/36390",
                        "https://github.com/tensorflow/tensorflow/issues/27519"],
               "title": "AttributeError: 'Tensor' object has no attribute 'numpy' in a custom metric",
               "frequency": {"reports": 7,
                             "reactions": 3,
                             "as_of": "2026-12-06",
                             "how": "issues search \"'Tensor' object has no attribute 'numpy' custom "
                                    "metric sklearn y_true.numpy() model.fit\": 7 threads, all "
                                    "tensorflow/tensorflow (#35393 #38038 #36390 #27519 #39817 #39892 "
                                    "#46640), 3 'same' comments on #27519"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "numpy_in_metric_as_written": {
            "role": "broken",
            "title": "metrics=[r2_score] where r2_score calls y_true.numpy(); compile + fit",
            "claim": {"text": "compiling / fitting raises AttributeError: 'Tensor' object has no "
                              "attribute 'numpy'",
                      "versions": "TensorFlow 2.0 (tensorflow#35393), 2.1 (tensorflow#38038)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "object has no attribute 'numpy'"}},
        },
        "run_eagerly": {
            "role": "fix",
            "title": "the same metric with model.compile(..., run_eagerly=True)",
            "claim": {"text": "the custom metric works when run_eagerly=True",
                      "versions": "TensorFlow 2.1 (tensorflow#36390)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "observed": {"metric_logged": True}}},
        },
        "run_functions_eagerly": {
            "role": "fix",
            "title": "the same metric after tf.config.experimental_run_functions_eagerly(True)",
            "claim": {"text": "tf.config.experimental_run_functions_eagerly(True) solves the "
                              "'Tensor' object has no attribute 'numpy' error",
                      "versions": "TensorFlow 2.1 (tensorflow#27519)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "observed": {"metric_logged": True}}},
        },
    },
}


def _r2_score(y_true, y_pred):
    """What sklearn.metrics.r2_score computes, on NumPy arrays."""
    import numpy as np
    ss_res = np.sum((y_true - y_pred) ** 2)
    ss_tot = np.sum((y_true - np.mean(y_true)) ** 2)
    return np.float32(1.0 - ss_res / ss_tot)


def r2_score(y_true, y_pred):
    return _r2_score(y_true.numpy(), y_pred.numpy())


def _fit(ctx, **compile_kwargs):
    import numpy as np
    keras = ctx.keras
    rng = np.random.RandomState(0)
    x = rng.rand(8, 4).astype("float32")
    y = rng.rand(8, 1).astype("float32")
    inputs = keras.layers.Input((4,))
    outputs = keras.layers.Dense(1)(inputs)
    model = keras.models.Model(inputs, outputs)
    with ctx.subject("compile + fit"):
        model.compile(optimizer="adam", loss="mse", metrics=[r2_score], **compile_kwargs)
        history = model.fit(x, y, epochs=1, batch_size=4, verbose=0)
    ctx.observe("metric_logged", "r2_score" in history.history)


def numpy_in_metric_as_written(ctx):
    _fit(ctx)


def run_eagerly(ctx):
    _fit(ctx, run_eagerly=True)


def run_functions_eagerly(ctx):
    tf = ctx.tf
    switch = getattr(tf.config, "experimental_run_functions_eagerly", None)
    if switch is None:
        ctx.skip("this TensorFlow has no tf.config.experimental_run_functions_eagerly")
    switch(True)
    _fit(ctx)
