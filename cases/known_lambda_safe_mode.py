"""Known reports: a Lambda layer holding a Python lambda, round-tripped through JSON, the
`.keras` format and HDF5, against Keras's `safe_mode`.

tensorflow/tensorflow#61211 (= keras-team/keras#18284, keras-team/tf-keras#44), TF 2.13:
`model_from_json(model.to_json())` of `Input -> Lambda(lambda x: x*2) -> Dense` raises
"ValueError: Requested the deserialization of a Lambda layer with a Python 'lambda' inside
it ... pass 'safe_mode=False'", model_from_json has no safe_mode argument, "still on 2.14",
and "this issue does not appear in 2.12". The Keras answer on tf-keras#44 (applied by
intel/neural-compressor#1541) is to switch safe mode off globally: that switch is
`tf.keras.__internal__.enable_unsafe_deserialization()` in Keras 2.13-2.15 / tf_keras and the
documented `keras.config.enable_unsafe_deserialization()` ("Disables safe mode globally,
allowing deserialization of lambdas") in Keras 3.

The load_model documentation (TF 2.13+ and Keras 3): safe_mode "Boolean, whether to disallow
unsafe lambda deserialization ... only applicable to the Keras v3 model format. Defaults to
True": the same Lambda model saved as `model.keras` does not load by default and loads with
`safe_mode=False`. For HDF5, keras-team/tf-keras#917 states that the legacy `.h5` path never
applied safe_mode ("load_model(path) with the default safe_mode=True loaded the model without
raising and the Lambda ran on predict()"), and keras-team/keras#21602 (merged August 2025)
made Keras 3's legacy h5 loader honour safe_mode, so there the default load raises.
"""

CASE = {
    "title": "Lambda(lambda ...) through model_from_json, .keras and .h5 versus safe_mode",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/61211",
                        "https://github.com/keras-team/keras/issues/18284",
                        "https://github.com/keras-team/tf-keras/issues/44",
                        "https://github.com/intel/neural-compressor/pull/1541",
                        "https://www.tensorflow.org/api_docs/python/tf/keras/config/enable_unsafe_deserialization",
                        "https://tensorflow.org/versions/r2.14/api_docs/python/tf/keras/saving/load_model",
                        "https://github.com/keras-team/tf-keras/pull/917",
                        "https://github.com/keras-team/keras/pull/21602"],
               "title": "tf.keras.models.model_from_json() missing a safe_mode parameter",
               "frequency": {"reports": 5,
                             "reactions": 6,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'Requested the deserialization of a Lambda layer "
                                    "with a Python lambda inside it safe_mode=False' and 'load_model "
                                    "Lambda layer error after TF 2.13 enable_unsafe_deserialization': 5 "
                                    "URLs but only ~3 independent reports (tensorflow#61211, keras#18284 "
                                    "and tf-keras#44 are one reporter cross-posting; neural-compressor "
                                    "#1163 #1541), 6 'same here' comments; most hits were Keras safe_mode "
                                    "security PRs, not counted"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "model_from_json_as_written": {
            "role": "broken",
            "title": "#61211 as written: Input(1) -> Lambda(lambda x: x*2) -> Dense(1); "
                     "model_from_json(model.to_json())",
            "claim": {"text": "model_from_json raises ValueError: Requested the deserialization of a "
                              "Lambda layer with a Python 'lambda' inside it",
                      "versions": "TF/Keras 2.13 and 2.14; 'does not appear in 2.12'",
                      "scope": {"tf": ">=2.13", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "ValueError",
                                 "message": "deserialization of a `?Lambda`? layer"}},
        },
        "model_from_json_unsafe_enabled": {
            "role": "fix",
            "title": "enable_unsafe_deserialization() (keras.config / keras.__internal__), then "
                     "model_from_json",
            "claim": {"text": "with safe mode disabled globally the Lambda model deserializes",
                      "expect": {"outcome": "ok"}},
        },
        "keras_format_default": {
            "role": "broken",
            "title": "save the Lambda model as model.keras, load_model with the default safe_mode",
            "claim": {"text": "safe_mode=True (the default) disallows lambda deserialization in the "
                              "Keras v3 format: load_model raises ValueError",
                      "versions": "load_model docs, TF 2.13+ and Keras 3",
                      "scope": {"tf": ">=2.13"},
                      "expect": {"error_type": "ValueError",
                                 "message": "deserialization of a `?Lambda`? layer|[Ll]ambda"}},
        },
        "keras_format_safe_mode_false": {
            "role": "fix",
            "title": "the same model.keras loaded with load_model(..., safe_mode=False), predict",
            "claim": {"text": "with safe_mode=False the Lambda model loads (and runs)",
                      "versions": "load_model docs, TF 2.13+ and Keras 3",
                      "scope": {"tf": ">=2.13"},
                      "expect": {"outcome": "ok", "observed": {"lambda_doubled": True}}},
        },
        "h5_default_legacy_loader": {
            "role": "demo",
            "title": "save the Lambda model as model.h5, load_model with the default safe_mode, predict",
            "claim": {"text": "the legacy .h5 path ignores safe_mode: the model loads without raising "
                              "and the Lambda runs on predict()",
                      "versions": "tf-keras before keras-team/tf-keras#917",
                      "scope": {"tf": ">=2.13", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok", "observed": {"lambda_doubled": True}}},
        },
        "h5_default_keras3": {
            "role": "demo",
            "title": "the same .h5 round trip, judged against Keras 3's safe_mode on the h5 path",
            "claim": {"text": "Keras 3 propagates safe_mode to the legacy h5 loader: the default load "
                              "of a Python lambda raises ValueError",
                      "versions": "Keras 3 after keras-team/keras#21602 (August 2025)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError"}},
        },
    },
}


def _lambda_model(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input(shape=(1,))
    x = keras.layers.Lambda(lambda x: x * 2)(inputs)
    out = keras.layers.Dense(1)(x)
    return keras.models.Model(inputs=inputs, outputs=out)


def _check_lambda_runs(ctx, loaded):
    """The loaded model's Lambda doubles its input (compared on the Lambda layer's output)."""
    import numpy as np
    keras = ctx.keras
    lam = [layer for layer in loaded.layers if type(layer).__name__ == "Lambda"][0]
    probe = keras.models.Model(loaded.inputs, lam.output)
    x = np.array([[1.0], [3.0]], dtype="float32")
    y = probe.predict(x)
    ctx.observe("lambda_doubled", bool(np.allclose(y, 2 * x)))


def _needs_safe_mode(ctx):
    import inspect
    if "safe_mode" not in inspect.signature(ctx.keras.models.load_model).parameters:
        ctx.skip("load_model has no safe_mode argument in this Keras")


def model_from_json_as_written(ctx):
    keras = ctx.keras
    model = _lambda_model(ctx)
    model_config = model.to_json()
    with ctx.subject("model_from_json"):
        keras.models.model_from_json(model_config)


def model_from_json_unsafe_enabled(ctx):
    keras = ctx.keras
    enable = getattr(getattr(keras, "config", None), "enable_unsafe_deserialization", None)
    if enable is None:  # Keras 2.13-2.15 / tf_keras spell it keras.__internal__
        enable = getattr(getattr(keras, "__internal__", None), "enable_unsafe_deserialization", None)
    if enable is None:
        ctx.skip("this Keras has no safe mode to disable (no enable_unsafe_deserialization)")
    model = _lambda_model(ctx)
    model_config = model.to_json()
    with ctx.subject("model_from_json"):
        enable()
        loaded = keras.models.model_from_json(model_config)
        _check_lambda_runs(ctx, loaded)


def keras_format_default(ctx):
    keras = ctx.keras
    model = _lambda_model(ctx)
    model.save("model.keras")
    with ctx.subject("load_model"):
        loaded = keras.models.load_model("model.keras")
        _check_lambda_runs(ctx, loaded)


def keras_format_safe_mode_false(ctx):
    keras = ctx.keras
    _needs_safe_mode(ctx)
    model = _lambda_model(ctx)
    model.save("model.keras")
    with ctx.subject("load_model(safe_mode=False)"):
        loaded = keras.models.load_model("model.keras", safe_mode=False)
        _check_lambda_runs(ctx, loaded)


def _h5_round_trip(ctx):
    keras = ctx.keras
    model = _lambda_model(ctx)
    model.save("model.h5")
    with ctx.subject("load_model"):
        loaded = keras.models.load_model("model.h5")
        _check_lambda_runs(ctx, loaded)


def h5_default_legacy_loader(ctx):
    _h5_round_trip(ctx)


def h5_default_keras3(ctx):
    _h5_round_trip(ctx)
