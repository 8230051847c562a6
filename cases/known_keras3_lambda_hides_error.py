"""Known root cause: under Keras 3 a Lambda layer's function that fails while the model is being
built is reported only as "NotImplementedError: We could not automatically infer the shape of the
Lambda's output. Please specify the `output_shape` argument for this Lambda layer." Keras 3 runs
the function symbolically to infer the output shape and swallows whatever it raised.

keras-team/keras#21089 (TF 2.19, keras 3.9): `Lambda(lambda x: K.expand_dims(x, axis=-1))(features)`
with `from keras import backend as K`, code "written using keras==2.15"; the reporter's fix:
"it should be from keras import backend as K -> from keras import ops as K". Keras 3's
`keras.backend` no longer has expand_dims: the AttributeError is what the Lambda hid.

The message's own advice (give `output_shape`) is measured too: it skips the inference, so the
hidden error surfaces when the function first runs on data.

Model: Input(4) -> Lambda(expand_dims) -> Flatten -> Dense(1), one predict.
"""

CASE = {
    "title": "Keras 3's Lambda hides its function's error: 'could not automatically infer the shape "
             "of the Lambda's output'",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/21089",
                        "https://keras.io/guides/migrating_to_keras_3/"],
               "title": "NotImplementedError: We could not automatically infer the shape of the Lambda's output",
               "frequency": {"reports": 2, "as_of": "2026-12-06",
                             "how": "issues search \"could not automatically infer the shape of the Lambda's "
                                    "output\": keras#21089 (keras.backend function in a Lambda under Keras "
                                    "3), keras#18797 (Keras 3 Lambda with a dynamic output shape)"}},
    "variants": {
        "backend_expand_dims_as_written": {
            "role": "broken",
            "title": "Lambda(lambda x: K.expand_dims(x, axis=-1)) after `from keras import backend as K` "
                     "(Keras 2 code)",
            "claim": {"text": "building the model raises NotImplementedError: We could not automatically "
                              "infer the shape of the Lambda's output",
                      "versions": "TF 2.19 with keras 3.9 (keras#21089)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "NotImplementedError",
                                 "message": "could not automatically infer the shape of the Lambda"}},
        },
        "ops_expand_dims_fix": {
            "role": "fix",
            "title": "the same Lambda with keras.ops.expand_dims",
            "claim": {"text": "from keras import ops as K fixes it",
                      "versions": "keras 3.9 (keras#21089)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok"}},
        },
        "output_shape_given": {
            "role": "root_cause",
            "title": "the broken Lambda with output_shape=(4, 1), as the message advises",
            "claim": {"text": "specifying the `output_shape` argument for this Lambda layer fixes it "
                              "(the NotImplementedError's own advice)",
                      "versions": "Keras 3 (the message)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _finish(ctx, features, expanded):
    """Flatten -> Dense(1) on the Lambda's output, the model, one predict."""
    import numpy as np
    keras = ctx.keras
    out = keras.layers.Dense(1)(keras.layers.Flatten()(expanded))
    model = keras.models.Model(features, out)
    prediction = model.predict(np.ones((2, 4), "float32"), verbose=0)
    ctx.observe("prediction_shape", list(np.shape(prediction)))


def _backend_as_written(ctx):
    """`from keras import backend as K`, as the report wrote it (the `keras` package, whichever
    entry the row's users write)."""
    try:
        from keras import backend as K
    except ImportError as exc:
        ctx.skip("the keras package does not import here: %s" % exc)
    return K


# The Lambda line is keras#21089's, as written: `Lambda(lambda x:K.expand_dims(x,axis=-1))(features)`.
def backend_expand_dims_as_written(ctx):
    K, Lambda = _backend_as_written(ctx), ctx.keras.layers.Lambda
    features = ctx.keras.layers.Input((4,))
    with ctx.subject("Lambda on a functional input, then predict"):
        features_expand_dims = Lambda(lambda x: K.expand_dims(x, axis=-1))(features)
        _finish(ctx, features, features_expand_dims)


def ops_expand_dims_fix(ctx):
    K = getattr(ctx.keras, "ops", None)       # "from keras import ops as K"
    if K is None:
        ctx.skip("keras.ops is Keras 3's (this Keras has none)")
    Lambda = ctx.keras.layers.Lambda
    features = ctx.keras.layers.Input((4,))
    with ctx.subject("Lambda on a functional input, then predict"):
        features_expand_dims = Lambda(lambda x: K.expand_dims(x, axis=-1))(features)
        _finish(ctx, features, features_expand_dims)


def output_shape_given(ctx):
    K, Lambda = _backend_as_written(ctx), ctx.keras.layers.Lambda
    features = ctx.keras.layers.Input((4,))
    with ctx.subject("Lambda on a functional input, then predict"):
        features_expand_dims = Lambda(lambda x: K.expand_dims(x, axis=-1), output_shape=(4, 1))(features)
        _finish(ctx, features, features_expand_dims)
