"""Known reports: a model compiled with a focal loss built by a factory function (a closure)
does not load back: "ValueError: Unknown loss function: categorical_focal_loss_fixed".

umbertogriffo/focal-loss-keras#30 (tf.keras, `tensorflow/python/keras/saving/hdf5_format.py`)
and mkocabas/focal-loss-keras#10 (standalone Keras, `keras/models.py`, 2018) compile with
`loss=[categorical_focal_loss(alpha=..., gamma=2)]` / `[focal_loss(alpha=.25, gamma=2)]`,
train, save to .h5 and get "ValueError: Unknown loss function:<inner function name>" from
load_model. The file records the *inner* function's name, so the umbertogriffo README gives
custom_objects keyed by it: `{'categorical_focal_loss_fixed': categorical_focal_loss(...),
'categorical_focal_loss': categorical_focal_loss}`. The other fix users are given is
`load_model(path, compile=False)` (huyquoctrinh/MetaPolyp-CBMS2023#7: "you can ignore it by
compile = False during load model"; aildnont/HIFIS-model#44: "A simple fix ... is to not
compile the model when loading"), which gives a model for inference only.

The loss is the README's categorical_focal_loss (Keras backend functions), defined inside each
variant so that nothing can find it by import path. `outer_name_only` is our corrected
variant: custom_objects keyed by the factory's name only, the usual first attempt.
"""

CASE = {
    "title": "Loading a .h5 model compiled with a focal-loss closure (categorical_focal_loss_fixed)",
    "source": {"kind": "known",
               "refs": ["https://github.com/umbertogriffo/focal-loss-keras/issues/30",
                        "https://github.com/mkocabas/focal-loss-keras/issues/10",
                        "https://github.com/umbertogriffo/focal-loss-keras/blob/master/README.md",
                        "https://github.com/huyquoctrinh/MetaPolyp-CBMS2023/issues/7",
                        "https://github.com/aildnont/HIFIS-model/pull/44"],
               "title": "ValueError: Unknown loss function: categorical_focal_loss_fixed",
               "frequency": {"reports": 5,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'ValueError: Unknown loss function focal_loss_fixed "
                                    "load_model' and 'focal loss closure custom_objects inner function "
                                    "name': 5 threads where the file records a closure's inner name "
                                    "(umbertogriffo/focal-loss-keras#30, mkocabas/focal-loss-keras#10, "
                                    "keras#5916 closure comments, segmentation_models#109 'Unknown loss "
                                    "function:closure', MetaPolyp#7)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "load_as_written": {
            "role": "broken",
            "title": "compile(loss=[categorical_focal_loss(alpha=[[.25]*3], gamma=2)]), fit, save .h5, "
                     "load_model(path)",
            "claim": {"text": "load_model raises ValueError: Unknown loss function: "
                              "categorical_focal_loss_fixed",
                      "versions": "tf.keras (tensorflow/python/keras, TF 2.x) and standalone Keras 2.1",
                      "scope": {"flavour": ["tf.keras", "keras-standalone"]},
                      "expect": {"error_type": "ValueError",
                                 "message": "Unknown loss function.*categorical_focal_loss_fixed"}},
        },
        "custom_objects_inner_name": {
            "role": "fix",
            "title": "load_model(custom_objects={'categorical_focal_loss_fixed': "
                     "categorical_focal_loss(...), 'categorical_focal_loss': ...}), then fit",
            "claim": {"text": "with custom_objects keyed by the inner function's name the model loads "
                              "(and trains on)",
                      "expect": {"outcome": "ok"}},
        },
        "compile_false": {
            "role": "fix",
            "title": "load_model(path, compile=False), then predict",
            "claim": {"text": "with compile=False the model loads and can predict",
                      "expect": {"outcome": "ok"}},
        },
        "outer_name_only": {
            "role": "corrected",
            "title": "custom_objects={'categorical_focal_loss': categorical_focal_loss} only",
        },
    },
}


def _focal_loss_factory(ctx):
    import numpy as np
    K = ctx.keras.backend

    def categorical_focal_loss(alpha, gamma=2.):
        alpha = np.array(alpha, dtype=np.float32)

        def categorical_focal_loss_fixed(y_true, y_pred):
            epsilon = K.epsilon()
            y_pred = K.clip(y_pred, epsilon, 1. - epsilon)
            cross_entropy = -y_true * K.log(y_pred)
            loss = alpha * K.pow(1 - y_pred, gamma) * cross_entropy
            return K.mean(K.sum(loss, axis=-1))

        return categorical_focal_loss_fixed

    return categorical_focal_loss


def _data():
    import numpy as np
    x = np.random.RandomState(0).rand(6, 4).astype("float32")
    y = np.eye(3, dtype="float32")[[0, 1, 2, 0, 1, 2]]
    return x, y


def _train_and_save(ctx, categorical_focal_loss):
    keras = ctx.keras
    inputs = keras.layers.Input((4,))
    outputs = keras.layers.Dense(3, activation="softmax")(inputs)
    model = keras.models.Model(inputs, outputs)
    model.compile(loss=[categorical_focal_loss(alpha=[[.25, .25, .25]], gamma=2)],
                  metrics=["accuracy"], optimizer="adam")
    x, y = _data()
    model.fit(x, y, epochs=1, verbose=0)
    model.save("focal_model.h5")
    ctx.observe("saved", True)


def load_as_written(ctx):
    keras = ctx.keras
    categorical_focal_loss = _focal_loss_factory(ctx)
    _train_and_save(ctx, categorical_focal_loss)
    with ctx.subject("load_model"):
        model = keras.models.load_model("focal_model.h5")
    # what came back when no error was raised: compiled, and with which loss?
    ctx.observe("compiled", getattr(model, "optimizer", None) is not None)
    ctx.observe("loss", str(getattr(model, "loss", None)))


def custom_objects_inner_name(ctx):
    keras = ctx.keras
    categorical_focal_loss = _focal_loss_factory(ctx)
    _train_and_save(ctx, categorical_focal_loss)
    with ctx.subject("load_model(custom_objects=...)"):
        custom_object = {
            'categorical_focal_loss_fixed': categorical_focal_loss(alpha=[[.25, .25, .25]], gamma=2.),
            'categorical_focal_loss': categorical_focal_loss}
        model = keras.models.load_model("focal_model.h5", custom_objects=custom_object)
        x, y = _data()
        model.fit(x, y, epochs=1, verbose=0)


def compile_false(ctx):
    keras = ctx.keras
    categorical_focal_loss = _focal_loss_factory(ctx)
    _train_and_save(ctx, categorical_focal_loss)
    with ctx.subject("load_model(compile=False)"):
        model = keras.models.load_model("focal_model.h5", compile=False)
        x, _ = _data()
        ctx.observe("prediction_shape", [int(d) for d in model.predict(x).shape])


def outer_name_only(ctx):
    keras = ctx.keras
    categorical_focal_loss = _focal_loss_factory(ctx)
    _train_and_save(ctx, categorical_focal_loss)
    with ctx.subject("load_model(custom_objects={'categorical_focal_loss': ...})"):
        model = keras.models.load_model(
            "focal_model.h5", custom_objects={'categorical_focal_loss': categorical_focal_loss})
        x, y = _data()
        model.fit(x, y, epochs=1, verbose=0)
