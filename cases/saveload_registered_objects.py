"""The Keras serialization guide's model with registered custom objects, saved as .keras and as
.h5 in one environment, loaded in another where the same objects are registered.

keras.io/guides/serialization_and_saving registers a `CustomLayer` (package "MyLayers") and a
`custom_fn` activation (package "my_package", name "custom_fn") so that load_model finds them
without custom_objects. Reports: the guide's code saved as .h5 does not load in Keras 2.15 even
in the environment that saved it, while models made in 2.12 load (keras-team/keras#20833);
a .keras file with a registered function saved with Keras 3.6 no longer loads in 3.7
(keras-team/keras#20806); TF 2.13 broke registered classes (tensorflow/tensorflow#61085);
the guide's .keras file does not load after a restart (googlecolab/colabtools#4753).

The writer is the guide's get_model() (fit skipped: the weights are what they are), saved with
model.save; where `register_keras_serializable` is missing (before TF 2.1, standalone Keras)
it is not applicable. Each reader registers the same objects, as a fresh session must, then
load_model without custom_objects and predicts on the same fixed input as the writer.
"""
import os

CASE = {
    "title": "The serialization guide's registered CustomLayer and custom_fn, .keras and .h5, across environments",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/20833",
                        "https://github.com/keras-team/keras/issues/20806",
                        "https://github.com/tensorflow/tensorflow/issues/61085",
                        "https://github.com/googlecolab/colabtools/issues/4753"],
               "title": "Keras 2.15 is unable to load \"h5\" dumps created by itself (but can load models made "
                        "in 2.12)",
               "frequency": {"reports": 8, "reactions": 2, "as_of": "2026-12-06",
                             "how": "issues search 'register_keras_serializable load_model h5 .keras fails': "
                                    "8 threads (keras#20833 #20806 #21046 #18308, tensorflow#61085 #36259, "
                                    "tf-keras#42, googlecolab/colabtools#4753)"}},
    "variants": {
        "keras_writer": {"role": "writer", "title": "the guide's model, model.save('custom_model.keras')"},
        "h5_writer": {"role": "writer", "title": "the guide's model, model.save('custom_model.h5')"},
        "keras_registered": {
            "role": "reader", "reads": "keras_writer", "effects": ["same_predictions"],
            "title": "register CustomLayer and custom_fn, load_model('custom_model.keras'), predict",
            "claim": {"text": "registered with register_keras_serializable, the custom objects need no "
                              "custom_objects to load a .keras file",
                      "versions": "keras.io serialization guide (Keras 3)",
                      "scope": {"flavour": "keras3", "writer": {"flavour": "keras3"}},
                      "expect": {"outcome": "ok", "effects": {"same_predictions": "yes"}}},
        },
        "h5_registered": {
            "role": "reader", "reads": "h5_writer", "effects": ["same_predictions"],
            "title": "register CustomLayer and custom_fn, load_model('custom_model.h5'), predict",
            "claim": {"text": "Keras 2.15 cannot load the .h5 it saved itself with a registered custom "
                              "function: TypeError ... Unknown activation function: 'function'",
                      "versions": "tensorflow 2.15.1, keras 2.15.0 (models made in 2.12 load)",
                      "scope": {"tf": ">=2.15,<2.16", "flavour": "tf.keras",
                                "writer": {"tf": ">=2.15,<2.16", "flavour": "tf.keras"}},
                      "expect": {"error_type": "TypeError", "message": "Unknown activation function"}},
        },
    },
}

KERAS_FILE, H5_FILE = "custom_model.keras", "custom_model.h5"


def _register(ctx):
    """The registration decorator: keras.saving's (Keras >= 2.13), else keras.utils' (TF >= 2.1)."""
    keras = ctx.keras
    register = getattr(getattr(keras, "saving", None), "register_keras_serializable", None) or \
        getattr(keras.utils, "register_keras_serializable", None)
    if register is None:
        ctx.skip("this Keras has no register_keras_serializable")
    return register


def _registered(ctx):
    """The guide's CustomLayer and custom_fn, registered as it registers them."""
    keras = ctx.keras
    register = _register(ctx)

    @register(package="MyLayers")
    class CustomLayer(keras.layers.Layer):
        def __init__(self, factor, **kwargs):
            super(CustomLayer, self).__init__(**kwargs)
            self.factor = factor

        def call(self, x):
            return x * self.factor

        def get_config(self):
            config = super(CustomLayer, self).get_config()
            config.update(factor=self.factor)
            return config

    @register(package="my_package", name="custom_fn")
    def custom_fn(x):
        return x**2

    return CustomLayer, custom_fn


def _get_model(ctx):
    keras = ctx.keras
    CustomLayer, custom_fn = _registered(ctx)
    inputs = keras.Input(shape=(4,))
    mid = CustomLayer(0.5)(inputs)
    outputs = keras.layers.Dense(1, activation=custom_fn)(mid)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="rmsprop", loss="mean_squared_error")
    return model


def _x(ctx):
    return ctx.fixed_input((4, 4))


def _outputs(ctx, model):
    """What the model computes on the fixed input: a plain call where TensorFlow runs eagerly
    (predict() traces a function first: 5x the time), predict() in TF1 graph mode."""
    return model(_x(ctx), training=False) if ctx.eager else model.predict(_x(ctx))


def _write(ctx, name):
    model = _get_model(ctx)
    with ctx.subject("model.save(%r)" % name):
        model.save(os.path.join(ctx.artifact_dir, name))
    ctx.keep_predictions(_outputs(ctx, model))


def _read(ctx, name):
    _registered(ctx)   # a new session registers the same objects before loading
    with ctx.subject("load_model(%r)" % name):
        model = ctx.keras.models.load_model(os.path.join(ctx.artifact_dir, name))
        ctx.compare_predictions(_outputs(ctx, model))


def keras_writer(ctx):
    _write(ctx, KERAS_FILE)


def h5_writer(ctx):
    _write(ctx, H5_FILE)


def keras_registered(ctx):
    _read(ctx, KERAS_FILE)


def h5_registered(ctx):
    _read(ctx, H5_FILE)
