"""Known reports: saving only the architecture (`to_json` / `to_yaml`) and rebuilding it with
`model_from_json` / `model_from_yaml`.

A custom layer class in the JSON: keras-team/keras#1800 ("Keras can not restore customized layer
from the json file": `class MyDense(Dense): pass` in a Sequential, `model_from_json(f.read())`
raises "Invalid layer: MyDense"), keras-team/keras#7585 and #14200 ("ValueError: Unknown layer:
MyLayer" / "Unknown layer: MakeGInput" from model_from_json), farizrahman4u/recurrentshop#30,
nusnlp/nea#10; the answer in keras-team/keras#1927: "set the custom_objects kwarg to be a
dictionary with the keys being the custom layer name and the value being the custom layer itself
... `model_from_json(config, custom_objects={'FeedForwardAttention': FeedForwardAttention})`"
("it did work!").

YAML: "RuntimeError: Method `model.to_yaml()` has been removed due to security risk of arbitrary
code execution. Please use `model.to_json()` instead." (maxpumperla/elephas#194: "After Tensorflow
2.4.3"), and the same for `model_from_yaml()` (nsu-ai/russian_g2p#34); devanshkv/fetch#22 quotes
the TF 2.7 release notes: "The methods Model.to_yaml() and keras.models.model_from_yaml have been
replaced to raise a RuntimeError as they can be abused to cause arbitrary code execution. It is
recommended to use JSON serialization instead of YAML".

keras#1800's model: Dense(1, input_shape=(1,)) then MyDense(2), a subclass that adds nothing.
"""

CASE = {
    "title": "Architecture only: model_from_json with a custom layer class; to_yaml / model_from_yaml",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/1800",
                        "https://github.com/keras-team/keras/issues/7585",
                        "https://github.com/keras-team/keras/issues/1927",
                        "https://github.com/maxpumperla/elephas/issues/194",
                        "https://github.com/nsu-ai/russian_g2p/issues/34",
                        "https://github.com/devanshkv/fetch/issues/22"],
               "title": "Can not restore customized layer from json file",
               "frequency": {"reports": 12, "as_of": "2026-12-06",
                             "how": "issues search 'model_from_json Unknown layer' / 'Invalid layer' / "
                                    "'to_yaml has been removed': keras#1800, #7585, #14200, #2435, #8612, "
                                    "#1927, recurrentshop#30, nusnlp/nea#10 (JSON); elephas#194, "
                                    "russian_g2p#34, fetch#22 and #26 (YAML)"}},
    "variants": {
        "json_custom_layer_as_written": {
            "role": "broken",
            "title": "keras#1800: Sequential(Dense(1), MyDense(2)), model_from_json(model.to_json())",
            "claim": {"text": "model_from_json raises ValueError: Unknown layer: MyDense (Keras 1: "
                              "'Invalid layer: MyDense')",
                      "versions": "Keras 1.x (2016), Keras 2.x (keras#7585, #14200: Keras 2.2.4)",
                      "scope": {"flavour": ["keras-standalone", "tf.keras", "tf_keras"]},
                      "expect": {"error_type": "ValueError",
                                 "message": "Unknown layer.*MyDense|Invalid layer.*MyDense"}},
        },
        "json_custom_objects": {
            "role": "fix",
            "title": "model_from_json(json_string, custom_objects={'MyDense': MyDense}), set_weights, "
                     "predict",
            "claim": {"text": "with custom_objects naming the layer class model_from_json works",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "to_yaml_as_written": {
            "role": "broken",
            "title": "model.to_yaml()",
            "claim": {"text": "RuntimeError: Method `model.to_yaml()` has been removed due to security "
                              "risk of arbitrary code execution. Please use `model.to_json()` instead.",
                      "versions": "after TF 2.4.3 (elephas#194); TF 2.7 release notes (fetch#22)",
                      "scope": {"tf": ">=2.6", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "RuntimeError",
                                 "message": "to_yaml\\(\\)` has been removed due to security risk"}},
        },
        "model_from_yaml_as_written": {
            "role": "broken",
            "title": "keras.models.model_from_yaml(yaml_string)",
            "claim": {"text": "RuntimeError: Method `model_from_yaml()` has been removed due to security "
                              "risk of arbitrary code execution. Please use `Model.to_json()` and "
                              "`model_from_json()` instead.",
                      "versions": "TF 2.6+ (russian_g2p#34, Colab October 2021)",
                      "scope": {"tf": ">=2.6", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "RuntimeError",
                                 "message": "model_from_yaml\\(\\)` has been removed due to security risk"}},
        },
    },
}


def _x():
    import numpy as np
    return np.arange(2, dtype="float32").reshape(2, 1)


def _my_dense(ctx):
    keras = ctx.keras

    class MyDense(keras.layers.Dense):
        pass

    return MyDense


def _model(ctx, MyDense):
    keras = ctx.keras
    model = keras.models.Sequential()
    model.add(keras.layers.Dense(1, input_shape=(1,)))
    model.add(MyDense(2))
    model.predict(_x())   # the model works before any serializing (else: a setup error)
    return model


def _compare(ctx, model, loaded):
    import numpy as np
    loaded.set_weights(model.get_weights())
    same = np.allclose(model.predict(_x()), loaded.predict(_x()), atol=1e-6)
    ctx.observe("same_prediction", bool(same))


def json_custom_layer_as_written(ctx):
    keras = ctx.keras
    model = _model(ctx, _my_dense(ctx))
    json_string = model.to_json()
    with ctx.subject("model_from_json(json_string)"):
        loaded = keras.models.model_from_json(json_string)
        _compare(ctx, model, loaded)


def json_custom_objects(ctx):
    keras = ctx.keras
    MyDense = _my_dense(ctx)
    model = _model(ctx, MyDense)
    json_string = model.to_json()
    with ctx.subject("model_from_json(json_string, custom_objects={'MyDense': MyDense})"):
        loaded = keras.models.model_from_json(json_string, custom_objects={"MyDense": MyDense})
        _compare(ctx, model, loaded)


def to_yaml_as_written(ctx):
    keras = ctx.keras
    model = _model(ctx, keras.layers.Dense)
    with ctx.subject("model.to_yaml()"):
        yaml_string = model.to_yaml()
        ctx.observe("yaml_written", bool(yaml_string))


def model_from_yaml_as_written(ctx):
    keras = ctx.keras
    model = _model(ctx, keras.layers.Dense)
    if not hasattr(keras.models, "model_from_yaml"):
        ctx.skip("keras.models.model_from_yaml does not exist in this Keras")
    try:   # the YAML text itself, where this Keras can still write it
        yaml_string = model.to_yaml()
    except (RuntimeError, ImportError):   # removed (TF 2.6+), or no pyyaml installed
        yaml_string = "class_name: Sequential\nconfig: {}\n"
    with ctx.subject("keras.models.model_from_yaml(yaml_string)"):
        loaded = keras.models.model_from_yaml(yaml_string)
        _compare(ctx, model, loaded)
