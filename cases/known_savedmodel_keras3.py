"""Known reports: the TensorFlow SavedModel round trip of Keras 2 (`model.save('my_model')`,
`load_model('my_model')`) under Keras 3.

keras-team/keras#18709: `keras.models.load_model('my_model')` of a SavedModel directory
"With tf.keras it works but in new keras, ValueError: File format not supported:
filepath=my_model"; fchollet's answer: "Just use `.keras` as your file extension to save/load
Keras models. If you want to save a TF SavedModel, you can do so via
`tf.saved_model.save(model)`. If you want to reload a TF SavedModel as a Keras layer, you can
do so via `keras.layers.TFSMLayer(path)`." Projects hit it on TF 2.16
(unicode-org/lstm_word_segmentation#28, IDAES/idaes-pse#1369, cbrnr/sleepecg#214: "Keras 3
only supports V3 `.keras` files and legacy H5 format files"). On the saving side,
serizba/cppflow#265 and adriangb/scikeras#314 report that `model.save('model')` (no
extension) itself raises "ValueError: Invalid filepath extension for saving. Please add
either a `.keras` extension ... or a `.h5` extension".

Variants: saving without an extension; loading a SavedModel directory written by Keras 2's
`model.save('my_model')` (under Keras 3: by tf_keras where it is installed, as for users who
have both, else by Keras 3's `model.export`); and the two fixes fchollet gives (.keras; TFSMLayer on an exported
SavedModel).
"""

CASE = {
    "title": "model.save('my_model') / load_model(SavedModel dir) in Keras 3, .keras and TFSMLayer",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/18709",
                        "https://github.com/unicode-org/lstm_word_segmentation/issues/28",
                        "https://github.com/IDAES/idaes-pse/issues/1369",
                        "https://github.com/serizba/cppflow/issues/265",
                        "https://github.com/adriangb/scikeras/issues/314"],
               "title": "load saved model in keras with tensorflow backend!",
               "frequency": {"reports": 19,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'File format not supported ... Keras 3 only supports "
                                    "V3 .keras files' and 'Invalid filepath extension for saving. Please "
                                    "add either a .keras extension': 19 threads (11 loading a SavedModel "
                                    "dir: keras#18709, idaes-pse, FOQUS, sleepecg, "
                                    "lstm_word_segmentation, Ibex, ...; 8 saving without extension: "
                                    "scikeras, cppflow, mlflow x2, scaden, ...), 1 'same' comment; "
                                    "ModelCheckpoint .h5-path threads not counted"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "save_without_extension": {
            "role": "broken",
            "title": "model.save('my_model') (no extension), then load_model('my_model')",
            "claim": {"text": "Keras 3: model.save raises ValueError: Invalid filepath extension for "
                              "saving (add .keras or .h5)",
                      "versions": "Keras 3 (TF 2.16+)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError",
                                 "message": "Invalid filepath extension for saving"}},
        },
        "load_savedmodel_dir": {
            "role": "broken",
            "title": "a SavedModel directory written by Keras 2 (model.save('my_model'); tf_keras "
                     "beside Keras 3), then keras load_model('my_model')",
            "claim": {"text": "Keras 3: load_model raises ValueError: File format not supported ... "
                              "the legacy SavedModel format is not supported",
                      "versions": "Keras 3 (works with tf.keras, per the report)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError",
                                 "message": "File format not supported"}},
        },
        "keras_extension": {
            "role": "fix",
            "title": "model.save('my_model.keras'), load_model('my_model.keras'), predict",
            "claim": {"text": "use .keras as the file extension to save/load Keras models",
                      "versions": "Keras 3",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "tfsm_layer": {
            "role": "fix",
            "title": "tf.saved_model.save(model, 'my_model'), keras.layers.TFSMLayer('my_model', "
                     "call_endpoint='serving_default'), call it",
            "claim": {"text": "a TF SavedModel reloads as an inference-only Keras layer with TFSMLayer",
                      "versions": "Keras 3",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
    },
}


def _model(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    outputs = keras.layers.Dense(2)(inputs)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    return model


def _x():
    import numpy as np
    return np.arange(6, dtype="float32").reshape(2, 3)


def _compare(ctx, model, prediction):
    import numpy as np
    expected = model.predict(_x())
    got = prediction
    if isinstance(got, dict):  # a TFSMLayer returns the signature's outputs by name
        got = list(got.values())[0]
    ctx.observe("same_prediction", bool(np.allclose(expected, ctx.evaluate(got), atol=1e-5)))


def _tf_saved_model_save(ctx, model, path):
    tf = ctx.tf
    if not ctx.eager or not hasattr(tf, "saved_model") or not hasattr(tf.saved_model, "save"):
        ctx.skip("tf.saved_model.save (TF2 object-based SavedModel) is not available here")
    tf.saved_model.save(model, path)


def save_without_extension(ctx):
    keras = ctx.keras
    model = _model(ctx)
    with ctx.subject("model.save('my_model') + load_model"):
        model.save("my_model")
        loaded = keras.models.load_model("my_model")
        _compare(ctx, model, loaded.predict(_x()))


def _keras2_savedmodel(ctx, path):
    """A SavedModel directory as Keras 2 writes it (model.save(path), keras metadata included).

    Under Keras 3 the report's file came from tf.keras 2: written with tf_keras where it is
    installed beside Keras 3, else with model.export (Keras 3's only SavedModel writer).
    """
    if ctx.keras_major == 3:
        try:
            import tf_keras
        except ImportError:
            tf_keras = None
        if tf_keras is not None:
            inputs = tf_keras.layers.Input((3,))
            model = tf_keras.models.Model(inputs, tf_keras.layers.Dense(2)(inputs))
            model.save(path)
            ctx.observe("written_by", "tf_keras model.save")
            return model
        model = _model(ctx)
        model.export(path)
        ctx.observe("written_by", "keras 3 model.export")
        return model
    model = _model(ctx)
    if not ctx.eager:
        ctx.skip("TF1 graph mode: Keras 2's SavedModel round trip is a TF2 feature")
    model.save(path)
    ctx.observe("written_by", "model.save")
    return model


def load_savedmodel_dir(ctx):
    keras = ctx.keras
    model = _keras2_savedmodel(ctx, "my_model")
    with ctx.subject("load_model('my_model')"):
        loaded = keras.models.load_model("my_model")
        _compare(ctx, model, loaded.predict(_x()))


def keras_extension(ctx):
    keras = ctx.keras
    model = _model(ctx)
    with ctx.subject("save/load 'my_model.keras'"):
        model.save("my_model.keras")
        loaded = keras.models.load_model("my_model.keras")
        _compare(ctx, model, loaded.predict(_x()))


def tfsm_layer(ctx):
    keras = ctx.keras
    if not hasattr(keras.layers, "TFSMLayer"):
        ctx.skip("keras.layers.TFSMLayer does not exist in this Keras")
    model = _model(ctx)
    _tf_saved_model_save(ctx, model, "my_model")
    with ctx.subject("TFSMLayer('my_model')"):
        layer = keras.layers.TFSMLayer("my_model", call_endpoint="serving_default")
        _compare(ctx, model, layer(_x()))
