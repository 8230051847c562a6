"""Known reports: `load_weights` into the same architecture with one layer resized (another number
of classes, a changed head): a shape error, `skip_mismatch`, and a mismatch that goes unnoticed.

bubbliiiing/centernet-keras#9: "ValueError: Shape mismatch in layer #175 (named
conv2d_transpose_1) for weight conv2d_transpose_1/kernel:0. Weight expects shape (4, 4, 128, 256).
Received saved weight with shape (2048, 256, 4, 4)"; keras-team/keras#12502 ("Failed loading
weights when some weights shape changed"). The Keras answer for transfer learning is
`load_weights(path, by_name=True, skip_mismatch=True)` (keras-team/keras#8462, tensorflow/
tensorflow#31841), which skips the mismatched layers with "UserWarning: Skipping loading of weights
for layer conv2d_59 due to mismatch in shape ((1, 1, 1024, 18) vs (255, 1024, 1, 1))"
(qqwweee/keras-yolo3#552). keras-team/keras#21404 (Keras 3): "The `skip_mismatch` flag when loading
H5 weights is not respected **unless** `by_name` is also specified. Otherwise, it just fails with an
error: ValueError: Shape mismatch in layer #2 (named dense_5)for weight dense_5/kernel".
tensorflow/tensorflow#38832 (TF 2.1): changing the number of units raises no ValueError when eager
execution is disabled (`tf.compat.v1.disable_eager_execution()`), only with eager on.

The model is Input(3) -> Dense(4, name='features') -> Dense(n, name='head'); weights saved with
n=2, loaded with n=3. Effect `features_restored`: the unchanged layer got its saved weights.
Keras 3 writes the legacy .h5 layout only through `model.save('*.h5')` (its `save_weights` writes
`.weights.h5`), which is what keras#21404's `test_save.h5` is.
"""

CASE = {
    "title": "load_weights into a model with one layer resized: shape mismatch, skip_mismatch, graph mode",
    "source": {"kind": "known",
               "refs": ["https://github.com/bubbliiiing/centernet-keras/issues/9",
                        "https://github.com/keras-team/keras/issues/12502",
                        "https://github.com/keras-team/keras/issues/21404",
                        "https://github.com/qqwweee/keras-yolo3/issues/552",
                        "https://github.com/keras-team/keras/pull/8462",
                        "https://github.com/tensorflow/tensorflow/issues/38832"],
               "title": "ValueError: Shape mismatch in layer #175 ... Weight expects shape ... Received saved "
                        "weight with shape",
               "frequency": {"reports": 7, "as_of": "2026-12-06",
                             "how": "issues search 'load_weights shape mismatch', 'skip_mismatch', "
                                    "'Skipping loading of weights for layer': centernet-keras#9, keras#12502, "
                                    "keras#21404, keras-yolo3#552, keras#10265, tf#38832, "
                                    "Superlee506/Mask_RCNN_Humanpose#19"}},
    "variants": {
        "resized_head_as_written": {
            "role": "broken",
            "title": "weights with head Dense(2) loaded (topologically) into head Dense(3)",
            "claim": {"text": "ValueError: Shape mismatch in layer #N (named ...) for weight ... Weight "
                              "expects shape ... Received saved weight with shape ...",
                      "versions": "centernet-keras#9 (2023, Keras 2.x); keras#21404 (Keras 3)",
                      "expect": {"error_type": "ValueError", "message": "[Ss]hape mismatch"}},
        },
        "skip_mismatch_without_by_name": {
            "role": "broken",
            "title": "load_weights(path, skip_mismatch=True) without by_name",
            "effects": ["features_restored"],
            "claim": {"text": "skip_mismatch is not respected unless by_name is also specified: it fails "
                              "with ValueError: Shape mismatch",
                      "versions": "Keras 3 (keras#21404, June 2025)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError", "message": "Shape mismatch"}},
        },
        "by_name_skip_mismatch_fix": {
            "role": "fix",
            "title": "load_weights(path, by_name=True, skip_mismatch=True): the head skipped, features loaded",
            "effects": ["features_restored"],
            "claim": {"text": "with by_name and skip_mismatch the mismatched layer is skipped with a "
                              "warning and the others load",
                      "versions": "Keras >= 2.1.3 (keras#8462), tf.keras (tf#31841)",
                      "expect": {"outcome": "ok", "effects": {"features_restored": "yes"}}},
        },
        "graph_mode_no_error": {
            "role": "broken",
            "title": "tf#38832: tf.compat.v1.disable_eager_execution(), same resized head, load_weights",
            "effects": ["mismatch_reported"],
            "claim": {"text": "with eager execution disabled, changing the number of units raises no "
                              "ValueError",
                      "versions": "TF 2.1.0 (tf#38832)",
                      "scope": {"tf": ">=2.0", "flavour": "tf.keras"},
                      "expect": {"outcome": "silent_failure", "effects": {"mismatch_reported": "no"}}},
        },
    },
}


def _net(ctx, head_units):
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    x = keras.layers.Dense(4, activation="relu", name="features")(inputs)
    outputs = keras.layers.Dense(head_units, name="head")(x)
    return keras.models.Model(inputs, outputs)


def _saved(ctx):
    """The pretrained model and the path of its weights in a legacy (.h5) layout."""
    pretrained = _net(ctx, 2)
    if ctx.keras_major == 3:
        pretrained.save("pretrained.h5")   # Keras 3's one writer of the legacy HDF5 layout
    else:
        pretrained.save_weights("pretrained.h5")
    return pretrained, "pretrained.h5"


def _features_restored(ctx, pretrained, model):
    import numpy as np
    saved = pretrained.get_layer("features").get_weights()
    got = model.get_layer("features").get_weights()
    ctx.effect("features_restored", all(np.allclose(a, b) for a, b in zip(saved, got)))


def resized_head_as_written(ctx):
    pretrained, path = _saved(ctx)
    model = _net(ctx, 3)
    with ctx.subject("load_weights('pretrained.h5')"):
        model.load_weights(path)
        ctx.observe("loaded", True)


def skip_mismatch_without_by_name(ctx):
    pretrained, path = _saved(ctx)
    model = _net(ctx, 3)
    with ctx.subject("load_weights('pretrained.h5', skip_mismatch=True)"):
        model.load_weights(path, skip_mismatch=True)
        _features_restored(ctx, pretrained, model)


def by_name_skip_mismatch_fix(ctx):
    pretrained, path = _saved(ctx)
    model = _net(ctx, 3)
    with ctx.subject("load_weights('pretrained.h5', by_name=True, skip_mismatch=True)"):
        model.load_weights(path, by_name=True, skip_mismatch=True)
        _features_restored(ctx, pretrained, model)


def graph_mode_no_error(ctx):
    tf = ctx.tf
    if ctx.keras_major == 3 or tf is None:
        ctx.skip("Keras 3 has no TF1 graph mode (tf.compat.v1.disable_eager_execution)")
    if ctx.eager:
        tf.compat.v1.disable_eager_execution()
    pretrained, path = _saved(ctx)
    model = _net(ctx, 3)
    with ctx.subject("graph mode: load_weights('pretrained.h5') into the resized head"):
        model.load_weights(path)
        ctx.effect("mismatch_reported", False)   # reached only when no error was raised
