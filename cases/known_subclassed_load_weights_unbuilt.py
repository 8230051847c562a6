"""Known reports: `load_weights('....h5')` on a freshly constructed subclassed model, before it
has been called or built: "ValueError: Unable to load weights saved in HDF5 format into a
subclassed Model which has not created its variables yet. Call the Model first, then load the
weights."

davidADSP/GDL_code#85 (the book's `VariationalAutoencoder`, `model.load_weights(...
'weights/weights.h5')` right after construction), YotamNitzan/ID-disentanglement#7 (`stylegan_G.
load_weights(...)`), Viredery/tf-eager-fasterrcnn#25 and #27, DeepTrackAI/DeepTrack2#195,
cmd23333/Faster-rcnn-tensorflow2.x#9 (calling the model first still failed for them on TF 2.6.1:
"2.2.0好用" - 2.2.0 works), BNN-UPC/RouteNet-Erlang#9; tensorflow/tensorflow#44240 asks why
`model.build()` is required, and tensorflow/tensorflow#22837 ends with the same error after
switching to save_weights. The error's own fix: call the model (or `build()` it) first. The TF
checkpoint format (`save_weights('ckpt')` without .h5) restores lazily instead: tensorflow/
tensorflow#24623 (a comment: "You didn't initialize the weights when creating the 2nd model ...
you need to initialize the weights manually").

Tiny subclassed model. Variants: h5 load into the unbuilt model as written; call first (the
fix; called on a backend tensor, which standalone Keras 2.2 needs); build((None, 3)) first; the TF checkpoint format, where weights are restored when the model
is first called (effect `weights_restored`). Keras 3 writes `.weights.h5` only (its own format).
"""

CASE = {
    "title": "load_weights(.h5) into a subclassed model that has not been called or built",
    "source": {"kind": "known",
               "refs": ["https://github.com/davidADSP/GDL_code/issues/85",
                        "https://github.com/YotamNitzan/ID-disentanglement/issues/7",
                        "https://github.com/Viredery/tf-eager-fasterrcnn/issues/25",
                        "https://github.com/DeepTrackAI/DeepTrack2/issues/195",
                        "https://github.com/tensorflow/tensorflow/issues/44240",
                        "https://github.com/tensorflow/tensorflow/issues/24623"],
               "title": "Unable to load weights saved in HDF5 format into a subclassed Model which has not "
                        "created its variables yet",
               "frequency": {"reports": 11, "as_of": "2026-12-06",
                             "how": "issues search 'Unable to load weights saved in HDF5 format into a "
                                    "subclassed Model': GDL_code#85, ID-disentanglement#7, "
                                    "tf-eager-fasterrcnn#25 and #27, DeepTrack2#195, tf#44240, tf#24623, "
                                    "Faster-rcnn-tensorflow2.x#9, RouteNet-Erlang#9, "
                                    "detr-tensorflow#51, tf#22837 (a comment)"}},
    "variants": {
        "h5_unbuilt_as_written": {
            "role": "broken",
            "title": "MyModel() constructed, load_weights('weights.h5') at once",
            "effects": ["weights_restored"],
            "claim": {"text": "ValueError: Unable to load weights saved in HDF5 format into a subclassed "
                              "Model which has not created its variables yet. Call the Model first",
                      "versions": "TF 2.x (2020-2024 reports)",
                      "scope": {"tf": ">=2.0", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "ValueError",
                                 "message": "subclassed Model which has not created its variables yet"}},
        },
        "call_first": {
            "role": "fix",
            "title": "call the new model on a batch, then load_weights('weights.h5')",
            "effects": ["weights_restored"],
            "claim": {"text": "Call the Model first, then load the weights",
                      "versions": "the error message",
                      "expect": {"outcome": "ok", "effects": {"weights_restored": "yes"}}},
        },
        "build_first": {
            "role": "fix",
            "title": "model.build((None, 3)), then load_weights('weights.h5')",
            "effects": ["weights_restored"],
            "claim": {"text": "calling model.build() before load_weights makes it work",
                      "versions": "tf#44240 (TF 2.4)",
                      "expect": {"outcome": "ok", "effects": {"weights_restored": "yes"}}},
        },
        "tf_checkpoint_deferred": {
            "role": "demo",
            "title": "save_weights('ckpt') (TF format), load_weights into the unbuilt model, then call it",
            "effects": ["weights_restored"],
        },
    },
}


def _model_class(ctx):
    keras = ctx.keras

    class MyModel(keras.Model):
        def __init__(self, **kwargs):
            super(MyModel, self).__init__(**kwargs)
            self.dense1 = keras.layers.Dense(4, activation="relu")
            self.dense2 = keras.layers.Dense(2)

        def call(self, inputs):
            return self.dense2(self.dense1(inputs))

    return MyModel


def _x():
    import numpy as np
    return np.arange(6, dtype="float32").reshape(2, 3) / 6.0


def _as_tensor(ctx, x):
    """The batch as a backend tensor (standalone Keras 2.2 refuses NumPy arrays in model(x))."""
    keras = ctx.keras
    if ctx.keras_major == 3:
        return keras.ops.convert_to_tensor(x)
    return keras.backend.constant(x)


def _weights_path(ctx):
    return "weights.weights.h5" if ctx.keras_major == 3 else "weights.h5"


def _trained(ctx, MyModel):
    import numpy as np
    model = MyModel()
    model.compile(optimizer="adam", loss="mse")
    model.fit(_x(), np.ones((2, 2), "float32"), epochs=1, batch_size=2, verbose=0)
    return model


def _restored(ctx, trained, model):
    import numpy as np
    same = np.allclose(trained.predict(_x()), model.predict(_x()), atol=1e-6)
    ctx.effect("weights_restored", bool(same))


def h5_unbuilt_as_written(ctx):
    MyModel = _model_class(ctx)
    trained = _trained(ctx, MyModel)
    path = _weights_path(ctx)
    trained.save_weights(path)
    model = MyModel()
    with ctx.subject("load_weights(%r) into the unbuilt model" % path):
        model.load_weights(path)
        _restored(ctx, trained, model)


def call_first(ctx):
    MyModel = _model_class(ctx)
    trained = _trained(ctx, MyModel)
    path = _weights_path(ctx)
    trained.save_weights(path)
    model = MyModel()
    with ctx.subject("model(x) + load_weights(%r)" % path):
        model(_as_tensor(ctx, _x()))
        model.load_weights(path)
        _restored(ctx, trained, model)


def build_first(ctx):
    MyModel = _model_class(ctx)
    trained = _trained(ctx, MyModel)
    path = _weights_path(ctx)
    trained.save_weights(path)
    model = MyModel()
    with ctx.subject("model.build((None, 3)) + load_weights(%r)" % path):
        model.build((None, 3))
        model.load_weights(path)
        _restored(ctx, trained, model)


def tf_checkpoint_deferred(ctx):
    if ctx.keras_major == 3:
        ctx.skip("Keras 3's save_weights writes no TF checkpoint (.weights.h5 only)")
    if not ctx.eager:
        ctx.skip("TF1 graph mode: object-based TF checkpoints of a subclassed model are TF2 behaviour")
    MyModel = _model_class(ctx)
    trained = _trained(ctx, MyModel)
    trained.save_weights("ckpt")
    model = MyModel()
    with ctx.subject("load_weights('ckpt') into the unbuilt model, then call it"):
        model.load_weights("ckpt")
        _restored(ctx, trained, model)
