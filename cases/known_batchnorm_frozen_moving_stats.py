"""Known root cause: a BatchNormalization layer "frozen" with `trainable = False` keeps (or
stops) updating its moving mean / variance depending on the Keras version: in standalone Keras
2 the moving statistics are updates, not trainable weights, so `fit` still changes them; from
TF 2.0 tf.keras (and Keras 3) `trainable = False` also switches the layer to inference mode.
Fine-tuning the same code trains a different model in the two.

keras-team/keras#4762 (2017): "trainable flag does not work for batch normalization layer";
fchollet: "That's expected behavior. Trainable weights do not change. But batchnorm also
maintains non-trainable weights, which are updated via layer updates (i.e. not through
backprop): the mean and variance vectors"; to disable the updates "call the layer with the
argument `training=False` ... the layer will always run in inference mode". keras-team/keras#7085
(Keras 2.0): "Freezing a BatchNormalization layer by setting trainable = false does not work.
Weights are still being updated." keras-team/keras#6570 and datumbox's keras-team/keras#9965 ask
for the change; keras-team/keras#9522 (2019) repeats the advice: "You can put the layer in
inference mode by calling the bn layer with `training=False` when using the functional API". tensorflow#34009: "`trainable` attribute in BatchNormalization disables the
updates of the batch statistics"; zzh8829/yolov3-tf2#188: "As stated in the official tf
documentation, now setting trainable=False will run the BatchNormalization layer in inference
mode, so when the layer is frozen it will use moving mean and moving variance";
zonasw/DBNet#11 quotes the same docs.

Model: Input(4) -> Dense(4) -> BatchNormalization -> Dense(1), batches whose mean is far from
the initial moving mean (0). Effect `moving_stats_frozen`: the moving mean is the same after
one epoch of `fit`.
"""

CASE = {
    "title": "BatchNormalization with trainable=False: are the moving mean / variance frozen during fit?",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/4762",
                        "https://github.com/keras-team/keras/issues/7085",
                        "https://github.com/keras-team/keras/pull/9965",
                        "https://github.com/keras-team/keras/issues/9522",
                        "https://github.com/tensorflow/tensorflow/issues/34009",
                        "https://github.com/zzh8829/yolov3-tf2/pull/188",
                        "https://github.com/zonasw/DBNet/issues/11"],
               "title": "Freezing a BatchNormalization layer by setting trainable = false does not work",
               "frequency": {"reports": 8, "as_of": "2026-12-06",
                             "how": "issues searches 'BatchNormalization trainable=False still updates "
                                    "moving mean variance', 'freeze batch normalization layer': "
                                    "keras#4762, #6570, #7085, #9522, #9965, tensorflow#34009, "
                                    "yolov3-tf2#188, DBNet#11"}},
    "applies_to": {"backends": ["tensorflow", "jax", "torch"]},
    "variants": {
        "bn_layer_trainable_false": {
            "role": "broken",
            "title": "keras#7085: bn.trainable = False on the BatchNormalization layer, compile, fit",
            "effects": ["moving_stats_frozen"],
            "claim": {"text": "setting trainable = False on a BatchNormalization layer does not freeze "
                              "its moving mean and variance: they are updated during training",
                      "versions": "Keras 1.2 / 2.0 (keras#4762, #7085, 2017)",
                      "scope": {"flavour": "keras-standalone"},
                      "expect": {"outcome": "silent_failure",
                                 "effects": {"moving_stats_frozen": "no"}}},
        },
        "frozen_base_model_tf2": {
            "role": "root_cause",
            "title": "fine-tuning: base = Model(... BatchNormalization ...); base.trainable = False; "
                     "top Dense; compile; fit",
            "effects": ["moving_stats_frozen"],
            "claim": {"text": "setting trainable=False runs the BatchNormalization layer in inference "
                              "mode: it uses, and does not update, the moving mean and variance",
                      "versions": "TF 2.0+ tf.keras docs (yolov3-tf2#188, tensorflow#34009, DBNet#11)",
                      "scope": {"tf": ">=2.0", "flavour": ["tf.keras", "tf_keras", "keras3"]},
                      "expect": {"outcome": "ok", "effects": {"moving_stats_frozen": "yes"}}},
        },
        "call_training_false": {
            "role": "fix",
            "title": "fchollet's fix: x = BatchNormalization()(x, training=False); compile; fit",
            "effects": ["moving_stats_frozen"],
            "claim": {"text": "calling the layer with training=False disables the learning phase for "
                              "it: the layer always runs in inference mode, its statistics are not "
                              "updated",
                      "versions": "Keras 2.0 (keras#4762); Keras 2.2 (keras#9522, 2019)",
                      "expect": {"outcome": "ok", "effects": {"moving_stats_frozen": "yes"}}},
        },
    },
}


def _data():
    import numpy as np
    rng = np.random.RandomState(0)
    x = (rng.rand(8, 4) * 5 + 10).astype("float32")
    y = rng.rand(8, 1).astype("float32")
    return x, y


def _fit(ctx, model, bn):
    import numpy as np
    keras = ctx.keras
    x, y = _data()
    before = np.array(bn.get_weights()[2]).copy()     # [gamma, beta, moving_mean, moving_variance]
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    after = bn.get_weights()[2]
    ctx.observe("moving_mean_before_after", [float(before[0]), float(after[0])])
    ctx.effect("moving_stats_frozen", bool(np.allclose(before, after)))


def bn_layer_trainable_false(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input((4,))
    hidden = keras.layers.Dense(4, kernel_initializer="ones")(inputs)
    bn = keras.layers.BatchNormalization()
    hidden = bn(hidden)
    outputs = keras.layers.Dense(1)(hidden)
    model = keras.models.Model(inputs, outputs)
    with ctx.subject("bn.trainable = False + compile + fit"):
        bn.trainable = False
        _fit(ctx, model, bn)


def frozen_base_model_tf2(ctx):
    keras = ctx.keras
    base_inputs = keras.layers.Input((4,))
    hidden = keras.layers.Dense(4, kernel_initializer="ones")(base_inputs)
    bn = keras.layers.BatchNormalization()
    base = keras.models.Model(base_inputs, bn(hidden))
    inputs = keras.layers.Input((4,))
    outputs = keras.layers.Dense(1)(base(inputs))
    model = keras.models.Model(inputs, outputs)
    with ctx.subject("base.trainable = False + compile + fit"):
        base.trainable = False
        _fit(ctx, model, bn)


def call_training_false(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input((4,))
    hidden = keras.layers.Dense(4, kernel_initializer="ones")(inputs)
    bn = keras.layers.BatchNormalization()
    hidden = bn(hidden, training=False)
    outputs = keras.layers.Dense(1)(hidden)
    model = keras.models.Model(inputs, outputs)
    with ctx.subject("compile + fit"):
        _fit(ctx, model, bn)
