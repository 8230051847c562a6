"""Known root cause: h5py 3 returns HDF5 string attributes as `str`, while standalone Keras up to
2.3/2.4 and tf.keras before TF 2.4 call `.decode('utf8')` on them when they read an .h5 file, so
every `load_model` / `load_weights` of an .h5 fails with
"AttributeError: 'str' object has no attribute 'decode'" once an unpinned install pulled
h5py 3.0 (October 2020) or later.

tensorflow/tensorflow#44467 is the reference thread ("pip install 'h5py<3.0.0'"); the same error
and the same fix in aparrish/pincelate#10, minoh0201/DeepMicro#2
(`keras/engine/saving.py ... model_config = json.loads(model_config.decode('utf-8'))`),
matterport/Mask_RCNN#2876 and #2660 and mdhmz1/Auto-Annotate#13
(`original_keras_version = f.attrs['keras_version'].decode('utf8')` in load_weights),
lasigeBioTM/BiOnt#4 ("must downgrade h5py version ... h5py==2.10.0"), TKassis/OrgaQuant#15,
idealo/image-super-resolution#228 (tf.keras 1.15's hdf5_format.py).

The fix is an environment change, so the matrix carries it: the row
tf1.15.4-keras2.2.4-h5py3 has h5py 3.1 as those installs did, its sibling tf1.15-keras2.2.4 the
advised h5py<3. Each variant observes the h5py version it ran with.

Model: Input(3) -> Dense(2) -> Dense(1), compiled, saved to .h5.
"""

CASE = {
    "title": "h5py 3 with old Keras: 'str' object has no attribute 'decode' on every .h5 load",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/44467",
                        "https://github.com/aparrish/pincelate/issues/10",
                        "https://github.com/minoh0201/DeepMicro/issues/2",
                        "https://github.com/matterport/Mask_RCNN/issues/2876",
                        "https://github.com/lasigeBioTM/BiOnt/issues/4",
                        "https://github.com/mdhmz1/Auto-Annotate/issues/13"],
               "title": "AttributeError: 'str' object has no attribute 'decode' (load_model / load_weights)",
               "frequency": {"reports": 14, "as_of": "2026-12-06",
                             "how": "issues search \"'str' object has no attribute 'decode'\" load_model "
                                    "h5py: tensorflow#44467, pincelate#10, DeepMicro#2, Mask_RCNN #2876 "
                                    "#2660, Auto-Annotate#13, BiOnt #4 #5, TOG#8, "
                                    "image-super-resolution#228, OrgaQuant#15, origami#18, "
                                    "spo_extract_platform#7 (+1 'same error' on DeepMicro#2); "
                                    "tensorflow#44467 is cited as 'the well-known issue'"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "load_model_h5_as_written": {
            "role": "broken",
            "title": "model.save('m.h5'); load_model('m.h5')",
            "claim": {"text": "with h5py 3, load_model of an .h5 raises AttributeError: 'str' object has "
                              "no attribute 'decode' (keras/engine/saving.py: model_config.decode('utf-8')); "
                              "pip install 'h5py<3.0.0' fixes it",
                      "versions": "standalone keras 2.2-2.3 and tf.keras before TF 2.4 with h5py 3.0+ "
                                  "(tensorflow#44467, DeepMicro#2)",
                      "scope": {"flavour": "keras-standalone", "tf": "<2"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "'str' object has no attribute 'decode'"}},
        },
        "load_weights_h5": {
            "role": "broken",
            "title": "model.save_weights('w.weights.h5'); model.load_weights(...) (Mask R-CNN's path)",
            "claim": {"text": "with h5py 3, load_weights raises AttributeError: 'str' object has no "
                              "attribute 'decode' (f.attrs['keras_version'].decode('utf8'))",
                      "versions": "standalone keras 2.2 with h5py 3 (Mask_RCNN#2876, Auto-Annotate#13)",
                      "scope": {"flavour": "keras-standalone", "tf": "<2"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "'str' object has no attribute 'decode'"}},
        },
    },
}


def _model(ctx):
    import numpy as np
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    hidden = keras.layers.Dense(2, activation="relu")(inputs)
    model = keras.models.Model(inputs, keras.layers.Dense(1)(hidden))
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.ones((4, 3), "float32"), np.ones((4, 1), "float32"), epochs=1, verbose=0)
    return model


def _h5py_version(ctx):
    try:
        import h5py
    except ImportError:
        ctx.skip("h5py is not installed: this Keras cannot write .h5 here")
    ctx.observe("h5py", h5py.__version__)


def load_model_h5_as_written(ctx):
    import os
    _h5py_version(ctx)
    model = _model(ctx)
    path = os.path.join(ctx.tmpdir, "m.h5")
    model.save(path)
    with ctx.subject("load_model('m.h5')"):
        loaded = ctx.keras.models.load_model(path)
    ctx.observe("loaded_layers", len(loaded.layers))


def load_weights_h5(ctx):
    import os
    _h5py_version(ctx)
    model = _model(ctx)
    path = os.path.join(ctx.tmpdir, "w.weights.h5")   # the name Keras 3 requires; an .h5 for every Keras
    model.save_weights(path)
    with ctx.subject("load_weights('w.h5')"):
        model.load_weights(path)
    ctx.observe("weights_loaded", True)
