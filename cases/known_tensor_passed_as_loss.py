"""Known root cause: a loss *tensor* built from a `K.placeholder` target and the model's
symbolic output, passed to `compile(loss=...)` instead of a loss function.

keras-team/keras#6332 (Keras 2.0, TensorFlow backend): `y = K.placeholder(shape=(None, 1))`,
`mse_loss = losses.mean_squared_error(y, y_pred)`, `model.compile(optimizer=opt,
loss=mse_loss)` fails in compile's `loss = loss or {}` with "TypeError: Using a
`tf.Tensor` as a Python `bool` is not allowed." - Keras expects a function
`loss(y_true, y_pred)` (or its name) and builds the target placeholder itself. The
corrected variant passes the function (`losses.get("mean_squared_error")`: Keras 3's
tf.keras namespace has no `losses.mean_squared_error`); both fit one epoch. TF 1.13+
raises the same message as OperatorNotAllowedInGraphError, a TypeError subclass, worded
"using a `tf.Tensor` as a Python `bool` is not allowed in Graph execution": the claim
accepts both.
`K.placeholder` is a graph-mode API: TF 2's Keras keeps it in its own graph, Keras 3
has none (those cells are not applicable).
"""

CASE = {
    "title": "compile(loss=<tensor built from K.placeholder and y_pred>) instead of a loss function",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/6332"],
               "title": "Keras loss function: TypeError: Using a `tf.Tensor` as a Python `bool` is not allowed.",
               "frequency": {"reports": 4,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'TypeError: Using a tf.Tensor as a Python bool is "
                                    "not allowed model.compile loss tensor' and 'compile(loss=<tensor>) "
                                    "Could not interpret loss function identifier': 4 threads (keras#6332 "
                                    "#9912 #14688, keras#369 comment); generic tensor-as-bool threads "
                                    "from other code not counted"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "loss_tensor_as_written": {
            "role": "broken",
            "title": "y = K.placeholder((None, 1)); compile(loss=losses.mean_squared_error(y, y_pred)); fit",
            "claim": {"text": "compile raises TypeError: Using a `tf.Tensor` as a Python `bool` is not allowed.",
                      "versions": "Keras 2.0 with TensorFlow 1.x (keras-team/keras#6332, April 2017)",
                      "scope": {"tf": "<2.0", "flavour": "keras-standalone"},
                      "expect": {"error_type": ["TypeError", "OperatorNotAllowedInGraphError"],
                                 "message": "(?i)using a `tf.Tensor` as a Python `bool` is not allowed"}},
        },
        "loss_function": {
            "role": "corrected",
            "title": "compile(loss=losses.get('mean_squared_error')) - the function, not its value; fit",
            "claim": {"text": "a loss given as a function (y_true, y_pred) compiles and trains",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _model(ctx):
    keras = ctx.keras
    x = keras.layers.Input(shape=(2,), name='x')
    y_pred = keras.layers.Dense(1, activation='linear')(x)
    model = keras.models.Model(inputs=x, outputs=y_pred)
    return model, y_pred


def _fit(model):
    import numpy as np
    rng = np.random.RandomState(0)
    model.fit(rng.rand(8, 2).astype("float32"), rng.rand(8, 1).astype("float32"),
              epochs=1, batch_size=8, verbose=0)


def loss_tensor_as_written(ctx):
    keras = ctx.keras
    K = keras.backend
    if not hasattr(K, "placeholder"):
        ctx.skip("this Keras has no keras.backend.placeholder")
    model, y_pred = _model(ctx)
    opt = keras.optimizers.Adam(0.1)
    with ctx.subject("loss tensor + compile + fit"):
        y = K.placeholder(shape=(None, 1))
        mse_loss = keras.losses.mean_squared_error(y, y_pred)
        model.compile(optimizer=opt, loss=mse_loss)
        _fit(model)


def loss_function(ctx):
    keras = ctx.keras
    model, y_pred = _model(ctx)
    opt = keras.optimizers.Adam(0.1)
    with ctx.subject("compile + fit"):
        model.compile(optimizer=opt, loss=keras.losses.get("mean_squared_error"))
        _fit(model)
