"""Known reports: a TensorFlow Hub `hub.KerasLayer` (a tf_keras / Keras 2 layer) added to a
`tf.keras.Sequential` on TF >= 2.16, where tf.keras is Keras 3.

tensorflow/tensorflow#63849, #65419 (TF 2.16.1), tensorflow/hub#920,
mrdbourke/tensorflow-deep-learning#668: `tf.keras.Sequential([hub.KerasLayer(url, ...),
layers.Dense(...)])` raises "ValueError: Only instances of `keras.Layer` can be added to a
Sequential model. Received: <tensorflow_hub.keras_layer.KerasLayer object ...>" (#65419:
"this issue is occurring only in keras version > 3"; tensorflow_hub builds its layer on Keras
2, i.e. tf_keras). Fixes given in the threads: go back to Keras 2 (#668: "downgrade
TensorFlow to version 2.15"; amaiya/ktrain#529 and huggingface/hub-docs#1712: install
tf-keras and set TF_USE_LEGACY_KERAS=1), or wrap the hub layer in a Lambda
(mrdbourke/zero-to-mastery-ml#125: "Wrap it up with `lambda` function:
`tf.keras.layers.Lambda(hub.KerasLayer(model_url))`", and the code posted on #63849).

No download here: the hub layer is stood in for by what it is, a tf_keras layer with trainable
weights (`tf_keras.layers.Dense(4, input_shape=(3,), trainable=True)`, as hub#920 passes
trainable=True); in the functional variants by a tf_keras Layer named like hub's, with no
input_spec, whose call runs a tf.function over its inputs, as hub.KerasLayer runs the restored
SavedModel function. Every variant needs tf_keras. `lambda_wrap_trains_hub_weights` is our
corrected check of the Lambda workaround: Keras 3 does not track another library's layer
inside a Lambda, so a trainable hub layer would silently not be fine-tuned.

The functional API meets the same mixing with another error: tensorflow/tensorflow#72497 (TF
2.18 dev, Hub 0.16.1; a second user posts the same `create_model` with
`hub.KerasLayer(model_url, trainable=False)` called on `tf.keras.layers.Input`) reads "ValueError:
A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. It doesn't have any actual
numerical value. You cannot convert it to a NumPy array." Variants `functional_as_written` and the
Keras 2 fix the hub threads give, `keras2_functional`.
"""

CASE = {
    "title": "A tf_keras layer (hub.KerasLayer) in a Keras 3 tf.keras.Sequential",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/63849",
                        "https://github.com/tensorflow/tensorflow/issues/65419",
                        "https://github.com/tensorflow/hub/issues/920",
                        "https://github.com/mrdbourke/tensorflow-deep-learning/issues/668",
                        "https://github.com/mrdbourke/zero-to-mastery-ml/issues/125",
                        "https://github.com/amaiya/ktrain/issues/529",
                        "https://github.com/tensorflow/tensorflow/issues/72497"],
               "title": "Adding TensorFlow Hub KerasLayer to Sequential Model Raises ValueError",
               "frequency": {"reports": 13,
                             "reactions": 4,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'Only instances of keras.Layer can be added to a "
                                    "Sequential model hub.KerasLayer' and 'tensorflow_hub KerasLayer TF "
                                    "2.16 Keras 3 Sequential downgrade 2.15': 12 threads (tensorflow x7 "
                                    "incl. the TF tutorial #76042, tensorflow/hub x2, "
                                    "tensorflow-deep-learning#668, zero-to-mastery-ml #100 #125), 4 'same "
                                    "here' comments; plus tensorflow#72497, the functional form (a "
                                    "second user posts the same code there)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "sequential_as_written": {
            "role": "broken",
            "title": "tf.keras.Sequential([hub_layer, tf.keras.layers.Dense(1)]) with hub_layer a "
                     "tf_keras layer",
            "claim": {"text": "ValueError: Only instances of `keras.Layer` can be added to a "
                              "Sequential model",
                      "versions": "TF 2.16+ (Keras 3), 'only in keras version > 3'",
                      "scope": {"tf": ">=2.16", "flavour": "keras3", "also": "tf_keras"},
                      "expect": {"error_type": "ValueError",
                                 "message": "Only instances of `?keras.Layer`? can be added"}},
        },
        "keras2_sequential": {
            "role": "fix",
            "title": "the same Sequential built with Keras 2 (tf_keras, what TF_USE_LEGACY_KERAS=1 "
                     "or TF 2.15 give), compile + fit",
            "claim": {"text": "with Keras 2 the hub layer goes into the Sequential model",
                      "expect": {"outcome": "ok"}},
        },
        "functional_as_written": {
            "role": "broken",
            "title": "functional: hub_layer(tf.keras.layers.Input(...)) -> Dense -> tf.keras.Model "
                     "(tensorflow#72497's create_model)",
            "claim": {"text": "ValueError: A KerasTensor is symbolic: it's a placeholder for a shape an a "
                              "dtype. It doesn't have any actual numerical value. You cannot convert it to a "
                              "NumPy array.",
                      "versions": "TF 2.18 dev, tensorflow_hub 0.16.1 (tf#72497)",
                      "scope": {"tf": ">=2.16", "flavour": "keras3", "also": "tf_keras"},
                      "expect": {"error_type": "ValueError", "message": "A KerasTensor is symbolic"}},
        },
        "keras2_functional": {
            "role": "fix",
            "title": "the same functional model built with Keras 2 (tf_keras: `import tf_keras as keras`, "
                     "what the hub threads answer), compile + fit",
            "claim": {"text": "with Keras 2 (tf_keras) the hub layer builds in a functional model",
                      "expect": {"outcome": "ok"}},
        },
        "lambda_wrap": {
            "role": "fix",
            "title": "tf.keras.Sequential([tf.keras.layers.Lambda(hub_layer), Dense(1)]), "
                     "build((None, 3)), compile + fit",
            "claim": {"text": "wrapping the hub layer in a Lambda layer lets the Sequential model be "
                              "built and used",
                      "scope": {"flavour": "keras3", "also": "tf_keras"},
                      "expect": {"outcome": "ok"}},
        },
        "lambda_wrap_trains_hub_weights": {
            "role": "corrected",
            "title": "the Lambda workaround with a trainable hub layer: are its weights tracked "
                     "and trained by fit?",
            "effects": ["hub_weights_tracked", "hub_weights_trained"],
        },
    },
}


def _tf_keras(ctx):
    try:
        import tf_keras
    except ImportError as exc:
        ctx.skip("tf_keras (what tensorflow_hub builds on) does not import here: %s" % exc)
    return tf_keras


def _hub_layer(tf_keras):
    # stands for hub.KerasLayer(url, input_shape=..., trainable=True)
    return tf_keras.layers.Dense(4, input_shape=(3,), trainable=True, name="USE")


def _data():
    import numpy as np
    rng = np.random.RandomState(0)
    return rng.rand(8, 3).astype("float32"), rng.rand(8, 1).astype("float32")


def sequential_as_written(ctx):
    tf = ctx.tf
    tf_keras = _tf_keras(ctx)
    sentence_encoder_layer = _hub_layer(tf_keras)
    with ctx.subject("tf.keras.Sequential([hub_layer, ...])"):
        model = tf.keras.Sequential([
            sentence_encoder_layer,
            tf.keras.layers.Dense(1, activation="sigmoid", name="output_layer")
        ], name="model_6_USE")
        model.compile(loss="binary_crossentropy", optimizer="adam")
        x, y = _data()
        model.fit(x, y, epochs=1, verbose=0)


def keras2_sequential(ctx):
    tf_keras = _tf_keras(ctx)
    sentence_encoder_layer = _hub_layer(tf_keras)
    with ctx.subject("tf_keras.Sequential([hub_layer, ...])"):
        model = tf_keras.Sequential([
            sentence_encoder_layer,
            tf_keras.layers.Dense(1, activation="sigmoid", name="output_layer")
        ], name="model_6_USE")
        model.compile(loss="binary_crossentropy", optimizer="adam")
        x, y = _data()
        model.fit(x, y, epochs=1, verbose=0)


def _hub_keras_layer(tf, tf_keras):
    """Closer to hub.KerasLayer for the functional API: a tf_keras Layer (class KerasLayer, no
    input_spec) whose call runs the restored SavedModel function (a tf.function) over the inputs."""
    class KerasLayer(tf_keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self._w = tf.Variable(tf.ones((3, 4)), trainable=False)   # the SavedModel's variables
            self._func = tf.function(lambda x: tf.matmul(x, self._w))

        def call(self, inputs):
            return self._func(inputs)
    return KerasLayer(trainable=False)


def _functional(keras, hub_layer):
    inputs = keras.layers.Input(shape=(3,))
    x = hub_layer(inputs)
    outputs = keras.layers.Dense(1, activation="sigmoid", name="output_layer")(x)
    return keras.Model(inputs=inputs, outputs=outputs)


def functional_as_written(ctx):
    tf = ctx.tf
    tf_keras = _tf_keras(ctx)
    feature_extractor_layer = _hub_keras_layer(tf, tf_keras)
    with ctx.subject("hub_layer(tf.keras.layers.Input(...)) in a functional model"):
        model = _functional(tf.keras, feature_extractor_layer)
        model.compile(loss="binary_crossentropy", optimizer="adam")
        x, y = _data()
        model.fit(x, y, epochs=1, verbose=0)


def keras2_functional(ctx):
    tf_keras = _tf_keras(ctx)
    feature_extractor_layer = _hub_keras_layer(ctx.tf, tf_keras)
    with ctx.subject("hub_layer(tf_keras.layers.Input(...)) in a functional model"):
        model = _functional(tf_keras, feature_extractor_layer)
        model.compile(loss="binary_crossentropy", optimizer="adam")
        x, y = _data()
        model.fit(x, y, epochs=1, verbose=0)


def _lambda_model(ctx, hub_layer):
    tf = ctx.tf
    model = tf.keras.Sequential([
        tf.keras.layers.Lambda(hub_layer, name="hub_lambda"),
        tf.keras.layers.Dense(units=1, activation="sigmoid"),
    ])
    model.compile(loss="binary_crossentropy", optimizer=tf.keras.optimizers.Adam(0.1))
    model.build((None, 3))
    return model


def lambda_wrap(ctx):
    tf_keras = _tf_keras(ctx)
    hub_layer = _hub_layer(tf_keras)
    with ctx.subject("Sequential([Lambda(hub_layer), ...]) + fit"):
        model = _lambda_model(ctx, hub_layer)
        x, y = _data()
        model.fit(x, y, epochs=1, verbose=0)


def lambda_wrap_trains_hub_weights(ctx):
    import numpy as np
    tf_keras = _tf_keras(ctx)
    hub_layer = _hub_layer(tf_keras)
    with ctx.subject("Sequential([Lambda(hub_layer), ...]) + fit"):
        model = _lambda_model(ctx, hub_layer)
        x, y = _data()
        before = [w.copy() for w in hub_layer.get_weights()]
        listed = set(id(w) for w in model.trainable_weights)
        ctx.effect("hub_weights_tracked",
                   bool(hub_layer.trainable_weights)
                   and all(id(w) in listed for w in hub_layer.trainable_weights))
        model.fit(x, y, epochs=1, verbose=0)
        after = hub_layer.get_weights()
        ctx.effect("hub_weights_trained",
                   bool(before) and any(not np.allclose(b, a) for b, a in zip(before, after)))
