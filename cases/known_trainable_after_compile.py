"""Known reports: setting `trainable = False` on a model's layers after `compile()` does not
freeze them: training keeps updating their weights until the model is compiled again.

osh/KerasGAN#10 (GAN code that calls `make_trainable(discriminator, False)` between
`train_on_batch` calls): "setting keras.layers.Layer.trainable doesn't have any effect unless
you follow it up with recompiling the model ... Confirmed that make_trainable(discriminator,
False) does not actually freeze the weights" (the discriminator's predictions change after
`train_on_batch`). keras-team/keras#6405: the trainable weights are collected once in
`compile`; fchollet: "This is intended: you always need to compile your model if you make
any changes to it ... any further changes will not be taken into account by the
forward/backward functions until compile is called again." The Keras FAQ quoted on
jacobgil/keras-dcgan#10: "you can set the trainable property of a layer to True or False
after instantiation. For this to take effect, you will need to call compile() on your model
after modifying the trainable property."

Variants: the GAN sequence (compile, train, make_trainable(False), train again); the same
with the recompile the sources prescribe; and the change made after compile but before the
first training step (what the FAQ's rule also covers). Effect `frozen_weights_unchanged`: the
weights of the layers made non-trainable are the same after the last training step.
"""

CASE = {
    "title": "layer.trainable = False after compile(): are the layers frozen?",
    "source": {"kind": "known",
               "refs": ["https://github.com/osh/KerasGAN/issues/10",
                        "https://github.com/keras-team/keras/issues/6405",
                        "https://www.github.com/jacobgil/keras-dcgan/issues/10",
                        "https://github.com/keras-team/keras/issues/7965"],
               "title": "make_trainable() does not freeze weights",
               "frequency": {"reports": 12,
                             "reactions": 5,
                             "as_of": "2026-12-06",
                             "how": "issues search 'setting layer.trainable = False after compile has no "
                                    "effect GAN discriminator must recompile': 12 threads (keras#6405 "
                                    "#4674 #7965 #8585, KerasGAN #1 #10, Keras-GAN #22 #73 #91, "
                                    "keras-dcgan #10 #19, Keras-MNIST-GAN#2), 5 'same question' comments"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "make_trainable_after_training": {
            "role": "broken",
            "title": "compile, train_on_batch, make_trainable(discriminator, False), train_on_batch",
            "effects": ["frozen_weights_unchanged"],
            "claim": {"text": "make_trainable(discriminator, False) without recompiling does not "
                              "freeze the weights: train_on_batch still changes them",
                      "versions": "Keras 1.2 / 2.0 (2017)",
                      "expect": {"outcome": "silent_failure",
                                 "effects": {"frozen_weights_unchanged": "no"}}},
        },
        "make_trainable_then_recompile": {
            "role": "fix",
            "title": "the same, with discriminator.compile(...) after make_trainable(False)",
            "effects": ["frozen_weights_unchanged"],
            "claim": {"text": "after compiling again the change is taken into account: the weights "
                              "stay frozen",
                      "expect": {"outcome": "ok", "effects": {"frozen_weights_unchanged": "yes"}}},
        },
        "make_trainable_before_first_step": {
            "role": "root_cause",
            "title": "compile, make_trainable(False), then the first train_on_batch",
            "effects": ["frozen_weights_unchanged"],
            "claim": {"text": "for a trainable change to take effect you need to call compile() "
                              "after modifying the trainable property",
                      "versions": "Keras FAQ (keras.io/getting-started/faq, Keras 2)",
                      "expect": {"outcome": "silent_failure",
                                 "effects": {"frozen_weights_unchanged": "no"}}},
        },
    },
}


def make_trainable(net, val):
    net.trainable = val
    for l in net.layers:
        l.trainable = val


def _discriminator(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input((4,))
    hidden = keras.layers.Dense(8, activation="relu")(inputs)
    outputs = keras.layers.Dense(2, activation="softmax")(hidden)
    discriminator = keras.models.Model(inputs, outputs)
    _compile(ctx, discriminator)
    return discriminator


def _compile(ctx, model):
    model.compile(loss="categorical_crossentropy", optimizer=ctx.keras.optimizers.SGD(0.5))


def _batch():
    import numpy as np
    rng = np.random.RandomState(0)
    X = rng.rand(8, 4).astype("float32")
    y = np.eye(2, dtype="float32")[rng.randint(0, 2, size=8)]
    return X, y


def _train_frozen_step(ctx, discriminator, X, y):
    import numpy as np
    before = [w.copy() for w in discriminator.get_weights()]
    discriminator.train_on_batch(X, y)
    after = discriminator.get_weights()
    ctx.observe("trainable_weights_listed", len(discriminator.trainable_weights))
    ctx.effect("frozen_weights_unchanged", all(np.allclose(b, a) for b, a in zip(before, after)))


def make_trainable_after_training(ctx):
    discriminator = _discriminator(ctx)
    X, y = _batch()
    discriminator.train_on_batch(X, y)
    with ctx.subject("make_trainable(False) + train_on_batch"):
        make_trainable(discriminator, False)
        _train_frozen_step(ctx, discriminator, X, y)


def make_trainable_then_recompile(ctx):
    discriminator = _discriminator(ctx)
    X, y = _batch()
    discriminator.train_on_batch(X, y)
    with ctx.subject("make_trainable(False) + compile + train_on_batch"):
        make_trainable(discriminator, False)
        _compile(ctx, discriminator)
        _train_frozen_step(ctx, discriminator, X, y)


def make_trainable_before_first_step(ctx):
    discriminator = _discriminator(ctx)
    X, y = _batch()
    with ctx.subject("make_trainable(False) + first train_on_batch"):
        make_trainable(discriminator, False)
        _train_frozen_step(ctx, discriminator, X, y)
