"""Known root cause: Monte Carlo dropout / intermediate outputs through
`K.function([model.input, K.learning_phase()], [...])` and `learning_phase_scope`.

The Keras 2 FAQ ("How can I obtain the output of an intermediate layer?") says a model
that behaves differently in training and testing (Dropout) needs the learning phase
flag as an input: `K.function([model.layers[0].input, K.learning_phase()],
[model.layers[3].output])`, called with `[x, 1]` for training mode (fchollet's answer
in keras-team/keras#2430; keras-team/keras#5025). MC-dropout code calls it with
phase 1 to sample predictions. ageron/handson-ml#527 reports the book's
`with keras.backend.learning_phase_scope(1):` failing with "AttributeError: module
'keras.backend' has no attribute 'learning_phase_scope'". keras-team/keras-contrib#122
(gabrieldemarmiesse) gives the modern way: call the Dropout layer with
`training=True`: `Dropout(0.5)(x, training=True)`. `dropout_active` records whether two
calls in training mode gave different outputs (dropout really applied); for the book's
`learning_phase_scope(1)` it is a required effect (tf.keras variant: a scope that runs
but leaves dropout off is a silent failure).
"""

CASE = {
    "title": "K.function with K.learning_phase() for MC dropout, and its training=True replacement",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/2430",
                        "https://github.com/keras-team/keras/issues/5025",
                        "https://github.com/ageron/handson-ml/issues/527",
                        "https://github.com/keras-team/keras-contrib/pull/122"],
               "title": "K.function([model.input, K.learning_phase()], ...) for dropout at test time",
               "frequency": {"reports": 9,
                             "reactions": 2,
                             "as_of": "2026-12-06",
                             "how": "issues search \"module 'keras.backend' has no attribute "
                                    "'learning_phase_scope' MC dropout K.function learning_phase\": 9 "
                                    "threads (handson-ml#527, keras#2430 #431 #5025 #8907, "
                                    "tensorflow#34201 #35088 #42014, keras-rl#150), 2 'same problem' "
                                    "comments"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "k_function_learning_phase": {
            "role": "broken",
            "title": "f = K.function([model.input, K.learning_phase()], [model.output]); f([x, 1]) twice",
            "claim": {"text": "pass K.learning_phase() as an input of the function and 1 when calling "
                              "it: dropout is applied",
                      "versions": "Keras 2 FAQ (keras-team/keras#2430, #5025)",
                      "scope": {"flavour": "keras-standalone"},
                      "expect": {"outcome": "ok", "observed": {"dropout_active": True}}},
        },
        "learning_phase_scope": {
            "role": "broken",
            "title": "with K.learning_phase_scope(1): model.predict(x) twice",
            "claim": {"text": "AttributeError: module 'keras.backend' has no attribute "
                              "'learning_phase_scope'",
                      "versions": "standalone keras with the book's TF 2.0 code (ageron/handson-ml#527)",
                      "scope": {"flavour": "keras-standalone"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute 'learning_phase_scope'"}},
        },
        "learning_phase_scope_tf_keras": {
            "role": "root_cause",
            "title": "the book's code: with keras.backend.learning_phase_scope(1): predict twice",
            "effects": ["dropout_active"],
            "claim": {"text": "learning_phase_scope(1) forces training mode: dropout is on during predict",
                      "versions": "Hands-On ML 2nd ed. code for tf.keras / TF 2.0, quoted in "
                                  "ageron/handson-ml#527",
                      "scope": {"flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok", "effects": {"dropout_active": "yes"}}},
        },
        "dropout_training_true": {
            "role": "fix",
            "title": "Dropout(0.5)(hidden, training=True) in the model; predict twice",
            "claim": {"text": "calling with training=True makes dropout behave as in training mode",
                      "versions": "keras-contrib#122 (2018, Keras 2.2)",
                      "expect": {"outcome": "ok", "observed": {"dropout_active": True}}},
        },
    },
}


def _model(ctx, **dropout_call_kwargs):
    keras = ctx.keras
    inputs = keras.layers.Input((16,))
    hidden = keras.layers.Dense(16, activation="relu", kernel_initializer="ones")(inputs)
    dropped = keras.layers.Dropout(0.5)(hidden, **dropout_call_kwargs)
    outputs = keras.layers.Dense(1, kernel_initializer="ones")(dropped)
    return keras.models.Model(inputs, outputs)


def _x():
    import numpy as np
    return np.ones((4, 16), dtype="float32")


def _differ(a, b):
    import numpy as np
    return bool(not np.allclose(np.asarray(a), np.asarray(b)))


def k_function_learning_phase(ctx):
    K = ctx.keras.backend
    model = _model(ctx)
    with ctx.subject("K.function with learning_phase"):
        f = K.function([model.layers[0].input, K.learning_phase()], [model.layers[-1].output])
        first = f([_x(), 1])[0]
        second = f([_x(), 1])[0]
    ctx.observe("dropout_active", _differ(first, second))


def learning_phase_scope(ctx):
    _learning_phase_scope(ctx)


def learning_phase_scope_tf_keras(ctx):
    _learning_phase_scope(ctx)


def _learning_phase_scope(ctx):
    K = ctx.keras.backend
    model = _model(ctx)
    with ctx.subject("learning_phase_scope(1) + predict"):
        with K.learning_phase_scope(1):   # force training mode = dropout on
            first = model.predict(_x())
            second = model.predict(_x())
    ctx.effect("dropout_active", _differ(first, second))


def dropout_training_true(ctx):
    keras = ctx.keras
    with ctx.subject("Dropout(training=True) + predict"):
        model = _model(ctx, training=True)
        first = model.predict(_x())
        second = model.predict(_x())
    ctx.observe("dropout_active", _differ(first, second))
