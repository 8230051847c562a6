"""Known reports: a Keras model saved as a TensorFlow SavedModel and loaded back with
`tf.saved_model.load` is not a Keras model: "AttributeError: '_UserObject' object has no attribute
'predict'" (or 'summary', 'fit').

tensorflow/tensorflow#55438 (TF 2.8): `model.save(model_location)`, `tf.saved_model.load(
model_location)` gives `Loader._recreate_base_user_object.<locals>._UserObject` and `model.predict(X)`
raises "AttributeError: '_UserObject' object has no attribute 'predict'"; the maintainer: "tf.
saved_model.save will save generic model. tf.saved_model.load will load it back either type, as
generic _UserObject". tensorflow/decision-forests#25: the same AttributeError after `tf.saved_model.
load(file_name)`; the answer "Try replacing `tf.saved_model.load(file_name)` by `tf.keras.models.
load_model(file_name)` ... The `predict` method is not part of the TensorFlow SavedModel object
itself. Instead, it is created and restored by Keras" ("Thanks! You are right."). tensorflow/
models#8990 and google-research/simclr#196: "'_UserObject' object has no attribute 'summary'"; the
workaround given there: call the loaded object on the data (`model(input)`), or its signatures.

Tiny functional model. The SavedModel comes from `model.save('my_model')` in Keras 2 and from
`model.export('my_model')` in Keras 3 (its SavedModel writer). Variants: `.predict` on the loaded
object as written; the `keras.models.load_model` fix (Keras 2: Keras 3 no longer reads
SavedModels, see known_savedmodel_keras3); the serving signature.
"""

CASE = {
    "title": "tf.saved_model.load of a Keras SavedModel: '_UserObject' object has no attribute 'predict'",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/55438",
                        "https://github.com/tensorflow/decision-forests/issues/25",
                        "https://github.com/tensorflow/models/issues/8990",
                        "https://github.com/google-research/simclr/issues/196"],
               "title": "model is loaded as Loader._recreate_base_user_object.<locals>._UserObject",
               "frequency": {"reports": 6, "reactions": 2, "as_of": "2026-12-06",
                             "how": "issues search \"'_UserObject' object has no attribute 'predict'\" / "
                                    "'summary' / 'AutoTrackable' object has no attribute: tf#55438, "
                                    "decision-forests#25, models#8990, simclr#196 (2 'same issue' comments "
                                    "counted as reactions), google/model_search#58, ultralytics#22681"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "saved_model_load_predict_as_written": {
            "role": "broken",
            "title": "model.save('my_model') (Keras 3: model.export), tf.saved_model.load, loaded.predict(x)",
            "claim": {"text": "AttributeError: '_UserObject' object has no attribute 'predict'",
                      "versions": "TF 2.5 (decision-forests#25), TF 2.8 (tf#55438)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "object has no attribute 'predict'"}},
        },
        "keras_load_model_fix": {
            "role": "fix",
            "title": "tf.keras.models.load_model('my_model') instead, predict",
            "claim": {"text": "loading with tf.keras.models.load_model gives a Keras model with predict",
                      "versions": "decision-forests#25 (TF 2.5)",
                      "scope": {"flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "serving_signature": {
            "role": "fix",
            "title": "tf.saved_model.load, then loaded.signatures['serving_default'](x)",
            "claim": {"text": "the loaded object can still run inference through its functions / "
                              "signatures",
                      "versions": "models#8990 comment (2022)",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
    },
}


def _x():
    import numpy as np
    return np.arange(6, dtype="float32").reshape(2, 3) / 6.0


def _saved(ctx):
    keras = ctx.keras
    if not ctx.eager or not hasattr(ctx.tf.saved_model, "load"):
        ctx.skip("tf.saved_model.load (TF2 object-based SavedModel) is not available here")
    inputs = keras.layers.Input((3,))
    outputs = keras.layers.Dense(2)(inputs)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    if ctx.keras_major == 3:
        model.export("my_model", verbose=False) if _export_takes_verbose(model) else model.export("my_model")
    else:
        model.save("my_model")
    return model


def _export_takes_verbose(model):
    import inspect
    try:
        return "verbose" in inspect.signature(model.export).parameters
    except (TypeError, ValueError):
        return False


def _compare(ctx, model, got):
    import numpy as np
    if isinstance(got, dict):
        got = list(got.values())[0]
    same = np.allclose(model.predict(_x()), ctx.evaluate(got), atol=1e-5)
    ctx.observe("same_prediction", bool(same))


def saved_model_load_predict_as_written(ctx):
    tf = ctx.tf
    model = _saved(ctx)
    with ctx.subject("tf.saved_model.load + .predict"):
        loaded = tf.saved_model.load("my_model")
        ctx.observe("loaded_type", type(loaded).__name__)
        _compare(ctx, model, loaded.predict(_x()))


def keras_load_model_fix(ctx):
    keras = ctx.keras
    model = _saved(ctx)
    with ctx.subject("keras.models.load_model('my_model') + predict"):
        loaded = keras.models.load_model("my_model")
        _compare(ctx, model, loaded.predict(_x()))


def serving_signature(ctx):
    tf = ctx.tf
    model = _saved(ctx)
    with ctx.subject("tf.saved_model.load + signatures['serving_default']"):
        loaded = tf.saved_model.load("my_model")
        serve = loaded.signatures["serving_default"]
        # signature functions take keyword arguments named after the model's inputs
        input_name = list(serve.structured_input_signature[1])[0]
        _compare(ctx, model, serve(**{input_name: tf.constant(_x())}))
