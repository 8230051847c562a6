"""Known reports: `Layer.add_weight` called with a positional first argument, whose meaning
changed twice: in Keras <= 2.2 it was `shape`, in Keras 2.3 / tf.keras it became `name`, in
Keras 3 it is `shape` again.

Keras 3: `self.add_weight('kernel_r', shape=..., ...)` -> "TypeError: Layer.add_weight() got
multiple values for argument 'shape'" (NEGU93/cvnn#49; MITDeepLearning/introtodeeplearning#163,
"The error comes up when running locally, but not in colab"; keras-team/keras#20299 with TF 2.16.1
/ 2.17 and Keras 3, answer: "In keras3, add_weight method can accept name like this
`name=<name of layer>`"; keras-team/keras#22253). Keras 2.3: `self.add_weight((n_clusters,
input_dim), initializer='glorot_uniform', name='clusters')` -> "TypeError: add_weight() got
multiple values for argument 'name'" (Tony607/Keras_Deep_Clustering#10, Hironsan/anago#118 with
keras 2.3.0 / tensorflow 1.13.1: "downgrade keras to 2.2.4 fixed the issue",
you359/Keras-FasterRCNN#13: "add shape=shape to overcome the problem").

Each variant defines a layer with one (3, 2) kernel, builds a model with it and fits one step.
"""

CASE = {
    "title": "self.add_weight('name', shape=...) in Keras 3 and self.add_weight(shape, ..., name=) in Keras 2.3+",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/20299",
                        "https://github.com/MITDeepLearning/introtodeeplearning/issues/163",
                        "https://github.com/NEGU93/cvnn/issues/49",
                        "https://github.com/Tony607/Keras_Deep_Clustering/issues/10",
                        "https://github.com/Hironsan/anago/issues/118",
                        "https://github.com/you359/Keras-FasterRCNN/issues/13"],
               "title": "TypeError: Layer.add_weight() got multiple values for argument 'shape'",
               "frequency": {"reports": 7,
                             "reactions": 6,
                             "as_of": "2026-12-06",
                             "how": "issues search \"add_weight() got multiple values for argument\" "
                                    "'shape' (4 threads, Keras 3) and 'name' (3 threads, Keras 2.3); "
                                    "reactions = 'same problem' replies in Keras-FasterRCNN#13"}},
    "variants": {
        "add_weight_name_positional": {
            "role": "broken",
            "title": "self.add_weight('kernel', shape=(3, 2), initializer='glorot_uniform'); fit",
            "claim": {"text": "TypeError: Layer.add_weight() got multiple values for argument 'shape'",
                      "versions": "TF 2.16.1 and 2.17 with keras3 (keras#20299)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "TypeError",
                                 "message": "multiple values for argument 'shape'"}},
        },
        "add_weight_shape_positional": {
            "role": "broken",
            "title": "self.add_weight((3, 2), initializer='glorot_uniform', name='clusters'); fit",
            "claim": {"text": "TypeError: add_weight() got multiple values for argument 'name' "
                              "(keras 2.3.0; keras 2.2.4 works)",
                      "versions": "keras 2.3.0, tensorflow 1.13.1 (anago#118)",
                      "scope": {"flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "TypeError",
                                 "message": "multiple values for argument 'name'"}},
        },
        "add_weight_keywords": {
            "role": "fix",
            "title": "self.add_weight(name='kernel', shape=(3, 2), initializer='glorot_uniform', trainable=True)",
            "claim": {"text": "pass name= and shape= as keywords",
                      "versions": "Keras 3 (keras#20299), Keras 2.3 (Keras-FasterRCNN#13)",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _fit_layer(ctx, make_kernel):
    import numpy as np
    keras = ctx.keras
    # keras.ops.matmul in Keras 3 (any backend), the backend's dot before it
    matmul = getattr(getattr(keras, "ops", None), "matmul", None) or keras.backend.dot

    class MatrixLayer(keras.layers.Layer):
        def build(self, input_shape):
            self.kernel = make_kernel(self)
            super(MatrixLayer, self).build(input_shape)

        def call(self, inputs):
            return matmul(inputs, self.kernel)

        def compute_output_shape(self, input_shape):
            return (input_shape[0], 2)

    rng = np.random.RandomState(0)
    with ctx.subject("custom layer with add_weight; fit"):
        inputs = keras.layers.Input((3,))
        model = keras.models.Model(inputs, MatrixLayer()(inputs))
        model.compile(optimizer="sgd", loss="mse")
        model.fit(rng.rand(4, 3).astype("float32"), rng.rand(4, 2).astype("float32"),
                  batch_size=4, epochs=1, verbose=0)
    ctx.observe("trainable_weights", len(model.trainable_weights))


def add_weight_name_positional(ctx):
    _fit_layer(ctx, lambda layer: layer.add_weight("kernel", shape=(3, 2),
                                                   initializer="glorot_uniform"))


def add_weight_shape_positional(ctx):
    _fit_layer(ctx, lambda layer: layer.add_weight((3, 2), initializer="glorot_uniform",
                                                   name="clusters"))


def add_weight_keywords(ctx):
    _fit_layer(ctx, lambda layer: layer.add_weight(name="kernel", shape=(3, 2),
                                                   initializer="glorot_uniform", trainable=True))
