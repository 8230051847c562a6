"""Known root cause: Keras 3 model variables are Keras `Variable` objects (KerasVariable), not
`tf.Variable`; `tf.GradientTape.watch(model.trainable_variables)`, a line carried over from
Keras 2 custom training loops, refuses them.

keras-team/keras#19155 (TensorFlow 2.15, Keras 3.0): "Incompatibility in
'tf.GradientTape.watch' ... I want the 'tape' of TensorFlow to only watch some specific
variables. However, I obtain an incompatibility error." keras-team/keras#20274 (TF 2.17, Keras
3.4.1): "I read the issue 19155, but still have problem": `tape.watch(model.trainable_variables.value)
###added .value from issue 19155` gives "AttributeError: 'list' object has no attribute 'value'"
inside the `tf.function` train step. spdj2271/DEKM#9 (2025): "tape.watch() is being given a
Variable object that it cannot process correctly ... I removed the line
tape.watch(model.trainable_variables). The code ran successfully. Did I do the right thing?";
the maintainer: "Yes, you can remove that line" (trainable variables are watched
automatically). The `.value` of each Keras variable is the backend (tf) variable the tape can
watch.

Model: Input(3) -> Dense(4, tanh) -> Dense(1); loss = mean squared error. Gradient
recorded: `kernel` (it must be there).
"""

CASE = {
    "title": "tape.watch(model.trainable_variables) with Keras 3 KerasVariables",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/19155",
                        "https://github.com/keras-team/keras/issues/20274",
                        "https://github.com/spdj2271/DEKM/issues/9"],
               "title": "Incompatibility in 'tf.GradientTape.watch' of TensorFlow 2.15 in Keras 3.0",
               "frequency": {"reports": 3, "as_of": "2026-12-06",
                             "how": "issues searches 'tape.watch KerasVariable', 'tf.GradientTape.watch "
                                    "Keras 3 trainable_variables', 'Passed in object KerasVariable not "
                                    "tf.Tensor or tf.Variable': keras#19155, #20274, DEKM#9 (a held-out "
                                    "report of the same cause not counted)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "watch_trainable_variables_as_written": {
            "role": "broken",
            "title": "with tf.GradientTape() as tape: tape.watch(model.trainable_variables); loss; "
                     "tape.gradient(loss, model.trainable_variables)",
            "grads": ["kernel"],
            "claim": {"text": "tf.GradientTape.watch raises an incompatibility error on Keras 3 "
                              "model variables",
                      "versions": "TensorFlow 2.15 + Keras 3.0 (keras#19155); DEKM#9 (2025)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "error"}},
        },
        "watch_list_value": {
            "role": "broken",
            "title": "keras#20274: tape.watch(model.trainable_variables.value) in a tf.function train step",
            "grads": ["kernel"],
            "claim": {"text": "AttributeError: 'list' object has no attribute 'value'",
                      "versions": "TF 2.17, Keras 3.4.1 (keras#20274)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "'list' object has no attribute 'value'"}},
        },
        "watch_each_value": {
            "role": "fix",
            "title": "tape.watch([v.value for v in model.trainable_variables]): the backend variables",
            "grads": ["kernel"],
            "claim": {"text": "watch the variables' .value (the tf.Variable behind each Keras variable)",
                      "versions": "Keras 3 (the .value advice quoted from keras#19155 in keras#20274)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "grads": {"kernel": "ok"}}},
        },
        "no_watch": {
            "role": "fix",
            "title": "the same loop without tape.watch: trainable variables are watched automatically",
            "grads": ["kernel"],
            "claim": {"text": "you can remove the tape.watch(model.trainable_variables) line; the code "
                              "runs",
                      "versions": "DEKM#9 (2025, Keras 3)",
                      "expect": {"outcome": "ok", "grads": {"kernel": "ok"}}},
        },
    },
}


def _setup(ctx):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras
    if not ctx.eager:
        ctx.skip("eager GradientTape code; this TensorFlow runs graph mode")
    inputs = keras.layers.Input((3,))
    hidden = keras.layers.Dense(4, activation="tanh")(inputs)
    outputs = keras.layers.Dense(1)(hidden)
    model = keras.models.Model(inputs, outputs)
    rng = np.random.RandomState(0)
    X_train = tf.constant(rng.rand(4, 3).astype("float32"))
    data_train = tf.constant(rng.rand(4, 1).astype("float32"))

    def compute_loss(model, X_train, data_train):
        return tf.reduce_mean(tf.square(model(X_train) - data_train))

    return model, X_train, data_train, compute_loss


def watch_trainable_variables_as_written(ctx):
    tf = ctx.tf
    model, X_train, data_train, compute_loss = _setup(ctx)
    with ctx.subject("tape.watch + tape.gradient"):
        with tf.GradientTape() as tape:
            tape.watch(model.trainable_variables)
            loss = compute_loss(model, X_train, data_train)
        g = tape.gradient(loss, model.trainable_variables)
        ctx.grad("kernel", g[0])


def watch_list_value(ctx):
    tf = ctx.tf
    model, X_train, data_train, compute_loss = _setup(ctx)

    def get_grad(model, X_train, data_train):
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(model.trainable_variables.value)  ###added .value from issue 19155
            loss = compute_loss(model, X_train, data_train)
        g = tape.gradient(loss, model.trainable_variables)
        del tape
        return loss, g

    @tf.function
    def train_step(model, X_train, data_train):
        loss, grad_theta = get_grad(model, X_train, data_train)
        return loss, grad_theta

    with ctx.subject("train_step"):
        loss, grad_theta = train_step(model, X_train, data_train)
        ctx.grad("kernel", grad_theta[0])


def watch_each_value(ctx):
    tf = ctx.tf
    model, X_train, data_train, compute_loss = _setup(ctx)
    with ctx.subject("tape.watch(v.value) + tape.gradient"):
        with tf.GradientTape() as tape:
            # Keras 3: v.value is the tf.Variable behind the Keras variable; in Keras 2 the
            # variable already is a tf.Variable (whose .value is a method).
            backend_variables = [v.value if ctx.keras_major == 3 else v for v in model.trainable_variables]
            tape.watch(backend_variables)
            loss = compute_loss(model, X_train, data_train)
        g = tape.gradient(loss, model.trainable_variables)
        ctx.grad("kernel", g[0])


def no_watch(ctx):
    tf = ctx.tf
    model, X_train, data_train, compute_loss = _setup(ctx)
    with ctx.subject("tape.gradient"):
        with tf.GradientTape() as tape:
            loss = compute_loss(model, X_train, data_train)
        g = tape.gradient(loss, model.trainable_variables)
        ctx.grad("kernel", g[0])
