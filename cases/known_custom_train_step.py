"""Known root cause: overriding `Model.train_step` the way the TensorFlow guide
"Customizing what happens in fit()" shows it (`self.compiled_loss`,
`self.compiled_metrics.update_state`, `return {m.name: m.result() for m in self.metrics}`),
across versions.

The guide (TF 2.2+, where `fit()` started calling `train_step`) builds
`CustomModel(keras.Model)` on a functional graph and says fit then runs the custom
step with the compiled loss and metrics. keras-team/keras-io#1630 ("Remove deprecated
property calls", Keras 3) rewrites those steps with `self.compute_loss(...)` and an
explicit loop over `self.metrics`, the form of the Keras 3 guide; keras-team/keras#19529
makes Keras 3 return the custom step's own logs as Keras 2 did. Before TF 2.2 `fit()`
never calls `train_step`: the override is silently ignored, so `train_step_called` is a
required effect.
"""

CASE = {
    "title": "Model.train_step override from the 'Customizing what happens in fit()' guide",
    "source": {"kind": "known",
               "refs": ["https://www.tensorflow.org/guide/keras/customizing_what_happens_in_fit",
                        "https://github.com/tensorflow/tensorflow/releases/tag/v2.2.0",
                        "https://github.com/keras-team/keras-io/pull/1630",
                        "https://github.com/keras-team/keras/pull/19529"],
               "title": "Customizing what happens in fit(): train_step",
               "frequency": {"reports": 5,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'train_step override compiled_loss compiled_metrics "
                                    "Keras 3 compute_loss' (two phrasings): 5 threads (tensorflow#40041 "
                                    "and keras-io#73: the guide's train_step never called before TF 2.2; "
                                    "tensorflow#55216: compute_loss override not called; keras-io#1630 "
                                    "and keras#19529: the Keras 3 rewrite); no Keras 3 user report of "
                                    "compiled_loss failing was found"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "guide_train_step": {
            "role": "root_cause",
            "title": "CustomModel.train_step with compiled_loss / compiled_metrics; fit one epoch",
            "effects": ["train_step_called"],
            "claim": {"text": "fit() runs the overridden train_step, which uses the loss and metrics "
                              "given to compile() and reports them",
                      "versions": "TF 2.2+ tf.keras (the TF guide; TF 2.2.0 release notes)",
                      "scope": {"tf": ">=2.2", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok", "effects": {"train_step_called": "yes"},
                                 "observed": {"logged_mae": True}}},
        },
        "compute_loss_train_step": {
            "role": "fix",
            "title": "the same step with self.compute_loss(...) and a loop over self.metrics; fit",
            "effects": ["train_step_called"],
            "claim": {"text": "use self.compute_loss(y=..., y_pred=...) and update self.metrics "
                              "instead of the deprecated compiled_loss / compiled_metrics",
                      "versions": "Keras 3 (keras-team/keras-io#1630, the Keras 3 guide)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "effects": {"train_step_called": "yes"},
                                 "observed": {"logged_mae": True}}},
        },
    },
}


def _fit(ctx, train_step):
    import numpy as np
    keras = ctx.keras
    called = []

    class CustomModel(keras.models.Model):
        def train_step(self, data):
            called.append(True)
            return train_step(self, data)

    inputs = keras.Input(shape=(4,))
    outputs = keras.layers.Dense(1)(inputs)
    model = CustomModel(inputs, outputs)
    rng = np.random.RandomState(0)
    x = rng.rand(8, 4).astype("float32")
    y = rng.rand(8, 1).astype("float32")
    with ctx.subject("compile + fit"):
        model.compile(optimizer="adam", loss="mse", metrics=["mae"])
        history = model.fit(x, y, epochs=1, batch_size=4, verbose=0)
    ctx.observe("history_keys", sorted(history.history))
    ctx.observe("logged_mae", any("mae" in key for key in history.history))
    ctx.effect("train_step_called", bool(called))


def guide_train_step(ctx):
    tf = ctx.tf

    def train_step(self, data):
        # Unpack the data. Its structure depends on your model and
        # on what you pass to `fit()`.
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)  # Forward pass
            # Compute the loss value
            # (the loss function is configured in `compile()`)
            loss = self.compiled_loss(y, y_pred, regularization_losses=self.losses)
        # Compute gradients
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)
        # Update weights
        self.optimizer.apply_gradients(zip(gradients, trainable_vars))
        # Update metrics (includes the metric that tracks the loss)
        self.compiled_metrics.update_state(y, y_pred)
        # Return a dict mapping metric names to current value
        return {m.name: m.result() for m in self.metrics}

    _fit(ctx, train_step)


def compute_loss_train_step(ctx):
    tf = ctx.tf

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)
        self.optimizer.apply_gradients(zip(gradients, trainable_vars))
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}

    _fit(ctx, train_step)
