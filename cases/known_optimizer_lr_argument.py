"""Known reports: an optimizer built with the old `lr=` keyword instead of `learning_rate=`
(`keras.optimizers.Adam(lr=0.001)`, copied from Keras 2.2 era tutorials and libraries).

What users see depends on the version. Keras 3 rejects it: "ValueError: Argument(s) not
recognized: {'lr': 0.001}" (KarchinLab/mhcnuggets#40, GantMan/nsfw_model#164, google/eng-edu#106
for RMSprop; the fix in each is `learning_rate=`). With the Keras 2 optimizers of TF 2.1-2.10 it
only warns "UserWarning: The `lr` argument is deprecated, use `learning_rate` instead."
(googlecodelabs/feedback#1019, aladdinpersson/Machine-Learning-Collection#84) and the rate is
used. keras-team/keras#19025 (January 2024, TF 2.15 era) reports that `Adam(lr=1e-5)` and
`Adam(learning_rate=1e-5)` train to different losses: with `lr=` the new (TF 2.11+) optimizer
ignores the value; the maintainer answers that Keras 3 raises instead. And the reverse break:
`learning_rate=` itself only exists from Keras 2.3.0 (fchollet in keras-team/keras#13319).

Each variant builds a tiny model, compiles it with the optimizer, fits one step and records
`lr_applied`: whether the optimizer's learning rate is the 0.5 the code asked for. The three
broken variants run the same code; they carry the claim of each source for its versions.
"""

CASE = {
    "title": "Adam(lr=...) instead of learning_rate=: used, silently ignored or rejected, by version",
    "source": {"kind": "known",
               "refs": ["https://github.com/KarchinLab/mhcnuggets/pull/40",
                        "https://github.com/GantMan/nsfw_model/issues/164",
                        "https://github.com/keras-team/keras/issues/19025",
                        "https://github.com/googlecodelabs/feedback/issues/1019",
                        "https://github.com/aladdinpersson/Machine-Learning-Collection/issues/84",
                        "https://github.com/google/eng-edu/pull/106",
                        "https://github.com/keras-team/keras/pull/13319"],
               "title": "ValueError: Argument(s) not recognized: {'lr': 0.001}",
               "frequency": {"reports": 9,
                             "as_of": "2026-12-06",
                             "how": "issues search 'Argument(s) not recognized lr' and 'lr argument is "
                                    "deprecated': 4 Keras 3 errors/fix PRs, 2 deprecation-warning threads, "
                                    "1 silently-ignored report (keras#19025), 1 reverse break (keras#13319), "
                                    "1 Q&A page; held-out threads and their copies not counted"}},
    "variants": {
        "adam_lr_keras3": {
            "role": "broken",
            "title": "Adam(lr=0.5); compile; fit one step",
            "effects": ["lr_applied"],
            "claim": {"text": "ValueError: Argument(s) not recognized: {'lr': ...}",
                      "versions": "keras 3.x (mhcnuggets#40 2025, nsfw_model#164 2024)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError",
                                 "message": r"Argument\(s\) not recognized: \{'lr'"}},
        },
        "adam_lr_new_optimizer": {
            "role": "broken",
            "title": "the same code, under the Keras 2 'new' optimizers (TF 2.11+)",
            "effects": ["lr_applied"],
            "claim": {"text": "lr= is accepted but the learning rate is not the one given: training "
                              "differs from learning_rate= (Keras 3 raises instead)",
                      "versions": "TF/Keras installed January 2024 (keras#19025)",
                      "scope": {"tf": ">=2.11", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "silent_failure", "effects": {"lr_applied": "no"}}},
        },
        "adam_lr_optimizer_v2": {
            "role": "broken",
            "title": "the same code, under the Keras 2 optimizer_v2 optimizers (TF 2.x before 2.11)",
            "effects": ["lr_applied"],
            "claim": {"text": "UserWarning: The `lr` argument is deprecated, use `learning_rate` "
                              "instead (a warning: the rate is used)",
                      "versions": "keras/optimizer_v2 in TF 2.6-2.7 (googlecodelabs#1019, aladdinpersson#84)",
                      "scope": {"tf": ">=2.0,<2.11", "flavour": "tf.keras"},
                      "expect": {"outcome": "ok", "effects": {"lr_applied": "yes"}}},
        },
        "adam_learning_rate": {
            "role": "fix",
            "title": "Adam(learning_rate=0.5); compile; fit one step",
            "effects": ["lr_applied"],
            "claim": {"text": "use learning_rate= instead of lr= (the argument is named learning_rate "
                              "from Keras 2.3.0 on)",
                      "versions": "Keras 3 (mhcnuggets#40), Keras >= 2.3.0 (keras#13319)",
                      "scope": {"flavour": ["tf.keras", "tf_keras", "keras3"]},
                      "expect": {"outcome": "ok", "effects": {"lr_applied": "yes"}}},
        },
    },
}

WANTED_LR = 0.5


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
    lr = _learning_rate(ctx, optimizer)
    ctx.observe("learning_rate", lr)
    ctx.effect("lr_applied", lr is not None and abs(lr - WANTED_LR) < 1e-6)


def _learning_rate(ctx, optimizer):
    """The optimizer's learning rate as a float (learning_rate, or lr in Keras <= 2.2).

    Read with ctx.evaluate, else with the backend's get_value (Keras 2.3 on TF 1.x keeps it in
    a resource variable whose .numpy() only works eagerly)."""
    readers = [ctx.evaluate, getattr(ctx.keras.backend, "get_value", None)]
    for name in ("learning_rate", "lr"):
        value = getattr(optimizer, name, None)
        if value is None:
            continue
        for read in readers:
            if read is None:
                continue
            try:
                return float(read(value))
            except Exception:
                continue
    return None


def adam_lr_keras3(ctx):
    _fit_with(ctx, lambda keras: keras.optimizers.Adam(lr=WANTED_LR))


def adam_lr_new_optimizer(ctx):
    _fit_with(ctx, lambda keras: keras.optimizers.Adam(lr=WANTED_LR))


def adam_lr_optimizer_v2(ctx):
    _fit_with(ctx, lambda keras: keras.optimizers.Adam(lr=WANTED_LR))


def adam_learning_rate(ctx):
    _fit_with(ctx, lambda keras: keras.optimizers.Adam(learning_rate=WANTED_LR))
