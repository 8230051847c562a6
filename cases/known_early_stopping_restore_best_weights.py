"""Known reports: `EarlyStopping(restore_best_weights=True)` restores the best weights only
when it stops the training itself; when the run reaches its last epoch first, the model
silently keeps the last epoch's weights.

keras-team/keras#12511 (Keras 2.2.4: "I can confirm this issue on keras 2.2.4"): the
`set_weights` call is "inside the on_epoch_end method guarded by a comparison of wait and
patience ... in a scenario where the best weights happened fewer than patience epochs before
the last epoch, the model will keep the weights from the last epoch". tensorflow/tensorflow#35634
(TF 2.0): "if a model is set to train for 40 epochs, uses early stopping with a patience of 5,
and the best weights occur in epoch 37, then the best weights will not be restored, and the
model will have the weights from epoch 40". keras-team/tf-keras#493 (TF 2.5) gives the
workaround: `if ES.stopped_epoch == 0: model.set_weights(ES.best_weights)`.

To make "the best epoch is not the last" deterministic in 4 epochs, a callback placed after
EarlyStopping spoils the weights at the end of epochs 2 and 3 (the validation loss of the
following epochs is worse); patience 10 never triggers. Effect `best_weights_restored`: after
fit the model's weights are EarlyStopping's `best_weights`.
"""

CASE = {
    "title": "EarlyStopping(restore_best_weights=True) when early stopping never triggers",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/12511",
                        "https://github.com/tensorflow/tensorflow/issues/35634",
                        "https://github.com/keras-team/tf-keras/issues/493"],
               "title": "EarlyStopping callback won't restore best weights unless training stops early",
               "frequency": {"reports": 7,
                             "reactions": 3,
                             "as_of": "2026-12-06",
                             "how": "issues search 'EarlyStopping restore_best_weights does not restore "
                                    "when training does not stop early': 7 threads (keras#12511 #16876 "
                                    "#2768 comment, tensorflow#35634, tf-keras#493, fix PRs keras#16574 "
                                    "and tensorflow#44049), 3 'can confirm / same' comments on "
                                    "keras#12511"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "not_triggered_as_written": {
            "role": "broken",
            "title": "fit 4 epochs, EarlyStopping(patience=10, restore_best_weights=True), best epoch "
                     "before the last",
            "effects": ["best_weights_restored"],
            "claim": {"text": "the best weights are not restored: the model keeps the weights of the "
                              "last epoch",
                      "versions": "Keras 2.2.4 (#12511), TF 2.0 (#35634), TF 2.5 (tf-keras#493)",
                      "scope": {"tf": "<=2.5"},
                      "expect": {"outcome": "silent_failure",
                                 "effects": {"best_weights_restored": "no"}}},
        },
        "restore_when_not_stopped": {
            "role": "fix",
            "title": "the same fit, then `if ES.stopped_epoch == 0: model.set_weights(ES.best_weights)`",
            "effects": ["best_weights_restored"],
            "claim": {"text": "setting ES.best_weights by hand when ES did not halt training gives "
                              "the best model",
                      "expect": {"outcome": "ok", "effects": {"best_weights_restored": "yes"}}},
        },
    },
}


def _fit(ctx, fix):
    import numpy as np
    keras = ctx.keras

    class SpoilWeights(keras.callbacks.Callback):
        """Makes the later epochs worse: adds 1 to every weight after epochs 2 and 3 (index 1, 2)."""
        def on_epoch_end(self, epoch, logs=None):
            if epoch >= 1:
                self.model.set_weights([w + 1.0 for w in self.model.get_weights()])

    inputs = keras.layers.Input((3,))
    outputs = keras.layers.Dense(1, kernel_initializer="zeros")(inputs)   # deterministic
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    rng = np.random.RandomState(0)
    x = rng.rand(16, 3).astype("float32")
    y = -x.sum(axis=1, keepdims=True)   # the target kernel is -1: adding 1 always hurts
    ES = keras.callbacks.EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True)
    with ctx.subject("fit with EarlyStopping(restore_best_weights=True)"):
        history = model.fit(x, y, epochs=4, batch_size=16, validation_data=(x, y),
                            callbacks=[ES, SpoilWeights()], verbose=0)
        ctx.observe("val_loss", [round(float(v), 4) for v in history.history["val_loss"]])
        ctx.observe("stopped_epoch", int(ES.stopped_epoch))
        if fix and ES.stopped_epoch == 0:  # ES did not halt training: restore by hand
            model.set_weights(ES.best_weights)
        best = ES.best_weights
        restored = best is not None and all(
            np.allclose(a, b) for a, b in zip(model.get_weights(), best))
        ctx.effect("best_weights_restored", restored)


def not_triggered_as_written(ctx):
    _fit(ctx, fix=False)


def restore_when_not_stopped(ctx):
    _fit(ctx, fix=True)
