"""Weights saved in one environment, loaded into a freshly built model of the same architecture
in another: .h5, .weights.h5 and a TensorFlow checkpoint.

Public reports: Keras 3 refuses a Keras 2 TF-format checkpoint ("ValueError: File format not
supported: filepath=... Keras 3 only supports V3 `.keras` and `.weights.h5` files, or legacy
V1/V2 `.h5` files": isikdogan/deepwatermap#12, m-lyon/dMRI-RCNN#4, where restoring it with
tf.train.Checkpoint instead leaves weights unloaded); Keras 3 wants `.weights.h5`
(tensorflow/tensorflow#74342); .h5 weights across Keras 2 and 3 (keras-team/keras#20019).

The model is Input(6) -> Dense(8, relu) -> Dense(3). Writers call `model.save_weights` with
the file name users write for each format ('weights.h5', 'model.weights.h5', and a checkpoint
prefix 'ckpt/weights', TF's format for a path without .h5 in Keras 2); readers build a new
model with the same code (new random weights), call `load_weights` and predict on the same
fixed input: weights that were silently not loaded are a silent_failure (same_predictions no).
"""
import os

CASE = {
    "title": "Weights (.h5, .weights.h5, TF checkpoint) loaded into a new model in another environment",
    "source": {"kind": "known",
               "refs": ["https://github.com/isikdogan/deepwatermap/issues/12",
                        "https://github.com/m-lyon/dMRI-RCNN/issues/4",
                        "https://github.com/tensorflow/tensorflow/issues/74342",
                        "https://github.com/keras-team/keras/issues/20019"],
               "title": "How to apply checkpoints which trained on Keras2?",
               "frequency": {"reports": 7, "reactions": 1, "as_of": "2026-12-06",
                             "how": "issues search 'Keras 3 load_weights TF checkpoint not supported only "
                                    ".weights.h5': 7 threads (deepwatermap#12, dMRI-RCNN#4, keras#20019, "
                                    "tensorflow#74342 #35930 #34016, ktrain#315)"}},
    "variants": {
        "h5_writer": {"role": "writer", "title": "model.save_weights('weights.h5')"},
        "weights_h5_writer": {"role": "writer", "title": "model.save_weights('model.weights.h5')"},
        "checkpoint_writer": {"role": "writer", "title": "model.save_weights('ckpt/weights') (a TF checkpoint in "
                                                         "Keras 2)"},
        "load_h5": {
            "role": "reader", "reads": "h5_writer", "effects": ["same_predictions"],
            "title": "new model, load_weights('weights.h5'), predict",
            "claim": {"text": "Keras 3 loads legacy V1/V2 .h5 weight files",
                      "versions": "Keras 3's own load_weights error message (isikdogan/deepwatermap#12)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "effects": {"same_predictions": "yes"}}},
        },
        "load_weights_h5": {
            "role": "reader", "reads": "weights_h5_writer", "effects": ["same_predictions"],
            "title": "new model, load_weights('model.weights.h5'), predict",
        },
        "load_checkpoint": {
            "role": "reader", "reads": "checkpoint_writer", "effects": ["same_predictions"],
            "title": "new model, load_weights('ckpt/weights'), predict",
            "claim": {"text": "Keras 3 cannot load a checkpoint trained on Keras 2: ValueError: File format "
                              "not supported",
                      "versions": "Keras 3 (TF >= 2.16)",
                      "scope": {"flavour": "keras3", "writer": {"flavour": ["tf.keras", "tf_keras"]}},
                      "expect": {"error_type": "ValueError", "message": "File format not supported"}},
        },
    },
}

H5, WEIGHTS_H5, CHECKPOINT = "weights.h5", "model.weights.h5", "ckpt/weights"


def _model(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input(shape=(6,))
    hidden = keras.layers.Dense(8, activation="relu")(inputs)
    outputs = keras.layers.Dense(3)(hidden)
    return keras.models.Model(inputs, outputs)


def _x(ctx):
    return ctx.fixed_input((4, 6))


def _outputs(ctx, model):
    """What the model computes on the fixed input: a plain call where TensorFlow runs eagerly
    (predict() traces a function first: 5x the time), predict() in TF1 graph mode."""
    return model(_x(ctx), training=False) if ctx.eager else model.predict(_x(ctx))


def _write(ctx, name):
    model = _model(ctx)
    path = os.path.join(ctx.artifact_dir, name)
    if not os.path.isdir(os.path.dirname(path)):
        os.makedirs(os.path.dirname(path))
    with ctx.subject("model.save_weights(%r)" % name):
        model.save_weights(path)
    ctx.keep_predictions(_outputs(ctx, model))


def _read(ctx, name):
    model = _model(ctx)
    with ctx.subject("model.load_weights(%r)" % name):
        model.load_weights(os.path.join(ctx.artifact_dir, name))
        ctx.compare_predictions(_outputs(ctx, model))


def h5_writer(ctx):
    _write(ctx, H5)


def weights_h5_writer(ctx):
    _write(ctx, WEIGHTS_H5)


def checkpoint_writer(ctx):
    _write(ctx, CHECKPOINT)


def load_h5(ctx):
    _read(ctx, H5)


def load_weights_h5(ctx):
    _read(ctx, WEIGHTS_H5)


def load_checkpoint(ctx):
    _read(ctx, CHECKPOINT)
