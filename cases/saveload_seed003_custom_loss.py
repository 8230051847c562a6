"""Seed 003 Example 3 across environments: a model compiled with `my_custom_loss`, saved as
`custom_loss_model.h5` in one environment, loaded in another.

The article: loading it "will throw AttributeError unless" the loss is given through
`custom_object_scope({'my_custom_loss': my_custom_loss})`, after which "this loaded_model will
be fully functional as intended". The writer is Example 3 as written (plus predictions on a
fixed input); readers load without the scope, inside it (then predict and train one step:
"fully functional"), and with compile=False, the usual advice for inference. The loss is
defined inside each variant, never at module level: nothing finds it by import path.
"""
import os

CASE = {
    "title": "Seed 003's custom-loss .h5 saved in one environment, loaded in another",
    "source": {"kind": "seed", "doc": "003_c2f32038be6832c3.txt",
               "title": "What causes AttributeError when loading a TensorFlow Keras model?",
               "frequency": {"reports": 6, "reactions": 1, "as_of": "2026-12-06",
                             "how": "issues searches 'Unknown loss function load_model custom_objects' and "
                                    "'optimizer can only be called for the variables it was originally built with "
                                    "load_model': 6 threads of a compiled custom-loss .h5 across versions"}},
    "variants": {
        "ex3_writer": {
            "example": 3, "role": "writer",
            "title": "compile(loss=my_custom_loss), model.save('custom_loss_model.h5')",
        },
        "ex3_without_scope": {
            "example": 3, "role": "reader", "reads": "ex3_writer", "effects": ["same_predictions"],
            "title": "load_model('custom_loss_model.h5') without the loss",
            "claim": {"text": "loading the model without the custom loss throws AttributeError",
                      "expect": {"outcome": "error", "error_type": "AttributeError"}},
        },
        "ex3_with_scope": {
            "example": 3, "role": "reader", "reads": "ex3_writer", "effects": ["same_predictions"],
            "title": "load_model inside custom_object_scope({'my_custom_loss': ...}), predict, fit one step",
            "claim": {"text": "inside custom_object_scope the model loads and is fully functional",
                      "expect": {"outcome": "ok", "effects": {"same_predictions": "yes"}}},
        },
        "ex3_compile_false": {
            "example": 3, "role": "reader", "reads": "ex3_writer", "effects": ["same_predictions"],
            "title": "load_model('custom_loss_model.h5', compile=False), predict",
        },
    },
}

FILE = "custom_loss_model.h5"


def _custom_loss(ctx):
    keras = ctx.keras
    ops = getattr(keras, "ops", None) or keras.backend   # tf.reduce_mean / tf.square on every backend

    def my_custom_loss(y_true, y_pred):
        return ops.mean(ops.square(y_true - y_pred))
    return my_custom_loss


def _x(ctx):
    return ctx.fixed_input((4, 10))


def _outputs(ctx, model):
    """What the model computes on the fixed input: a plain call where TensorFlow runs eagerly
    (predict() traces a function first: 5x the time), predict() in TF1 graph mode."""
    return model(_x(ctx), training=False) if ctx.eager else model.predict(_x(ctx))


def ex3_writer(ctx):
    keras = ctx.keras
    my_custom_loss = _custom_loss(ctx)
    input_layer = keras.layers.Input(shape=(10,))
    output_layer = keras.layers.Dense(1)(input_layer)
    model = keras.models.Model(inputs=input_layer, outputs=output_layer)
    model.compile(optimizer="adam", loss=my_custom_loss)
    with ctx.subject("model.save('custom_loss_model.h5')"):
        model.save(os.path.join(ctx.artifact_dir, FILE))
    ctx.keep_predictions(_outputs(ctx, model))


def ex3_without_scope(ctx):
    with ctx.subject("load_model"):
        loaded_model = ctx.keras.models.load_model(os.path.join(ctx.artifact_dir, FILE))
        ctx.compare_predictions(_outputs(ctx, loaded_model))


def ex3_with_scope(ctx):
    import numpy as np
    keras = ctx.keras
    my_custom_loss = _custom_loss(ctx)
    with ctx.subject("load_model in custom_object_scope"):
        with keras.utils.custom_object_scope({'my_custom_loss': my_custom_loss}):
            loaded_model = keras.models.load_model(os.path.join(ctx.artifact_dir, FILE))
        ctx.compare_predictions(_outputs(ctx, loaded_model))
        # "fully functional": it trains one step with the restored loss
        loaded_model.fit(_x(ctx), np.zeros((4, 1), dtype="float32"), epochs=1, verbose=0)


def ex3_compile_false(ctx):
    with ctx.subject("load_model(compile=False)"):
        loaded_model = ctx.keras.models.load_model(os.path.join(ctx.artifact_dir, FILE), compile=False)
        ctx.compare_predictions(_outputs(ctx, loaded_model))
