"""A whole model saved as .h5, .keras and SavedModel in one environment and loaded in another.

Public reports are mostly about crossing versions: keras-team/keras#19089 (= tensorflow#62836:
a .keras file saved with TF 2.15 / Keras 2 does not load with Keras 3: "TypeError: Could not
deserialize class 'Functional' because its parent module keras.src.engine.functional cannot be
imported"), keras-team/keras#18709 (Keras 3's load_model of a SavedModel folder: "ValueError:
File format not supported ... Keras 3 only supports V3 `.keras` files and legacy H5 format
files"; fchollet: reload a TF SavedModel with `keras.layers.TFSMLayer(path)`),
keras-team/keras#19898 (an .h5 saved with Keras 2.3.1 loaded in Keras 3),
tensorflow/tensorflow#45288 (load_model in TF >= 2.3 raises TypeError on a model saved in 2.2),
keras-team/keras#20081 ("Cross version saving and loading is not guaranteed to work between
Keras 2 and 3").

The model is small and compiled (optimizer adam, loss mse), as a trained model people save:
Input(6) -> Dense(8, relu) -> Dense(3). Writers save it the way each Keras saves that format:
`model.save('model.h5')`, `model.save('model.keras')` (a Keras before 2.12 takes any other
extension for a SavedModel folder, standalone Keras for HDF5: what it writes is the finding),
and a SavedModel: `model.save(folder, save_format='tf')` in Keras 2 (the TF 2 default for a
path without extension), `model.export(folder)` in Keras 3 (its way to write one). Readers load
it as users do and predict on the same fixed input as the writer.
"""
import os

CASE = {
    "title": "A compiled model saved as .h5 / .keras / SavedModel, loaded in another environment",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/19089",
                        "https://github.com/tensorflow/tensorflow/issues/62836",
                        "https://github.com/keras-team/keras/issues/18709",
                        "https://github.com/keras-team/keras/issues/19898",
                        "https://github.com/tensorflow/tensorflow/issues/45288",
                        "https://github.com/keras-team/keras/issues/20081"],
               "title": "Can't load model with tf-nightly if the model was saved with tf 2.15",
               "frequency": {"reports": 9, "reactions": 4, "as_of": "2026-12-06",
                             "how": "issues searches 'h5 model saved with tf.keras 2 loaded in Keras 3 "
                                    "different predictions / cannot load after upgrading' and 'File format not "
                                    "supported Keras 3 SavedModel': 9 threads (keras#19089 #18709 #19898 #20081 "
                                    "#20460, tensorflow#62836 #45288 #42890, tf-keras#369)"}},
    "variants": {
        "h5_writer": {"role": "writer", "title": "model.save('model.h5')"},
        "keras_writer": {"role": "writer", "title": "model.save('model.keras')"},
        "savedmodel_writer": {
            "role": "writer", "applies_to": {"flavours": ["tf.keras", "tf_keras", "keras3"], "backends": ["tensorflow"]},
            "title": "a SavedModel folder: model.save(path, save_format='tf') in Keras 2, model.export(path) in "
                     "Keras 3"},
        "h5_load_model": {
            "role": "reader", "reads": "h5_writer", "effects": ["same_predictions"],
            "title": "keras.models.load_model('model.h5'), predict",
            "claim": {"text": "Keras 3 load_model supports legacy H5 format files (.h5)",
                      "versions": "Keras 3's own load_model error message (keras-team/keras#18709)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "effects": {"same_predictions": "yes"}}},
        },
        "h5_load_model_compile_false": {
            "role": "reader", "reads": "h5_writer", "effects": ["same_predictions"],
            "title": "keras.models.load_model('model.h5', compile=False), predict",
        },
        "keras_load_model": {
            "role": "reader", "reads": "keras_writer", "effects": ["same_predictions"],
            "title": "keras.models.load_model('model.keras'), predict",
            "claim": {"text": "Keras 3 cannot load a .keras file saved by Keras 2 (TF 2.15): TypeError "
                              "(could not deserialize class 'Functional') or ImportError",
                      "versions": "saved with TF 2.15 / Keras 2; loaded with Keras 3.0.4 and tf-nightly",
                      "scope": {"flavour": "keras3", "writer": {"flavour": ["tf.keras", "tf_keras"],
                                                                "tf": ">=2.15"}},
                      "expect": {"error_type": ["TypeError", "ImportError"]}},
        },
        "savedmodel_load_model": {
            "role": "reader", "reads": "savedmodel_writer", "effects": ["same_predictions"],
            "title": "keras.models.load_model(SavedModel folder), predict",
            "claim": {"text": "Keras 3: load_model of a SavedModel folder raises ValueError: File format "
                              "not supported",
                      "versions": "Keras 3 (works with tf.keras, per the report)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError", "message": "File format not supported"}},
        },
        "savedmodel_tf_load": {
            "role": "reader", "reads": "savedmodel_writer", "effects": ["same_predictions"],
            "applies_to": {"backends": ["tensorflow"]},
            "title": "tf.saved_model.load(folder).signatures['serving_default'] (TF1: the v1 loader), call it",
        },
        "savedmodel_tfsmlayer": {
            "role": "reader", "reads": "savedmodel_writer", "effects": ["same_predictions"],
            "applies_to": {"flavours": ["keras3"], "backends": ["tensorflow"]},
            "title": "keras.layers.TFSMLayer(folder, call_endpoint='serving_default'), call it",
            "claim": {"text": "a TF SavedModel reloads as an inference-only Keras layer with TFSMLayer",
                      "versions": "Keras 3 (fchollet on keras-team/keras#18709)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "effects": {"same_predictions": "yes"}}},
        },
    },
}

H5, KERAS, SAVEDMODEL = "model.h5", "model.keras", "saved_model"


def _model(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input(shape=(6,))
    hidden = keras.layers.Dense(8, activation="relu")(inputs)
    outputs = keras.layers.Dense(3)(hidden)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    return model


def _x(ctx):
    return ctx.fixed_input((4, 6))


def _outputs(ctx, model):
    """What the model computes on the fixed input: a plain call where TensorFlow runs eagerly
    (predict() traces a function first: 5x the time), predict() in TF1 graph mode."""
    return model(_x(ctx), training=False) if ctx.eager else model.predict(_x(ctx))


def _path(ctx, name):
    return os.path.join(ctx.artifact_dir, name)


def h5_writer(ctx):
    model = _model(ctx)
    with ctx.subject("model.save('model.h5')"):
        model.save(_path(ctx, H5))
    ctx.keep_predictions(_outputs(ctx, model))


def keras_writer(ctx):
    model = _model(ctx)
    with ctx.subject("model.save('model.keras')"):
        model.save(_path(ctx, KERAS))
    ctx.keep_predictions(_outputs(ctx, model))


def savedmodel_writer(ctx):
    model = _model(ctx)
    with ctx.subject("write a SavedModel"):
        if ctx.keras_major == 3:
            model.export(_path(ctx, SAVEDMODEL))
        else:
            model.save(_path(ctx, SAVEDMODEL), save_format="tf")
    ctx.keep_predictions(_outputs(ctx, model))


def h5_load_model(ctx):
    with ctx.subject("load_model('model.h5')"):
        model = ctx.keras.models.load_model(_path(ctx, H5))
        ctx.compare_predictions(_outputs(ctx, model))


def h5_load_model_compile_false(ctx):
    with ctx.subject("load_model('model.h5', compile=False)"):
        model = ctx.keras.models.load_model(_path(ctx, H5), compile=False)
        ctx.compare_predictions(_outputs(ctx, model))


def keras_load_model(ctx):
    with ctx.subject("load_model('model.keras')"):
        model = ctx.keras.models.load_model(_path(ctx, KERAS))
        ctx.compare_predictions(_outputs(ctx, model))


def savedmodel_load_model(ctx):
    with ctx.subject("load_model(SavedModel folder)"):
        model = ctx.keras.models.load_model(_path(ctx, SAVEDMODEL))
        ctx.compare_predictions(_outputs(ctx, model))


def _first(outputs):
    """A signature returns its outputs by name: the one output here."""
    return list(outputs.values())[0] if isinstance(outputs, dict) else outputs


def _tf1_serving(ctx, path):
    """TF1 graph mode: the v1 loader into a session, then run the serving signature."""
    tf = ctx.tf.compat.v1
    with tf.Session(graph=tf.Graph()) as sess:
        meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], path)
        signature = meta.signature_def["serving_default"]
        feed = {list(signature.inputs.values())[0].name: _x(ctx)}
        return sess.run(list(signature.outputs.values())[0].name, feed_dict=feed)


def savedmodel_tf_load(ctx):
    tf = ctx.tf
    with ctx.subject("tf.saved_model.load"):
        if not ctx.eager:
            ctx.compare_predictions(_tf1_serving(ctx, _path(ctx, SAVEDMODEL)))
            return
        loaded = tf.saved_model.load(_path(ctx, SAVEDMODEL))
        serve = loaded.signatures["serving_default"]
        name = list(serve.structured_input_signature[1])[0]   # signatures take their inputs by name
        ctx.compare_predictions(_first(serve(**{name: tf.constant(_x(ctx))})))


def savedmodel_tfsmlayer(ctx):
    keras = ctx.keras
    with ctx.subject("TFSMLayer"):
        layer = keras.layers.TFSMLayer(_path(ctx, SAVEDMODEL), call_endpoint="serving_default")
        ctx.compare_predictions(_first(layer(_x(ctx))))
