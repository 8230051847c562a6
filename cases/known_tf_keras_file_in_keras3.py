"""Known report: a `.keras` file saved by Keras 2 does not load in Keras 3, with tf_keras
(Keras 2) and Keras 3 installed side by side as on TF >= 2.16.

keras-team/keras#19089 (= tensorflow/tensorflow#62836): `Input((8, 8, 3)) -> Conv2D(3, 3)`,
`model.save('model.keras')` with TF 2.15 (Keras 2), then `keras.models.load_model` with
tf-nightly fails with "ImportError: cannot import name 'is_tensor_or_tensor_list'", and with
Keras 3.0.4 with "TypeError: Could not deserialize class 'Functional' because its parent
module keras.src.engine.functional cannot be imported". A Keras maintainer on
keras-team/keras#20081: "Cross version saving and loading is not guaranteed to work between
Keras 2 and 3." Keras 3's own load error (keras-team/keras#18709) says it supports "V3
`.keras` files and legacy H5 format files (`.h5` extension)", and the TF 2.16 release notes
keep Keras 2 reachable through tf_keras (TF_USE_LEGACY_KERAS=1).

Here the Keras 2 that writes the file is tf_keras (the package the TF 2.16+ Keras 2 lives
in), the reader is the Keras under test when it is Keras 3; every variant needs both
packages (not applicable elsewhere). Variants: the report's model as a .keras file; the same
model as .h5; the .keras file read back by tf_keras (the TF_USE_LEGACY_KERAS route); and the
reverse direction (a Keras 3 file read by tf_keras), on which the sources make no claim.
"""

CASE = {
    "title": "A Keras 2 (tf_keras) model file loaded by Keras 3, and the reverse",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/19089",
                        "https://github.com/tensorflow/tensorflow/issues/62836",
                        "https://github.com/keras-team/keras/issues/20081",
                        "https://github.com/keras-team/keras/issues/18709",
                        "https://github.com/tensorflow/tensorflow/releases/tag/v2.16.1"],
               "title": "Can't load model with tf-nightly if the model was saved with tf 2.15",
               "frequency": {"reports": 7,
                             "as_of": "2026-12-06",
                             "how": "issues search \"Could not deserialize class 'Functional' because its "
                                    "parent module ... cannot be imported\": 7 threads of Keras 2 <-> "
                                    "Keras 3 model files (keras#19089 #20081 #21663, tensorflow#62836 "
                                    "#70866, segmenteverygrain#21, CaImAn#1332)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "keras2_keras_file_as_written": {
            "role": "broken",
            "title": "#19089: Input((8,8,3)) -> Conv2D(3, 3) saved as model.keras by Keras 2 "
                     "(tf_keras), keras.models.load_model in Keras 3",
            "claim": {"text": "Keras 3 cannot load the Keras 2 .keras file: TypeError (could not "
                              "deserialize class 'Functional' ... parent module "
                              "keras.src.engine.functional cannot be imported) or ImportError",
                      "versions": "saved with TF 2.15 / Keras 2; loaded with Keras 3.0.4 and tf-nightly",
                      "scope": {"flavour": "keras3", "also": "tf_keras"},
                      "expect": {"error_type": ["TypeError", "ImportError"]}},
        },
        "keras2_h5_file": {
            "role": "fix",
            "title": "the same model saved as model.h5 by Keras 2 (tf_keras), loaded by Keras 3",
            "claim": {"text": "Keras 3 load_model supports legacy H5 format files",
                      "versions": "Keras 3's load_model error text",
                      "scope": {"flavour": "keras3", "also": "tf_keras"},
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "keras2_keras_file_read_by_tf_keras": {
            "role": "fix",
            "title": "the Keras 2 .keras file loaded by tf_keras (what TF_USE_LEGACY_KERAS=1 gives)",
            "claim": {"text": "keeping Keras 2 (tf_keras) on TF 2.16+ keeps its files loading",
                      "versions": "TF 2.16 release notes",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "keras3_keras_file_read_by_tf_keras": {
            "role": "demo",
            "title": "the reverse: the model saved as model.keras by Keras 3, loaded by tf_keras",
        },
    },
}


def _both(ctx):
    """(tf_keras, the Keras 3 under test) or not applicable."""
    try:
        import tf_keras
    except ImportError as exc:
        ctx.skip("tf_keras does not import here: %s" % exc)
    if ctx.keras_major != 3:
        ctx.skip("the Keras under test is %s, not Keras 3" % (ctx.keras_version,))
    if ctx.keras.__name__.startswith("tf_keras"):
        ctx.skip("the Keras under test is tf_keras itself")
    return tf_keras, ctx.keras


def _report_model(keras):
    _in = keras.layers.Input(shape=(8, 8, 3))
    _out = keras.layers.Conv2D(3, 3)(_in)
    return keras.Model(inputs=_in, outputs=_out)


def _x():
    import numpy as np
    return np.random.RandomState(0).rand(1, 8, 8, 3).astype("float32")


def _compare(ctx, saved_model, loaded_model):
    import numpy as np
    same = np.allclose(saved_model.predict(_x(), verbose=0), loaded_model.predict(_x(), verbose=0),
                       atol=1e-5)
    ctx.observe("same_prediction", bool(same))


def keras2_keras_file_as_written(ctx):
    tf_keras, keras = _both(ctx)
    model = _report_model(tf_keras)
    modelpath = 'model.keras'
    model.save(modelpath)
    with ctx.subject("keras 3 load_model(model.keras)"):
        loaded_model = keras.models.load_model(modelpath)
        _compare(ctx, model, loaded_model)


def keras2_h5_file(ctx):
    tf_keras, keras = _both(ctx)
    model = _report_model(tf_keras)
    model.save('model.h5')
    with ctx.subject("keras 3 load_model(model.h5)"):
        loaded_model = keras.models.load_model('model.h5')
        _compare(ctx, model, loaded_model)


def keras2_keras_file_read_by_tf_keras(ctx):
    tf_keras, _ = _both(ctx)
    model = _report_model(tf_keras)
    model.save('model.keras')
    with ctx.subject("tf_keras load_model(model.keras)"):
        loaded_model = tf_keras.models.load_model('model.keras')
        _compare(ctx, model, loaded_model)


def keras3_keras_file_read_by_tf_keras(ctx):
    tf_keras, keras = _both(ctx)
    model = _report_model(keras)
    model.save('model.keras')
    with ctx.subject("tf_keras load_model(Keras 3 model.keras)"):
        loaded_model = tf_keras.models.load_model('model.keras')
        _compare(ctx, model, loaded_model)
