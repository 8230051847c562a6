"""Known report: a model compiled with a custom metric function (an F1 score written with the
Keras backend) trains and saves, but `load_model` of the .h5 file fails with
"ValueError: Unknown metric function:f1".

keras-team/keras#11363 (standalone Keras 2.x, 2018) defines `f1(y_true, y_pred)` with nested
recall/precision helpers, compiles with `metrics=[f1]`: "Those code works in 'fit' and 'save'
process, however when I try to load those h5 model files, it raised error as 'Unknown metric
function:f1'", and closes with the fix `load_model(path, custom_objects={"f1": f1})`.
keras-team/keras#5412 reports the same for an F0.5 metric, and tensorflow/tensorflow#37796
("Problem with Custom Metrics Even for H5 models") for tf.keras. The other workaround users
apply is not to compile on load: aildnont/HIFIS-model#44 "A simple fix (for now) is to not
compile the model when loading from memory. Compilation of the model is not necessary for
inference."

The metric is the report's code, defined inside each variant (nothing can import it).
"""

CASE = {
    "title": "Loading a .h5 model compiled with a custom F1 metric",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/11363",
                        "https://github.com/keras-team/keras/issues/5412",
                        "https://github.com/tensorflow/tensorflow/issues/37796",
                        "https://github.com/aildnont/HIFIS-model/pull/44"],
               "title": "Can't load keras model with custom metric",
               "frequency": {"reports": 12,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'ValueError: Unknown metric function f1 load_model' "
                                    "and 'Unknown metric function ... custom_objects argument': 12 "
                                    "threads (keras#11363 #5412 #13797 #14209, tensorflow#37796, "
                                    "model-analysis#131, autokeras#867, keras-metrics x2, "
                                    "segmentation_models#471, malware-image-detection#1, HIFIS-model#44), "
                                    "1 'same error' comment"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "load_as_written": {
            "role": "broken",
            "title": "compile(metrics=[f1]), fit, save .h5, load_model(path)",
            "claim": {"text": "load_model raises ValueError: Unknown metric function:f1",
                      "versions": "standalone Keras 2.x (2018)",
                      "scope": {"flavour": "keras-standalone"},
                      "expect": {"error_type": "ValueError",
                                 "message": "Unknown metric function.*f1"}},
        },
        "custom_objects": {
            "role": "fix",
            "title": "load_model(path, custom_objects={'f1': f1}), then evaluate",
            "claim": {"text": "passing the metric in custom_objects makes the model load",
                      "expect": {"outcome": "ok"}},
        },
        "compile_false": {
            "role": "fix",
            "title": "load_model(path, compile=False), then predict",
            "claim": {"text": "not compiling on load avoids the error; the model predicts",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _f1_metric(ctx):
    K = ctx.keras.backend

    def f1(y_true, y_pred):
        def recall(y_true, y_pred):
            true_positives = K.sum(K.round(K.clip(y_true * y_pred, 0, 1)))
            possible_positives = K.sum(K.round(K.clip(y_true, 0, 1)))
            recall = true_positives / (possible_positives + K.epsilon())
            return recall

        def precision(y_true, y_pred):
            true_positives = K.sum(K.round(K.clip(y_true * y_pred, 0, 1)))
            predicted_positives = K.sum(K.round(K.clip(y_pred, 0, 1)))
            precision = true_positives / (predicted_positives + K.epsilon())
            return precision

        precision = precision(y_true, y_pred)
        recall = recall(y_true, y_pred)
        return 2 * ((precision * recall) / (precision + recall + K.epsilon()))

    return f1


def _data():
    import numpy as np
    x = np.random.RandomState(0).rand(8, 4).astype("float32")
    y = (x[:, :1] > 0.5).astype("float32")
    return x, y


def _train_and_save(ctx, f1):
    keras = ctx.keras
    inputs = keras.layers.Input((4,))
    outputs = keras.layers.Dense(1, activation="sigmoid")(inputs)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[f1])
    x, y = _data()
    model.fit(x, y, epochs=1, verbose=0)
    model.save("f1_model.h5")
    ctx.observe("saved", True)


def load_as_written(ctx):
    keras = ctx.keras
    f1 = _f1_metric(ctx)
    _train_and_save(ctx, f1)
    with ctx.subject("load_model"):
        model = keras.models.load_model("f1_model.h5")
    # what came back when no error was raised: compiled, and with which loss?
    ctx.observe("compiled", getattr(model, "optimizer", None) is not None)
    ctx.observe("loss", str(getattr(model, "loss", None)))


def custom_objects(ctx):
    keras = ctx.keras
    f1 = _f1_metric(ctx)
    _train_and_save(ctx, f1)
    with ctx.subject("load_model(custom_objects={'f1': f1})"):
        model = keras.models.load_model("f1_model.h5", custom_objects={"f1": f1})
        x, y = _data()
        model.evaluate(x, y, verbose=0)
        ctx.observe("evaluated", True)


def compile_false(ctx):
    keras = ctx.keras
    f1 = _f1_metric(ctx)
    _train_and_save(ctx, f1)
    with ctx.subject("load_model(compile=False)"):
        model = keras.models.load_model("f1_model.h5", compile=False)
        x, _ = _data()
        ctx.observe("prediction_shape", [int(d) for d in model.predict(x).shape])
