"""Known root cause: `tf.add` joining two Keras layer outputs in a functional model built
with standalone Keras 2.2 - the "'NoneType' object has no attribute '_inbound_nodes'"
family - then `fit()`.

keras-team/keras#11302 (October 2018) adds two branch outputs with
`tf.add(layer3_1_out, layer3_2_out)` and gets "AttributeError: 'NoneType' object has
no attribute '_inbound_nodes'" when building the Model; the maintainer's answer: Keras
cannot create a model from a TensorFlow operation not wrapped in a layer - use
`keras.layers.Add` or put `tf.add` into a Lambda layer. keras-team/keras#10491 and
#11811 report the same error for `K.*` backend ops between layers. Unlike a raw op
whose output has no Keras history at all (known_tf_op_on_keras_tensor), here the next
layer accepts the op's output and the error comes from walking the graph backwards in
Model(). Each variant builds Input -> two Dense branches -> join -> Dense -> Model and
fits one epoch.
"""

CASE = {
    "title": "tf.add between two branch outputs of a functional model (standalone Keras 2.2), then fit",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/11302",
                        "https://github.com/keras-team/keras/issues/10491",
                        "https://github.com/keras-team/keras/issues/11811"],
               "title": "AttributeError: 'NoneType' object has no attribute '_inbound_nodes'",
               "frequency": {"reports": 8,
                             "reactions": 4,
                             "as_of": "2026-12-06",
                             "how": "issues search \"'NoneType' object has no attribute '_inbound_nodes' "
                                    "tf.add keras layers Model\": 8 threads of a raw tf/K op between "
                                    "standalone-Keras layers (keras#11302 #10491 #11811 #13002 #13978 "
                                    "#14028, tensorflow#26957, keras-bert#119), 4 'same problem' comments"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "tf_add_as_written": {
            "role": "broken",
            "title": "Dense -> [Dense, Dense] -> tf.add -> Dense -> Model; fit",
            "claim": {"text": "building the Model raises AttributeError: 'NoneType' object has no "
                              "attribute '_inbound_nodes'",
                      "versions": "standalone Keras 2.2 on TensorFlow 1.x (keras-team/keras#11302, 2018)",
                      "scope": {"tf": "<2.0", "flavour": "keras-standalone"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "'NoneType' object has no attribute '_inbound_nodes'"}},
        },
        "add_layer": {
            "role": "fix",
            "title": "the same join with keras.layers.Add()",
            "claim": {"text": "use keras.layers.Add instead of tf.add",
                      "versions": "keras-team/keras#11302 (maintainer's answer)",
                      "expect": {"outcome": "ok"}},
        },
        "lambda_add": {
            "role": "fix",
            "title": "the same tf.add inside a Lambda layer",
            "claim": {"text": "put tf.add into a Lambda layer",
                      "versions": "keras-team/keras#11302 (maintainer's answer)",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _branches(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input((4,))
    shared = keras.layers.Dense(3, activation="relu")(inputs)
    layer3_1_out = keras.layers.Dense(3)(shared)
    layer3_2_out = keras.layers.Dense(3)(shared)
    return inputs, layer3_1_out, layer3_2_out


def _finish(ctx, inputs, joined):
    import numpy as np
    keras = ctx.keras
    outputs = keras.layers.Dense(1)(joined)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.RandomState(0)
    model.fit(rng.rand(8, 4).astype("float32"), rng.rand(8, 1).astype("float32"),
              epochs=1, batch_size=8, verbose=0)


def tf_add_as_written(ctx):
    tf = ctx.tf
    inputs, a, b = _branches(ctx)
    with ctx.subject("tf.add + Model + fit"):
        _finish(ctx, inputs, tf.add(a, b))


def add_layer(ctx):
    keras = ctx.keras
    inputs, a, b = _branches(ctx)
    with ctx.subject("Add + Model + fit"):
        _finish(ctx, inputs, keras.layers.Add()([a, b]))


def lambda_add(ctx):
    tf, keras = ctx.tf, ctx.keras
    inputs, a, b = _branches(ctx)
    with ctx.subject("Lambda(tf.add) + Model + fit"):
        _finish(ctx, inputs, keras.layers.Lambda(lambda t: tf.add(t[0], t[1]),
                                                 output_shape=(3,))([a, b]))
