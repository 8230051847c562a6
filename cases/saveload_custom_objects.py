"""A model with a custom activation, loss and metric (plain functions, not registered) saved as
.h5 in one environment, loaded in another with custom_objects, without, and with compile=False.

The long-standing answer (keras-team/keras#5412, keras-team/keras#6529, the Keras FAQ): pass the
functions to `load_model(..., custom_objects={...})`, or the load fails with "ValueError:
Unknown activation function / loss function / metric function"; compile=False skips the loss
and metric, leaving only what the layers need. Whether that still holds when the file crosses
versions, Keras 2 to Keras 3 above all, is what public reports ask (ageron/handson-ml2#634:
the book's custom parts saved as .h5 fail to load in Keras 3).

Writer: Input(6) -> Dense(8, activation=my_activation) -> Dense(1), compile(adam,
loss=my_loss, metrics=[my_metric]), model.save('custom_objects.h5'). The functions are defined
inside each variant: nothing finds them by import path.
"""
import os

CASE = {
    "title": "Custom activation, loss and metric in an .h5, loaded in another environment",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/5412",
                        "https://github.com/keras-team/keras/pull/6529",
                        "https://github.com/ageron/handson-ml2/issues/634"],
               "title": "Deserializing model with custom metric",
               "frequency": {"reports": 7, "reactions": 3, "as_of": "2026-12-06",
                             "how": "issues search 'Unknown activation function custom metric load_model h5 "
                                    "custom_objects': 7 threads (keras#5412 #6529 #1634 #20333, "
                                    "ageron/handson-ml2#634, awsaf49/tensorflow_extra#1, Avsecz/kopt#5)"}},
    "variants": {
        "h5_writer": {"role": "writer",
                      "title": "Dense(activation=my_activation), compile(loss=my_loss, metrics=[my_metric]), "
                               "save .h5"},
        "h5_without_custom_objects": {
            "role": "reader", "reads": "h5_writer", "effects": ["same_predictions"],
            "title": "load_model('custom_objects.h5') with nothing about the functions",
            "claim": {"text": "without custom_objects, load_model fails on the unknown function: "
                              "ValueError: Unknown ...",
                      "expect": {"error_type": "ValueError", "message": "Unknown"}},
        },
        "h5_custom_objects": {
            "role": "reader", "reads": "h5_writer", "effects": ["same_predictions"],
            "title": "load_model(custom_objects={'my_activation', 'my_loss', 'my_metric'}), predict",
            "claim": {"text": "an .h5 with custom objects written by TF 2.x tf.keras loads in Keras 3 with "
                              "custom_objects (Keras 3 reads legacy H5 files)",
                      "scope": {"flavour": "keras3", "writer": {"flavour": "tf.keras", "tf": ">=2.0"}},
                      "expect": {"outcome": "ok", "effects": {"same_predictions": "yes"}}},
        },
        "h5_compile_false": {
            "role": "reader", "reads": "h5_writer", "effects": ["same_predictions"],
            "title": "load_model(compile=False, custom_objects={'my_activation'}), predict",
        },
    },
}

FILE = "custom_objects.h5"


def _functions(ctx):
    keras = ctx.keras
    ops = getattr(keras, "ops", None) or keras.backend   # the same math on every backend

    def my_activation(x):
        return ops.relu(x) + 0.1 * ops.tanh(x)

    def my_loss(y_true, y_pred):
        return ops.mean(ops.abs(y_true - y_pred))

    def my_metric(y_true, y_pred):
        return ops.mean(ops.square(y_true - y_pred))

    return my_activation, my_loss, my_metric


def _x(ctx):
    return ctx.fixed_input((4, 6))


def _outputs(ctx, model):
    """What the model computes on the fixed input: a plain call where TensorFlow runs eagerly
    (predict() traces a function first: 5x the time), predict() in TF1 graph mode."""
    return model(_x(ctx), training=False) if ctx.eager else model.predict(_x(ctx))


def h5_writer(ctx):
    keras = ctx.keras
    my_activation, my_loss, my_metric = _functions(ctx)
    inputs = keras.layers.Input(shape=(6,))
    hidden = keras.layers.Dense(8, activation=my_activation)(inputs)
    outputs = keras.layers.Dense(1)(hidden)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer="adam", loss=my_loss, metrics=[my_metric])
    with ctx.subject("model.save('custom_objects.h5')"):
        model.save(os.path.join(ctx.artifact_dir, FILE))
    ctx.keep_predictions(_outputs(ctx, model))


def h5_without_custom_objects(ctx):
    with ctx.subject("load_model"):
        model = ctx.keras.models.load_model(os.path.join(ctx.artifact_dir, FILE))
        ctx.compare_predictions(_outputs(ctx, model))


def h5_custom_objects(ctx):
    my_activation, my_loss, my_metric = _functions(ctx)
    with ctx.subject("load_model(custom_objects=...)"):
        model = ctx.keras.models.load_model(
            os.path.join(ctx.artifact_dir, FILE),
            custom_objects={"my_activation": my_activation, "my_loss": my_loss, "my_metric": my_metric})
        ctx.compare_predictions(_outputs(ctx, model))


def h5_compile_false(ctx):
    my_activation, _, _ = _functions(ctx)
    with ctx.subject("load_model(compile=False)"):
        model = ctx.keras.models.load_model(os.path.join(ctx.artifact_dir, FILE), compile=False,
                                            custom_objects={"my_activation": my_activation})
        ctx.compare_predictions(_outputs(ctx, model))
