"""Known reports: a model whose Dense layer uses a custom activation *function* saves, but
loading it back without telling Keras about the function fails: "Exception: Invalid activation
function: my_tanh" (keras-team/keras#3487, 2016), "ValueError: ('Unknown activation function',
':sin')" (keras-team/keras#6529, `Dense(10, activation=K.sin)` saved to model.h5 and
`load_model('model.h5')`), "Invalid activation function" from `model_from_json`
(keras-team/keras#1634).

The fixes the threads give: pass the function at load time,
`load_model(path, custom_objects={'my_tanh': my_tanh})` (keras#3487; keras#6529 made
custom_objects reach `activations.get()` in Keras 2.0.5); register it once in the global custom
objects, `get_custom_objects().update({'swish': swish})` ("is the way to go", fchollet on
keras-team/keras#8636); or decorate it with `register_keras_serializable` (awsaf49/
tensorflow_extra#1: "In order to use the smelu activation function in Keras, it must be registered
as serializable"; a Keras maintainer on keras-team/keras#20333: "We should avoid adding keys to
`get_custom_objects` dict directly. Its better to use `register_keras_serializable` API").

The function is keras#3487's scaled tanh (`1.7159 * tanh(2x/3)`), defined inside each variant so
that nothing can find it by import path: the state of a script that loads a file written earlier
in the same process without passing the function. (A function named like a built-in, e.g.
`swish`, would resolve to Keras's own `swish` from TF 2.2 on; `my_tanh` has no namesake.)
"""

CASE = {
    "title": "Custom activation function saved with the model, loaded without custom_objects",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/3487",
                        "https://github.com/keras-team/keras/pull/6529",
                        "https://github.com/keras-team/keras/issues/1634",
                        "https://github.com/keras-team/keras/issues/8636",
                        "https://github.com/awsaf49/tensorflow_extra/issues/1",
                        "https://github.com/keras-team/keras/issues/20333"],
               "title": "Loading model with 'self-made' activations",
               "frequency": {"reports": 8, "as_of": "2026-12-06",
                             "how": "issues search 'Unknown activation function' / 'Invalid activation "
                                    "function' / 'Could not interpret activation function identifier' "
                                    "with custom activations: keras#3487, #1634, #6529, #8636, #20333, "
                                    "awsaf49/tensorflow_extra#1, ShahariarRabby/Mnist_cnn_Swish#1, "
                                    "autonomio/talos#121 (reactions not visible in the stored copies)"}},
    "variants": {
        "h5_as_written": {
            "role": "broken",
            "title": "Dense(2, activation=my_tanh), model.save('model.h5'), load_model('model.h5')",
            "claim": {"text": "load_model raises ValueError: Unknown activation function: my_tanh "
                              "(the saved config only names the function)",
                      "versions": "Keras 1.x-2.x (2016-2017 threads)",
                      "scope": {"flavour": ["keras-standalone", "tf.keras", "tf_keras"]},
                      "expect": {"error_type": "ValueError",
                                 "message": "[Uu]nknown activation function.*my_tanh|"
                                            "[Ii]nvalid activation function.*my_tanh"}},
        },
        "json_as_written": {
            "role": "broken",
            "title": "model_from_json(model.to_json()) without custom_objects (keras#1634)",
            "claim": {"text": "model_from_json fails: Keras does not know the activation function",
                      "versions": "Keras 0.3-1.x (2016); the same lookup in later versions",
                      "expect": {"outcome": "error"}},
        },
        "custom_objects": {
            "role": "fix",
            "title": "load_model('model.h5', custom_objects={'my_tanh': my_tanh}), predict",
            "claim": {"text": "passing the function in custom_objects loads the model (keras#3487; "
                              "working since keras#6529, Keras 2.0.5)",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "get_custom_objects_update": {
            "role": "fix",
            "title": "get_custom_objects().update({'my_tanh': my_tanh}), then load_model('model.h5')",
            "claim": {"text": "get_custom_objects().update({'swish': swish}) is the way to go",
                      "versions": "fchollet, Keras 2.1 (2017)",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "registered": {
            "role": "fix",
            "title": "@register_keras_serializable() on my_tanh, model.save('model.h5'), load_model",
            "claim": {"text": "a custom activation registered as serializable saves and loads",
                      "versions": "tf.keras 2.x (2022) and Keras 3 (keras#20333, 2024)",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
    },
}


def _my_tanh(ctx):
    keras = ctx.keras

    def my_tanh(x):
        return 1.7159 * keras.activations.tanh(2 * x / 3)

    return my_tanh


def _x():
    import numpy as np
    return np.arange(6, dtype="float32").reshape(2, 3) / 6.0


def _model(ctx, activation):
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    outputs = keras.layers.Dense(2, activation=activation)(inputs)
    model = keras.models.Model(inputs, outputs)
    model.predict(_x())   # the model works before any saving (else: a setup error)
    return model


def _compare(ctx, model, loaded):
    import numpy as np
    same = np.allclose(model.predict(_x()), loaded.predict(_x()), atol=1e-5)
    ctx.observe("same_prediction", bool(same))


def _register(ctx):
    keras = ctx.keras
    register = getattr(getattr(keras, "saving", None), "register_keras_serializable", None)
    if register is None:  # tf.keras < 2.13 spells it keras.utils
        register = getattr(keras.utils, "register_keras_serializable", None)
    if register is None:
        ctx.skip("this Keras has no register_keras_serializable")
    return register


def h5_as_written(ctx):
    keras = ctx.keras
    model = _model(ctx, _my_tanh(ctx))
    model.save("model.h5")
    with ctx.subject("load_model('model.h5')"):
        loaded = keras.models.load_model("model.h5")
        _compare(ctx, model, loaded)


def json_as_written(ctx):
    keras = ctx.keras
    model = _model(ctx, _my_tanh(ctx))
    json_string = model.to_json()
    with ctx.subject("model_from_json"):
        loaded = keras.models.model_from_json(json_string)
        loaded.set_weights(model.get_weights())
        _compare(ctx, model, loaded)


def custom_objects(ctx):
    keras = ctx.keras
    my_tanh = _my_tanh(ctx)
    model = _model(ctx, my_tanh)
    model.save("model.h5")
    with ctx.subject("load_model('model.h5', custom_objects={'my_tanh': my_tanh})"):
        loaded = keras.models.load_model("model.h5", custom_objects={"my_tanh": my_tanh})
        _compare(ctx, model, loaded)


def get_custom_objects_update(ctx):
    keras = ctx.keras
    my_tanh = _my_tanh(ctx)
    model = _model(ctx, my_tanh)
    model.save("model.h5")
    with ctx.subject("get_custom_objects().update + load_model"):
        keras.utils.get_custom_objects().update({"my_tanh": my_tanh})
        loaded = keras.models.load_model("model.h5")
        _compare(ctx, model, loaded)


def registered(ctx):
    keras = ctx.keras
    my_tanh = _register(ctx)()(_my_tanh(ctx))
    model = _model(ctx, my_tanh)
    model.save("model.h5")
    with ctx.subject("load_model('model.h5') of a registered activation"):
        loaded = keras.models.load_model("model.h5")
        _compare(ctx, model, loaded)
