"""Known root cause: a subclassed Model that creates a layer in `build()` and calls
`self.add_loss(...)` in `call()` (Hands-On ML 2nd ed., chapter 12 "Losses and Metrics Based on
Model Internals"). From TF 2.2 the loss tensor is created while Keras builds the model in its own
graph (`build_graph`), and `fit`'s `train_function` then reaches for it: "InaccessibleTensorError:
The tensor 'Tensor("mul:0", shape=(), dtype=float32)' cannot be accessed here: it is defined in
another function or code block."

ageron/handson-ml2#159 (May 2020), #317 and #339 report it for the book's
`ReconstructingRegressor`; tensorflow#41693 (ageron, TF 2.2.0) reduces it to a `build()` that
creates `keras.layers.Dense(1)` and a `call()` doing `self.add_loss(1.0)`; tensorflow#46858 (TF 2.4),
#40452, #44825 and #43453 (TF 2.3: "Defined in: FuncGraph(name=build_graph ...); accessed from:
FuncGraph(name=train_function ...)") show the same error. In handson-ml2#317: "It's to do with the
add_loss function. add_loss(0.05) throws the same error. add_loss(lambda: 0.05) doesn't throw an
error", and ageron: "due to an issue introduced in TF 2.2 (#46858), it is currently not possible to
use `add_loss()` along with the `build()` method. So I updated the code in the notebook: I now
create the reconstruct layer in the constructor instead of the `build()` method."

Data: 8 samples with 4 features, one epoch; the hidden stack is 2 Dense(8) (the book has 5 x 30).
"""

CASE = {
    "title": "add_loss() in a subclassed Model whose build() creates a layer: InaccessibleTensorError in fit",
    "source": {"kind": "known",
               "refs": ["https://github.com/ageron/handson-ml2/issues/317",
                        "https://github.com/ageron/handson-ml2/issues/159",
                        "https://github.com/tensorflow/tensorflow/issues/41693",
                        "https://github.com/tensorflow/tensorflow/issues/46858",
                        "https://github.com/tensorflow/tensorflow/issues/43453"],
               "title": "InaccessibleTensorError: The tensor cannot be accessed here: it is defined in another "
                        "function or code block",
               "frequency": {"reports": 8, "as_of": "2026-12-06",
                             "how": "issues searches 'InaccessibleTensorError cannot be accessed here add_loss', "
                                    "'ReconstructingRegressor InaccessibleTensorError': handson-ml2#159, "
                                    "#317, #339, tensorflow#40452, #41693, #43453, #44825, #46858"}},
    "variants": {
        "reconstructing_regressor_as_written": {
            "role": "broken",
            "title": "the book's ReconstructingRegressor: reconstruct Dense created in build(), "
                     "self.add_loss(0.05 * recon_loss) in call(); compile + fit",
            "claim": {"text": "InaccessibleTensorError: The tensor 'Tensor(\"mul:0\", shape=(), "
                              "dtype=float32)' cannot be accessed here: it is defined in another function "
                              "or code block",
                      "versions": "TF 2.2+ ('issue introduced in TF 2.2', handson-ml2#317); TF 2.3 "
                                  "(tensorflow#43453), TF 2.4 (tensorflow#46858)",
                      "scope": {"tf": ">=2.2", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "InaccessibleTensorError",
                                 "message": "cannot be accessed here: it is defined in another function "
                                            "or code block"}},
        },
        "minimal_build_add_loss_constant": {
            "role": "root_cause",
            "title": "tensorflow#41693: build() creates Dense(1); call() does self.add_loss(1.0); fit",
            "claim": {"text": "using add_loss() and creating a layer in build() raises "
                              "InaccessibleTensorError",
                      "versions": "TF 2.2.0 (tensorflow#41693)",
                      "scope": {"tf": ">=2.2", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "InaccessibleTensorError",
                                 "message": "cannot be accessed here"}},
        },
        "add_loss_callable_constant": {
            "role": "root_cause",
            "title": "the same minimal model with self.add_loss(lambda: 0.05)",
            "claim": {"text": "add_loss(lambda: 0.05) doesn't throw an error",
                      "versions": "Colab, Nov 2020 (handson-ml2#317)",
                      "scope": {"tf": ">=2.2", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok"}},
        },
        "reconstruct_layer_in_init": {
            "role": "fix",
            "title": "ageron's updated notebook: the reconstruct Dense created in __init__ (units "
                     "hard-coded), no build() method, same add_loss; compile + fit",
            "claim": {"text": "create the reconstruct layer in the constructor instead of build(): works "
                              "around the TF 2.2 issue",
                      "versions": "handson-ml2 notebook update (March 2021, TF 2.x)",
                      "scope": {"tf": ">=2.2"},
                      "expect": {"outcome": "ok"}},
        },
    },
}

N_INPUTS = 4


def _data():
    import numpy as np
    rng = np.random.RandomState(0)
    return rng.rand(8, N_INPUTS).astype("float32"), rng.rand(8, 1).astype("float32")


def _fit(ctx, model):
    X, y = _data()
    with ctx.subject("compile + fit"):
        model.compile(loss="mse", optimizer="nadam")
        history = model.fit(X, y, epochs=1, batch_size=8, verbose=0)
    ctx.observe("loss_logged", "loss" in history.history)


def _regressor(ctx, reconstruct_in_init):
    tf, keras = ctx.tf, ctx.keras
    reduce_mean = keras.ops.mean if ctx.keras_major == 3 else tf.reduce_mean
    square = keras.ops.square if ctx.keras_major == 3 else tf.square

    class ReconstructingRegressor(keras.models.Model):
        """The book's model: the reconstruct layer is created in build()."""

        def __init__(self, output_dim, **kwargs):
            super().__init__(**kwargs)
            self.hidden = [keras.layers.Dense(8, activation="selu",
                                              kernel_initializer="lecun_normal")
                           for _ in range(2)]
            self.out = keras.layers.Dense(output_dim)

        def build(self, batch_input_shape):
            n_inputs = batch_input_shape[-1]
            self.reconstruct = keras.layers.Dense(n_inputs)
            super().build(batch_input_shape)

        def call(self, inputs, training=None):
            Z = inputs
            for layer in self.hidden:
                Z = layer(Z)
            reconstruction = self.reconstruct(Z)
            recon_loss = reduce_mean(square(reconstruction - inputs))
            self.add_loss(0.05 * recon_loss)
            return self.out(Z)

    class ReconstructingRegressorNoBuild(keras.models.Model):
        """ageron's update: every layer created in __init__, no build() method."""

        def __init__(self, output_dim, **kwargs):
            super().__init__(**kwargs)
            self.hidden = [keras.layers.Dense(8, activation="selu",
                                              kernel_initializer="lecun_normal")
                           for _ in range(2)]
            self.out = keras.layers.Dense(output_dim)
            self.reconstruct = keras.layers.Dense(N_INPUTS)  # workaround for TF issue #46858

        def call(self, inputs, training=None):
            Z = inputs
            for layer in self.hidden:
                Z = layer(Z)
            reconstruction = self.reconstruct(Z)
            recon_loss = reduce_mean(square(reconstruction - inputs))
            self.add_loss(0.05 * recon_loss)
            return self.out(Z)

    return (ReconstructingRegressorNoBuild if reconstruct_in_init else ReconstructingRegressor)(1)


def reconstructing_regressor_as_written(ctx):
    _fit(ctx, _regressor(ctx, reconstruct_in_init=False))


def reconstruct_layer_in_init(ctx):
    _fit(ctx, _regressor(ctx, reconstruct_in_init=True))


def _minimal(ctx, loss):
    keras = ctx.keras

    class MyModel(keras.models.Model):
        def build(self, batch_input_shape):
            self.output_layer = keras.layers.Dense(1)
            super().build(batch_input_shape)

        def call(self, inputs, training=None):
            self.add_loss(loss)
            return self.output_layer(inputs)

    return MyModel()


def minimal_build_add_loss_constant(ctx):
    _fit(ctx, _minimal(ctx, 1.0))


def add_loss_callable_constant(ctx):
    _fit(ctx, _minimal(ctx, lambda: 0.05))
