"""Known reports: `model.fit_generator(...)` / `model.predict_generator(...)` in Keras 3,
where they no longer exist: "AttributeError: 'Functional' object has no attribute
'fit_generator'".

keras-team/keras#19225 ("After I upgrade keras to keras 3, I notice that the attribute
fit_generator has been removed ... a new class keras.utils.PyDataset ... can be used in
attribute fit directly"), kairess/fingerprint_recognition#2 (keras 3.2.0),
SorourMo/Cloud-Net-A-semantic-segmentation-CNN-for-cloud-detection#9 ("'Functional' object has
no attribute 'predict_generator'. Did you mean: 'predict_on_batch'?", fixed with
`model.predict()`: "I was updating legacy code from Keras 2 to Keras 3"). In TF 2.1-2.15 the
methods still exist but warn "Model.fit_generator (from tensorflow.python.keras.engine.training)
is deprecated ... Please use Model.fit, which supports generators" (xuzheyuan624/slowfast-keras#4),
and projects moved to `fit` (faustomorales/keras-ocr#160: "Model.fit supports generators in
TensorFlow Core v2.4.1"; cdvetal/fast-denser3#8).

A Python generator yields (x, y) batches of a Dense model forever; each variant runs one step.
For prediction it yields the input batch alone, as Cloud-Net's `mybatch_generator_prediction`
does (`yield (image_list)`, an array, not a tuple).
"""

CASE = {
    "title": "model.fit_generator / predict_generator after their removal (Keras 3), and fit(generator)",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/19225",
                        "https://github.com/kairess/fingerprint_recognition/issues/2",
                        "https://github.com/SorourMo/Cloud-Net-A-semantic-segmentation-CNN-for-cloud-detection/issues/9",
                        "https://github.com/xuzheyuan624/slowfast-keras/issues/4",
                        "https://github.com/faustomorales/keras-ocr/pull/160"],
               "title": "AttributeError: 'Functional' object has no attribute 'fit_generator'",
               "frequency": {"reports": 6,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues search \"object has no attribute 'fit_generator'\" and "
                                    "'predict_generator': 3 Keras 3 reports, 1 TF 2.1 deprecation thread, "
                                    "2 migration PRs; reaction = 'can confirm' in Cloud-Net#9"}},
    "variants": {
        "fit_generator_as_written": {
            "role": "broken",
            "title": "model.fit_generator(gen, steps_per_epoch=1, epochs=1)",
            "claim": {"text": "AttributeError: 'Functional' object has no attribute 'fit_generator'",
                      "versions": "Keras 3 (keras#19225; keras 3.2.0 in fingerprint_recognition#2)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute 'fit_generator'"}},
        },
        "predict_generator_as_written": {
            "role": "broken",
            "title": "model.predict_generator(gen, steps=1)",
            "claim": {"text": "AttributeError: 'Functional' object has no attribute 'predict_generator'",
                      "versions": "Keras 3 (Cloud-Net#9)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute 'predict_generator'"}},
        },
        "fit_with_generator": {
            "role": "fix",
            "title": "model.fit(gen, steps_per_epoch=1, epochs=1)",
            "claim": {"text": "Model.fit supports generators: use it instead of fit_generator",
                      "versions": "TensorFlow 2.4.1 (keras-ocr#160), Keras 3 (keras#19225)",
                      "scope": {"tf": ">=2.2"},
                      "expect": {"outcome": "ok"}},
        },
        "predict_with_generator": {
            "role": "fix",
            "title": "model.predict(gen, steps=1)",
            "claim": {"text": "switching to model.predict() worked",
                      "versions": "Keras 3 (Cloud-Net#9)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _model(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    outputs = keras.layers.Dense(2)(inputs)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss="mse")
    return model


def _batches(with_targets=True):
    import numpy as np
    rng = np.random.RandomState(0)
    while True:
        x = rng.rand(4, 3).astype("float32")
        if with_targets:
            yield x, rng.rand(4, 2).astype("float32")
        else:
            yield x


def fit_generator_as_written(ctx):
    model = _model(ctx)
    with ctx.subject("fit_generator"):
        model.fit_generator(_batches(), steps_per_epoch=1, epochs=1, verbose=0)


def predict_generator_as_written(ctx):
    model = _model(ctx)
    with ctx.subject("predict_generator"):
        prediction = model.predict_generator(_batches(with_targets=False), steps=1)
    ctx.observe("prediction_shape", list(prediction.shape))


def fit_with_generator(ctx):
    model = _model(ctx)
    with ctx.subject("fit(generator)"):
        model.fit(_batches(), steps_per_epoch=1, epochs=1, verbose=0)


def predict_with_generator(ctx):
    model = _model(ctx)
    with ctx.subject("predict(generator)"):
        prediction = model.predict(_batches(with_targets=False), steps=1, verbose=0)
    ctx.observe("prediction_shape", list(prediction.shape))
