"""Known reports: Keras 3 restores a `.keras` model by rebuilding each layer from its
`build_config` and then loading variables into it; a custom layer whose `build()` does not create
the state of the child layers it owns (or creates them there) breaks that.

keras-team/keras#18823 ("layer was never built but weights file lists have variables", Keras 3,
November 2023): loading weights into a model whose sub-layers were not built fails, "saying some
layers were not built but the weights have states"; the Keras 3 message is "Layer 'dense' was never
built and thus it doesn't have any variables. However the weights file lists 2 variables for this
layer. In most cases, this error indicates that either: 1. The layer is owned by a parent layer that
implements a `build()` method, but calling the parent's `build()` method did NOT create the state of
the child layer 'dense'. A `build()` method must create ALL state for the layer, including the state
of any children layers. 2. You need to implement the `def build_from_config(self, config)` method
...". keras-team/keras#18875 follows up on the `.keras` format; keras-team/keras#19373: "Layer
'optimized_dense' expected 2 variables, but received 0 variables during loading" for a custom Dense
subclass loaded in Keras 3 (fine with TF_USE_LEGACY_KERAS=1). keras-team/keras-core#334 (ageron): a
custom model that creates its Dense layer *inside* `build()` saves to `.keras` but
`keras.models.load_model(..., custom_objects={"MyCustomModel": MyCustomModel})` raises
"IndexError: list index out of range" ("same error on all 3 backends").

Variants: a layer `Scaled` that owns a Dense created in `__init__` and whose `build()` only makes
its own weight, inside a subclassed model whose `build()` builds that layer (Keras 3 rebuilds the
model on load by calling `build()`, not `call()`), saved as .keras and loaded; the fix the message
gives (build the child in `build()`); the same layer in a functional model (demo: there the layers
are rebuilt by calling them); ageron's model as written. Outside Keras 3 (before TF 2.12) the same
code is saved as .h5, for comparison.
"""

CASE = {
    "title": "Keras 3 .keras load: a custom layer's build() that does not build (or creates) its child layers",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/18823",
                        "https://github.com/keras-team/keras/issues/18875",
                        "https://github.com/keras-team/keras/issues/19373",
                        "https://github.com/keras-team/keras-core/issues/334"],
               "title": "layer was never built but weights file lists have variables",
               "frequency": {"reports": 5, "as_of": "2026-12-06",
                             "how": "issues search 'was never built and thus it doesn't have any "
                                    "variables' / 'expected 2 variables, but received 0 variables during "
                                    "loading' / keras 3 custom layer build load: keras#18823, #18875, "
                                    "#19373, #20128, keras-core#334"}},
    "variants": {
        "parent_build_skips_child_as_written": {
            "role": "broken",
            "title": "Scaled(units): Dense created in __init__, build() adds only a scale weight; in a "
                     "subclassed model whose build() builds it; model.save('model.keras'), load_model",
            "claim": {"text": "ValueError: Layer 'dense' was never built and thus it doesn't have any "
                              "variables. However the weights file lists 2 variables for this layer.",
                      "versions": "Keras 3 (keras#18823, 2023)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError",
                                 "message": "was never built and thus it doesn't have any variables"}},
        },
        "child_built_in_build_fix": {
            "role": "fix",
            "title": "the same model, the layer's build() also calls self.dense.build(input_shape)",
            "claim": {"text": "a build() method must create ALL state for the layer, including the state "
                              "of any children layers: then the model loads",
                      "versions": "the Keras 3 error message",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "functional_model": {
            "role": "demo",
            "title": "the Scaled layer (child not built in build()) in a functional model, .keras round trip",
        },
        "layer_created_in_build_ageron": {
            "role": "broken",
            "title": "keras-core#334: MyCustomModel creates Dense in build(); fit, save .keras, "
                     "load_model(custom_objects=...)",
            "effects": ["weights_restored"],
            "claim": {"text": "load_model raises IndexError: list index out of range",
                      "versions": "keras-core (June 2023), all three backends",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "IndexError", "message": "list index out of range"}},
        },
    },
}


def _x():
    import numpy as np
    return np.arange(6, dtype="float32").reshape(2, 3) / 6.0


def _scaled_class(ctx, build_child):
    keras = ctx.keras

    class Scaled(keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super(Scaled, self).__init__(**kwargs)
            self.units = units
            self.dense = keras.layers.Dense(units)

        def build(self, input_shape):
            self.scale = self.add_weight(name="scale", shape=(self.units,), initializer="ones")
            if build_child:
                self.dense.build(input_shape)
            super(Scaled, self).build(input_shape)

        def call(self, inputs):
            return self.dense(inputs) * self.scale

        def get_config(self):
            config = super(Scaled, self).get_config()
            config.update({"units": self.units})
            return config

    return Scaled


def _path(ctx):
    if ctx.keras_major != 3 and (ctx.tf_version or (0,)) < (2, 12):
        return "model.h5"   # before the .keras format: the Keras 2 comparison
    return "model.keras"


def _model_class(ctx, Scaled):
    keras = ctx.keras

    class ScaledModel(keras.Model):
        def __init__(self, units=2, **kwargs):
            super(ScaledModel, self).__init__(**kwargs)
            self.units = units
            self.scaled = Scaled(units)

        def build(self, input_shape):
            self.scaled.build(input_shape)
            super(ScaledModel, self).build(input_shape)

        def call(self, inputs):
            return self.scaled(inputs)

        def get_config(self):
            return {"units": self.units}

    return ScaledModel


def _round_trip(ctx, model, custom_objects):
    import numpy as np
    keras = ctx.keras
    model.predict(_x())
    path = _path(ctx)
    if path == "model.h5" and not getattr(model, "_is_graph_network", True):
        path = "model"   # Keras 2 before the .keras format saves subclassed models as SavedModel
        if not ctx.eager:
            ctx.skip("TF1 graph mode: a subclassed model has no whole-model save here")
    with ctx.subject("model.save(%r) + load_model" % path):
        model.save(path)
        loaded = keras.models.load_model(path, custom_objects=custom_objects)
        same = np.allclose(model.predict(_x()), loaded.predict(_x()), atol=1e-6)
        ctx.observe("same_prediction", bool(same))


def _subclassed_round_trip(ctx, build_child):
    Scaled = _scaled_class(ctx, build_child)
    ScaledModel = _model_class(ctx, Scaled)
    _round_trip(ctx, ScaledModel(2), {"Scaled": Scaled, "ScaledModel": ScaledModel})


def parent_build_skips_child_as_written(ctx):
    _subclassed_round_trip(ctx, build_child=False)


def child_built_in_build_fix(ctx):
    _subclassed_round_trip(ctx, build_child=True)


def functional_model(ctx):
    keras = ctx.keras
    Scaled = _scaled_class(ctx, build_child=False)
    inputs = keras.layers.Input((3,))
    model = keras.models.Model(inputs, Scaled(2)(inputs))
    _round_trip(ctx, model, {"Scaled": Scaled})


def layer_created_in_build_ageron(ctx):
    import numpy as np
    keras = ctx.keras

    class MyCustomModel(keras.Model):
        def __init__(self, units=30, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, batch_input_shape):
            self.hidden1 = keras.layers.Dense(self.units)

        def call(self, inputs):
            return self.hidden1(inputs)

        def get_config(self):
            return {"units": self.units}

        @classmethod
        def from_config(cls, config):
            return cls(**config)

    model = MyCustomModel(10)
    model.compile(loss="mse", optimizer="nadam")
    X = np.random.RandomState(0).rand(8, 5)
    Y = np.random.RandomState(1).rand(8, 10)
    model.fit(X, Y, verbose=0)
    if ctx.keras_major != 3 and (ctx.tf_version or (0,)) < (2, 12):
        ctx.skip("the .keras format needs TF >= 2.12 or Keras 3")
    with ctx.subject("model.save('my_custom_model.keras') + load_model"):
        model.save("my_custom_model.keras")
        loaded_model = keras.models.load_model("my_custom_model.keras",
                                               custom_objects={"MyCustomModel": MyCustomModel})
        same = np.allclose(model.predict(X, verbose=0), loaded_model.predict(X, verbose=0), atol=1e-6)
        ctx.effect("weights_restored", bool(same))
