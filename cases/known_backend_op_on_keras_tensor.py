"""Known root cause: the backend's own op (jax.numpy, torch, tf) applied to a symbolic
Keras tensor, its fixes, and backend-agnostic ops that drop the gradient.

Keras 3 runs on JAX, PyTorch and TensorFlow, so the habit of calling the framework's
op on a `keras.Input` carries over to every backend. The Keras 3 migration guide and
the KerasTensor's own errors ("A KerasTensor cannot be used as input to a JAX function"
in keras-team/keras#19139, "... to a TensorFlow function" in czwchenzhun/tfinterpy#4)
say: use `keras.ops` or wrap the op in a Layer. Each functional variant picks the
native op by `ctx.backend` (jax.numpy.sum / torch.sum / tf.reduce_sum) and puts it
between layers (Input -> op -> Dense -> Model -> predict).

The gradient variants compute sum(f(x * w)) + sum(x * v) with the backend-agnostic ops
(keras.ops on Keras 3, keras.backend on Keras 2, its predecessor) and differentiate it
with the backend's own autodiff (jax.grad, torch autograd, tf.GradientTape), the way a
custom training step does: `w` goes through f, `v` bypasses it, so the record shows
which one loses its gradient (None on TF / torch, zeros on JAX).
"""

CASE = {
    "title": "backend-native op (jax.numpy / torch / tf) on a symbolic KerasTensor; keras.ops gradients",
    "source": {"kind": "known",
               "refs": ["https://keras.io/guides/migrating_to_keras_3/",
                        "https://keras.io/api/ops/",
                        "https://github.com/keras-team/keras/pull/19139",
                        "https://github.com/czwchenzhun/tfinterpy/pull/4",
                        "https://keras.io/guides/custom_train_step_in_jax/",
                        "https://github.com/keras-team/keras/issues/11157",
                        "https://github.com/google-deepmind/dm-haiku/issues/442",
                        "https://github.com/pytorch/pytorch/issues/1339"],
               "frequency": {"reports": 13,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'A KerasTensor cannot be used as input to a JAX "
                                    "function' (only keras#19139, a test PR), 'keras 3 torch backend "
                                    "KerasTensor torch function' (none) and the TensorFlow-function "
                                    "wording: 12 Keras 3 user threads with a backend op on a KerasTensor "
                                    "(DeepTables, ComGA, tfinterpy, onnx2tf, onnx2tflite, "
                                    "ComfyUI-Deepface, ray, deepprofile, deepof, neurite, "
                                    "tensorflow#62727); the gradient variants are counted under "
                                    "known_gradient_none_tape / known_no_gradients_fit"}},
    "applies_to": {"backends": ["tensorflow", "jax", "torch"]},
    "variants": {
        "native_op_on_input": {
            "role": "root_cause",
            "title": "Input -> backend-native sum (jnp.sum / torch.sum / tf.reduce_sum) -> Dense -> Model",
            "claim": {"text": "Keras 3 refuses a backend function on a KerasTensor: ValueError 'A KerasTensor "
                              "cannot be used as input to a JAX/TensorFlow function'; wrap it in a Layer",
                      "versions": "Keras 3 (KerasTensor error text, keras-team/keras#19139, "
                                  "czwchenzhun/tfinterpy#4 with TF 2.18)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError",
                                 "message": "^A KerasTensor cannot be used as input to a"}},
        },
        "keras_ops_on_input": {
            "role": "fix",
            "title": "the same sum through keras.ops (keras.backend on Keras 2) on the Input",
            "claim": {"text": "keras.ops work on symbolic KerasTensors in functional models on every "
                              "backend: use them instead of backend-native ops",
                      "versions": "Keras 3 (migration guide; keras.ops API docs)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok"}},
        },
        "native_op_in_lambda": {
            "role": "fix",
            "title": "the backend-native sum inside a keras.layers.Lambda",
            "claim": {"text": "wrapping the backend function in a layer makes it legal in a functional model",
                      "versions": "Keras 3 (the KerasTensor error's own advice)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok"}},
        },
        "native_op_in_custom_layer": {
            "role": "fix",
            "title": "the backend-native sum inside a custom Layer.call",
            "claim": {"text": "class MyLayer(Layer): def call(self, x): return backend_fn(x); x = MyLayer()(x)",
                      "versions": "Keras 3 (the KerasTensor error's own advice)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok"}},
        },
        "argmax_train_step": {
            "role": "root_cause", "grads": ["w", "v"],
            "title": "loss = sum(cast(ops.argmax(x * w), float32)) + sum(x * v), backend autodiff",
            "claim": {"text": "argmax has no gradient: w receives None (TF, torch) or an all-zero "
                              "gradient (JAX); v still gets one",
                      "versions": "keras-team/keras#11157, dm-haiku#442 (JAX), pytorch/pytorch#1339",
                      "expect": {"outcome": "grad_dropped", "grads": {"w": "dropped", "v": "ok"}}},
        },
        "int_cast_train_step": {
            "role": "root_cause", "grads": ["w", "v"],
            "title": "loss = sum(cast(cast(x * w * 10, int32), float32)) + sum(x * v), backend autodiff",
            "claim": {"text": "an integer cast is not differentiable: w loses its gradient",
                      "versions": "keras-team/keras#11157 (K.round, K.argmax have no gradient)",
                      "expect": {"outcome": "grad_dropped", "grads": {"w": "dropped", "v": "ok"}}},
        },
        "float_train_step": {
            "role": "fix", "grads": ["w", "v"],
            "title": "loss = sum(x * w) + sum(x * v): the same step without a dropping op",
            "claim": {"text": "a float computation in keras.ops is differentiated by the backend's autodiff",
                      "versions": "Keras 3 (custom train step guides)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "grads": {"w": "ok", "v": "ok"}}},
        },
    },
}


def _native_sum(ctx):
    """The backend's own sum over axis 1, keeping dims (what users reach for)."""
    if ctx.backend == "jax":
        import jax.numpy as jnp
        return lambda t: jnp.sum(t, axis=1, keepdims=True)
    if ctx.backend == "torch":
        import torch
        return lambda t: torch.sum(t, dim=1, keepdim=True)
    tf = ctx.tf
    return lambda t: tf.reduce_sum(t, axis=1, keepdims=True)


def _ops(ctx):
    """The backend-agnostic op namespace: keras.ops (Keras 3), keras.backend before it."""
    if ctx.keras_major >= 3:
        return ctx.keras.ops
    return ctx.keras.backend


def _finish(ctx, inputs, hidden):
    """Dense on top of `hidden`, a model from `inputs`, one predict."""
    import numpy as np
    keras = ctx.keras
    outputs = keras.layers.Dense(1)(hidden)
    model = keras.models.Model(inputs, outputs)
    prediction = model.predict(np.ones((2, 4), dtype="float32"), verbose=0)
    ctx.observe("prediction_shape", list(np.shape(prediction)))


def native_op_on_input(ctx):
    x = ctx.keras.layers.Input((4,))
    h = _native_sum(ctx)(x)
    _finish(ctx, x, h)


def keras_ops_on_input(ctx):
    x = ctx.keras.layers.Input((4,))
    h = _ops(ctx).sum(x, axis=1, keepdims=True)
    _finish(ctx, x, h)


def native_op_in_lambda(ctx):
    native_sum = _native_sum(ctx)
    x = ctx.keras.layers.Input((4,))
    h = ctx.keras.layers.Lambda(lambda t: native_sum(t), output_shape=(1,))(x)
    _finish(ctx, x, h)


def native_op_in_custom_layer(ctx):
    native_sum = _native_sum(ctx)

    class NativeSum(ctx.keras.layers.Layer):
        def call(self, inputs):
            return native_sum(inputs)

        def compute_output_shape(self, input_shape):
            return (input_shape[0], 1)

    x = ctx.keras.layers.Input((4,))
    h = NativeSum()(x)
    _finish(ctx, x, h)


def _backend_gradients(ctx, loss_fn):
    """Gradients of loss_fn(x, w, v) with respect to w and v by the backend's own
    autodiff, recorded as 'w' and 'v'."""
    import numpy as np
    x = np.arange(6, dtype="float32").reshape(2, 3) / 6.0
    w = np.ones((2, 3), dtype="float32")
    v = np.ones((2, 3), dtype="float32")
    if ctx.backend == "jax":
        import jax
        grad_w, grad_v = jax.grad(lambda w_, v_: loss_fn(x, w_, v_), argnums=(0, 1))(w, v)
    elif ctx.backend == "torch":
        import torch
        w_t = torch.tensor(w, requires_grad=True)
        v_t = torch.tensor(v, requires_grad=True)
        loss_fn(torch.tensor(x), w_t, v_t).backward()
        grad_w, grad_v = w_t.grad, v_t.grad
    else:
        tf = ctx.tf
        w_t, v_t = tf.constant(w), tf.constant(v)
        with tf.GradientTape() as tape:
            tape.watch([w_t, v_t])  # constants, so TF1 graph mode needs no initialiser
            loss = loss_fn(tf.constant(x), w_t, v_t)
        grad_w, grad_v = tape.gradient(loss, [w_t, v_t])
    ctx.grad("w", grad_w)
    ctx.grad("v", grad_v)


def _step(ctx, transform):
    """A custom training step's loss: sum(transform(x * w)) + sum(x * v) in backend-agnostic ops."""
    ops = _ops(ctx)
    _backend_gradients(ctx, lambda x, w, v: ops.sum(transform(x * w)) + ops.sum(x * v))


def argmax_train_step(ctx):
    ops = _ops(ctx)
    _step(ctx, lambda t: ops.cast(ops.argmax(t, axis=1), "float32"))


def int_cast_train_step(ctx):
    ops = _ops(ctx)
    _step(ctx, lambda t: ops.cast(ops.cast(t * 10.0, "int32"), "float32"))


def float_train_step(ctx):
    _step(ctx, lambda t: t)
