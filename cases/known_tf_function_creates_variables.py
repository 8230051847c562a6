"""Known root cause: a Keras optimizer created inside a `@tf.function` training step (or
`Optimizer(...).minimize(...)` inside one). The optimizer creates its slot / iteration
variables while the function is traced; tf.function only allows variable creation on its
first trace, so the step fails with "ValueError: tf.function-decorated function tried to
create variables on non-first call."

tensorflow#27120 (TF 2.0 alpha/nightly): "I tried to create new optimizer instance in every
training step: `@tf.function def train_one_step(model,x1,x2,target): optim =
optimizers.Adam(0.001) ... optim.apply_gradients(...)`" and gets that ValueError.
tensorflow#42183 (TF 2.3): `@tf.function def run(): tf.keras.optimizers.Adam(0.5).minimize(loss,
var_list=[y_N])` raises it ("after calling `minimize` function, it will create an `iter`
variable"). tensorflow#34983 (TF 2.0, many "same here" comments): "I fix this problem by adding
`tf.config.experimental_run_functions_eagerly(True)`" - "Tested v2.1 and fixes the issue" -
"This is equivalent to remove the `tf.function` decorator"; the other answer there: create the
optimizer once, outside the function. tensorflow#40381, #33576, #48878 and
ageron/handson-ml2#440 show the same ValueError.

Model: Input(3) -> Dense(1), mean squared error, two training steps. Effect `kernel_updated`.
"""

CASE = {
    "title": "Keras optimizer created inside a @tf.function train step: tried to create variables on non-first call",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/27120",
                        "https://github.com/tensorflow/tensorflow/issues/42183",
                        "https://github.com/tensorflow/tensorflow/issues/34983",
                        "https://github.com/tensorflow/tensorflow/issues/40381",
                        "https://github.com/ageron/handson-ml2/issues/440"],
               "title": "ValueError: tf.function-decorated function tried to create variables on non-first call",
               "frequency": {"reports": 9, "as_of": "2026-12-06",
                             "how": "issues searches 'tf.function-decorated function tried to create "
                                    "variables on non-first call' (two phrasings): tensorflow#27120, "
                                    "#33576, #34983, #40229, #40381, #42183, #48878, handson-ml2#440, "
                                    "scrabble-gan#2"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "optimizer_inside_train_step_as_written": {
            "role": "broken",
            "title": "tensorflow#27120: @tf.function train_one_step creates optim = Adam(0.001) and applies "
                     "the gradients; two steps",
            "effects": ["kernel_updated"],
            "claim": {"text": "ValueError: tf.function-decorated function tried to create variables on "
                              "non-first call.",
                      "versions": "TF 2.0 alpha / nightly (tensorflow#27120)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "ValueError",
                                 "message": "tried to create variables on non-first call"}},
        },
        "adam_minimize_in_tf_function": {
            "role": "broken",
            "title": "tensorflow#42183: @tf.function def run(): tf.keras.optimizers.Adam(0.5).minimize(loss, "
                     "var_list=[y_N])",
            "effects": ["kernel_updated"],
            "claim": {"text": "ValueError: tf.function-decorated function tried to create variables on "
                              "non-first call.",
                      "versions": "TF 2.3 (tensorflow#42183, reproduced on 2.4 nightly)",
                      "scope": {"tf": ">=2.3"},
                      "expect": {"error_type": "ValueError",
                                 "message": "tried to create variables on non-first call"}},
        },
        "run_functions_eagerly": {
            "role": "fix",
            "title": "tensorflow#34983: tf.config.experimental_run_functions_eagerly(True), then the same "
                     "train_one_step",
            "effects": ["kernel_updated"],
            "claim": {"text": "adding tf.config.experimental_run_functions_eagerly(True) fixes it "
                              "(equivalent to removing the tf.function decorator)",
                      "versions": "TF 2.0 / 2.1 (tensorflow#34983)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "effects": {"kernel_updated": "yes"}}},
        },
        "optimizer_outside": {
            "role": "fix",
            "title": "the optimizer created once outside the @tf.function step; two steps",
            "effects": ["kernel_updated"],
            "claim": {"text": "create the optimizer outside the tf.function instead of in every step",
                      "versions": "TF 2.x (tensorflow#34983, #27120 answers)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "effects": {"kernel_updated": "yes"}}},
        },
    },
}


def _setup(ctx):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras
    if not ctx.eager:
        ctx.skip("a TF 2 @tf.function training step; this TensorFlow runs graph mode")
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])
    rng = np.random.RandomState(0)
    x = tf.constant(rng.rand(4, 3).astype("float32"))
    target = tf.constant(rng.rand(4, 1).astype("float32"))
    return model, x, target


def _steps(ctx, model, step, x, target):
    import numpy as np
    before = ctx.evaluate(model.trainable_variables[0]).copy()
    for _ in range(2):
        step(model, x, target)
    ctx.effect("kernel_updated", not np.allclose(before, ctx.evaluate(model.trainable_variables[0])))


def _train_one_step_creating_optimizer(ctx):
    tf, keras = ctx.tf, ctx.keras
    optimizers = keras.optimizers

    @tf.function
    def train_one_step(model, x, target):
        optim = optimizers.Adam(0.001)
        with tf.GradientTape() as tape:
            y = model(x)
            loss = tf.reduce_mean(tf.square(y - target))
        grad = tape.gradient(loss, model.trainable_variables)
        optim.apply_gradients(zip(grad, model.trainable_variables))
        return loss

    return train_one_step


def optimizer_inside_train_step_as_written(ctx):
    model, x, target = _setup(ctx)
    train_one_step = _train_one_step_creating_optimizer(ctx)
    with ctx.subject("train_one_step x2"):
        _steps(ctx, model, train_one_step, x, target)


def adam_minimize_in_tf_function(ctx):
    import numpy as np
    tf = ctx.tf
    if not ctx.eager:
        ctx.skip("a TF 2 @tf.function; this TensorFlow runs graph mode")
    y_N = tf.Variable([1., 2., 3.], name="dd")

    @tf.function
    def loss():
        return -tf.reduce_mean(input_tensor=tf.reduce_sum(input_tensor=tf.math.log(y_N), axis=0))

    @tf.function
    def run():
        tf.keras.optimizers.Adam(0.5).minimize(loss, var_list=[y_N])

    before = ctx.evaluate(y_N).copy()
    with ctx.subject("run()"):
        run()
    ctx.effect("kernel_updated", not np.allclose(before, ctx.evaluate(y_N)))


def run_functions_eagerly(ctx):
    tf = ctx.tf
    switch = getattr(tf.config, "experimental_run_functions_eagerly", None)
    if switch is None:
        ctx.skip("this TensorFlow has no tf.config.experimental_run_functions_eagerly")
    model, x, target = _setup(ctx)
    train_one_step = _train_one_step_creating_optimizer(ctx)
    with ctx.subject("run eagerly + train_one_step x2"):
        switch(True)
        _steps(ctx, model, train_one_step, x, target)


def optimizer_outside(ctx):
    tf, keras = ctx.tf, ctx.keras
    model, x, target = _setup(ctx)
    optim = keras.optimizers.Adam(0.001)

    @tf.function
    def train_one_step(model, x, target):
        with tf.GradientTape() as tape:
            y = model(x)
            loss = tf.reduce_mean(tf.square(y - target))
        grad = tape.gradient(loss, model.trainable_variables)
        optim.apply_gradients(zip(grad, model.trainable_variables))
        return loss

    with ctx.subject("train_one_step x2"):
        _steps(ctx, model, train_one_step, x, target)
