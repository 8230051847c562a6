"""Known reports: at load time Keras rebuilds a custom layer / constraint as
`cls(**config)` from whatever `get_config()` returned; when `__init__` and `get_config` disagree,
loading fails even with the class in custom_objects.

`__init__` that does not accept the base keys (`name`, `trainable`, `dtype`): tensorflow/
datasets#3175 (a `PositionalEncoding(position, d_model)` layer calling `super().__init__()` without
kwargs, `tf.keras.models.load_model('newest_model.h5', custom_objects={'PositionalEncoding': ...})`:
"TypeError: __init__() got an unexpected keyword argument 'name'"); keras-team/keras#8956
("load_model: __init__() got an unexpected keyword argument 'name'" for the rnnoise `WeightClip`
constraint whose get_config returns `{'name': self.__class__.__name__, 'c': self.c}`: "Simply adding
**kwargs to my class's __init__ function fixed the issue for me"); digantamisra98/Mish#10
("Unexpected keyword argument" loading a model with the TF-Keras Mish layer).

`get_config` that leaves out a constructor argument: jkiesele/caloGraphNN#2 ("TypeError: __init__()
takes exactly 5 arguments (1 given) ... It seems you have to store the layer inputs with a
get_config function"), Benjamin-Etheredge/mlp-mixer-keras#2 ("__init__() missing 1 required
positional argument: 'hidden_dim'").

Each object is defined inside its variant and passed in custom_objects: the load fails on the
config, not on finding the class.
"""

CASE = {
    "title": "Custom layer/constraint whose __init__ and get_config disagree: unexpected or missing argument on load",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/datasets/issues/3175",
                        "https://github.com/keras-team/keras/issues/8956",
                        "https://github.com/digantamisra98/Mish/issues/10",
                        "https://github.com/jkiesele/caloGraphNN/pull/2",
                        "https://github.com/Benjamin-Etheredge/mlp-mixer-keras/issues/2"],
               "title": "load_model: __init__() got an unexpected keyword argument 'name'",
               "frequency": {"reports": 7, "as_of": "2026-12-06",
                             "how": "issues search \"__init__() got an unexpected keyword argument 'name'\" "
                                    "load_model / \"missing 1 required positional argument\" load_model "
                                    "custom layer: tfds#3175, keras#8956, Mish#10, keras#11210, "
                                    "caloGraphNN#2, mlp-mixer-keras#2, tf#39793"}},
    "variants": {
        "layer_init_without_kwargs_as_written": {
            "role": "broken",
            "title": "PositionalEncoding(position, d_model) with super().__init__() (no **kwargs) and a "
                     "get_config built on the base config; save .h5, load with custom_objects",
            "claim": {"text": "TypeError: __init__() got an unexpected keyword argument 'name'",
                      "versions": "tf.keras 2.x (tfds#3175, April 2021)",
                      "expect": {"error_type": "TypeError",
                                 "message": "unexpected keyword argument '(name|trainable|dtype)'"}},
        },
        "kwargs_fix": {
            "role": "fix",
            "title": "the same layer with __init__(..., **kwargs) and super().__init__(**kwargs)",
            "claim": {"text": "adding **kwargs to the class's __init__ fixes the load",
                      "versions": "keras#8956 (Keras 2.1, 2018)",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "constraint_config_has_name": {
            "role": "broken",
            "title": "rnnoise's WeightClip(c) constraint (get_config returns {'name': ..., 'c': ...}, "
                     "__init__(self, c=2)); save .h5, load with custom_objects",
            "claim": {"text": "load_model raises TypeError: __init__() got an unexpected keyword argument "
                              "'name'",
                      "versions": "Keras 2.1 (keras#8956, January 2018)",
                      "expect": {"error_type": "TypeError",
                                 "message": "unexpected keyword argument 'name'"}},
        },
        "get_config_missing_argument": {
            "role": "broken",
            "title": "a layer whose get_config returns only the base config (no hidden_dim); save .h5, "
                     "load with custom_objects",
            "claim": {"text": "TypeError: __init__() missing 1 required positional argument: 'hidden_dim'",
                      "versions": "mlp-mixer-keras#2 (TF 2.x, 2021); caloGraphNN#2 (Keras 2.2, Python 2)",
                      "expect": {"error_type": "TypeError",
                                 "message": "missing 1 required positional argument: 'hidden_dim'|"
                                            "takes exactly \\d+ arguments"}},
        },
    },
}

LENGTH, D_MODEL = 4, 3


def _x():
    import numpy as np
    return np.arange(LENGTH * D_MODEL, dtype="float32").reshape(1, LENGTH, D_MODEL) / 12.0


def _positional_encoding(ctx, with_kwargs):
    import numpy as np
    keras = ctx.keras

    if with_kwargs:
        class PositionalEncoding(keras.layers.Layer):
            def __init__(self, position, d_model, **kwargs):
                super(PositionalEncoding, self).__init__(**kwargs)
                self.position, self.d_model = position, d_model
                self.pos_encoding = np.arange(position * d_model, dtype="float32").reshape(
                    1, position, d_model) / 100.0

            def call(self, inputs):
                return inputs + self.pos_encoding

            def get_config(self):
                config = super(PositionalEncoding, self).get_config()
                config.update({"position": self.position, "d_model": self.d_model})
                return config
    else:
        class PositionalEncoding(keras.layers.Layer):
            def __init__(self, position, d_model):
                super(PositionalEncoding, self).__init__()
                self.position, self.d_model = position, d_model
                self.pos_encoding = np.arange(position * d_model, dtype="float32").reshape(
                    1, position, d_model) / 100.0

            def call(self, inputs):
                return inputs + self.pos_encoding

            def get_config(self):
                config = super(PositionalEncoding, self).get_config()
                config.update({"position": self.position, "d_model": self.d_model})
                return config

    return PositionalEncoding


def _round_trip(ctx, layer, custom_objects):
    import numpy as np
    keras = ctx.keras
    inputs = keras.layers.Input((LENGTH, D_MODEL))
    outputs = keras.layers.Dense(2)(layer(inputs))
    model = keras.models.Model(inputs, outputs)
    model.predict(_x())
    with ctx.subject("model.save('model.h5') + load_model(custom_objects=...)"):
        model.save("model.h5")
        ctx.observe("saved", True)
        loaded = keras.models.load_model("model.h5", custom_objects=custom_objects)
        same = np.allclose(model.predict(_x()), loaded.predict(_x()), atol=1e-5)
        ctx.observe("same_prediction", bool(same))


def layer_init_without_kwargs_as_written(ctx):
    PositionalEncoding = _positional_encoding(ctx, with_kwargs=False)
    _round_trip(ctx, PositionalEncoding(LENGTH, D_MODEL), {"PositionalEncoding": PositionalEncoding})


def kwargs_fix(ctx):
    PositionalEncoding = _positional_encoding(ctx, with_kwargs=True)
    _round_trip(ctx, PositionalEncoding(LENGTH, D_MODEL), {"PositionalEncoding": PositionalEncoding})


def constraint_config_has_name(ctx):
    import numpy as np
    keras = ctx.keras
    K = keras.backend

    class WeightClip(keras.constraints.Constraint):
        '''Clips the weights incident to each hidden unit to be inside a range
        '''
        def __init__(self, c=2):
            self.c = c

        def __call__(self, p):
            return K.clip(p, -self.c, self.c) if hasattr(K, "clip") else keras.ops.clip(p, -self.c, self.c)

        def get_config(self):
            return {'name': self.__class__.__name__,
                    'c': self.c}

    inputs = keras.layers.Input((D_MODEL,))
    outputs = keras.layers.Dense(2, kernel_constraint=WeightClip(0.499))(inputs)
    model = keras.models.Model(inputs, outputs)
    x = _x()[0]
    model.predict(x)
    with ctx.subject("model.save('model.h5') + load_model(custom_objects={'WeightClip': ...})"):
        model.save("model.h5")
        ctx.observe("saved", True)
        loaded = keras.models.load_model("model.h5", custom_objects={"WeightClip": WeightClip})
        ctx.observe("same_prediction", bool(np.allclose(model.predict(x), loaded.predict(x), atol=1e-5)))


def get_config_missing_argument(ctx):
    keras = ctx.keras

    class MlpBlock(keras.layers.Layer):
        def __init__(self, hidden_dim, **kwargs):
            super(MlpBlock, self).__init__(**kwargs)
            self.hidden_dim = hidden_dim
            self.dense = keras.layers.Dense(hidden_dim)

        def call(self, inputs):
            return self.dense(inputs)

        def compute_output_shape(self, input_shape):
            return tuple(input_shape[:-1]) + (self.hidden_dim,)

        def get_config(self):
            return super(MlpBlock, self).get_config()

    _round_trip(ctx, MlpBlock(2), {"MlpBlock": MlpBlock})
