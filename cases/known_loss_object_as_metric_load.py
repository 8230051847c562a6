"""Known reports: a loss *object* (`tf.keras.losses.MeanAbsoluteError()`) passed in `metrics=`
trains fine, but the saved model does not load: "TypeError: __init__() got an unexpected keyword
argument 'reduction'".

keras-team/tf-keras#326 (also filed as tensorflow/tensorflow#58972 and keras-team/keras#17371):
"If we use `metrics=[tf.keras.losses.XXX]` in model construction, there would be a problem when
we save and reload the model ... the error message `__init__() got an unexpected keyword argument
'reduction'` gives no information", on TF 2.7.0 and "tf 2.11. still has this issue", with
`model.save('saved_model/my_model')` and `tf.keras.models.load_model('saved_model/my_model')`.
tensorflow/tensorflow#31850 reports the same load error on TF 2.0 beta with
`metrics=[tf.keras.losses.MeanSquaredError()]`, and tensorflow/docs#2157 fixed a TF tutorial
(`compile_and_fit`) whose `metrics=[losses...]` made save/load fail with that TypeError; the fix
is a metric object, `tf.keras.metrics.MeanAbsoluteError()`.

The report's model (Dense(512) x2 -> Dense(2), input length 2), shrunk; compiled with
`loss=MeanSquaredError(), metrics=[losses.MeanAbsoluteError()]`, fitted one step, saved and
loaded. Variants: the report's SavedModel directory (Keras 2 only: Keras 3 has no
`model.save(<dir>)`), the same with `.h5`, and with `.keras` (TF >= 2.12 / Keras 3), and the fix.
"""

CASE = {
    "title": "A loss object in metrics=[...] (losses.MeanAbsoluteError()): save, load_model",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/tf-keras/issues/326",
                        "https://github.com/tensorflow/tensorflow/issues/58972",
                        "https://github.com/tensorflow/tensorflow/issues/31850",
                        "https://github.com/tensorflow/docs/pull/2157"],
               "title": "__init__() got an unexpected keyword argument 'reduction'",
               "frequency": {"reports": 3, "as_of": "2026-12-06",
                             "how": "issues search \"unexpected keyword argument 'reduction'\" load_model "
                                    "metrics: tf-keras#326 (= tf#58972 = keras#17371, one reporter, counted "
                                    "once), tf#31850, tensorflow/docs#2157"}},
    "variants": {
        "savedmodel_as_written": {
            "role": "broken",
            "title": "metrics=[losses.MeanAbsoluteError()], fit, model.save('saved_model/my_model'), "
                     "load_model",
            "claim": {"text": "load_model raises TypeError: __init__() got an unexpected keyword argument "
                              "'reduction'",
                      "versions": "TF 2.7.0 and 2.11 (tf-keras#326); TF 2.0 beta (tf#31850)",
                      "scope": {"tf": ">=2.0", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "TypeError",
                                 "message": "unexpected keyword argument 'reduction'"}},
        },
        "h5": {
            "role": "broken",
            "title": "the same model saved as model.h5, load_model",
            "claim": {"text": "a loss object in metrics makes the saved model fail to load with "
                              "TypeError ... 'reduction'",
                      "versions": "tensorflow/docs#2157 (TF 2.11 era), file format not given",
                      "scope": {"tf": ">=2.0", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "TypeError",
                                 "message": "unexpected keyword argument 'reduction'"}},
        },
        "keras_format": {
            "role": "demo",
            "title": "the same model saved as model.keras, load_model",
        },
        "metric_object_fix": {
            "role": "fix",
            "title": "metrics=[metrics.MeanAbsoluteError()] instead, same save (SavedModel in Keras 2, "
                     ".keras in Keras 3), load_model, evaluate",
            "claim": {"text": "with a metric object in metrics the model saves and loads",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _data():
    import numpy as np
    rng = np.random.RandomState(0)
    return rng.rand(8, 2).astype("float32"), rng.rand(8, 2).astype("float32")


def _trained(ctx, metric):
    keras = ctx.keras
    model = keras.Sequential([
        keras.layers.Dense(8, activation="relu", input_shape=(2,)),
        keras.layers.Dropout(rate=0.5),
        keras.layers.Dense(units=8, activation="relu"),
        keras.layers.Dense(units=2),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss=keras.losses.MeanSquaredError(),
                  metrics=[metric])
    x, y = _data()
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    return model


def _save_load(ctx, model, path):
    keras = ctx.keras
    with ctx.subject("model.save(%r) + load_model" % path):
        model.save(path)
        ctx.observe("saved", True)
        pretrained = keras.models.load_model(path)
        x, y = _data()
        pretrained.evaluate(x, y, verbose=0)
        ctx.observe("evaluated", True)


def _savedmodel_path(ctx):
    if ctx.keras_major == 3:
        ctx.skip("Keras 3's model.save writes no SavedModel directory (.keras / .h5 only)")
    if not ctx.eager:
        ctx.skip("TF1 graph mode: model.save(<dir>) SavedModel is a TF2 feature")
    return "saved_model/my_model"


def _require_loss_classes(ctx):
    if not hasattr(ctx.keras.losses, "MeanAbsoluteError"):
        ctx.skip("this Keras has no loss classes (keras.losses.MeanAbsoluteError: Keras >= 2.3)")


def savedmodel_as_written(ctx):
    keras = ctx.keras
    _require_loss_classes(ctx)
    path = _savedmodel_path(ctx)
    model = _trained(ctx, keras.losses.MeanAbsoluteError())
    _save_load(ctx, model, path)


def h5(ctx):
    keras = ctx.keras
    _require_loss_classes(ctx)
    model = _trained(ctx, keras.losses.MeanAbsoluteError())
    _save_load(ctx, model, "model.h5")


def keras_format(ctx):
    keras = ctx.keras
    if ctx.keras_major != 3 and (ctx.tf_version or (0,)) < (2, 12):
        ctx.skip("the .keras format needs TF >= 2.12 or Keras 3")
    _require_loss_classes(ctx)
    model = _trained(ctx, keras.losses.MeanAbsoluteError())
    _save_load(ctx, model, "model.keras")


def metric_object_fix(ctx):
    keras = ctx.keras
    _require_loss_classes(ctx)
    path = "model.keras" if ctx.keras_major == 3 else _savedmodel_path(ctx)
    model = _trained(ctx, keras.metrics.MeanAbsoluteError())
    _save_load(ctx, model, path)
