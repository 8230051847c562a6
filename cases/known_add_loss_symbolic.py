"""Known root cause: `model.add_loss()` with a symbolic tensor of a functional model.

Keras 2 documents it: `model.add_loss(loss_tensor)` (Keras 2.0 release notes) and the
tf.keras `Layer.add_loss` docstring's own example `model.add_loss(tf.abs(tf.reduce_mean(x)))`
with `x` an intermediate symbolic tensor. The Keras 3 migration guide lists
"Symbolic add_loss()" as removed: call `add_loss()` inside a layer's `call()` instead.
Both variants compile with a regular loss too and fit one epoch on 8 samples.
"""

CASE = {
    "title": "model.add_loss() with an intermediate symbolic tensor, then fit",
    "source": {"kind": "known",
               "refs": ["https://www.tensorflow.org/api_docs/python/tf/keras/layers/Layer#add_loss",
                        "https://github.com/fchollet/keras/wiki/Keras-2.0-release-notes",
                        "https://keras.io/guides/migrating_to_keras_3/"],
               "frequency": {"reports": 6,
                             "reactions": 2,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'model.add_loss symbolic tensor Keras 3 KerasTensor' "
                                    "and 'Keras 3 symbolic add_loss removed VAE migration': 6 threads "
                                    "(Mask_RCNN#2906, yolo3-keras#58, tensorflow#35045, keract#124, "
                                    "keras#9960, asl-ml-immersion#631 Keras 3 port), 2 'same here' "
                                    "comments"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "model_add_loss_symbolic": {
            "role": "root_cause",
            "title": "h = Dense(x); model.add_loss(tf.reduce_mean(h)); fit",
            "claim": {"text": "a loss tensor built from the model's symbolic tensors can be added with "
                              "model.add_loss() and is minimized during training",
                      "versions": "Keras 2 / tf.keras (Keras 2.0 release notes, tf.keras Layer.add_loss docs)",
                      "scope": {"flavour": ["keras-standalone", "tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok", "observed": {"model_losses": 1}}},
        },
        "layer_add_loss_in_call": {
            "role": "fix",
            "title": "the same loss added by a pass-through layer's call() with self.add_loss()",
            "claim": {"text": "symbolic add_loss() is removed; add_loss() inside the call() "
                              "method of a layer still works",
                      "versions": "Keras 3 (migration guide, 'Removed features')",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _data():
    import numpy as np
    rng = np.random.RandomState(0)
    return rng.rand(8, 4).astype("float32"), rng.rand(8, 1).astype("float32")


def model_add_loss_symbolic(ctx):
    tf, keras = ctx.tf, ctx.keras
    inputs = keras.layers.Input((4,))
    h = keras.layers.Dense(3)(inputs)
    outputs = keras.layers.Dense(1)(h)
    model = keras.models.Model(inputs, outputs)
    model.add_loss(tf.reduce_mean(h))
    model.compile(optimizer="sgd", loss="mse")
    x, y = _data()
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    ctx.observe("model_losses", len(model.losses))


def layer_add_loss_in_call(ctx):
    tf, keras = ctx.tf, ctx.keras

    class MeanActivationLoss(keras.layers.Layer):
        def call(self, inputs):
            self.add_loss(tf.reduce_mean(inputs))
            return inputs

    inputs = keras.layers.Input((4,))
    h = MeanActivationLoss()(keras.layers.Dense(3)(inputs))
    outputs = keras.layers.Dense(1)(h)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss="mse")
    x, y = _data()
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
