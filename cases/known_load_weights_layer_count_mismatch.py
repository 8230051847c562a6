"""Known reports: `model.load_weights(file)` where the file was saved from a model with a
different number of weight-carrying layers: "ValueError: You are trying to load a weight file
containing 11 layers into a model with 7 layers." (Keras 3: "Layer count mismatch when loading
weights from file. Model expected N layers, found M saved layers.")

One of the most reported Keras messages, mostly by users of published weights:
heuritech/convnets-keras#50 (traceback through `keras/engine/saving.py`
`load_weights_from_hdf5_group`), tuvovan/NHDRRNet#10 ("77 layers into a model with 78 layers";
the author: "the weight file was broken ... Please pull the code and train from the beginning"),
AlphaAvatar/NlpModel#9 (25 vs 31, fixed by using the "v1 model"), llSourcell/AI_Startup_Prototype#17
and #10 (58 vs 107, "I have the exact same issue with the same numbers"), experiencor/keras-yolo2#456,
pydsgz/DeepVOG#22, jhasuman/potholes-detection#1 ("Looks like the weight file is wrong"),
inspirehep/magpie#112 ("Did you make sure you're both training and testing on Keras==1.X.X"),
MrGiovanni/UNetPlusPlus#25 and legolas123/cv-tricks.com#8 ("0 layers": "Your weight file has 0
weights"), tensorflow/tensorflow#38832 (TF 2.1: 4 vs 5 after adding a layer). The cause in every
thread: the code builds a different architecture than the one whose weights were saved; the fix
is to build the same architecture (or load by name).

Tiny stand-in: weights of Input -> Dense(4) -> Dense(2) saved, loaded into Input -> Dense(4) ->
Dense(4) -> Dense(2). Keras 3 saves weights only to `.weights.h5` (its own format).
"""

CASE = {
    "title": "load_weights into a model with a different number of layers",
    "source": {"kind": "known",
               "refs": ["https://github.com/heuritech/convnets-keras/issues/50",
                        "https://github.com/tuvovan/NHDRRNet/issues/10",
                        "https://github.com/llSourcell/AI_Startup_Prototype/issues/17",
                        "https://github.com/jhasuman/potholes-detection/issues/1",
                        "https://github.com/inspirehep/magpie/issues/112",
                        "https://github.com/tensorflow/tensorflow/issues/38832",
                        "https://github.com/jlaihong/image-super-resolution/issues/3",
                        "https://github.com/OlafenwaMoses/ImageAI/issues/729"],
               "title": "ValueError: You are trying to load a weight file containing 11 layers into a model "
                        "with 7 layers.",
               "frequency": {"reports": 22, "reactions": 6, "as_of": "2026-12-06",
                             "how": "issues search 'You are trying to load a weight file containing' "
                                    "layers into a model with: convnets-keras#50, NHDRRNet#10, NlpModel#9, "
                                    "AI_Startup_Prototype#17 and #10, keras-yolo2#456, DeepVOG#22, "
                                    "potholes-detection#1 (4 'same error' comments counted as reactions), "
                                    "magpie#112, UNetPlusPlus#25, cv-tricks.com#8, Skin_Lesion#2, tf#38832, "
                                    "MIRNet-Keras#12; 'Layer count mismatch when loading weights from "
                                    "file': image-super-resolution#3, tf-blazepose#21, ImageAI#729, "
                                    "diffseg#15, CSBDeep#82, offline-HCCR#5, LYT-Net#9, DA-MUSIC#3 (2 "
                                    "'same problem' comments)"}},
    "variants": {
        "extra_layer_as_written": {
            "role": "broken",
            "title": "weights of a 2-Dense model loaded into a 3-Dense model (topological load_weights)",
            "claim": {"text": "ValueError: You are trying to load a weight file containing 2 layers into "
                              "a model with 3 layers. (newer: Layer count mismatch when loading weights "
                              "from file. Model expected 3 layers, found 2 saved layers.)",
                      "versions": "Keras 1.x to tf.keras 2.x (2017-2021 threads); the newer wording from "
                                  "2022 (tf-blazepose#21) to Keras 3.11 (offline-HCCR#5)",
                      "scope": {"flavour": ["keras-standalone", "tf.keras", "tf_keras"]},
                      "expect": {"error_type": "ValueError",
                                 "message": "trying to load a weight file containing 2 layers into a "
                                            "model with 3 layers|Model expected 3 layers, found 2 saved "
                                            "layers"}},
        },
        "missing_layer": {
            "role": "broken",
            "title": "the reverse: weights of the 3-Dense model loaded into the 2-Dense model",
            "claim": {"text": "the same ValueError with the counts the other way round",
                      "scope": {"flavour": ["keras-standalone", "tf.keras", "tf_keras"]},
                      "expect": {"error_type": "ValueError",
                                 "message": "trying to load a weight file containing 3 layers into a "
                                            "model with 2 layers|Model expected 2 layers, found 3 saved "
                                            "layers"}},
        },
        "same_architecture_fix": {
            "role": "fix",
            "title": "the file loaded into the architecture it was saved from",
            "effects": ["weights_restored"],
            "claim": {"text": "building the same architecture as the saved weights makes them load",
                      "expect": {"outcome": "ok", "effects": {"weights_restored": "yes"}}},
        },
    },
}


def _net(ctx, hidden_layers):
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    x = inputs
    for _ in range(hidden_layers):
        x = keras.layers.Dense(4, activation="relu")(x)
    outputs = keras.layers.Dense(2)(x)
    return keras.models.Model(inputs, outputs)


def _path(ctx):
    return "weights.weights.h5" if ctx.keras_major == 3 else "weights.h5"


def _x():
    import numpy as np
    return np.arange(6, dtype="float32").reshape(2, 3) / 6.0


def _load(ctx, saved_hidden, loading_hidden):
    saved = _net(ctx, saved_hidden)
    path = _path(ctx)
    saved.save_weights(path)
    model = _net(ctx, loading_hidden)
    with ctx.subject("load_weights(%r)" % path):
        model.load_weights(path)
        ctx.observe("loaded", True)
    return saved, model


def extra_layer_as_written(ctx):
    _load(ctx, 1, 2)


def missing_layer(ctx):
    _load(ctx, 2, 1)


def same_architecture_fix(ctx):
    import numpy as np
    saved, model = _load(ctx, 1, 1)
    same = np.allclose(saved.predict(_x()), model.predict(_x()), atol=1e-6)
    ctx.effect("weights_restored", bool(same))
