"""Known reports: a subclassed model saved in the TensorFlow SavedModel format before Keras knows
its input shapes: "ValueError: Model <...> cannot be saved because the input shapes have not been
set. Usually, input shapes are automatically determined from calling `.fit()` or `.predict()`. To
manually set the shapes, call `model.build(input_shape)`" (TF 2.1-2.3 wording: "...call
model._set_inputs(inputs)").

tensorflow/tensorflow#37439 (TF 2.1): a subclassed model trained with a GradientTape loop (called,
never fitted), `model.save('save')` raises it. tensorflow/tensorflow#39906 (TF 2.1): the
serialization guide's `CustomModel([16, 16, 10])`, "Build the model by calling it" with
`model(tf.random.uniform((1, 5)))`, then `model.save('my_custom_model')` raises it too; adding
`model._set_inputs(input_arr)` makes it run. Also cryu854/CUT#3 and fchollet/deep-learning-with-
python-notebooks#175 (a GAN subclass; "I have attempted to resolve this by calling
model.build(input_shape) ... but I'm still seeing the same issue"), yinguobing/cnn-facial-
landmark#102, dgriffiths3/pointnet2-tensorflow2#13 (from ModelCheckpoint; worked around with
`save_weights_only=True`).

The guide's CustomModel, input (1, 5). Keras 3 has no `model.save(<SavedModel dir>)`: those
variants are not applicable there; the `.keras` variant (demo) shows what Keras 3 users meet.
"""

CASE = {
    "title": "Subclassed model saved as SavedModel before fit/predict: input shapes have not been set",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/39906",
                        "https://github.com/tensorflow/tensorflow/issues/37439",
                        "https://github.com/cryu854/CUT/issues/3",
                        "https://github.com/fchollet/deep-learning-with-python-notebooks/issues/175",
                        "https://github.com/dgriffiths3/pointnet2-tensorflow2/issues/13"],
               "title": "Model cannot be saved because the input shapes have not been set.",
               "frequency": {"reports": 8, "as_of": "2026-12-06",
                             "how": "issues search 'cannot be saved because the input shapes have not "
                                    "been set': tf#39906, tf#37439, tf#33913, tf#30892, CUT#3, DLwP "
                                    "notebooks#175, cnn-facial-landmark#102, pointnet2-tensorflow2#13"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "custom_loop_save_as_written": {
            "role": "broken",
            "title": "#37439: trained with a GradientTape loop (called, never fitted), model.save('save')",
            "claim": {"text": "ValueError: Model ... cannot be saved because the input shapes have not "
                              "been set",
                      "versions": "TF 2.1 (tf#37439)",
                      "scope": {"tf": ">=2.0", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "ValueError",
                                 "message": "input shapes have not been set"}},
        },
        "called_then_save_guide": {
            "role": "broken",
            "title": "#39906: the guide's CustomModel called once on tf.random.uniform((1, 5)), "
                     "model.save('my_custom_model')",
            "claim": {"text": "calling the model is not enough: the same ValueError",
                      "versions": "TF 2.1 (tf#39906)",
                      "scope": {"tf": ">=2.0,<2.2", "flavour": "tf.keras"},
                      "expect": {"error_type": "ValueError",
                                 "message": "input shapes have not been set"}},
        },
        "set_inputs_fix": {
            "role": "fix",
            "title": "#39906's fix: model._set_inputs(input_arr) after the call, then save, load_model",
            "claim": {"text": "with model._set_inputs(input_arr) it runs without any error",
                      "versions": "TF 2.1 (tf#39906)",
                      "scope": {"tf": ">=2.0,<2.4", "flavour": "tf.keras"},
                      "expect": {"outcome": "ok"}},
        },
        "build_then_save": {
            "role": "fix",
            "title": "model.build((None, 5)) (the TF 2.4+ message's advice), then save, load_model",
            "claim": {"text": "to manually set the shapes, call model.build(input_shape)",
                      "versions": "the error message from TF 2.4 on",
                      "scope": {"tf": ">=2.4", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok"}},
        },
        "fit_then_save": {
            "role": "fix",
            "title": "model.fit(...) one step, then model.save, load_model, predict",
            "claim": {"text": "input shapes are automatically determined from calling .fit()",
                      "versions": "the error message",
                      "scope": {"flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "keras_format_uncalled_loop": {
            "role": "demo",
            "title": "Keras 3 / TF >= 2.12: the GradientTape-trained model saved as save.keras, "
                     "load_model(custom_objects=...)",
        },
    },
}


def _model_class(ctx):
    keras = ctx.keras

    class CustomModel(keras.Model):
        def __init__(self, hidden_units, **kwargs):
            super(CustomModel, self).__init__(**kwargs)
            self.hidden_units = hidden_units
            self.dense_layers = [keras.layers.Dense(u) for u in hidden_units]

        def call(self, inputs):
            x = inputs
            for layer in self.dense_layers:
                x = layer(x)
            return x

        def get_config(self):
            return {"hidden_units": self.hidden_units}

    return CustomModel


def _savedmodel_only(ctx):
    if ctx.keras_major == 3:
        ctx.skip("Keras 3's model.save writes no SavedModel directory (.keras / .h5 only)")
    if not ctx.eager:
        ctx.skip("TF1 graph mode: the SavedModel model.save is a TF2 feature")


def _x(ctx):
    return ctx.tf.random.uniform((1, 5), seed=1)


def _trained_in_loop(ctx, CustomModel):
    tf, keras = ctx.tf, ctx.keras
    model = CustomModel([16, 16, 10])
    optimizer = keras.optimizers.SGD()
    with tf.GradientTape() as tape:
        out = model(tf.ones((2, 5)))
        loss = tf.reduce_mean(out)
    grads = tape.gradient(loss, model.trainable_weights)
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return model


def _load_and_predict(ctx, path, CustomModel):
    keras = ctx.keras
    loaded = keras.models.load_model(path, custom_objects={"CustomModel": CustomModel})
    ctx.observe("loaded", True)
    return loaded


def custom_loop_save_as_written(ctx):
    _savedmodel_only(ctx)
    CustomModel = _model_class(ctx)
    model = _trained_in_loop(ctx, CustomModel)
    with ctx.subject("model.save('save')"):
        model.save("save")
        ctx.observe("saved", True)
        _load_and_predict(ctx, "save", CustomModel)


def called_then_save_guide(ctx):
    _savedmodel_only(ctx)
    CustomModel = _model_class(ctx)
    model = CustomModel([16, 16, 10])
    # Build the model by calling it
    input_arr = _x(ctx)
    model(input_arr)
    with ctx.subject("model.save('my_custom_model')"):
        model.save("my_custom_model")
        ctx.observe("saved", True)
        _load_and_predict(ctx, "my_custom_model", CustomModel)


def set_inputs_fix(ctx):
    _savedmodel_only(ctx)
    CustomModel = _model_class(ctx)
    model = CustomModel([16, 16, 10])
    input_arr = _x(ctx)
    model(input_arr)
    if not hasattr(model, "_set_inputs"):
        ctx.skip("this Keras has no Model._set_inputs (removed in TF 2.4)")
    with ctx.subject("model._set_inputs(input_arr) + save + load_model"):
        model._set_inputs(input_arr)
        model.save("my_custom_model")
        ctx.observe("saved", True)
        _load_and_predict(ctx, "my_custom_model", CustomModel)


def build_then_save(ctx):
    _savedmodel_only(ctx)
    CustomModel = _model_class(ctx)
    model = CustomModel([16, 16, 10])
    with ctx.subject("model.build((None, 5)) + save + load_model"):
        model.build((None, 5))
        model.save("my_custom_model")
        ctx.observe("saved", True)
        _load_and_predict(ctx, "my_custom_model", CustomModel)


def fit_then_save(ctx):
    import numpy as np
    _savedmodel_only(ctx)
    CustomModel = _model_class(ctx)
    model = CustomModel([16, 16, 10])
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((2, 5), "float32")
    model.fit(x, np.zeros((2, 10), "float32"), epochs=1, batch_size=2, verbose=0)
    with ctx.subject("fit + model.save('my_custom_model') + load_model"):
        model.save("my_custom_model")
        loaded = _load_and_predict(ctx, "my_custom_model", CustomModel)
        same = np.allclose(model.predict(x), loaded.predict(x), atol=1e-5)
        ctx.observe("same_prediction", bool(same))


def keras_format_uncalled_loop(ctx):
    if ctx.keras_major != 3 and (ctx.tf_version or (0,)) < (2, 12):
        ctx.skip("the .keras format needs TF >= 2.12 or Keras 3")
    CustomModel = _model_class(ctx)
    model = _trained_in_loop(ctx, CustomModel)
    with ctx.subject("model.save('save.keras') + load_model"):
        model.save("save.keras")
        ctx.observe("saved", True)
        _load_and_predict(ctx, "save.keras", CustomModel)
