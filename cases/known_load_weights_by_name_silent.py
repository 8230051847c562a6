"""Known report: `model.load_weights(path, by_name=True)` with layer names that do not match
the file's loads nothing, without an error or a warning.

keras-team/keras#9683 (Keras 2.1, 2018): `Xception(include_top=False, weights=None)` then
`load_weights('xception_..._notop.h5')` "works alright", but with `by_name=True` "there is no
error or any warning, however, the loss is much worse than before (just like random
initial)": the file's layers are named 'convolution2d_1', 'convolution2d_2'..., the model's
'block1_conv1', 'block1_conv2'..., so nothing matched. keras-team/keras#5397 asks how to tell
which layers were reloaded at all; keras-team/keras#9685 proposed a warning;
leondgarse/keras_efficientnet_v2#2 met the same with `by_name=True, skip_mismatch=True`
(names offset to 'activation_191'...: "the weights are not loaded if the by_name option is
used").

Tiny stand-in for the Xception pair: two Dense layers saved to a legacy HDF5 file under the
file's old-style names, loaded into the same architecture whose layers carry new names (under
Keras 3, whose save_weights only writes the new `.weights.h5` format, the legacy file is
written by `model.save('pretrained.h5')`). Effect `weights_restored`: the
loading model's weights equal the saved ones afterwards.
"""

CASE = {
    "title": "load_weights(by_name=True) when the layer names differ: silently nothing loaded",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/9683",
                        "https://github.com/keras-team/keras/issues/5397",
                        "https://github.com/keras-team/keras/pull/9685",
                        "https://github.com/leondgarse/keras_efficientnet_v2/issues/2"],
               "title": "load_weights by_name didn't work",
               "frequency": {"reports": 6,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues search 'load_weights by_name=True no error but weights not "
                                    "loaded layer names mismatch silently': 6 threads (keras#9683 #5397, "
                                    "warning PRs keras#9685 #4778, keras_efficientnet_v2#2, "
                                    "Keras_MedicalImgAI#3), 1 'same' comment; shape-mismatch threads not "
                                    "counted"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "by_name_as_written": {
            "role": "broken",
            "title": "weights saved from layers 'convolution2d_1/2', loaded by_name=True into layers "
                     "'block1_conv1/2'",
            "effects": ["weights_restored"],
            "claim": {"text": "no error or any warning, but the weights are not loaded (like random "
                              "initialisation)",
                      "versions": "Keras 2.1 (2018)",
                      "scope": {"flavour": "keras-standalone"},
                      "expect": {"outcome": "silent_failure", "effects": {"weights_restored": "no"}}},
        },
        "by_name_skip_mismatch": {
            "role": "broken",
            "title": "the same, with by_name=True, skip_mismatch=True",
            "effects": ["weights_restored"],
            "claim": {"text": "with by_name=True (and skip_mismatch=True) the weights are not loaded "
                              "when the names do not match",
                      "versions": "keras_efficientnet_v2#2 (tf.keras, 2021)",
                      "scope": {"flavour": "tf.keras"},
                      "expect": {"outcome": "silent_failure", "effects": {"weights_restored": "no"}}},
        },
        "topological_load": {
            "role": "fix",
            "title": "the same file loaded without by_name (topological order)",
            "effects": ["weights_restored"],
            "claim": {"text": "load_weights without by_name works alright",
                      "expect": {"outcome": "ok", "effects": {"weights_restored": "yes"}}},
        },
    },
}

FILE = "pretrained.h5"   # a legacy HDF5 file, as the downloaded Xception weights are


def _net(ctx, names):
    keras = ctx.keras
    inputs = keras.layers.Input((4,))
    x = keras.layers.Dense(6, activation="relu", name=names[0])(inputs)
    outputs = keras.layers.Dense(3, name=names[1])(x)
    return keras.models.Model(inputs, outputs)


def _pretrained_and_fresh(ctx):
    pretrained = _net(ctx, ["convolution2d_1", "convolution2d_2"])
    if ctx.keras_major == 3:
        # Keras 3's save_weights writes only the new '.weights.h5' format (which by_name does not
        # read); its one writer of the legacy HDF5 layout is model.save('*.h5')
        pretrained.save(FILE)
    else:
        pretrained.save_weights(FILE)
    cnn_model = _net(ctx, ["block1_conv1", "block1_conv2"])
    return pretrained, cnn_model


def _restored(ctx, pretrained, model):
    import numpy as np
    same = all(np.allclose(a, b) for a, b in zip(pretrained.get_weights(), model.get_weights()))
    ctx.effect("weights_restored", same)


def by_name_as_written(ctx):
    pretrained, cnn_model = _pretrained_and_fresh(ctx)
    with ctx.subject("load_weights(by_name=True)"):
        cnn_model.load_weights(FILE, by_name=True)
        _restored(ctx, pretrained, cnn_model)


def by_name_skip_mismatch(ctx):
    pretrained, cnn_model = _pretrained_and_fresh(ctx)
    with ctx.subject("load_weights(by_name=True, skip_mismatch=True)"):
        cnn_model.load_weights(FILE, by_name=True, skip_mismatch=True)
        _restored(ctx, pretrained, cnn_model)


def topological_load(ctx):
    pretrained, cnn_model = _pretrained_and_fresh(ctx)
    with ctx.subject("load_weights()"):
        cnn_model.load_weights(FILE)
        _restored(ctx, pretrained, cnn_model)
