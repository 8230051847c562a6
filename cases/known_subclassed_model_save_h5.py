"""Known reports: a subclassed `keras.Model` (layers in `__init__`, the graph in `call()`) saved
to HDF5, directly or by `ModelCheckpoint` inside `fit()`.

"NotImplementedError: Saving the model to HDF5 format requires the model to be a Functional model
or a Sequential model. It does not work for subclassed models, because such models are defined
via the body of a Python method, which isn't safely serializable. Consider saving to the
Tensorflow SavedModel format (by setting save_format="tf") or using `save_weights`."
(tensorflow/tensorflow#37945, TF 2.1; keras-buoy#3; philschmid/keras-vision-transformer-
huggingface#3, where a TF maintainer at Hugging Face lists the ways out: `save_weights_only` in
ModelCheckpoint, `model.save()` to a SavedModel, `save_pretrained`). Earlier tf.keras said
"NotImplementedError: Currently `save` requires model to be a graph network. Consider using
`save_weights`" (sethjuarez/Digitz#2, tf.keras 2.1.6-tf; tensorflow/tensorflow#22837: "A model
created by subclassing Keras.Model cannot be serialized by using the save_model function ... I am
experiencing this in 2.2.4-tf"). From a checkpoint callback the same error ends `fit()` after the
first epoch: davidADSP/Generative_Deep_Learning_2nd_Edition#38 (`vae.fit(..., callbacks=
[model_checkpoint_callback, ...])`), BNN-UPC/ignnition#50. A comment on keras-team/keras#6937
says the opposite for TF 2.4: ModelCheckpoint silently sets `save_weights_only = True` for such
models, so no error but a weights-only file.

A tiny subclassed model (two Dense layers), one epoch. Variants: model.save('model.h5') as
written; ModelCheckpoint('checkpoint.h5') in fit (the file's kind is observed); the error's own
advice, SavedModel (Keras 2) and save_weights; the `.keras` format (demo).
"""

CASE = {
    "title": "Subclassed keras.Model saved to .h5 (model.save, ModelCheckpoint in fit)",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/37945",
                        "https://github.com/tensorflow/tensorflow/issues/22837",
                        "https://github.com/philschmid/keras-vision-transformer-huggingface/issues/3",
                        "https://github.com/davidADSP/Generative_Deep_Learning_2nd_Edition/issues/38",
                        "https://github.com/BNN-UPC/ignnition/issues/50",
                        "https://github.com/keras-team/keras/issues/6937"],
               "title": "NotImplementedError: Saving the model to HDF5 format requires the model to be a "
                        "Functional model or a Sequential model",
               "frequency": {"reports": 10, "reactions": 6, "as_of": "2026-12-06",
                             "how": "issues search 'Saving the model to HDF5 format requires the model to "
                                    "be a Functional model' and 'Currently save requires model to be a graph "
                                    "network': tf#37945, tf#22837 (6 'same here' comments counted as "
                                    "reactions), tf#29545, keras-buoy#3, philschmid#3, GDL_2nd#38, "
                                    "ignnition#50, intel/ipex-llm#5312, sethjuarez/Digitz#2, keras#6937"}},
    "variants": {
        "save_h5_as_written": {
            "role": "broken",
            "title": "subclassed model fitted one epoch, model.save('model.h5')",
            "claim": {"text": "NotImplementedError: Saving the model to HDF5 format requires the model to "
                              "be a Functional model or a Sequential model (earlier: Currently `save` "
                              "requires model to be a graph network)",
                      "versions": "tf.keras 2.2.4-tf (2019) to TF 2.x (2020-2022)",
                      "scope": {"flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "NotImplementedError",
                                 "message": "HDF5 format requires the model to be a Functional model|"
                                            "requires model to be a graph network"}},
        },
        "modelcheckpoint_h5_in_fit": {
            "role": "broken",
            "title": "fit(callbacks=[ModelCheckpoint('checkpoint.h5')]) (save_weights_only=False)",
            "claim": {"text": "fit stops at the end of the first epoch with the same NotImplementedError "
                              "(raised from ModelCheckpoint)",
                      "versions": "GDL 2nd edition requirements (2024, Keras 2); ignnition (TF 2.x, 2021)",
                      "scope": {"flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "NotImplementedError",
                                 "message": "HDF5 format requires the model to be a Functional model"}},
        },
        "savedmodel_fix": {
            "role": "fix",
            "title": "model.save('my_model') (SavedModel; save_format='tf'), load_model, predict",
            "claim": {"text": "the SavedModel format can save subclassed models",
                      "versions": "the error's own advice; tf#29545 (k-w-w, TF 2.0)",
                      "scope": {"flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "save_weights_fix": {
            "role": "fix",
            "title": "model.save_weights('weights.h5'); a new instance, called once, load_weights",
            "claim": {"text": "saving only the weights in .h5 works for subclassed models",
                      "versions": "the error's own advice; philschmid#3 (2022)",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "keras_format": {
            "role": "demo",
            "title": "model.save('model.keras'), load_model(custom_objects={'MyModel': MyModel}), predict",
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


def _data():
    import numpy as np
    x = np.arange(12, dtype="float32").reshape(4, 3) / 12.0
    return x, np.ones((4, 2), "float32")


def _trained(ctx, MyModel, callbacks=None):
    model = MyModel()
    model.compile(optimizer="adam", loss="mse")
    x, y = _data()
    model.fit(x, y, epochs=1, batch_size=4, verbose=0, callbacks=callbacks)
    return model


def _compare(ctx, model, loaded_prediction):
    import numpy as np
    x, _ = _data()
    same = np.allclose(model.predict(x), ctx.evaluate(loaded_prediction), atol=1e-5)
    ctx.observe("same_prediction", bool(same))


def save_h5_as_written(ctx):
    MyModel = _model_class(ctx)
    model = _trained(ctx, MyModel)
    with ctx.subject("model.save('model.h5')"):
        model.save("model.h5")
        ctx.observe("saved", True)


def _h5_kind(path):
    """'model' when the HDF5 file carries a model config, 'weights' when only weights."""
    import h5py
    with h5py.File(path, "r") as f:
        return "model" if "model_config" in f.attrs else "weights"


def modelcheckpoint_h5_in_fit(ctx):
    import os
    keras = ctx.keras
    MyModel = _model_class(ctx)
    checkpoint = keras.callbacks.ModelCheckpoint("checkpoint.h5", save_weights_only=False)
    with ctx.subject("fit(callbacks=[ModelCheckpoint('checkpoint.h5')])"):
        _trained(ctx, MyModel, callbacks=[checkpoint])
        ctx.observe("checkpoint_written", os.path.exists("checkpoint.h5"))
        if os.path.exists("checkpoint.h5"):
            ctx.observe("checkpoint_kind", _h5_kind("checkpoint.h5"))


def savedmodel_fix(ctx):
    keras = ctx.keras
    if ctx.keras_major == 3:
        ctx.skip("Keras 3's model.save writes no SavedModel (.keras / .h5 only)")
    if not ctx.eager:
        ctx.skip("TF1 graph mode: the SavedModel model.save is a TF2 feature")
    MyModel = _model_class(ctx)
    model = _trained(ctx, MyModel)
    with ctx.subject("model.save('my_model') + load_model"):
        model.save("my_model", save_format="tf")
        loaded = keras.models.load_model("my_model")
        x, _ = _data()
        _compare(ctx, model, loaded.predict(x))


def save_weights_fix(ctx):
    MyModel = _model_class(ctx)
    model = _trained(ctx, MyModel)
    path = "model.weights.h5" if ctx.keras_major == 3 else "weights.h5"
    with ctx.subject("save_weights + new model called once + load_weights"):
        model.save_weights(path)
        new_model = MyModel()
        x, _ = _data()
        new_model.predict(x)   # create the variables before loading
        new_model.load_weights(path)
        _compare(ctx, model, new_model.predict(x))


def keras_format(ctx):
    keras = ctx.keras
    if ctx.keras_major != 3 and (ctx.tf_version or (0,)) < (2, 12):
        ctx.skip("the .keras format needs TF >= 2.12 or Keras 3")
    MyModel = _model_class(ctx)
    model = _trained(ctx, MyModel)
    with ctx.subject("model.save('model.keras') + load_model"):
        model.save("model.keras")
        loaded = keras.models.load_model("model.keras", custom_objects={"MyModel": MyModel})
        x, _ = _data()
        _compare(ctx, model, loaded.predict(x))
