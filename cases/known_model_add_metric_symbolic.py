"""Known root cause: `model.add_metric(symbolic_tensor, name=..., aggregation='mean')` on
a functional model, then `fit()`.

Keras 2.3.0's release notes add `add_metric` to Layer / Model ("used in a similar way
as add_loss, but for metrics"), and tf.keras documents the functional form
`model.add_metric(tf.reduce_mean(x), name='metric_1')` as well as `self.add_metric(...)`
inside a layer's `call()`; Mask R-CNN ports and
keras-faster-rcnn call it on symbolic tensors (yizt/keras-faster-rcnn#26,
matterport/Mask_RCNN#2410 report "'Model' object has no attribute 'add_metric'" with
older Keras). Keras 3 removed it: keras-team/keras#19804 reports
"TypeError: ... Layer.add_metric() takes 1 positional argument but 2 were given" for
`add_metric` called in a layer's `call()`;
keras-team/keras#20034 (fixing #19804) makes it raise NotImplementedError "Layer
`add_metric()` method is deprecated add your metric in `Model.compile(metrics=[...])`".
The fix follows that advice: the intermediate tensor becomes a second, loss-free
output whose metric is given to compile().
"""

CASE = {
    "title": "model.add_metric(intermediate symbolic tensor) on a functional model, then fit()",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/releases/tag/2.3.0",
                        "https://www.tensorflow.org/api_docs/python/tf/keras/layers/Layer#add_metric",
                        "https://github.com/keras-team/keras/issues/19804",
                        "https://github.com/keras-team/keras/pull/20034",
                        "https://github.com/yizt/keras-faster-rcnn/issues/26"],
               "title": "model.add_metric with symbolic tensors",
               "frequency": {"reports": 7,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues search 'model.add_metric symbolic tensor Keras 3 add_metric "
                                    "takes 1 positional argument but 2 were given': 7 threads "
                                    "(keras#19804 #13918, tensorflow#26031 #33789 #62826, "
                                    "tensorflow#111982 docs PR, keras-faster-rcnn#26), 1 'same problem' "
                                    "comment"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "add_metric_as_documented": {
            "role": "root_cause",
            "title": "h = Dense(x); model.add_metric(tf.reduce_mean(h), name='mean_h', aggregation='mean'); fit",
            "claim": {"text": "the metric of the symbolic tensor is tracked and reported by fit",
                      "versions": "Keras 2.3.0 release notes; tf.keras Layer.add_metric docs",
                      "scope": {"flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok", "observed": {"metric_in_history": True}}},
        },
        "add_metric_in_layer_call": {
            "role": "broken",
            "title": "a pass-through layer calling self.add_metric(tf.reduce_mean(inputs), ...) in call(); fit",
            "claim": {"text": "add_metric() is deprecated in Keras 3: it raises NotImplementedError "
                              "'Layer `add_metric()` method is deprecated'",
                      "versions": "Keras 3 after keras-team/keras#20034 (July 2024); before it "
                                  "TypeError 'takes 1 positional argument' (keras-team/keras#19804)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "NotImplementedError",
                                 "message": "add_metric\\(\\)` method is deprecated"}},
        },
        "metric_in_compile": {
            "role": "fix",
            "title": "the intermediate tensor as a second output, its metric given to compile(); fit",
            "claim": {"text": "add your metric in Model.compile(metrics=[...])",
                      "versions": "Keras 3 (keras-team/keras#20034's error message)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "observed": {"metric_in_history": True}}},
        },
    },
}


def _data():
    import numpy as np
    rng = np.random.RandomState(0)
    return rng.rand(8, 4).astype("float32"), rng.rand(8, 1).astype("float32")


def _add_metric(ctx):
    tf, keras = ctx.tf, ctx.keras
    inputs = keras.layers.Input((4,))
    h = keras.layers.Dense(3)(inputs)
    outputs = keras.layers.Dense(1)(h)
    model = keras.models.Model(inputs, outputs)
    x, y = _data()
    with ctx.subject("add_metric + fit"):
        model.add_metric(tf.reduce_mean(h), name="mean_h", aggregation="mean")
        model.compile(optimizer="sgd", loss="mse")
        history = model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    ctx.observe("metric_in_history", any("mean_h" in key for key in history.history))


def add_metric_as_documented(ctx):
    _add_metric(ctx)


def add_metric_in_layer_call(ctx):
    tf, keras = ctx.tf, ctx.keras

    class MeanMetricLayer(keras.layers.Layer):
        def call(self, inputs):
            self.add_metric(tf.reduce_mean(inputs), name="mean_h", aggregation="mean")
            return inputs

    inputs = keras.layers.Input((4,))
    h = keras.layers.Dense(3)(inputs)
    x, y = _data()
    with ctx.subject("add_metric in call() + fit"):
        h = MeanMetricLayer()(h)
        outputs = keras.layers.Dense(1)(h)
        model = keras.models.Model(inputs, outputs)
        model.compile(optimizer="sgd", loss="mse")
        history = model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    ctx.observe("metric_in_history", any("mean_h" in key for key in history.history))


def metric_in_compile(ctx):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras
    inputs = keras.layers.Input((4,))
    h = keras.layers.Dense(3, name="hidden")(inputs)
    outputs = keras.layers.Dense(1, name="out")(h)
    model = keras.models.Model(inputs, {"out": outputs, "hidden": h})

    def mean_h(y_true, y_pred):
        return tf.reduce_mean(y_pred)

    x, y = _data()
    with ctx.subject("compile(metrics=...) + fit"):
        model.compile(optimizer="sgd", loss={"out": "mse"}, metrics={"hidden": [mean_h]})
        history = model.fit(x, {"out": y, "hidden": np.zeros((8, 3), dtype="float32")},
                            epochs=1, batch_size=8, verbose=0)
    ctx.observe("metric_in_history", any("mean_h" in key for key in history.history))
