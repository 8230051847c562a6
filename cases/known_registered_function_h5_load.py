"""Known reports: objects registered with `register_keras_serializable(package=..., name=...)`
are saved under their registered name "package>name"; loading that name back is where it breaks.

keras-team/keras#20833 ("Keras 2.15 is unable to load 'h5' dumps created by itself (but can load
models made in 2.12)"): the Keras serialization guide's example, a `CustomLayer(factor)`
registered with `package="MyLayers"` and a function `custom_fn(x) = x**2` registered with
`package="my_package", name="custom_fn"` used as a Dense activation, saved as "h5" instead of
".keras" with TF 2.15.1 / keras 2.15.0, then loaded in the same script: "TypeError: Error when
deserializing class 'Dense' using config={... 'activation': {'module': 'builtins', 'class_name':
'function', 'config': 'my_package>custom_fn', 'registered_name': 'function'} ...}. Exception
encountered: Unknown activation function: 'function'". googlecolab/colabtools#4753 runs the same
guide example with `.keras` and loads it after a session restart, where the decorated code has
not run, and it fails; in the same session the guide says registered objects need no
custom_objects. Which key custom_objects wants for such an object is a recurring question
(keras-team/keras#12934 "keys of custom_objects in load_model"; aertslab/CREsted#187, a Keras 3
file whose `registered_name` is "CosineMSELogLoss" while the class is registered as
"Losses>CosineMSELogLoss").

The guide example is rebuilt as the threads show it (tiny data); everything runs in one process.
Variants: the .h5 round trip as written (#20833), the guide's own .keras round trip, and the h5
file loaded with custom_objects keyed by the bare names or by the registered "package>name" keys
(demos: the threads do not say which works). The registered name is observed.
"""

CASE = {
    "title": "Registered custom objects with a package name: .h5 vs .keras round trip, lookup keys",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/20833",
                        "https://github.com/googlecolab/colabtools/issues/4753",
                        "https://keras.io/guides/serialization_and_saving/",
                        "https://github.com/keras-team/keras/issues/12934",
                        "https://github.com/aertslab/CREsted/issues/187"],
               "title": "Keras 2.15 is unable to load \"h5\" dumps created by itself",
               "frequency": {"reports": 5, "as_of": "2026-12-06",
                             "how": "issues search 'register_keras_serializable package' / "
                                    "'registered_name' / \"Unknown activation function: 'function'\": "
                                    "keras#20833, colabtools#4753, keras#12934, CREsted#187, "
                                    "tf-keras#265 (registered functional subclass, h5)"}},
    "variants": {
        "guide_example_h5_as_written": {
            "role": "broken",
            "title": "the guide's registered CustomLayer + custom_fn model saved as custom_model.h5, "
                     "load_model in the same script",
            "claim": {"text": "TypeError: Error when deserializing class 'Dense' ... Exception "
                              "encountered: Unknown activation function: 'function'",
                      "versions": "TF 2.15.1 / keras 2.15.0 (models saved with 2.12 load)",
                      "scope": {"tf": ">=2.15,<2.16", "flavour": "tf.keras"},
                      "expect": {"error_type": "TypeError",
                                 "message": "Error when deserializing class 'Dense'|"
                                            "Unknown activation function: 'function'"}},
        },
        "guide_example_keras_format": {
            "role": "fix",
            "title": "the same model saved as custom_model.keras (the guide's format), load_model",
            "claim": {"text": "registered custom objects reload from the .keras file without "
                              "custom_objects (in the session that registered them)",
                      "versions": "Keras serialization guide (Keras 3; tf.keras >= 2.13)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "h5_custom_objects_bare_names": {
            "role": "demo",
            "title": "the .h5 file loaded with custom_objects={'CustomLayer': ..., 'custom_fn': ...}",
        },
        "h5_custom_objects_registered_names": {
            "role": "demo",
            "title": "the .h5 file loaded with custom_objects={'MyLayers>CustomLayer': ..., "
                     "'my_package>custom_fn': ...}",
        },
    },
}


def _register(ctx):
    keras = ctx.keras
    register = getattr(getattr(keras, "saving", None), "register_keras_serializable", None)
    if register is None:  # tf.keras < 2.13 spells it keras.utils
        register = getattr(keras.utils, "register_keras_serializable", None)
    if register is None:
        ctx.skip("this Keras has no register_keras_serializable")
    return register


def _guide_objects(ctx):
    """The serialization guide's registered layer and function, as the threads quote them."""
    keras = ctx.keras
    register = _register(ctx)

    @register(package="MyLayers")
    class CustomLayer(keras.layers.Layer):
        def __init__(self, factor):
            super().__init__()
            self.factor = factor

        def call(self, x):
            return x * self.factor

        def get_config(self):
            return {"factor": self.factor}

    @register(package="my_package", name="custom_fn")
    def custom_fn(x):
        return x**2

    return CustomLayer, custom_fn


def _data():
    import numpy as np
    rng = np.random.RandomState(0)
    return rng.random_sample((4, 4)).astype("float32"), rng.random_sample((4, 1)).astype("float32")


def _trained_model(ctx, CustomLayer, custom_fn):
    keras = ctx.keras
    inputs = keras.Input(shape=(4,))
    mid = CustomLayer(0.5)(inputs)
    outputs = keras.layers.Dense(1, activation=custom_fn)(mid)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="rmsprop", loss="mean_squared_error")
    x, y = _data()
    model.fit(x, y, epochs=1, batch_size=4, verbose=0)
    return model


def _observe_registered_name(ctx, custom_fn):
    keras = ctx.keras
    get_name = getattr(getattr(keras, "saving", None), "get_registered_name", None) or \
        getattr(keras.utils, "get_registered_name", None)
    if get_name is not None:
        ctx.observe("registered_name", get_name(custom_fn))


def _compare(ctx, model, loaded):
    import numpy as np
    x, _ = _data()
    same = np.allclose(model.predict(x, verbose=0), loaded.predict(x, verbose=0), atol=1e-5)
    ctx.observe("same_prediction", bool(same))


def guide_example_h5_as_written(ctx):
    keras = ctx.keras
    CustomLayer, custom_fn = _guide_objects(ctx)
    model = _trained_model(ctx, CustomLayer, custom_fn)
    _observe_registered_name(ctx, custom_fn)
    model.save("custom_model.h5")
    with ctx.subject("load_model('custom_model.h5')"):
        reconstructed_model = keras.models.load_model("custom_model.h5")
        _compare(ctx, model, reconstructed_model)


def guide_example_keras_format(ctx):
    keras = ctx.keras
    CustomLayer, custom_fn = _guide_objects(ctx)
    model = _trained_model(ctx, CustomLayer, custom_fn)
    model.save("custom_model.keras")
    with ctx.subject("load_model('custom_model.keras')"):
        reconstructed_model = keras.models.load_model("custom_model.keras")
        _compare(ctx, model, reconstructed_model)


def h5_custom_objects_bare_names(ctx):
    keras = ctx.keras
    CustomLayer, custom_fn = _guide_objects(ctx)
    model = _trained_model(ctx, CustomLayer, custom_fn)
    model.save("custom_model.h5")
    with ctx.subject("load_model('custom_model.h5', custom_objects=<bare names>)"):
        reconstructed_model = keras.models.load_model(
            "custom_model.h5", custom_objects={"CustomLayer": CustomLayer, "custom_fn": custom_fn})
        _compare(ctx, model, reconstructed_model)


def h5_custom_objects_registered_names(ctx):
    keras = ctx.keras
    CustomLayer, custom_fn = _guide_objects(ctx)
    model = _trained_model(ctx, CustomLayer, custom_fn)
    model.save("custom_model.h5")
    with ctx.subject("load_model('custom_model.h5', custom_objects=<package>name keys>)"):
        reconstructed_model = keras.models.load_model(
            "custom_model.h5", custom_objects={"MyLayers>CustomLayer": CustomLayer,
                                               "my_package>custom_fn": custom_fn})
        _compare(ctx, model, reconstructed_model)
