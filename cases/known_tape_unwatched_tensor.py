"""Known root cause: `tape.gradient` with respect to something the tape never watched - a
plain tensor (tf.constant / tf.zeros / a converted NumPy input), or a tf.Variable that was
replaced by a tensor (`x = x + 1`) - silently returns None.

tensorflow#29942 (TF 1.14 / 2.0 nightly): "`tf.GradientTape.gradient` returns `None` when
`sources` is a tensor (not a variable)". fchollet/deep-learning-with-python-notebooks#284:
the chapter 2 example initialises `x` with `tf.zeros()`, "a Tensor that is not automatically
watched by `GradientTape`. As a result, the gradient computation returns `NoneType`", fixed
by watching it "explicitly", or by `tf.Variable(0.0)`, "automatically tracked".
tensorflow#50661 (TF 2.4): "`tf.Variable`s are automatically watched by `GradientTape`, but
tensors are not. You must \"watch\" them, or use `tf.Variable`s instead"; tensorflow#40652
(TF 2.2) and tensorflow#56968 (TF 2.7) get the same answer (`tape.watch(...)`). The
TensorFlow autodiff guide ("Cases where gradient returns None") lists the other form:
"Replaced a variable with a tensor": in a loop, `x = x + 1` turns the variable into a tensor,
so the next step's gradient is None; `x.assign_add(1)` keeps the variable.

Every variant differentiates a small function of `x` and records the gradient `x` (it must be
there); the loop variants record `x_step0` and `x_step1`.
"""

CASE = {
    "title": "tape.gradient w.r.t. an unwatched tensor, or a variable replaced by a tensor: None",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/29942",
                        "https://github.com/fchollet/deep-learning-with-python-notebooks/pull/284",
                        "https://github.com/tensorflow/tensorflow/issues/50661",
                        "https://github.com/tensorflow/tensorflow/issues/40652",
                        "https://github.com/tensorflow/tensorflow/issues/56968",
                        "https://www.tensorflow.org/guide/autodiff#cases_where_gradient_returns_none"],
               "title": "tf.GradientTape.gradient returns None when sources is a tensor (not a variable)",
               "frequency": {"reports": 6, "as_of": "2026-12-06",
                             "how": "issues + pages searches 'tape.gradient returns None tensor not "
                                    "variable', 'gradient with respect to input None tape.watch': "
                                    "tensorflow#29942, #40652, #50661, #56968, "
                                    "deep-learning-with-python-notebooks#284 and one Q&A thread "
                                    "(gradients w.r.t. the input); guides and tutorials not counted"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "constant_not_watched": {
            "role": "broken",
            "title": "x = tf.zeros((2, 2)); with tape: y = sum(2x + 3)^2; tape.gradient(y, x)",
            "grads": ["x"],
            "claim": {"text": "tf.GradientTape.gradient returns None when sources is a tensor (not a "
                              "variable): the tensor is not automatically watched",
                      "versions": "TF 1.14 / 2.0 nightly (tensorflow#29942); 'TensorFlow 2.x' "
                                  "(deep-learning-with-python-notebooks#284)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "grad_dropped", "grads": {"x": "none"}}},
        },
        "tape_watch": {
            "role": "fix",
            "title": "the same with tape.watch(x) first in the tape",
            "grads": ["x"],
            "claim": {"text": "watch the tensor explicitly (tape.watch(x)) and the gradient is computed",
                      "versions": "TF 2.x (tensorflow#50661, #40652, #56968)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "grads": {"x": "ok"}}},
        },
        "tf_variable": {
            "role": "fix",
            "title": "x = tf.Variable(tf.zeros((2, 2))): watched automatically",
            "grads": ["x"],
            "claim": {"text": "a tf.Variable is automatically watched by GradientTape",
                      "versions": "TF 2.x (deep-learning-with-python-notebooks#284, tensorflow#50661)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "grads": {"x": "ok"}}},
        },
        "variable_replaced_by_tensor": {
            "role": "root_cause",
            "title": "the autodiff guide's loop: x = tf.Variable(2.0); two steps of y = x + 1 with "
                     "`x = x + 1` between them",
            "grads": ["x_step0", "x_step1"],
            "claim": {"text": "x = x + 1 replaces the variable by a tensor: the next gradient is None "
                              "(should be x.assign_add(1))",
                      "versions": "TensorFlow autodiff guide (TF 2)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "grad_dropped",
                                 "grads": {"x_step0": "ok", "x_step1": "none"}}},
        },
        "assign_add": {
            "role": "fix",
            "title": "the same loop with x.assign_add(1)",
            "grads": ["x_step0", "x_step1"],
            "claim": {"text": "x.assign_add(1) keeps x a variable: both steps have a gradient",
                      "versions": "TensorFlow autodiff guide (TF 2)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "grads": {"x_step0": "ok", "x_step1": "ok"}}},
        },
    },
}


def _eager(ctx):
    if not ctx.eager:
        ctx.skip("the sources' code is TF 2 eager GradientTape code; this TensorFlow runs graph mode")


def _grad_of(ctx, x, watch):
    tf = ctx.tf
    with ctx.subject("tape.gradient"):
        with tf.GradientTape() as tape:
            if watch:
                tape.watch(x)
            y = tf.reduce_sum(2.0 * x + 3.0) ** 2
        ctx.grad("x", tape.gradient(y, x))


def constant_not_watched(ctx):
    _eager(ctx)
    tf = ctx.tf
    x = tf.zeros((2, 2))
    _grad_of(ctx, x, watch=False)


def tape_watch(ctx):
    _eager(ctx)
    tf = ctx.tf
    x = tf.zeros((2, 2))
    _grad_of(ctx, x, watch=True)


def tf_variable(ctx):
    _eager(ctx)
    tf = ctx.tf
    x = tf.Variable(tf.zeros((2, 2)))
    _grad_of(ctx, x, watch=False)


def variable_replaced_by_tensor(ctx):
    _eager(ctx)
    tf = ctx.tf
    x = tf.Variable(2.0)
    with ctx.subject("loop of tape.gradient"):
        for epoch in range(2):
            with tf.GradientTape() as tape:
                y = x + 1
            ctx.grad("x_step%d" % epoch, tape.gradient(y, x))
            x = x + 1   # This should be `x.assign_add(1)`


def assign_add(ctx):
    _eager(ctx)
    tf = ctx.tf
    x = tf.Variable(2.0)
    with ctx.subject("loop of tape.gradient"):
        for epoch in range(2):
            with tf.GradientTape() as tape:
                y = x + 1
            ctx.grad("x_step%d" % epoch, tape.gradient(y, x))
            x.assign_add(1)
