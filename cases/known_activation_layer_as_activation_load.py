"""Known reports: an activation *layer* (LeakyReLU, ELU, an `Activation(...)` wrapper) used where
Keras expects an activation *function*.

`Dense(..., activation=LeakyReLU(alpha=...))` trains, saves to .h5, and does not load back:
"ValueError: Unknown activation function: LeakyReLU" (Dobiasd/frugally-deep#263; tensorflow/
tensorflow#38994 on TF 2.1, fixed by tensorflow/tensorflow#39252 "Fixed loading saved keras model
(h5 files) when using advanced activation functions", merged June 2020), "ValueError: Unknown
activation: ELU" for `activation=ELU(alpha=0.5)` (keras-team/keras#14189 = tensorflow/
tensorflow#42260, where `custom_objects={'ELU': ELU}` made it load, with "WARNING:tensorflow:Error
in loading the saved optimizer state").

The other way round, registering a layer instance as a named activation,
`get_custom_objects().update({'swish': Activation(swish)})` and `activation='swish'`, breaks at
saving: "AttributeError: 'Activation' object has no attribute '__name__'" on `model.save('...h5')`
(ShahariarRabby/Mnist_cnn_Swish#1) and on `model.to_json()` (keras-team/keras#8636, where fchollet
answers that `get_custom_objects().update({'swish': swish})` "is the way to go. Activations used as
the `activation` argument of a layer should be plain functions, not layers").

Tiny Dense models, built and run once but not compiled (the claims are about the architecture;
a compiled .h5 would add the optimizer and loss to what must load); the layer objects are Keras's
own (no custom code), the swish function is the threads' `K.sigmoid(x) * x` written with
keras.activations.
"""

CASE = {
    "title": "Activation layer objects (LeakyReLU, ELU, Activation(fn)) used as a layer's activation: save/load",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/38994",
                        "https://github.com/tensorflow/tensorflow/pull/39252",
                        "https://github.com/Dobiasd/frugally-deep/issues/263",
                        "https://github.com/tensorflow/tensorflow/issues/42260",
                        "https://github.com/keras-team/keras/issues/14189",
                        "https://github.com/keras-team/keras/issues/8636",
                        "https://github.com/ShahariarRabby/Mnist_cnn_Swish/issues/1"],
               "title": "ValueError: Unknown activation function: LeakyReLU",
               "frequency": {"reports": 6, "as_of": "2026-12-06",
                             "how": "issues search 'Unknown activation function: LeakyReLU' / 'Unknown "
                                    "activation: ELU' / \"'Activation' object has no attribute "
                                    "'__name__'\": tf#38994, frugally-deep#263, tf#42260 (= keras#14189, "
                                    "counted once), keras#8636, Mnist_cnn_Swish#1 (3 'same issue' "
                                    "comments), awsaf49/tensorflow_extra#1 ('Unknown activation "
                                    "function: Activation')"}},
    "variants": {
        "leakyrelu_h5_as_written": {
            "role": "broken",
            "title": "Dense(2, activation=LeakyReLU(alpha=0.2)), model.save('model.h5'), load_model",
            "claim": {"text": "load_model raises ValueError: Unknown activation function: LeakyReLU (TF "
                              "2.1-2.2 words it 'Unknown activation: ELU', keras#14189)",
                      "versions": "TF 2.1 (tf#38994); fixed by tf#39252 (June 2020, TF 2.3)",
                      "scope": {"tf": "<2.3", "flavour": "tf.keras"},
                      "expect": {"error_type": "ValueError",
                                 "message": "Unknown activation( function)?:? *'?LeakyReLU"}},
        },
        "elu_h5_as_written": {
            "role": "broken",
            "title": "Dense(2, activation=ELU(alpha=0.5)), model.save('model.h5'), load_model",
            "claim": {"text": "load_model raises ValueError: Unknown activation: ELU",
                      "versions": "keras#14189 / tf#42260 (August 2020, version not given)",
                      "expect": {"error_type": "ValueError", "message": "Unknown activation.*ELU"}},
        },
        "elu_custom_objects": {
            "role": "fix",
            "title": "the ELU model loaded with custom_objects={'ELU': ELU}, predict",
            "claim": {"text": "load_model(..., custom_objects={'ELU': ELU}) works (the reporter's compiled "
                              "model also warned about the optimizer state)",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "activation_layer_registered_as_swish": {
            "role": "broken",
            "title": "get_custom_objects().update({'swish': Activation(swish)}), Dense(2, "
                     "activation='swish'), model.save('model.h5')",
            "claim": {"text": "saving raises AttributeError: 'Activation' object has no attribute "
                              "'__name__'",
                      "versions": "standalone Keras 2.1 (December 2017)",
                      "scope": {"flavour": "keras-standalone"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "'Activation' object has no attribute '__name__'"}},
        },
        "function_registered_as_swish": {
            "role": "fix",
            "title": "get_custom_objects().update({'swish': swish}) (the plain function), save, "
                     "load_model, predict",
            "claim": {"text": "registering the plain function is the way to go: the model saves and "
                              "loads",
                      "versions": "fchollet on keras#8636 (Keras 2.1)",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
    },
}


def _x():
    import numpy as np
    return np.arange(6, dtype="float32").reshape(2, 3) / 6.0 - 0.4


def _trained(ctx, activation):
    """The model as saved: built and run once (no compile: the claims are about the architecture)."""
    keras = ctx.keras
    model = keras.models.Sequential([keras.layers.Dense(2, activation=activation, input_shape=(3,))])
    model.predict(_x())
    return model


def _compare(ctx, model, loaded):
    import numpy as np
    same = np.allclose(model.predict(_x()), loaded.predict(_x()), atol=1e-5)
    ctx.observe("same_prediction", bool(same))


def _swish(ctx):
    keras = ctx.keras

    def swish(x):
        return keras.activations.sigmoid(x) * x

    return swish


def leakyrelu_h5_as_written(ctx):
    keras = ctx.keras
    model = _trained(ctx, keras.layers.LeakyReLU(alpha=0.2))
    model.save("model.h5")
    with ctx.subject("load_model('model.h5')"):
        loaded = keras.models.load_model("model.h5")
        _compare(ctx, model, loaded)


def elu_h5_as_written(ctx):
    keras = ctx.keras
    model = _trained(ctx, keras.layers.ELU(alpha=0.5))
    model.save("model.h5")
    with ctx.subject("load_model('model.h5')"):
        loaded = keras.models.load_model("model.h5")
        _compare(ctx, model, loaded)


def elu_custom_objects(ctx):
    keras = ctx.keras
    ELU = keras.layers.ELU
    model = _trained(ctx, ELU(alpha=0.5))
    model.save("model.h5")
    with ctx.subject("load_model('model.h5', custom_objects={'ELU': ELU})"):
        loaded = keras.models.load_model("model.h5", custom_objects={"ELU": ELU})
        _compare(ctx, model, loaded)


def activation_layer_registered_as_swish(ctx):
    keras = ctx.keras
    keras.utils.get_custom_objects().update({"swish": keras.layers.Activation(_swish(ctx))})
    with ctx.subject("Dense(activation='swish') + model.save('model.h5')"):
        model = _trained(ctx, "swish")
        model.save("model.h5")
        ctx.observe("saved", True)
        loaded = keras.models.load_model("model.h5")
        _compare(ctx, model, loaded)


def function_registered_as_swish(ctx):
    keras = ctx.keras
    keras.utils.get_custom_objects().update({"swish": _swish(ctx)})
    model = _trained(ctx, "swish")
    with ctx.subject("model.save('model.h5') + load_model"):
        model.save("model.h5")
        loaded = keras.models.load_model("model.h5")
        _compare(ctx, model, loaded)
