"""Known root cause: ops that drop the gradient, under tf.GradientTape.

The TensorFlow autodiff guide ("Cases where gradient returns None") lists taking
gradients through an integer (argmax, an integer cast), doing part of the
calculation outside TensorFlow (a NumPy round trip), and tf.stop_gradient, whose
documented purpose is to block the gradient. Each variant differentiates
sum(f(x @ w)) + sum(x @ v): `w` goes through the op, `v` bypasses it, so the record
shows which variable loses its gradient (both must receive one). The `control`
variant is the same computation without the dropping op.
"""

CASE = {
    "title": "argmax, integer cast, NumPy round trip, stop_gradient under GradientTape",
    "source": {"kind": "known",
               "refs": ["https://www.tensorflow.org/guide/autodiff#cases_where_gradient_returns_none",
                        "https://www.tensorflow.org/api_docs/python/tf/stop_gradient",
                        "https://github.com/tensorflow/tensorflow/issues/2177"],
               "frequency": {"reports": 5,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'gradient is None GradientTape argmax cast int' and "
                                    "'GradientTape gradients None because numpy() conversion inside "
                                    "tape': 5 threads (tensorflow#15278 #2177 argmax, #36596 #31919 "
                                    "#39858 NumPy round trip); unwatched-constant and unrelated-variable "
                                    "threads not counted"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "argmax": {
            "role": "root_cause", "grads": ["w", "v"],
            "title": "loss = sum(cast(argmax(x @ w), float32))",
            "claim": {"text": "argmax has no gradient: the gradient with respect to w is None",
                      "versions": "TF 2.x (autodiff guide: gradients through an integer)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "grad_dropped", "grads": {"w": "none", "v": "ok"}}},
        },
        "integer_cast": {
            "role": "root_cause", "grads": ["w", "v"],
            "title": "loss = sum(cast(cast(x @ w, int32), float32))",
            "claim": {"text": "integers are not differentiable: the gradient through an integer cast is None",
                      "versions": "TF 2.x (autodiff guide: gradients through an integer)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "grad_dropped", "grads": {"w": "none", "v": "ok"}}},
        },
        "numpy_round_trip": {
            "role": "root_cause", "grads": ["w", "v"],
            "title": "loss = sum(tf.constant(numpy value of x @ w))",
            "claim": {"text": "the tape cannot record a calculation that leaves TensorFlow: gradient None",
                      "versions": "TF 2.x (autodiff guide: calculations outside TensorFlow)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "grad_dropped", "grads": {"w": "none", "v": "ok"}}},
        },
        "stop_gradient": {
            "role": "root_cause", "grads": ["w", "v"],
            "title": "loss = sum(stop_gradient(x @ w))",
            "claim": {"text": "tf.stop_gradient prevents its inputs from being taken into account "
                              "for the gradient: None",
                      "versions": "tf.stop_gradient API docs",
                      "expect": {"outcome": "grad_dropped", "grads": {"w": "none", "v": "ok"}}},
        },
        "control": {
            "role": "fix", "grads": ["w", "v"],
            "title": "loss = sum(x @ w): the same computation without a dropping op",
            "claim": {"text": "a float computation recorded by the tape has gradients",
                      "expect": {"outcome": "ok", "grads": {"w": "ok", "v": "ok"}}},
        },
    },
}


def _variable(ctx, initial):
    tf = ctx.tf
    if ctx.eager:
        return tf.Variable(initial)
    # TF1 graph mode: GradientTape needs a resource variable, initialised in the
    # session ctx.evaluate / ctx.grad run in (Keras's).
    variable = tf.compat.v1.Variable(initial, use_resource=True)
    ctx.keras.backend.get_session().run(variable.initializer)
    return variable


def _tape_gradient(ctx, transform):
    """Gradients of sum(transform(x @ w)) + sum(x @ v), recorded as 'w' and 'v'."""
    import numpy as np
    tf = ctx.tf
    x = tf.constant(np.arange(6, dtype="float32").reshape(2, 3) / 6.0)
    w = _variable(ctx, np.ones((3, 2), dtype="float32"))
    v = _variable(ctx, np.ones((3, 1), dtype="float32"))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(transform(tf.matmul(x, w))) + tf.reduce_sum(tf.matmul(x, v))
    grad_w, grad_v = tape.gradient(loss, [w, v])
    ctx.grad("w", grad_w)
    ctx.grad("v", grad_v)


def argmax(ctx):
    tf = ctx.tf
    _tape_gradient(ctx, lambda t: tf.cast(tf.argmax(t, axis=1), tf.float32))


def integer_cast(ctx):
    tf = ctx.tf
    _tape_gradient(ctx, lambda t: tf.cast(tf.cast(t * 10.0, tf.int32), tf.float32))


def numpy_round_trip(ctx):
    tf = ctx.tf
    # ctx.evaluate is .numpy() in eager mode and a session run in TF1 graph mode.
    _tape_gradient(ctx, lambda t: tf.constant(ctx.evaluate(t)))


def stop_gradient(ctx):
    tf = ctx.tf
    _tape_gradient(ctx, tf.stop_gradient)


def control(ctx):
    _tape_gradient(ctx, lambda t: t)
