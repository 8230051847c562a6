"""Known reports: custom layers subclassing Keras internals, `import keras.engine as KE` /
`class ProposalLayer(KE.Layer)` (matterport Mask R-CNN and its many forks) and
`from keras.engine.topology import Layer`, with Keras 2.4+: "AttributeError: module
'keras.engine' has no attribute 'Layer'" and "ModuleNotFoundError: No module named
'keras.engine.topology'".

Mask R-CNN: matterport/Mask_RCNN#2783 (several "same problem" replies; the workaround posted:
`pip install tensorflow==1.14.0`, `pip install keras==2.0.8`), #2586 (tensorflow 2.5.0 on
Colab), #3059, tensorflow/tensorflow#51594 (TF 2.6.0), BupyeongHealer/Mask_RCNN_tf_2.x#4
(TensorFlow / Keras 2.5.0) and #1 ("Change the occurrences of 'KE.Layer' with
'keras.layers.Layer'"), matterport/Mask_RCNN#2697 ("in the new version of keras==2.4.0 ... we
can't import Layer from keras.engine ... i sloved it by importing Layer from
tensorflow.keras.layers"), nitsourish/car-damage-detection-using-CNN#5/#6, louisyuzhe/car-damage-detector#1,
priya-dwivedi/Deep-Learning#157. topology: CrockettLab/outrage_classifier#2 ("later version of
keras no long support engine.topology"), KANG99/style-transfer#2 ("my keras version is
2.2.4"), ialhashim/DenseDepth#196/#198 (fix: `from tensorflow.keras.layers import Layer,
InputSpec`), emilwallner/Coloring-greyscale-images#18 (2023), simontomaskarlsson/CycleGAN-Keras#5.

The broken variants import from the `keras` package, as the reports do (not applicable where it
is not installed), and build the model with `keras.layers` / `keras.models`. Each variant
defines a layer that doubles its input, uses it in a model and predicts.
"""

CASE = {
    "title": "class ProposalLayer(KE.Layer) with import keras.engine as KE, and keras.engine.topology (Keras 2.4+)",
    "source": {"kind": "known",
               "refs": ["https://github.com/matterport/Mask_RCNN/issues/2783",
                        "https://github.com/matterport/Mask_RCNN/pull/2697",
                        "https://github.com/BupyeongHealer/Mask_RCNN_tf_2.x/issues/1",
                        "https://github.com/tensorflow/tensorflow/issues/51594",
                        "https://github.com/CrockettLab/outrage_classifier/issues/2",
                        "https://github.com/ialhashim/DenseDepth/issues/196",
                        "https://github.com/KANG99/style-transfer/issues/2"],
               "title": "AttributeError: module 'keras.engine' has no attribute 'Layer'",
               "frequency": {"reports": 20,
                             "reactions": 6,
                             "as_of": "2026-12-06",
                             "how": "issues search \"module 'keras.engine' has no attribute 'Layer'\" (11 threads "
                                    "in 6 repos) and \"No module named 'keras.engine.topology'\" (9 threads in "
                                    "8 repos); reactions = 'same problem' / 'work for me' replies in "
                                    "Mask_RCNN#2783"}},
    "variants": {
        "ke_layer_as_written": {
            "role": "broken",
            "title": "import keras.engine as KE; class DoubleLayer(KE.Layer); model with it; predict",
            "claim": {"text": "AttributeError: module 'keras.engine' has no attribute 'Layer'",
                      "versions": "keras 2.4.0 (Mask_RCNN#2697), tensorflow 2.5.0 (Mask_RCNN#2586, "
                                  "Mask_RCNN_tf_2.x#4), TF 2.6.0 (tensorflow#51594)",
                      "scope": {"tf": ">=2.5"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "module 'keras.engine' has no attribute 'Layer'"}},
        },
        "engine_topology_as_written": {
            "role": "broken",
            "title": "from keras.engine.topology import Layer; class DoubleLayer(Layer); predict",
            "claim": {"text": "ModuleNotFoundError: No module named 'keras.engine.topology' (later keras "
                              "versions no longer support engine.topology; keras 2.2.4 works)",
                      "versions": "2021 (outrage_classifier#2, style-transfer#2), April 2023 "
                                  "(Coloring-greyscale-images#18)",
                      "scope": {"tf": ">=2.5"},
                      "expect": {"error_type": "ModuleNotFoundError",
                                 "message": "No module named 'keras.engine"}},
        },
        "keras_layers_layer": {
            "role": "fix",
            "title": "class DoubleLayer(keras.layers.Layer) (the `keras` package); predict",
            "claim": {"text": "change the occurrences of KE.Layer with keras.layers.Layer",
                      "versions": "Keras 2.x, December 2021 (Mask_RCNN_tf_2.x#1)",
                      "scope": {"tf": ">=2.5"},
                      "expect": {"outcome": "ok", "observed": {"output": [[2.0, 4.0]]}}},
        },
        "tensorflow_keras_layers_layer": {
            "role": "fix",
            "title": "from tensorflow.keras.layers import Layer; class DoubleLayer(Layer); tf.keras model",
            "claim": {"text": "import Layer from tensorflow.keras.layers in place of keras.engine",
                      "versions": "keras 2.4.0 (Mask_RCNN#2697), Colab 2021 (DenseDepth#196)",
                      "scope": {"tf": ">=2.5"},
                      "expect": {"outcome": "ok", "observed": {"output": [[2.0, 4.0]]}}},
        },
    },
}


def _from_import(module, name):
    """`from <module> import <name>`, as the user's file writes it (same error when it fails)."""
    namespace = {}
    exec("from %s import %s" % (module, name), namespace)
    return namespace[name]


def _keras_package(ctx):
    try:
        import keras  # noqa: F401  the reports import from the `keras` package
    except ImportError as exc:
        ctx.skip("the `keras` package is not installed here: %s" % exc)


def _predict_with(ctx, root, base):
    import numpy as np

    class DoubleLayer(base):
        def call(self, inputs):
            return inputs * 2.0

    Input = _from_import(root + ".layers", "Input")
    Model = _from_import(root + ".models", "Model")
    inputs = Input((2,))
    model = Model(inputs, DoubleLayer()(inputs))
    output = model.predict(np.array([[1.0, 2.0]], dtype="float32"))
    ctx.observe("output", [[float(v) for v in row] for row in output])


def ke_layer_as_written(ctx):
    import importlib
    _keras_package(ctx)
    with ctx.subject("import keras.engine as KE; KE.Layer"):
        KE = importlib.import_module("keras.engine")
        _predict_with(ctx, "keras", KE.Layer)


def engine_topology_as_written(ctx):
    _keras_package(ctx)
    with ctx.subject("from keras.engine.topology import Layer"):
        _predict_with(ctx, "keras", _from_import("keras.engine.topology", "Layer"))


def keras_layers_layer(ctx):
    _keras_package(ctx)
    with ctx.subject("keras.layers.Layer"):
        _predict_with(ctx, "keras", _from_import("keras.layers", "Layer"))


def tensorflow_keras_layers_layer(ctx):
    ctx.require_tf()
    with ctx.subject("from tensorflow.keras.layers import Layer"):
        _predict_with(ctx, "tensorflow.keras", _from_import("tensorflow.keras.layers", "Layer"))
