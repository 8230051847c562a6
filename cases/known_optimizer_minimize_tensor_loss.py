"""Known root cause: TF 1 style `optimizer.minimize(loss_tensor, var_list)` with a Keras
optimizer under TF 2 eager execution. The loss was already computed, so there is nothing left
to differentiate: minimize needs a callable (it computes the loss under its own GradientTape)
or the tape that recorded the loss.

tensorflow#28068 (TF 2.0 alpha): "TypeError: 'Tensor' object is not callable when using
tf.keras.optimizers.Adam, works fine when using tf.compat.v1.train.AdamOptimizer"; comments:
"the loss has to be a callable that takes no inputs and returns the loss". tensorflow#29944
and #37933 (TF 2.0): "'tensorflow.python.framework.ops.EagerTensor' object is not callable".
From TF 2.3 the wording is "ValueError: `tape` is required when a `Tensor` loss is passed."
(tensorflow#42447 TF 2.3, tensorflow#51622 TF 2.5, jadhavhninad/Sparse_autoencoder#3,
lululxvi/deepxde#247). tensorflow#51622 quotes the docs: "Tensor or callable. If a callable,
loss should take no arguments and return the value to minimize. If a Tensor, the tape
argument must be passed." tensorflow/adanet#137: "The minimize function takes the loss as a
callable function without arguments. If your loss is a calculated tensor, then use the
tf.GradientTape() instead" (+ apply_gradients). Wrapping the ready tensor in a lambda is not
enough: whyisyoung/CADE#3 calls `self.optimizer.minimize(loss=lambda: loss, var_list=...)`
and gets "ValueError: No gradients provided for any variable".

The code is tensorflow#51622's linear regression: W, b variables, cost = mean squared error.
Effect `weights_updated`: W changed.
"""

CASE = {
    "title": "optimizer.minimize(loss_tensor) in TF 2: 'Tensor' object is not callable / `tape` is required",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/28068",
                        "https://github.com/tensorflow/tensorflow/issues/37933",
                        "https://github.com/tensorflow/tensorflow/issues/42447",
                        "https://github.com/tensorflow/tensorflow/issues/51622",
                        "https://github.com/tensorflow/adanet/issues/137",
                        "https://github.com/whyisyoung/CADE/issues/3"],
               "title": "TypeError: 'Tensor' object is not callable / ValueError: `tape` is required when "
                        "a `Tensor` loss is passed",
               "frequency": {"reports": 11, "as_of": "2026-12-06",
                             "how": "issues searches \"`tape` is required when a `Tensor` loss is passed\", "
                                    "\"optimizer.minimize 'Tensor' object is not callable\", 'minimize(lambda: "
                                    "loss) No gradients': tensorflow#28068, #29944, #37933, #42447, #51622, "
                                    "adanet#137, tensorflow/addons#495, diegoalejogm/gans#14, "
                                    "Sparse_autoencoder#3, deepxde#247, CADE#3"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "minimize_tensor_as_written": {
            "role": "broken",
            "title": "tensorflow#51622: cost_value = cost(); tf.keras.optimizers.Adam().minimize(cost_value, "
                     "var_list=[W, b])",
            "effects": ["weights_updated"],
            "claim": {"text": "TypeError: 'Tensor' object is not callable (TF 2.0-2.2); from TF 2.3 "
                              "ValueError: `tape` is required when a `Tensor` loss is passed",
                      "versions": "TF 2.0 alpha/2.0 (tensorflow#28068, #37933), TF 2.3 (#42447), TF 2.5 "
                                  "(#51622)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": ["TypeError", "ValueError"],
                                 "message": "object is not callable|`tape` is required when a `Tensor` "
                                            "loss is passed"}},
        },
        "minimize_lambda_of_tensor": {
            "role": "broken",
            "title": "CADE#3: optimizer.minimize(loss=lambda: loss, var_list=...) with loss already computed",
            "effects": ["weights_updated"],
            "claim": {"text": "ValueError: No gradients provided for any variable",
                      "versions": "keras optimizer_v2 (CADE#3, Python 3.8, 2023)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "ValueError",
                                 "message": "No gradients provided for any variable"}},
        },
        "minimize_callable": {
            "role": "fix",
            "title": "tensorflow#51622's working form: minimize(cost, var_list=[W, b]) with the function "
                     "that computes the loss",
            "effects": ["weights_updated"],
            "claim": {"text": "passing a callable (no arguments, returns the loss) to minimize works",
                      "versions": "TF 2.5 (tensorflow#51622); TF 2.0 (tensorflow#28068 comments)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "effects": {"weights_updated": "yes"}}},
        },
        "minimize_tensor_with_tape": {
            "role": "fix",
            "title": "the docs' Tensor form: compute the loss under a GradientTape, minimize(loss, "
                     "var_list=[W, b], tape=tape)",
            "effects": ["weights_updated"],
            "claim": {"text": "if loss is a Tensor, the tape argument must be passed",
                      "versions": "tf.keras.optimizers.Optimizer.minimize docs quoted in tensorflow#51622 "
                                  "(TF 2.5)",
                      "scope": {"tf": ">=2.5"},
                      "expect": {"outcome": "ok", "effects": {"weights_updated": "yes"}}},
        },
        "gradient_tape_apply_gradients": {
            "role": "fix",
            "title": "adanet#137: with tf.GradientTape(): loss; grads = tape.gradient; "
                     "optimizer.apply_gradients(zip(grads, var_list))",
            "effects": ["weights_updated"],
            "claim": {"text": "if your loss is a calculated tensor, use tf.GradientTape() and "
                              "apply_gradients instead",
                      "versions": "TF 2.0 (adanet#137)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "effects": {"weights_updated": "yes"}}},
        },
    },
}


def _regression(ctx):
    import numpy as np
    tf = ctx.tf
    if not ctx.eager:
        ctx.skip("TF 2 eager code (a Keras optimizer's minimize in eager mode); this TensorFlow runs "
                 "graph mode")
    x_train = [1.0, 2.0, 3.0]
    y_train = [1.0, 2.0, 3.0]
    W = tf.Variable(np.array([0.5], dtype="float32"), name='weight')
    b = tf.Variable(np.array([0.1], dtype="float32"), name='bias')

    def cost():
        y_model = W * x_train + b
        error = tf.reduce_mean(tf.square(y_train - y_model))
        return error

    return W, b, cost


def _updated(ctx, W, before):
    import numpy as np
    ctx.effect("weights_updated", not np.allclose(before, ctx.evaluate(W)))


def minimize_tensor_as_written(ctx):
    tf = ctx.tf
    W, b, cost = _regression(ctx)
    before = ctx.evaluate(W).copy()
    with ctx.subject("minimize(tensor)"):
        cost_value = cost()
        tf.keras.optimizers.Adam().minimize(cost_value, var_list=[W, b])
    _updated(ctx, W, before)


def minimize_lambda_of_tensor(ctx):
    tf = ctx.tf
    W, b, cost = _regression(ctx)
    before = ctx.evaluate(W).copy()
    optimizer = tf.keras.optimizers.Adam()
    with ctx.subject("minimize(lambda: tensor)"):
        loss = cost()
        optimizer.minimize(loss=lambda: loss, var_list=[W, b])
    _updated(ctx, W, before)


def minimize_callable(ctx):
    tf = ctx.tf
    W, b, cost = _regression(ctx)
    before = ctx.evaluate(W).copy()
    with ctx.subject("minimize(callable)"):
        tf.keras.optimizers.Adam().minimize(cost, var_list=[W, b])
    _updated(ctx, W, before)


def minimize_tensor_with_tape(ctx):
    tf = ctx.tf
    W, b, cost = _regression(ctx)
    before = ctx.evaluate(W).copy()
    with ctx.subject("minimize(tensor, tape=tape)"):
        with tf.GradientTape() as tape:
            cost_value = cost()
        tf.keras.optimizers.Adam().minimize(cost_value, var_list=[W, b], tape=tape)
    _updated(ctx, W, before)


def gradient_tape_apply_gradients(ctx):
    tf = ctx.tf
    W, b, cost = _regression(ctx)
    before = ctx.evaluate(W).copy()
    var_list = [W, b]
    optimizer = tf.keras.optimizers.Adam()
    with ctx.subject("GradientTape + apply_gradients"):
        with tf.GradientTape() as tape:
            _loss = cost()
        grads = tape.gradient(_loss, var_list)
        grads_and_vars = zip(grads, var_list)
        optimizer.apply_gradients(grads_and_vars)
    _updated(ctx, W, before)
