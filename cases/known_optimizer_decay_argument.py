"""Known reports: `SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)` and
`Adam(lr=INIT_LR, decay=INIT_LR / EPOCHS)`, the learning-rate decay argument of the Keras 2
optimizers, under TF 2.11+ and Keras 3.

From TF 2.11 the default `tf.keras.optimizers` are the "new" optimizers and the argument is
an error: "ValueError: decay is deprecated in the new Keras optimizer, pleasecheck the docstring
for valid arguments, or use the legacy optimizer, e.g., tf.keras.optimizers.legacy.SGD."
(NeuralNine/neuralintents#28, balajisrinivas/Face-Mask-Detection#29, DataCanvasIO/HyperTS#71,
rstudio/keras3#1352 "I can reproduce with Tensorflow 2.11", officialarijit/DW-FedAvg#6 "a
regression that has happened in the TF 2.11 Release", ramsRahim/Federated-Learning#2 with the
full traceback of `SGD(lr=lr, decay=...)`). The fixes given: the legacy optimizer
(neuralintents#28: "from tensorflow.keras.optimizers.legacy import SGD ... it worked";
AIWintermuteAI/aXeleRate#66) or a learning-rate schedule instead of `decay` (sgrubas/NES#2).
Under Keras 3 the argument is dropped with a warning: "UserWarning: Argument `decay` is no
longer supported and will be ignored." (GantMan/nsfw_model#164).

`decay_kept` records whether the optimizer still carries a decay after construction: a
positive `decay` in its config, or a learning-rate schedule as its learning rate.
"""

CASE = {
    "title": "SGD/Adam(..., decay=...) in the new Keras optimizers and Keras 3: error, ignored, legacy",
    "source": {"kind": "known",
               "refs": ["https://github.com/NeuralNine/neuralintents/issues/28",
                        "https://github.com/balajisrinivas/Face-Mask-Detection/issues/29",
                        "https://github.com/rstudio/keras3/issues/1352",
                        "https://github.com/officialarijit/DW-FedAvg/issues/6",
                        "https://github.com/ramsRahim/Federated-Learning/issues/2",
                        "https://github.com/sgrubas/NES/pull/2",
                        "https://github.com/GantMan/nsfw_model/issues/164"],
               "title": "ValueError: decay is deprecated in the new Keras optimizer",
               "frequency": {"reports": 16,
                             "reactions": 3,
                             "as_of": "2026-12-06",
                             "how": "issues search for the ValueError text and 'SGD(lr=0.01, decay=1e-6' "
                                    "(TF 2.11): 8 issues + 8 fix PRs in 13 repos; reactions = 'thanks, it "
                                    "worked' comments in neuralintents#28"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "sgd_lr_decay_as_written": {
            "role": "broken",
            "title": "SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True); compile; fit",
            "effects": ["decay_kept"],
            "claim": {"text": "ValueError: decay is deprecated in the new Keras optimizer, please check "
                              "the docstring for valid arguments, or use the legacy optimizer",
                      "versions": "TensorFlow 2.11 (rstudio/keras3#1352, DW-FedAvg#6)",
                      "scope": {"tf": ">=2.11", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "ValueError",
                                 "message": "decay is deprecated"}},
        },
        "sgd_decay_keras3": {
            "role": "broken",
            "title": "SGD(learning_rate=0.01, decay=1e-6, momentum=0.9, nesterov=True); compile; fit",
            "effects": ["decay_kept"],
            "claim": {"text": "UserWarning: Argument `decay` is no longer supported and will be ignored",
                      "versions": "Keras 3 (nsfw_model#164, Python 3.12)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "silent_failure", "effects": {"decay_kept": "no"}}},
        },
        "legacy_sgd": {
            "role": "fix",
            "title": "tf.keras.optimizers.legacy.SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)",
            "effects": ["decay_kept"],
            "claim": {"text": "from tensorflow.keras.optimizers.legacy import SGD: it worked",
                      "versions": "TF 2.11 (neuralintents#28, December 2022 - June 2023)",
                      "scope": {"tf": ">=2.11", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok", "effects": {"decay_kept": "yes"}}},
        },
        "inverse_time_decay_schedule": {
            "role": "fix",
            "title": "SGD(learning_rate=InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6), ...)",
            "effects": ["decay_kept"],
            "claim": {"text": "use a learning-rate scheduler instead of the decay argument",
                      "versions": "tf >= 2.3 (sgrubas/NES#2)",
                      "scope": {"tf": ">=2.3"},
                      "expect": {"outcome": "ok", "effects": {"decay_kept": "yes"}}},
        },
    },
}


def _fit_with(ctx, make_optimizer):
    import numpy as np
    keras = ctx.keras
    rng = np.random.RandomState(0)
    x = rng.rand(4, 3).astype("float32")
    y = rng.rand(4, 2).astype("float32")
    model = keras.models.Sequential([keras.layers.Dense(2, input_shape=(3,))])
    with ctx.subject("build the optimizer, compile, fit"):
        optimizer = make_optimizer(keras)
        model.compile(optimizer=optimizer, loss="mse")
        model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    config = optimizer.get_config()
    decay = config.get("decay")
    try:
        decay = float(decay or 0)
    except (TypeError, ValueError):
        decay = 0.0
    ctx.observe("config_decay", decay)
    schedule = isinstance(config.get("learning_rate"), dict)
    ctx.effect("decay_kept", decay > 0 or schedule)


def sgd_lr_decay_as_written(ctx):
    _fit_with(ctx, lambda keras: keras.optimizers.SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True))


def sgd_decay_keras3(ctx):
    _fit_with(ctx, lambda keras: keras.optimizers.SGD(
        learning_rate=0.01, decay=1e-6, momentum=0.9, nesterov=True))


def legacy_sgd(ctx):
    _fit_with(ctx, lambda keras: keras.optimizers.legacy.SGD(
        lr=0.01, decay=1e-6, momentum=0.9, nesterov=True))


def inverse_time_decay_schedule(ctx):
    def make(keras):
        schedule = keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6)
        return keras.optimizers.SGD(learning_rate=schedule, momentum=0.9, nesterov=True)
    _fit_with(ctx, make)
