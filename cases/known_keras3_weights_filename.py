"""Known reports: the weights and checkpoint file names Keras 2 accepted (`.h5`, `.hdf5`, a TF
checkpoint prefix such as `training_1/cp.ckpt`) rejected by Keras 3 at the call:
"ValueError: The filename must end in `.weights.h5`. Received: filepath=...",
"ValueError: When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided
must end in `.weights.h5` (Keras weights format)" and, for full-model checkpoints, "The filepath
provided must end in `.keras` (Keras model format)".

hfawaz/dl-4-tsc#53 (keras 3.8.0: `ModelCheckpoint(... .hdf5)` -> must end in `.keras`, and
`save_weights(... model_init.hdf5)` -> must end in `.weights.h5`), juglab/napari-n2v#55
(`train_checkpoint='weights_best.h5'` with save_weights_only), tensorflow/tensorflow#75196 (the
TF "Save and load" tutorial, TF 2.17: `ModelCheckpoint(filepath="training_1/cp.ckpt",
save_weights_only=True)`), lululxvi/deepxde#1693 (`save_weights('.../model-10.ckpt')`),
keras-team/keras-io#1568 and keras-team/keras#18740 (keras.io examples). The fix:
`model.save_weights('my_model.weights.h5')` (keras-io#1568), ModelCheckpoint paths ending in
`.weights.h5` (jonkrohn/DLTFpT#7: "Down the line: model.load_weights(...) works then as well").
"""

CASE = {
    "title": "save_weights / ModelCheckpoint file names in Keras 3 (.h5, .hdf5, .ckpt vs .weights.h5 / .keras)",
    "source": {"kind": "known",
               "refs": ["https://github.com/hfawaz/dl-4-tsc/issues/53",
                        "https://github.com/juglab/napari-n2v/issues/55",
                        "https://github.com/tensorflow/tensorflow/issues/75196",
                        "https://github.com/lululxvi/deepxde/issues/1693",
                        "https://github.com/keras-team/keras-io/issues/1568",
                        "https://github.com/jonkrohn/DLTFpT/issues/7"],
               "title": "ValueError: The filename must end in `.weights.h5`",
               "frequency": {"reports": 7,
                             "as_of": "2026-12-06",
                             "how": "issues search 'The filename must end in .weights.h5' and 'ModelCheckpoint "
                                    "filepath must end in .weights.h5': 7 threads in 7 repos (2 of them "
                                    "keras.io example fixes)"}},
    "variants": {
        "save_weights_hdf5": {
            "role": "broken",
            "title": "model.save_weights('model_init.hdf5')",
            "claim": {"text": "ValueError: The filename must end in `.weights.h5`. Received: "
                              "filepath=...model_init.hdf5",
                      "versions": "keras 3.8.0 (dl-4-tsc#53)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError", "message": "must end in .\\.weights\\.h5"}},
        },
        "save_weights_ckpt": {
            "role": "broken",
            "title": "model.save_weights('model-10.ckpt') (a TF checkpoint prefix)",
            "claim": {"text": "ValueError: The filename must end in `.weights.h5`",
                      "versions": "2024, after the tensorflow-probability update brought Keras 3 (deepxde#1693)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError", "message": "must end in .\\.weights\\.h5"}},
        },
        "checkpoint_weights_only_ckpt": {
            "role": "broken",
            "title": "fit(callbacks=[ModelCheckpoint('training_1/cp.ckpt', save_weights_only=True)])",
            "claim": {"text": "ValueError: When using `save_weights_only=True` in `ModelCheckpoint`, the "
                              "filepath provided must end in `.weights.h5` (Keras weights format)",
                      "versions": "TensorFlow 2.17.0 (tensorflow#75196)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError",
                                 "message": "save_weights_only=True. in .ModelCheckpoint., the filepath "
                                            "provided must end in .\\.weights\\.h5"}},
        },
        "checkpoint_full_model_hdf5": {
            "role": "broken",
            "title": "fit(callbacks=[ModelCheckpoint('best_model.hdf5', save_best_only=True)])",
            "claim": {"text": "ValueError: The filepath provided must end in `.keras` (Keras model format). "
                              "Received: filepath=....hdf5",
                      "versions": "keras 3.8.0 (dl-4-tsc#53)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError", "message": "must end in .\\.keras"}},
        },
        "weights_h5_suffix": {
            "role": "fix",
            "title": "model.save_weights('model.weights.h5'); model.load_weights('model.weights.h5')",
            "claim": {"text": "save the weights as my_model.weights.h5 (and load_weights then works)",
                      "versions": "Keras 3 (keras-io#1568, DLTFpT#7)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "observed": {"same_weights": True}}},
        },
        "checkpoint_weights_h5_suffix": {
            "role": "fix",
            "title": "ModelCheckpoint('weights.{epoch:02d}.weights.h5', save_weights_only=True); "
                     "load_weights of the file",
            "claim": {"text": "ModelCheckpoint(output_path + '/weights.{epoch:02d}.weights.h5', "
                              "save_weights_only=True); model.load_weights then works as well",
                      "versions": "2025 (DLTFpT#7)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "observed": {"same_weights": True}}},
        },
    },
}


def _model(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    model = keras.models.Model(inputs, keras.layers.Dense(2)(inputs))
    model.compile(optimizer="adam", loss="mse")
    return model


def _data():
    import numpy as np
    rng = np.random.RandomState(0)
    return rng.rand(4, 3).astype("float32"), rng.rand(4, 2).astype("float32")


def _fit_with_checkpoint(ctx, make_checkpoint):
    x, y = _data()
    model = _model(ctx)
    with ctx.subject("ModelCheckpoint(...) + fit"):   # Keras 3 checks the path in the constructor
        checkpoint = make_checkpoint(ctx.keras)
        model.fit(x, y, batch_size=4, epochs=1, verbose=0, validation_data=(x, y),
                  callbacks=[checkpoint])
    return model


def _same_weights(ctx, model, path):
    import numpy as np
    reloaded = _model(ctx)
    reloaded.load_weights(path)
    ctx.observe("same_weights", all(np.allclose(a, b) for a, b in
                                    zip(model.get_weights(), reloaded.get_weights())))


def save_weights_hdf5(ctx):
    model = _model(ctx)
    with ctx.subject("model.save_weights('model_init.hdf5')"):
        model.save_weights("model_init.hdf5")


def save_weights_ckpt(ctx):
    model = _model(ctx)
    with ctx.subject("model.save_weights('model-10.ckpt')"):
        model.save_weights("model-10.ckpt")


def checkpoint_weights_only_ckpt(ctx):
    _fit_with_checkpoint(ctx, lambda keras: keras.callbacks.ModelCheckpoint(
        filepath="training_1/cp.ckpt", save_weights_only=True, verbose=0))


def checkpoint_full_model_hdf5(ctx):
    _fit_with_checkpoint(ctx, lambda keras: keras.callbacks.ModelCheckpoint(
        "best_model.hdf5", monitor="val_loss", save_best_only=True, verbose=0))


def weights_h5_suffix(ctx):
    model = _model(ctx)
    with ctx.subject("save_weights / load_weights 'model.weights.h5'"):
        model.save_weights("model.weights.h5")
        _same_weights(ctx, model, "model.weights.h5")


def checkpoint_weights_h5_suffix(ctx):
    model = _fit_with_checkpoint(ctx, lambda keras: keras.callbacks.ModelCheckpoint(
        "weights.{epoch:02d}.weights.h5", save_weights_only=True, verbose=0))
    with ctx.subject("load_weights('weights.01.weights.h5')"):
        _same_weights(ctx, model, "weights.01.weights.h5")
