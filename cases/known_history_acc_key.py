"""Known reports: plotting training curves with `history.history['acc']` /
`history.history['val_acc']` after `compile(metrics=['accuracy'])`: "KeyError: 'acc'".

Keras up to 2.2 (and tf.keras in TF 1.x) logged `metrics=['accuracy']` under the key 'acc';
Keras 2.3 and TF 2 log it as 'accuracy'. atulapra/Emotion-detection#29 (the maintainer: "In
older versions of Keras, the dictionary key was called 'acc', which has been changed to
'accuracy'"), mrtkp9993/DeepLearningExamples#1 (fix: `history.history['accuracy']`),
ardendertat/Applied-Deep-Learning-with-Keras#6 ("Run this on Keras 2.3.1 ...
`dict_keys(['loss','accuracy'])`"), eliorc/Medium#6, chandrikadeb7/Face-Mask-Detection#31,
umbertogriffo/Predictive-Maintenance-using-LSTM#8 (2025, two "same error" replies). The
reverse happens with old versions: lmoroney/dlaicourse#62 (2020 Colab) gets a KeyError for
'accuracy' and must use 'acc'. JasonLiTW/simple-railway-captcha-solver#10 gives the rule: the
key is the string given to compile, so `metrics=["acc"]` logs 'acc'.

Each variant compiles a softmax classifier, fits one epoch with validation data and reads the
history key the source uses.
"""

CASE = {
    "title": "history.history['acc'] after compile(metrics=['accuracy']): KeyError by version",
    "source": {"kind": "known",
               "refs": ["https://github.com/atulapra/Emotion-detection/issues/29",
                        "https://github.com/mrtkp9993/DeepLearningExamples/issues/1",
                        "https://github.com/ardendertat/Applied-Deep-Learning-with-Keras/issues/6",
                        "https://github.com/lmoroney/dlaicourse/issues/62",
                        "https://github.com/JasonLiTW/simple-railway-captcha-solver/issues/10",
                        "https://github.com/umbertogriffo/Predictive-Maintenance-using-LSTM/issues/8"],
               "title": "KeyError: 'acc'",
               "frequency": {"reports": 9,
                             "reactions": 2,
                             "as_of": "2026-12-06",
                             "how": "issues search \"KeyError: 'acc' history.history\": 9 threads in 9 repos "
                                    "(one the reverse 'accuracy' case); reactions = 'same error' replies in "
                                    "Predictive-Maintenance-using-LSTM#8"}},
    "variants": {
        "history_acc_as_written": {
            "role": "broken",
            "title": "compile(metrics=['accuracy']); h = fit(validation_data=...); h.history['acc']",
            "claim": {"text": "KeyError: 'acc' (the key is now 'accuracy')",
                      "versions": "Keras 2.3.1 (ardendertat#6), TF 2 (Emotion-detection#29, 2020)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "KeyError", "message": "acc"}},
        },
        "history_accuracy": {
            "role": "fix",
            "title": "the same; h.history['accuracy'] and h.history['val_accuracy']",
            "claim": {"text": "the key probably will be 'accuracy': plot history['accuracy'] and "
                              "history['val_accuracy']",
                      "versions": "2020 (DeepLearningExamples#1)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok"}},
        },
        "history_accuracy_old_keras": {
            "role": "root_cause",
            "title": "the same 'accuracy' key with an older Keras",
            "claim": {"text": "plot_graphs(history, 'accuracy') gives a key error: it should be 'acc'",
                      "versions": "Colab, March 2020 (dlaicourse#62)",
                      "scope": {"tf": "<2.0"},
                      "expect": {"error_type": "KeyError", "message": "accuracy"}},
        },
        "metrics_acc_string": {
            "role": "fix",
            "title": "compile(metrics=['acc']); h.history['acc'] and h.history['val_acc']",
            "claim": {"text": "with metrics=['acc'] the keys are 'acc' and 'val_acc'",
                      "versions": "2021 (simple-railway-captcha-solver#10)",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _history(ctx, metric):
    import numpy as np
    keras = ctx.keras
    rng = np.random.RandomState(0)
    x = rng.rand(8, 4).astype("float32")
    y = keras.utils.to_categorical(rng.randint(0, 3, size=(8,)), 3)
    model = keras.models.Sequential([keras.layers.Dense(3, activation="softmax", input_shape=(4,))])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=[metric])
    return model.fit(x, y, batch_size=8, epochs=1, verbose=0, validation_data=(x, y))


def _plot_values(ctx, history, key):
    with ctx.subject("history.history[%r]" % key):
        train = history.history[key]
        validation = history.history["val_" + key]
    ctx.observe("keys", sorted(history.history))
    return train, validation


def history_acc_as_written(ctx):
    _plot_values(ctx, _history(ctx, "accuracy"), "acc")


def history_accuracy(ctx):
    _plot_values(ctx, _history(ctx, "accuracy"), "accuracy")


def history_accuracy_old_keras(ctx):
    _plot_values(ctx, _history(ctx, "accuracy"), "accuracy")


def metrics_acc_string(ctx):
    _plot_values(ctx, _history(ctx, "acc"), "acc")
