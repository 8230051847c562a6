"""Known root cause: a Python `if` on a tensor while Keras builds the graph: a custom
activation written like NumPy code (`if x < 0.33: ...`).

tensorflow#29823 (TF 1.13): "I built a custom activation function in Keras' and call tf
functions ... TypeError: Using a `tf.Tensor` as a Python `bool` is not allowed. Use `if t is not
None:` instead of `if t:` to test if a tensor is defined, and use TensorFlow ops such as tf.cond
to execute subgraphs conditioned on the value of a tensor." keras-team/keras#7370: "How to
create a step function to use as activation function in Keras?" with the NumPy-style `def
stepy(x): if x < 0.33: return 0.0 elif x > 0.66: return 1.0 else: return 0.5` (there wrapped
with np.vectorize in a py_func); the case hands that function to Keras directly, the way the
custom activation of tensorflow#29823 was written. The answers in keras#2014 and
tensorflow#13082: use `tf.where` (K.switch) / a comparison cast instead. In TF 2 graph code the
error reads "OperatorNotAllowedInGraphError: using a `tf.Tensor` as a Python `bool` is not
allowed in Graph execution" (tensorflow#41003 TF 2.2, #40916, #35403, tkipf/keras-gcn#55 with
TF 1.15 / 2.0 + keras 2.3).

Model: Input(2) -> Dense(2, activation=stepy) -> Dense(1), then predict.
"""

CASE = {
    "title": "Python `if` on a symbolic tensor in a custom activation (step function)",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/29823",
                        "https://github.com/keras-team/keras/issues/7370",
                        "https://github.com/tensorflow/tensorflow/issues/41003",
                        "https://github.com/tkipf/keras-gcn/issues/55",
                        "https://github.com/keras-team/keras/issues/2014"],
               "title": "Using a `tf.Tensor` as a Python `bool` is not allowed",
               "frequency": {"reports": 9, "as_of": "2026-12-06",
                             "how": "issues searches 'Using a tf.Tensor as a Python bool is not allowed "
                                    "custom activation', 'OperatorNotAllowedInGraphError Python bool keras "
                                    "layer': tensorflow#29823, #31100, #35403, #40916, #41003, "
                                    "#44313, keras#7370, keras-contrib#374, keras-gcn#55"}},
    "variants": {
        "step_activation_if_as_written": {
            "role": "broken",
            "title": "keras#7370's stepy (if x < 0.33 ... elif x > 0.66 ...) as a Dense activation; predict",
            "claim": {"text": "TypeError: Using a `tf.Tensor` as a Python `bool` is not allowed (TF 1); "
                              "OperatorNotAllowedInGraphError: using a `tf.Tensor` as a Python `bool` is "
                              "not allowed in Graph execution (TF 2)",
                      "versions": "TF 1.13 (tensorflow#29823); TF 2.2 (tensorflow#41003)",
                      "scope": {"flavour": ["keras-standalone", "tf.keras", "tf_keras"]},
                      "expect": {"error_type": ["TypeError", "OperatorNotAllowedInGraphError"],
                                 "message": "(?i)using a `?tf\\.Tensor`? as a Python `?bool`? is not "
                                            "allowed"}},
        },
        "step_activation_tf_where": {
            "role": "fix",
            "title": "the same step function written with tf.where (K.switch); predict",
            "claim": {"text": "use tf.where (the TensorFlow counterpart of Theano's switch) for a "
                              "conditional on tensor values",
                      "versions": "keras#2014 (2017), tensorflow#13082",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def stepy(x):
    if x < 0.33:
        return 0.0
    elif x > 0.66:
        return 1.0
    else:
        return 0.5


def _predict_with_activation(ctx, activation):
    import numpy as np
    keras = ctx.keras
    with ctx.subject("build model with the activation + predict"):
        inputs = keras.layers.Input((2,))
        hidden = keras.layers.Dense(2, activation=activation)(inputs)
        outputs = keras.layers.Dense(1)(hidden)
        model = keras.models.Model(inputs, outputs)
        prediction = model.predict(np.ones((2, 2), dtype="float32"))
    ctx.observe("prediction_shape", list(np.shape(prediction)))


def step_activation_if_as_written(ctx):
    _predict_with_activation(ctx, stepy)


def step_activation_tf_where(ctx):
    if ctx.backend == "tensorflow":
        tf = ctx.tf

        def stepy_where(x):
            return tf.where(x < 0.33, tf.zeros_like(x),
                            tf.where(x > 0.66, tf.ones_like(x), 0.5 * tf.ones_like(x)))
    else:   # the same function with keras.ops on the JAX / torch backends
        ops = ctx.keras.ops

        def stepy_where(x):
            return ops.where(x < 0.33, ops.zeros_like(x),
                             ops.where(x > 0.66, ops.ones_like(x), 0.5 * ops.ones_like(x)))
    _predict_with_activation(ctx, stepy_where)
