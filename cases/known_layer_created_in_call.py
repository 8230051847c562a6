"""Known report: a Dense layer created inside a custom layer's `call()` is never trained.

keras-team/keras#11736 (Keras 2.2.4, TensorFlow 1.12): "if I create the Dense layer inside
the `call()` method of the custom Layer, the Dense layer does not get trained", with
`def call(self, inputs): output = Dense(self.units)(inputs)  # Weights are not updated`;
"calling tf.trainable_variables() returns all the correct weights ... but they don't change
during training (i.e., TF can see the weights, but Keras ignores them?)". The usual fix is to
create the sublayer once, in `__init__`, so that the layer tracks it (tf.keras 2.x; what
calmiLovesAI/Basic_CNNs_TensorFlow2#13 did for "creating layers inside 'call' function in a
custom layer ... is not proper", there with "ValueError: tf.function-decorated function tried
to create variables on non-first call" from model.fit); the reporter's own workaround is "to
re-implement the Dense layer as a method of the custom Layer, and manually call
`self.add_weight(...)`" (standalone Keras 2.2 does not track sublayers set in `__init__`).

The Dense layers that `call()` creates are remembered in a plain local list (not on the layer,
which would track them). Effects: `inner_dense_tracked` (their kernels are in
`model.trainable_weights`) and `inner_dense_trained` (a kernel that existed when the model was
built changed during `fit`).
"""

CASE = {
    "title": "Dense created inside a custom layer's call(): tracked? trained?",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/11736",
                        "https://github.com/calmiLovesAI/Basic_CNNs_TensorFlow2/issues/13"],
               "title": "When wrapping an existing Layer in a custom Layer, weights are not updated.",
               "frequency": {"reports": 7,
                             "as_of": "2026-12-06",
                             "how": "issues search 'Dense layer created inside call() of custom layer "
                                    "weights not trained not tracked': 7 threads (keras#11736, "
                                    "Basic_CNNs_TensorFlow2#13, rstudio/keras3#1123, keras-core#707, "
                                    "tensorflow#32729 #32778, keras-neural-graph-fingerprint#2)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "dense_in_call_as_written": {
            "role": "broken",
            "title": "CustomLayer.call: output = Dense(self.units)(inputs); Input(4) -> CustomLayer(3) "
                     "-> fit",
            "effects": ["inner_dense_tracked", "inner_dense_trained"],
            "claim": {"text": "the Dense created in call() does not get trained (its weights do not "
                              "change during training)",
                      "versions": "Keras 2.2.4, TensorFlow 1.12",
                      "scope": {"flavour": "keras-standalone"},
                      "expect": {"outcome": "silent_failure",
                                 "effects": {"inner_dense_trained": "no"}}},
        },
        "dense_in_init": {
            "role": "fix",
            "title": "self.dense = Dense(units) created in __init__, call returns self.dense(inputs); fit",
            "effects": ["inner_dense_tracked", "inner_dense_trained"],
            "claim": {"text": "a sublayer created in __init__ is tracked and trained",
                      "versions": "tf.keras 2.x (calmiLovesAI/Basic_CNNs_TensorFlow2#13)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok"}},
        },
        "add_weight_in_build": {
            "role": "fix",
            "title": "the reporter's workaround: the Dense re-implemented with self.add_weight in "
                     "build(), call = inputs @ kernel + bias; fit",
            "effects": ["inner_dense_tracked", "inner_dense_trained"],
            "claim": {"text": "re-implementing the Dense with self.add_weight(...) in the custom layer "
                              "trains its weights",
                      "versions": "Keras 2.2.4 (the reporter's workaround)",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _fit_custom(ctx, make_class):
    import numpy as np
    keras = ctx.keras
    created = []
    CustomLayer = make_class(created)
    inputs = keras.layers.Input((4,))
    outputs = CustomLayer(3)(inputs)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    rng = np.random.RandomState(0)
    x, y = rng.rand(8, 4).astype("float32"), rng.rand(8, 3).astype("float32")
    with ctx.subject("fit"):
        existing = list(created)
        before = [d.get_weights()[0].copy() for d in existing]
        listed = set(id(w) for w in model.trainable_weights)
        ctx.effect("inner_dense_tracked",
                   bool(existing) and all(id(d.kernel) in listed for d in existing))
        model.fit(x, y, epochs=1, batch_size=8, verbose=0)
        ctx.observe("dense_layers_created", len(created))
        after = [d.get_weights()[0] for d in existing]
        ctx.effect("inner_dense_trained",
                   any(not np.allclose(b, a) for b, a in zip(before, after)))


def dense_in_call_as_written(ctx):
    keras = ctx.keras
    Layer, Dense = keras.layers.Layer, keras.layers.Dense

    def make_class(created):
        class CustomLayer(Layer):
            def __init__(self, units, **kwargs):
                self.units = units
                super(CustomLayer, self).__init__(**kwargs)

            def call(self, inputs):
                dense = Dense(self.units)
                created.append(dense)          # remembered outside the layer
                output = dense(inputs)  # Weights are not updated
                return output

            def compute_output_shape(self, input_shape):
                return tuple(input_shape[:-1]) + (self.units,)
        return CustomLayer

    _fit_custom(ctx, make_class)


def dense_in_init(ctx):
    keras = ctx.keras
    Layer, Dense = keras.layers.Layer, keras.layers.Dense

    def make_class(created):
        class CustomLayer(Layer):
            def __init__(self, units, **kwargs):
                super(CustomLayer, self).__init__(**kwargs)
                self.units = units
                self.dense = Dense(units)
                created.append(self.dense)

            def call(self, inputs):
                return self.dense(inputs)

            def compute_output_shape(self, input_shape):
                return tuple(input_shape[:-1]) + (self.units,)
        return CustomLayer

    _fit_custom(ctx, make_class)


def add_weight_in_build(ctx):
    keras = ctx.keras
    Layer = keras.layers.Layer
    K = keras.backend

    def make_class(created):
        class CustomLayer(Layer):
            def __init__(self, units, **kwargs):
                super(CustomLayer, self).__init__(**kwargs)
                self.units = units
                created.append(self)      # the layer holds the kernel itself

            def build(self, input_shape):
                self.kernel = self.add_weight(name="kernel", shape=(int(input_shape[-1]), self.units),
                                              initializer="glorot_uniform", trainable=True)
                self.bias = self.add_weight(name="bias", shape=(self.units,),
                                            initializer="zeros", trainable=True)
                super(CustomLayer, self).build(input_shape)

            def call(self, inputs):
                return K.dot(inputs, self.kernel) + self.bias

            def compute_output_shape(self, input_shape):
                return tuple(input_shape[:-1]) + (self.units,)
        return CustomLayer

    _fit_custom(ctx, make_class)
