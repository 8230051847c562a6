"""Known reports: a model compiled with a `keras.losses.Loss` *subclass* trains and saves, but
does not load back, even with the class in custom_objects; and a subclass with constructor
arguments but no `get_config()` comes back with its defaults.

tensorflow/tensorflow#32612 (TF 2.0, "Keras can not load custom Loss functions"): `class
MyCustomLoss(tf.keras.losses.Loss)`, `model.compile('sgd', MyCustomLoss())`,
`model.save('/tmp/model.h5')`, `load_model('/tmp/model.h5', custom_objects={'MyCustomLoss':
MyCustomLoss})` fails ("the created model can be compiled, trained and saved but not loaded");
tensorflow/tensorflow#25938 reports the same for a `TripletLoss(tf.keras.losses.Loss)` on TF 2.1.0
("ValueError" from `load_model(..., {'TripletLoss': TripletLoss, ...})`); tensorflow/
tensorflow#34140 (TF 2.0): "AttributeError: 'Loss' object has no attribute '__name__'" from
`training_utils.get_loss_function`. The fix, tensorflow/tensorflow#33229 ("Load saved custom Loss
class"), deserializes the loss config with `losses.deserialize(...)` and shows a
`HuberLoss(threshold)` whose `get_config` returns the threshold: "It works indeed ... I can resume
training with the reloaded model". Without `get_config`, Keras rebuilds the object from the base
config only, so constructor arguments fall back to their defaults: tensorflow/tensorflow#42830
(a custom initializer without get_config: "when keras reconstructs your objects it calls `WB_Init`
with no arguments, so `dat` takes the default value of `None`").

Variants: #32612 as written; #33229's HuberLoss(2.0) with get_config (save, load with
custom_objects, train on); the same HuberLoss without get_config, where the effect
`threshold_restored` says whether the loaded loss has threshold 2.0 again.
"""

CASE = {
    "title": "Custom keras.losses.Loss subclass: save .h5, load_model with custom_objects (and without get_config)",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/32612",
                        "https://github.com/tensorflow/tensorflow/issues/25938",
                        "https://github.com/tensorflow/tensorflow/issues/34140",
                        "https://github.com/tensorflow/tensorflow/pull/33229",
                        "https://github.com/tensorflow/tensorflow/issues/42830"],
               "title": "Keras can not load custom Loss functions.",
               "frequency": {"reports": 6, "as_of": "2026-12-06",
                             "how": "issues search 'load_model custom Loss subclass', 'Keras can not load "
                                    "custom Loss', 'custom loss class get_config': tf#32612, tf#25938, "
                                    "tf#34140, tf#44210 (TF 2.1-2.3: 'Unknown loss function: "
                                    "BatchMeanSquaredError' despite custom_objects), keras#15261, "
                                    "tf#42830 (custom object without get_config rebuilt with defaults)"}},
    "applies_to": {"flavours": ["tf.keras", "tf_keras", "keras3"]},
    "variants": {
        "loss_class_h5_as_written": {
            "role": "broken",
            "title": "#32612 as written: compile('sgd', MyCustomLoss()), save .h5, load_model("
                     "custom_objects={'MyCustomLoss': MyCustomLoss})",
            "claim": {"text": "the model compiles, trains and saves, but load_model fails even with the "
                              "class in custom_objects",
                      "versions": "TF 2.0 (tf#32612), TF 2.1.0 (tf#25938); fixed by tf#33229",
                      "scope": {"tf": ">=2.0,<2.2", "flavour": "tf.keras"},
                      "expect": {"outcome": "error"}},
        },
        "loss_class_with_get_config": {
            "role": "fix",
            "title": "#33229: HuberLoss(threshold=2.0) with get_config; fit, save .h5, load_model("
                     "custom_objects={'HuberLoss': HuberLoss}), fit on",
            "effects": ["threshold_restored"],
            "claim": {"text": "with get_config returning the threshold the loss is deserialized and "
                              "training resumes with the reloaded model",
                      "versions": "tf#33229 (merged for TF 2.1/2.2)",
                      "expect": {"outcome": "ok", "effects": {"threshold_restored": "yes"}}},
        },
        "loss_class_args_no_get_config": {
            "role": "broken",
            "title": "HuberLoss(threshold=2.0) without get_config; save .h5, load with custom_objects",
            "effects": ["threshold_restored"],
            "claim": {"text": "without get_config Keras rebuilds the object with no constructor "
                              "arguments: the threshold silently falls back to its default",
                      "versions": "tf#42830 (TF 2.3, a custom initializer)",
                      "expect": {"outcome": "silent_failure", "effects": {"threshold_restored": "no"}}},
        },
    },
}


def _ops(ctx):
    keras = ctx.keras
    if ctx.keras_major == 3:
        return keras.ops
    return ctx.tf


def _losses(ctx, with_config):
    keras = ctx.keras
    ops = _ops(ctx)

    class MyCustomLoss(keras.losses.Loss):
        def __init__(self):
            super().__init__()

        def call(self, y_true, y_pred):
            return 1.

    class HuberLoss(keras.losses.Loss):
        def __init__(self, threshold=1.0, **kwargs):
            super().__init__(**kwargs)
            self.threshold = threshold

        def call(self, y_true, y_pred):
            error = ops.abs(y_true - y_pred)
            is_small_error = error <= self.threshold
            squared_loss = ops.square(error) / 2
            linear_loss = error * self.threshold - 0.5 * self.threshold ** 2
            return ops.where(is_small_error, squared_loss, linear_loss)

        if with_config:
            def get_config(self):
                cfg = super().get_config()
                cfg["threshold"] = self.threshold
                return cfg

    return MyCustomLoss, HuberLoss


def _data():
    import numpy as np
    rng = np.random.RandomState(0)
    return rng.rand(8, 32).astype("float32"), rng.rand(8, 32).astype("float32") * 6


def _model(ctx):
    keras = ctx.keras
    a = keras.layers.Input(shape=(32,))
    b = keras.layers.Dense(32)(a)
    return keras.models.Model(inputs=a, outputs=b)


def _loaded_loss(model):
    """The loss object the loaded model trains with (where Keras keeps it varies by version)."""
    loss = getattr(model, "loss", None)
    if isinstance(loss, (list, tuple)) and loss:
        loss = loss[0]
    if isinstance(loss, dict) and loss:
        loss = list(loss.values())[0]
    return loss


def loss_class_h5_as_written(ctx):
    keras = ctx.keras
    MyCustomLoss, _ = _losses(ctx, with_config=False)
    model = _model(ctx)
    model.compile("sgd", MyCustomLoss())
    with ctx.subject("save .h5 + load_model(custom_objects={'MyCustomLoss': ...})"):
        model.save("model.h5")
        ctx.observe("saved", True)
        model_new = keras.models.load_model("model.h5", custom_objects={"MyCustomLoss": MyCustomLoss})
        ctx.observe("loaded_loss", type(_loaded_loss(model_new)).__name__)


def _huber_round_trip(ctx, with_config):
    keras = ctx.keras
    _, HuberLoss = _losses(ctx, with_config=with_config)
    model = _model(ctx)
    model.compile(loss=HuberLoss(2.0), optimizer="sgd")
    x, y = _data()
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    with ctx.subject("save .h5 + load_model(custom_objects={'HuberLoss': HuberLoss}) + fit"):
        model.save("model_with_huber_loss_class.h5")
        model = keras.models.load_model("model_with_huber_loss_class.h5",
                                        custom_objects={"HuberLoss": HuberLoss})
        model.fit(x, y, epochs=1, batch_size=8, verbose=0)
        loss = _loaded_loss(model)
        threshold = getattr(loss, "threshold", None)
        ctx.observe("loaded_loss", type(loss).__name__)
        ctx.observe("loaded_threshold", threshold)
        ctx.effect("threshold_restored", threshold == 2.0)


def loss_class_with_get_config(ctx):
    _huber_round_trip(ctx, with_config=True)


def loss_class_args_no_get_config(ctx):
    _huber_round_trip(ctx, with_config=False)
